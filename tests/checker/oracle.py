"""An independent judge of equations, for the mutation test: plain numpy and central finite differences.

It shares only the parser's tree (and the parsed notation) with the checker. Values come from its own
forward pass (numpy, no dual numbers), derivatives from finite differences of that forward pass, error
terms and gradients from bpcore's backward pass; it binds symbols with its own rules
(:mod:`.oracle_binding`).
"""

from __future__ import annotations

import numpy as np

from bpdocs.core.mathcheck.tree import (Call, Component, Derivative, Gradient, Kronecker, Letter, Num, Op, Reduce,
                                        Sym)

from .oracle_binding import NAMES, Missing, Reading, Unjudgeable


def _softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


F = {"identity": (lambda z: z, lambda z: np.ones_like(z)),
     "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
     "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
     "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
     "softmax": (_softmax, None)}
CALLS = {"sigma": F["sigmoid"][0], "sigma'": F["sigmoid"][1], "tanh": np.tanh, "exp": np.exp, "ln": np.log,
         "sqrt": np.sqrt, "relu": F["relu"][0], "relu'": F["relu"][1]}


class Oracle:
    def __init__(self, net, X, T, notation, *, batch: bool = False, constants: dict | None = None):
        self.net, self.X, self.T = net, np.atleast_2d(np.asarray(X, float)), np.atleast_2d(np.asarray(T, float))
        self.N = len(self.X)
        self.reading = Reading(net.sizes, notation, batch=batch, N=self.N, constants=constants or {},
                               biases=net.biases is not None)
        self.sizes, self.L = list(net.sizes), len(net.sizes) - 1
        self.acts = [f.name for f in net.activations]
        self.loss, self.mean = net.loss_function.name, net.loss_function.reduction == "mean"
        self.cdot = notation.conventions.get("cdot", "dot")
        self.denominator = notation.conventions.get("jacobian") == "denominator"
        self.delta_sign = -1.0 if notation.conventions.get("delta_sign") == "negative" else 1.0  # Mitchell's -dE/dz
        self.back = net.backward(self.X if batch else self.X[0], self.T if batch else self.T[0])
        # an example's error terms: dE_n/dz, one example at a time (a batch's mean would scale them)
        self.deltas = [np.array([np.atleast_1d(net.backward(x, t).deltas[l]) for x, t in zip(self.X, self.T)])
                       for l in range(self.L)]
        if notation.conventions.get("delta_of") == "h":  # Shalev-Shwartz's dE_n/dh: central differences by each unit
            self.deltas = [np.array([[self._by_unit(l, j, n) for j in range(1, self.sizes[l] + 1)]
                                     for n in range(1, self.N + 1)]) for l in range(1, self.L + 1)]
        self.state = self.forward()

    def _by_unit(self, l: int, j: int, n: int, eps: float = 1e-6) -> float:
        """dE_n / dh^l_j, by central differences."""
        up, down = self.forward(("h", l, j, n), eps), self.forward(("h", l, j, n), -eps)
        return (up["E_n"][n - 1] - down["E_n"][n - 1]) / (2 * eps)

    def forward(self, nudge=None, eps=0.0):
        """h[n][l], z[n][l] (1-D), the examples' errors, E and E_0, with ``eps`` added to what ``nudge`` names."""
        W = [w.copy() for w in self.net.weights]
        b = [v.copy() for v in self.net.biases] if self.net.biases is not None else None
        if nudge and nudge[0] == "w":
            W[nudge[1] - 1][nudge[2] - 1, nudge[3] - 1] += eps
        if nudge and nudge[0] == "b":
            b[nudge[1] - 1][nudge[2] - 1] += eps
        hs, zs, errors = [], [], []
        for n in range(1, self.N + 1):
            here = nudge is not None and nudge[0] in ("h", "z") and nudge[3] == n
            h, z = [self.X[n - 1].copy()], [None]
            if here and nudge[:2] == ("h", 0):
                h[0][nudge[2] - 1] += eps
            for l in range(1, self.L + 1):
                zl = W[l - 1] @ h[l - 1] + (b[l - 1] if b is not None else 0)
                if here and nudge[:2] == ("z", l):
                    zl[nudge[2] - 1] += eps
                hl = F[self.acts[l - 1]][0](zl)
                if here and nudge[:2] == ("h", l):
                    hl[nudge[2] - 1] += eps
                z.append(zl)
                h.append(hl)
            y, t = h[-1], self.T[n - 1]
            if self.loss == "cross-entropy":
                errors.append(-float(np.sum(t * np.log(y) + (1 - t) * np.log(1 - y))))
            elif self.loss == "categorical-cross-entropy":
                errors.append(-float(np.sum(t * np.log(y))))
            elif self.loss == "sum-of-squares":  # (no 1/2: 3Blue1Brown's, Hagan's, ESL's R)
                errors.append(float(np.sum((t - y) ** 2)))
            elif self.loss == "squared":
                errors.append(0.5 * float(np.sum((t - y) ** 2)))
            else:  # (a loss bpcore gained since: this judge must learn it, not read it as another)
                raise Unjudgeable(f"the loss {self.loss}")
            hs.append(h)
            zs.append(z)
        data = sum(errors) / (self.N if self.mean else 1)
        penalty = 0.5 * self.net.l2 * sum(float(np.sum(w * w)) for w in W)
        return {"h": hs, "z": zs, "E_n": errors, "E_0": data, "E": data + penalty, "W": W, "b": b}

    # -- values ----------------------------------------------------------------------------------
    def read(self, ref, state):
        kind = ref[0]
        if kind in ("E", "E_0"):
            return state[kind]
        if kind == "E_n":
            return state["E_n"][ref[1] - 1]
        if kind == "N":
            return float(ref[1])
        if kind == "const":
            return self.reading.constants[ref[1]]
        if kind == "matrix":
            W = state["W"][ref[1] - 1]
            return W.T if ref[2] else W
        if kind == "every":
            return np.concatenate([np.ravel(W) for W in state["W"]]).reshape(-1, 1)
        kind, layer = ref[1], ref[2]
        n = ref[-1]
        source = {"h": lambda: state["h"][n - 1][layer], "z": lambda: state["z"][n - 1][layer],
                  "t": lambda: self.T[n - 1], "b": lambda: state["b"][layer - 1],
                  "delta": lambda: self.delta_sign * self.deltas[layer - 1][n - 1],
                  "w": lambda: state["W"][layer - 1]}[kind]()
        if ref[0] == "scalar":
            return float(source[ref[3] - 1] if kind != "w" else source[ref[3] - 1, ref[4] - 1])
        return np.asarray(source, float).reshape(self.reading.vector_shape)

    def value(self, node, env, state=None):
        state = state or self.state
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Letter):
            return float(env[node.name]) if node.name in env else float(self.reading.constant(node.name))
        if isinstance(node, Sym):
            if node.name not in NAMES and node.name not in self.reading.constants:
                raise Missing(node.name)
            if "@w" in env and node.name in ("w", "W") and node.layer is None and not node.indices:
                return self.read(env["@w"], state)
            return self.read(self.reading.ref(node, env), state)
        if isinstance(node, Op):
            return self.operation(node.op, [self.value(a, env, state) for a in node.args])
        if isinstance(node, Reduce):
            if node.var == "@w":
                refs = [("scalar", "w", l, k, j) for l in range(1, self.L + 1)
                        for k in range(1, self.sizes[l] + 1) for j in range(1, self.sizes[l - 1] + 1)]
                terms = [self.value(node.body, {**env, "@w": r}, state) for r in refs]
            else:
                low, high = self.bounds(node, env)
                terms = [self.value(node.body, {**env, node.var: v}, state) for v in range(low, high + 1)]
            total = 0.0 if node.op == "+" else 1.0
            for term in terms:
                total = total + term if node.op == "+" else total * term
            return total
        if isinstance(node, Call):
            return self.call(node, env, state)
        if isinstance(node, Component):
            value = np.atleast_2d(self.value(node.body, env, state))
            idx = [self.reading.idx(i, env) for i in node.indices]
            if len(idx) == 1:
                value = value.reshape(-1, 1)
                idx.append(1)
            if not (1 <= idx[0] <= value.shape[0] and 1 <= idx[1] <= value.shape[1]):
                raise Missing(node.text)
            return float(value[idx[0] - 1, idx[1] - 1])
        if isinstance(node, Kronecker):
            return 1.0 if self.reading.idx(node.first, env) == self.reading.idx(node.second, env) else 0.0
        if isinstance(node, Gradient):
            gradient = self.gradient(self.reading.ref(node.var, env))
            if node.step or self.reading.notation.conventions.get("Delta") == "update":  # the step: -rate dE/dw
                return -self.reading.constants[self.reading.notation.learning_rate] * gradient
            return gradient
        if isinstance(node, Derivative):
            return self.derivative(node, env)
        raise Unjudgeable(type(node).__name__)

    def gradient(self, ref):
        """dE/dw or dE/db from bpcore's backward pass: a number, or shaped like the matrix or vector."""
        if ref[0] == "matrix":
            grad = self.back.weights[ref[1] - 1]
            return grad.T if ref[2] else grad
        if ref[0] == "every":
            return np.concatenate([np.ravel(grad) for grad in self.back.weights]).reshape(-1, 1)
        if ref[1] == "b":
            grad = np.asarray(self.back.biases[ref[2] - 1], float)
            return grad.reshape(self.reading.vector_shape) if ref[0] == "vector" else float(grad[ref[3] - 1])
        if ref[1] != "w":
            raise Missing("\\Delta of " + ref[1])
        return float(self.back.weights[ref[2] - 1][ref[3] - 1, ref[4] - 1])

    def operation(self, op, a):
        if op == "neg":
            return -a[0]
        if op == "T":
            return np.transpose(a[0])
        if op == "pow":
            if np.ndim(a[0]) and np.size(a[0]) > 1:
                raise Unjudgeable("a power of a vector")
            return float(np.asarray(a[0]).item()) ** float(np.asarray(a[1]).item())
        if op in ("+", "-"):
            return a[0] + a[1] if op == "+" else a[0] - a[1]
        if op == "/":
            return a[0] / a[1]
        if op == "odot" or op == "cdot" and self.cdot == "elementwise":
            if np.shape(a[0]) != np.shape(a[1]) and np.ndim(a[0]) and np.ndim(a[1]):
                raise ValueError("shapes")
            return a[0] * a[1]
        if op == "cdot" and np.ndim(a[0]) == 2 and np.shape(a[0]) == np.shape(a[1]) and np.shape(a[0])[1] == 1:
            return float(np.sum(a[0] * a[1]))
        if np.ndim(a[0]) == 2 and np.ndim(a[1]) == 2:
            if np.shape(a[0]) == np.shape(a[1]) and 1 in np.shape(a[0]) and np.size(a[0]) > 1:
                raise Unjudgeable("two vectors side by side")
            return a[0] @ a[1]
        return a[0] * a[1]

    def call(self, node, env, state):
        arg = self.value(node.arg, env, state)
        name = node.name
        if name in ("norm", "norm2", "normF"):
            return float(np.sqrt(np.sum(np.square(arg))))
        if name in ("abs", "norm1"):
            if name == "abs" and np.size(arg) > 1:
                raise Unjudgeable("|v| of a vector")
            return float(np.sum(np.abs(arg)))
        if name == "sign":
            return np.sign(arg)
        if name in ("softmax", "diag", "Sigma'"):
            column = np.asarray(arg, float).reshape(-1, 1)
            if name == "softmax":
                return _softmax(column[:, 0]).reshape(-1, 1)
            return np.diag(column[:, 0] if name == "diag" else F["sigmoid"][1](column[:, 0]))
        if name in CALLS:
            return CALLS[name](arg)
        act = self.acts[self.layer_of(node.arg, env)] if len(set(self.acts)) > 1 else self.acts[0]
        if act == "softmax":
            if name.endswith("'") or np.ndim(arg) == 0:
                raise Unjudgeable("softmax' or softmax of a number")
            return _softmax(np.asarray(arg)[:, 0]).reshape(-1, 1)
        return F[act][1 if name.endswith("'") else 0](arg)

    def layer_of(self, arg, env) -> int:
        stack = [arg]
        while stack:
            node = stack.pop()
            if isinstance(node, Sym) and node.name in ("z", "w", "W", "b"):
                ref = self.reading.ref(node, env)
                return (ref[1] if ref[0] == "matrix" else ref[2]) - 1
            stack.extend(getattr(node, "args", ()) or [c for c in (getattr(node, "arg", None),
                                                                    getattr(node, "body", None)) if c is not None])
        raise Unjudgeable("the layer of f")

    # -- derivatives --------------------------------------------------------------------------
    def derivative(self, node, env):
        ref = self.reading.ref(node.var, env)
        if ref[0] in ("E", "E_0", "E_n") and isinstance(node.body, Sym) and self.reading.ref(node.body, env) == ref:
            return 1.0  # the error by itself (Grosse's \bar{\mathcal{L}} = 1)
        if ref[0] == "every":
            parts = [self.difference(node.body, env, ("scalar", "w", l + 1, k + 1, j + 1))
                     for l, W in enumerate(self.net.weights) for k in range(W.shape[0]) for j in range(W.shape[1])]
            if np.ndim(parts[0]) != 0:
                raise Unjudgeable("a vector by every weight")
            return np.array(parts, float).reshape(-1, 1)
        if ref[0] in ("E", "E_0", "E_n", "N", "const") or ref[1] in ("t", "delta"):
            raise Missing("a derivative by " + node.var.text)
        if ref[0] == "scalar":
            return self.difference(node.body, env, ref)
        if ref[0] == "matrix":
            W = self.net.weights[ref[1] - 1]
            shape = W.T.shape if ref[2] else W.shape
            elements = [(("scalar", "w", ref[1], j + 1, i + 1) if ref[2] else ("scalar", "w", ref[1], i + 1, j + 1))
                        for i in range(shape[0]) for j in range(shape[1])]
        else:
            count = self.sizes[ref[2]]
            shape = np.empty(count).reshape(self.reading.vector_shape).shape
            elements = [("scalar", ref[1], ref[2], i + 1, ref[3]) if ref[1] != "b" else ("scalar", "b", ref[2], i + 1)
                        for i in range(count)]
        parts = [self.difference(node.body, env, e) for e in elements]
        if np.ndim(parts[0]) == 0:  # a number by a vector or matrix: the gradient, shaped like it
            return np.array(parts, float).reshape(shape)
        if ref[0] == "matrix":
            raise Unjudgeable("a vector by a matrix")
        jacobian = np.hstack([p.reshape(-1, 1) for p in parts])
        return jacobian.T if self.denominator else jacobian

    def difference(self, body, env, ref, eps=1e-6):
        kind = ref[1]
        nudge = ("w", ref[2], ref[3], ref[4]) if kind == "w" else ("b", ref[2], ref[3]) if kind == "b" else \
            (kind, ref[2], ref[3], ref[4])
        values = []
        for sign in (1, -1):
            state = self.forward(nudge, sign * eps)
            value = np.asarray(self.value(body, env, state), float)
            values.append(value)
        result = (values[0] - values[1]) / (2 * eps)
        return float(result) if result.ndim == 0 else result

    def bounds(self, node, env):
        if node.low is not None:
            return int(round(self.bound(node.low, env))), int(round(self.bound(node.high, env)))
        for found, slot in _uses(node.body, node.var):
            if isinstance(found, Component):
                value = np.atleast_2d(self.value(found.body, env))
                return 1, (max(value.shape) if len(found.indices) == 1 else value.shape[slot])
            if slot == "layer":
                raise Unjudgeable("a layer without bounds")
            if slot == "example":
                return 1, self.N
            offset = found.indices[slot].offset
            ref = self.reading.ref(found, {**env, node.var: 1 - offset})
            if ref[0] != "scalar":
                raise Unjudgeable("a sum over a vector")
            if ref[1] == "w":
                sizes = (self.sizes[ref[2]], self.sizes[ref[2] - 1])
                from_to = self.reading.from_to and len(found.indices) == 2
                return 1, sizes[(1 - slot) if from_to else slot]
            return 1, self.sizes[ref[2]]
        raise Missing(node.var)

    def bound(self, node, env) -> float:
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Letter):
            return env[node.name] if node.name in env else self.reading.constant(node.name)
        if isinstance(node, Sym) and node.name == "n":
            return self.sizes[self.reading.internal(self.reading.idx(node.indices[0], env), False)]
        if isinstance(node, Sym) and node.name == "N":
            return self.reading.constant("N")
        a, b = (self.bound(arg, env) for arg in node.args)
        return a + b if node.op == "+" else a - b


