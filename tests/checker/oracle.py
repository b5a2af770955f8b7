"""An independent judge of equations, for the mutation test: plain numpy and central finite differences.

It shares only the parser's tree with the checker. Values come from its own forward pass (numpy, no dual
numbers), derivatives from finite differences of that forward pass, error terms and gradients from bpcore's
backward pass; it binds symbols with its own (short) rules.
"""

from __future__ import annotations

import numpy as np

from bpdocs.core.mathcheck.tree import Call, Derivative, Gradient, Num, Op, Reduce, Sym

NAMES = {"x", "y", "t", "h", "z", "w", "W", "b", "E", "delta", "n"}
F = {"identity": (lambda z: z, lambda z: np.ones_like(z)),
     "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
     "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
     "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float))}


class Missing(Exception):
    """The symbol names nothing in this network."""


class Oracle:
    def __init__(self, net, x, t, default_layers: dict):
        self.net, self.x, self.t = net, np.asarray(x, float), np.asarray(t, float)
        self.sizes, self.L = list(net.sizes), len(net.sizes) - 1
        self.acts = [f.name for f in net.activations]
        self.loss = net.loss_function.name
        self.defaults = default_layers
        self.back = net.backward(self.x, self.t)
        self.h, self.z, self.E = self.forward()

    def forward(self, nudge=None, eps=0.0):
        """h[l], z[l] (1-D) and E, with ``eps`` added to the quantity ``nudge`` names."""
        W = [w.copy() for w in self.net.weights]
        b = [v.copy() for v in self.net.biases] if self.net.biases is not None else None
        if nudge and nudge[0] == "w":
            W[nudge[1] - 1][nudge[2] - 1, nudge[3] - 1] += eps
        if nudge and nudge[0] == "b":
            b[nudge[1] - 1][nudge[2] - 1] += eps
        h = [self.x.copy()]
        if nudge and nudge[:2] == ("h", 0):
            h[0][nudge[2] - 1] += eps
        z = [None]
        for l in range(1, self.L + 1):
            zl = W[l - 1] @ h[l - 1] + (b[l - 1] if b is not None else 0)
            if nudge and nudge[:2] == ("z", l):
                zl[nudge[2] - 1] += eps
            hl = F[self.acts[l - 1]][0](zl)
            if nudge and nudge[:2] == ("h", l):
                hl[nudge[2] - 1] += eps
            z.append(zl)
            h.append(hl)
        y = h[-1]
        if self.loss == "cross-entropy":
            E = -float(np.sum(self.t * np.log(y) + (1 - self.t) * np.log(1 - y)))
        else:
            E = 0.5 * float(np.sum((self.t - y) ** 2))
        return h, z, E

    # -- binding ---------------------------------------------------------------
    def idx(self, index, env):
        if index.var is None:
            return index.offset
        if index.var in env:
            return env[index.var] + index.offset
        constants = {"L": self.L, "K": self.sizes[-1], "I": self.sizes[0]}
        if index.var in constants:
            return constants[index.var] + index.offset
        raise Missing(index.var)

    def ref(self, sym: Sym, env):
        """("scalar", kind, layer, i[, j]) or ("vector"/"matrix", kind, layer)."""
        n, L = self.sizes, self.L
        idx = [self.idx(i, env) for i in sym.indices]
        layer = sym.layer if sym.layer is not None else self.defaults.get(sym.name)
        layer = self.idx(layer, env) if layer is not None else None
        name = sym.name
        if name == "E":
            return ("scalar", "E")
        if name in ("x", "y", "t"):
            layer = {"x": 0, "y": L, "t": L}[name]
            kind = "t" if name == "t" else "h"
        elif name in ("w", "W"):
            kind = "w"
            if len(idx) == 1:
                if L != 1 or n[0] != 1:
                    raise Missing(sym.text)
                idx = [idx[0], 1]
            if layer is None:
                if L != 1:
                    raise Missing(sym.text)
                layer = 1
            if not 1 <= layer <= L:
                raise Missing(sym.text)
            if not idx:
                return ("matrix", "w", layer)
            if not (1 <= idx[0] <= n[layer] and 1 <= idx[1] <= n[layer - 1]):
                raise Missing(sym.text)
            return ("scalar", "w", layer, idx[0], idx[1])
        else:
            kind = name
            if layer is None:
                if name == "h" and L == 2:
                    layer = 1
                elif name != "h" and L == 1:
                    layer = 1
                else:
                    raise Missing(sym.text)
        low = 0 if kind in ("h", "t") else 1
        if not low <= layer <= L or kind == "b" and self.net.biases is None:
            raise Missing(sym.text)
        if not idx:
            return ("vector", kind, layer)
        if not 1 <= idx[0] <= n[layer]:
            raise Missing(sym.text)
        return ("scalar", kind, layer, idx[0])

    def read(self, ref, state=None):
        h, z, E = state or (self.h, self.z, self.E)
        if ref[1] == "E":
            return E
        kind, layer = ref[1], ref[2]
        source = {"h": lambda: h[layer], "z": lambda: z[layer], "t": lambda: self.t,
                  "b": lambda: self.net.biases[layer - 1], "delta": lambda: self.back.deltas[layer - 1],
                  "w": lambda: self.net.weights[layer - 1]}[kind]()
        if ref[0] == "scalar":
            return float(source[ref[3] - 1] if kind != "w" else source[ref[3] - 1, ref[4] - 1])
        return np.asarray(source, float).reshape(-1, 1) if ref[0] == "vector" else np.asarray(source, float)

    # -- values ----------------------------------------------------------------
    def value(self, node, env, state=None):
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Sym):
            if node.name not in NAMES:
                if node.name in env:
                    return float(env[node.name])
                raise Missing(node.name)
            return self.read(self.ref(node, env), state)
        if isinstance(node, Op):
            a = [self.value(arg, env, state) for arg in node.args]
            op = node.op
            if op == "neg":
                return -a[0]
            if op == "T":
                return np.transpose(a[0])
            if op == "pow":
                return np.asarray(a[0]).item() ** np.asarray(a[1]).item() if np.ndim(a[0]) else a[0] ** a[1]
            if op == "+":
                return a[0] + a[1]
            if op == "-":
                return a[0] - a[1]
            if op == "/":
                return a[0] / a[1]
            if op == "odot":
                return a[0] * a[1]
            if op == "cdot" and np.ndim(a[0]) == 2 and np.shape(a[0]) == np.shape(a[1]) and np.shape(a[0])[1] == 1:
                return float(np.sum(a[0] * a[1]))
            if np.ndim(a[0]) == 2 and np.ndim(a[1]) == 2:
                return a[0] @ a[1]
            return a[0] * a[1]
        if isinstance(node, Reduce):
            low, high = self.bounds(node, env)
            total = 0.0 if node.op == "+" else 1.0
            for v in range(low, high + 1):
                term = self.value(node.body, {**env, node.var: v}, state)
                total = total + term if node.op == "+" else total * term
            return total
        if isinstance(node, Call):
            arg = self.value(node.arg, env, state)
            if node.name == "norm":
                return float(np.sqrt(np.sum(np.square(arg))))
            functions = {"sigma": F["sigmoid"][0], "sigma'": F["sigmoid"][1], "tanh": np.tanh, "exp": np.exp,
                         "ln": np.log}
            if node.name in functions:
                return functions[node.name](arg)
            layer = self.layer_of(node.arg, env)
            return F[self.acts[layer - 1]][1 if node.name.endswith("'") else 0](arg)
        if isinstance(node, Gradient):
            ref = self.ref(node.var, env)
            grad = self.back.weights[ref[2] - 1]
            return np.asarray(grad) if ref[0] == "matrix" else float(grad[ref[3] - 1, ref[4] - 1])
        if isinstance(node, Derivative):
            ref = self.ref(node.var, env)
            if ref[1] in ("t", "E", "delta"):
                raise Missing("a derivative by " + node.var.text)
            if ref[0] == "scalar":
                return self.difference(node.body, env, ref)
            shape = self.read(ref).shape
            out = np.zeros(shape)
            for index in np.ndindex(*shape):
                element = (("scalar", "w", ref[2], index[0] + 1, index[1] + 1) if ref[0] == "matrix"
                           else ("scalar", ref[1], ref[2], index[0] + 1))
                out[index] = self.difference(node.body, env, element)
            return out
        raise Missing(type(node).__name__)

    def difference(self, body, env, ref, eps=1e-6) -> float:
        nudge = (ref[1], ref[2], ref[3]) + ((ref[4],) if len(ref) > 4 else ())
        values = []
        for sign in (1, -1):
            state = self.forward(nudge, sign * eps)
            if ref[1] in ("w", "b"):  # parameters: read them nudged too
                saved = [w.copy() for w in self.net.weights], (
                    [b.copy() for b in self.net.biases] if self.net.biases is not None else None)
                target = self.net.weights if ref[1] == "w" else self.net.biases
                position = (ref[3] - 1, ref[4] - 1) if ref[1] == "w" else ref[3] - 1
                target[ref[2] - 1][position] += sign * eps
                try:
                    values.append(np.asarray(self.value(body, env, state), float).item())
                finally:
                    for live, copy in zip(self.net.weights, saved[0]):
                        live[...] = copy
                    if saved[1] is not None:
                        for live, copy in zip(self.net.biases, saved[1]):
                            live[...] = copy
            else:
                values.append(np.asarray(self.value(body, env, state), float).item())
        return (values[0] - values[1]) / (2 * eps)

    def layer_of(self, arg, env) -> int:
        if len(set(self.acts)) == 1:
            return 1
        stack = [arg]
        while stack:
            node = stack.pop()
            if isinstance(node, Sym) and node.name in ("z", "w", "W", "b"):
                return self.ref(node, env)[2]
            stack.extend(getattr(node, "args", ()) or [c for c in (getattr(node, "arg", None),
                                                                    getattr(node, "body", None)) if c is not None])
        raise Missing("the layer of f")

    def bounds(self, node: Reduce, env):
        if node.low is not None:
            return int(round(self.bound(node.low, env))), int(round(self.bound(node.high, env)))
        found = self.role(node.body, node.var)
        if found is None:
            raise Missing(node.var)
        sym, slot = found
        if slot == "layer":
            raise Missing(node.var)
        ref = self.ref(sym, {**env, node.var: 1})
        if ref[1] == "w":
            return 1, self.sizes[ref[2]] if slot == 0 else self.sizes[ref[2] - 1]
        if ref[1] == "E":
            raise Missing(node.var)
        return 1, self.sizes[ref[2]]

    def role(self, node, var):
        if isinstance(node, Sym):
            if node.layer is not None and node.layer.var == var:
                return node, "layer"
            for slot, index in enumerate(node.indices):
                if index.var == var:
                    return node, slot
            return None
        if isinstance(node, Reduce) and node.var == var:
            return None
        for child in [*getattr(node, "args", ()), *(c for c in (getattr(node, "arg", None), getattr(node, "body", None),
                                                                 getattr(node, "var", None)) if not isinstance(c, str) and c is not None)]:
            found = self.role(child, var)
            if found:
                return found
        return None

    def bound(self, node, env) -> float:
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Sym) and node.name == "n":
            return self.sizes[self.idx(node.indices[0], env)]
        if isinstance(node, Sym):
            if node.name in env:
                return env[node.name]
            return {"L": self.L, "K": self.sizes[-1], "I": self.sizes[0]}[node.name]
        a, b = (self.bound(arg, env) for arg in node.args)
        return a + b if node.op == "+" else a - b


def free(node, bound=frozenset()) -> list[str]:
    """Index letters used and not summed over (L, K, I are constants)."""
    out = []

    def add(var, bound):
        if var and var not in bound and var not in out and var not in ("L", "K", "I"):
            out.append(var)

    def visit(n, bound):
        if isinstance(n, Sym):
            if n.name not in NAMES:
                add(n.name, bound)
            for index in ([n.layer] if n.layer is not None else []) + list(n.indices):
                add(index.var, bound)
        elif isinstance(n, Reduce):
            for b in (n.low, n.high):
                if b is not None:
                    visit(b, bound)
            visit(n.body, bound | {n.var})
        else:
            for child in [*getattr(n, "args", ())] + [c for c in (getattr(n, "arg", None), getattr(n, "body", None),
                                                                     getattr(n, "var", None)) if c is not None and not isinstance(c, str)]:
                visit(child, bound)

    visit(node, bound)
    return out