def _uses(node, var):
    """(symbol or component, slot) where ``var`` is an index by itself, outermost first."""
    if isinstance(node, Sym):
        if node.layer is not None and node.layer.var == var and not node.layer.more:
            yield node, "layer"
        if node.example is not None and node.example.var == var and not node.example.more:
            yield node, "example"
        for slot, index in enumerate(node.indices):
            if index.var == var and not index.more:
                yield node, slot
        return
    if isinstance(node, Reduce) and node.var == var:
        return
    if isinstance(node, Component):
        for slot, index in enumerate(node.indices):
            if index.var == var and not index.more:
                yield node, slot
    for child in _children(node):
        yield from _uses(child, var)


def _children(node):
    if isinstance(node, (Op, Call)):
        return list(node.args)
    if isinstance(node, Derivative):
        return [node.body, node.var]
    if isinstance(node, Gradient):
        return [node.var]
    if isinstance(node, Component):
        return [node.body]
    if isinstance(node, Reduce):
        return [b for b in (node.low, node.high) if b is not None] + [node.body]
    return []


def free(node, bound=frozenset()) -> list[str]:
    """Index letters used and not summed over (L, K, I, N are constants)."""
    out = []

    def add(var, bound):
        if var and var not in bound and var not in out and var not in ("L", "K", "I", "N") and var[0] != "@":
            out.append(var)

    def visit(n, bound):
        if isinstance(n, Letter):
            add(n.name, bound)
        elif isinstance(n, Sym):
            for index in [n.layer, n.example, *n.indices]:
                if index is not None:
                    for name in [index.var] + [m for m, _ in index.more]:
                        add(name, bound)
        elif isinstance(n, Kronecker):
            for index in (n.first, n.second):
                add(index.var, bound)
        elif isinstance(n, Reduce):
            for b in (n.low, n.high):
                if b is not None:
                    visit(b, bound)
            visit(n.body, bound | {n.var})
        else:
            if isinstance(n, Component):
                for index in n.indices:
                    add(index.var, bound)
            for child in _children(n):
                visit(child, bound)

    visit(node, bound)
    return out
