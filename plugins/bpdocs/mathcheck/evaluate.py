"""Evaluate a parsed side of an equation on one network instance, derivatives exactly.

Values are dual numbers ``a + b eps``: a derivative d(F)/d(v) evaluates F with
``v`` seeded (its dual part set to 1) and reads the dual part, so a derivative
of any expression, through the forward pass, is exact. dE/dw itself comes
from bpcore's backward pass (and is checked against the dual number).

Binding the notation (1-based, as in the derivation):
``x_i`` = h^0_i; ``y_k`` = h^L_k; ``h_j`` = h^1_j when there is exactly one
hidden layer; ``w_k`` = w^1_{k1} in a single layer from one input;
``w_{kj}`` = w^1_{kj} in a single layer; ``\\delta_k`` = delta^L_k;
``E`` = 1/2 sum_k (t_k - y_k)^2.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .tree import Call, Derivative, Gradient, Index, Num, Op, Reduce, Sym


class BindingError(ValueError):
    """A symbol or index that does not exist in this network (not a numeric mismatch)."""


class EngineDisagrees(ValueError):
    """bpcore's backpropagation and the derivative through its own forward pass differ: the engine is wrong."""


@dataclass(frozen=True)
class Dual:
    a: float
    b: float = 0.0

    def __add__(self, o): return Dual(self.a + o.a, self.b + o.b)
    def __sub__(self, o): return Dual(self.a - o.a, self.b - o.b)
    def __mul__(self, o): return Dual(self.a * o.a, self.a * o.b + self.b * o.a)
    def __neg__(self): return Dual(-self.a, -self.b)

    def __truediv__(self, o):
        if o.a == 0:
            raise ZeroDivisionError("division by zero")
        return Dual(self.a / o.a, (self.b * o.a - self.a * o.b) / (o.a * o.a))

    def __pow__(self, n: float):
        if n == int(n) and n >= 0:
            result = Dual(1.0)
            for _ in range(int(n)):
                result = result * self
            return result
        return Dual(self.a ** n, n * self.a ** (n - 1) * self.b)


def _sigmoid(d: Dual) -> Dual:
    s = 1.0 / (1.0 + math.exp(-d.a)) if d.a >= 0 else math.exp(d.a) / (1.0 + math.exp(d.a))
    return Dual(s, s * (1 - s) * d.b)


ACTIVATION = {
    "identity": lambda d: d,
    "sigmoid": _sigmoid,
    "tanh": lambda d: Dual(math.tanh(d.a), (1 - math.tanh(d.a) ** 2) * d.b),
    "relu": lambda d: Dual(max(d.a, 0.0), d.b if d.a > 0 else 0.0),
}
DERIVATIVE = {
    "identity": lambda d: Dual(1.0),
    "sigmoid": lambda d: (lambda s: s * (Dual(1.0) - s))(_sigmoid(d)),
    "tanh": lambda d: Dual(1.0) - ACTIVATION["tanh"](d) * ACTIVATION["tanh"](d),
    "relu": lambda d: Dual(1.0 if d.a > 0 else 0.0),
}


class Instance:
    """One network with one example (x, t): the ground truth the equations are held to."""

    def __init__(self, network, x, t):
        self.net = network
        self.sizes = list(network.sizes)
        self.L = len(self.sizes) - 1
        self.activation = network.activations[0].name
        self.x, self.t = np.asarray(x, float), np.asarray(t, float)
        result = network.backward(self.x, self.t)
        self.gradients, self.deltas = result.weights, result.deltas
        self._forward_cache: dict = {}

    def forward(self, seed: tuple | None):
        """h[l][j-1] and z[l][j-1] as dual numbers, with ``seed`` carrying the derivative."""
        if seed in self._forward_cache:
            return self._forward_cache[seed]
        h = [[Dual(v, 1.0 if seed == ("h", 0, i + 1) else 0.0) for i, v in enumerate(self.x)]]
        z = [None]
        for l in range(1, self.L + 1):
            W = self.net.weights[l - 1]
            f = ACTIVATION[self.net.activations[l - 1].name]
            zs, hs = [], []
            for k in range(1, self.sizes[l] + 1):
                total = Dual(0.0)
                for j in range(1, self.sizes[l - 1] + 1):
                    w = Dual(W[k - 1, j - 1], 1.0 if seed == ("w", l, k, j) else 0.0)
                    total = total + w * h[l - 1][j - 1]
                if self.net.biases is not None:
                    total = total + Dual(self.net.biases[l - 1][k - 1])
                if seed == ("z", l, k):
                    total = Dual(total.a, 1.0)
                out = f(total)
                if seed == ("h", l, k):
                    out = Dual(out.a, 1.0)
                zs.append(total)
                hs.append(out)
            z.append(zs)
            h.append(hs)
        self._forward_cache[seed] = (h, z)
        return h, z


class Evaluator:
    """Evaluates trees on an :class:`Instance` with index variables bound in ``env``."""

    def __init__(self, instance: Instance):
        self.instance = instance

    # -- indices and symbols ---------------------------------------------------------
    def index(self, index: Index, env: dict, where: Sym) -> int:
        if index.var is None:
            return index.offset
        if index.var in env:
            return env[index.var] + index.offset
        if index.var == "L" and index.offset <= 0:
            return self.instance.L + index.offset
        raise BindingError(f"the index {index.var} in {where.text} is not bound (no sum over it, "
                           "and it is not a free index of the equation)")

    def resolve(self, sym: Sym, env: dict) -> tuple:
        """A symbol as a reference into the network: ("h", l, j), ("z", l, j), ("w", l, k, j), ...

        Raises :class:`BindingError` with the derivation's words when it does not exist.
        """
        L, n = self.instance.L, self.instance.sizes
        idx = [self.index(i, env, sym) for i in sym.indices]
        layer = self.index(sym.layer, env, sym) if sym.layer is not None else None
        name = sym.name

        def unit(l: int, j: int, shown: str):
            if not 0 <= l <= L:
                raise BindingError(f"{shown}: layers are 0..{L}")
            if not 1 <= j <= n[l]:
                raise BindingError(f"{shown}: layer {l} has {n[l]} unit{'s' * (n[l] != 1)}")
            return l, j

        shown = _shown(sym, layer, idx)
        if name == "E":
            if idx or layer is not None:
                raise BindingError(f"{sym.text}: E takes no index")
            return ("E",)
        if len(idx) == 0:
            raise BindingError(f"{sym.text} needs an index, e.g. {sym.name}_1")
        if name in ("x", "y", "t") and layer is not None:
            raise BindingError(f"{sym.text}: {name} takes no layer")
        if name == "x":
            return ("h",) + unit(0, idx[0], shown)
        if name == "y":
            return ("h",) + unit(L, idx[0], shown)
        if name == "t":
            return ("t",) + unit(L, idx[0], shown)[1:]
        if name in ("h", "z"):
            if layer is None:
                if L != 2:
                    raise BindingError(f"{sym.text}: with {L - 1} hidden layers, write the layer: {name}^l_j")
                layer = 1
            if name == "z" and layer == 0:
                raise BindingError(f"{shown}: layer 0 is the input; it has no pre-activation")
            return (name,) + unit(layer, idx[0], shown)
        if name == "delta":
            layer = L if layer is None else layer
            if layer == 0:
                raise BindingError(f"{shown}: the input layer has no error term")
            return ("delta",) + unit(layer, idx[0], shown)
        if name == "w":
            if len(idx) == 1:
                if L != 1 or n[0] != 1 or layer is not None:
                    raise BindingError(f"{sym.text}: the short form w_k needs a single layer from one input; "
                                       "write w^l_{kj}")
                idx = [idx[0], 1]
            if len(idx) != 2:
                raise BindingError(f"{sym.text}: a weight has two indices, w^l_{{kj}}")
            if layer is None:
                if L != 1:
                    raise BindingError(f"{sym.text}: with {L} weight layers, write the layer: w^l_{{kj}}")
                layer = 1
            if not 1 <= layer <= L:
                raise BindingError(f"{shown}: weight layers are 1..{L}")
            k, j = idx
            if not 1 <= k <= n[layer]:
                raise BindingError(f"{shown}: layer {layer} has {n[layer]} unit{'s' * (n[layer] != 1)}")
            if not 1 <= j <= n[layer - 1]:
                raise BindingError(f"{shown}: layer {layer - 1} has {n[layer - 1]} unit{'s' * (n[layer - 1] != 1)}")
            return ("w", layer, k, j)
        raise BindingError(f"{sym.text} is not part of the notation (x, h, y, t, z, w, E, \\delta)")

    def symbol_value(self, ref: tuple, seed) -> Dual:
        inst = self.instance
        h, z = inst.forward(seed)
        kind = ref[0]
        if kind == "h":
            return h[ref[1]][ref[2] - 1]
        if kind == "z":
            return z[ref[1]][ref[2] - 1]
        if kind == "t":
            return Dual(float(inst.t[ref[1] - 1]))
        if kind == "w":
            _, l, k, j = ref
            return Dual(float(inst.net.weights[l - 1][k - 1, j - 1]), 1.0 if seed == ref else 0.0)
        if kind == "E":
            total = Dual(0.0)
            for k in range(inst.sizes[-1]):
                diff = Dual(float(inst.t[k])) - h[-1][k]
                total = total + diff * diff
            return Dual(0.5) * total
        if kind == "delta":
            if seed is not None:
                raise BindingError("a derivative of an error term \\delta is not supported")
            return Dual(float(inst.deltas[ref[1] - 1][ref[2] - 1]))
        raise AssertionError(kind)

    # -- expressions ------------------------------------------------------------------
    def value(self, node, env: dict, seed=None) -> Dual:
        if isinstance(node, Num):
            return Dual(node.value)
        if isinstance(node, Sym):
            return self.symbol_value(self.resolve(node, env), seed)
        if isinstance(node, Op):
            args = node.args
            if node.op == "neg":
                return -self.value(args[0], env, seed)
            if node.op == "pow":
                exponent = self.value(args[1], env, None)
                return self.value(args[0], env, seed) ** exponent.a
            left, right = self.value(args[0], env, seed), self.value(args[1], env, seed)
            return {"+": left.__add__, "-": left.__sub__, "*": left.__mul__, "/": left.__truediv__}[node.op](right)
        if isinstance(node, Gradient):
            ref = self.resolve(node.var, env)
            if seed is not None:
                raise BindingError("a derivative of \\Delta w (a second derivative) is not supported")
            _, l, k, j = ref
            return Dual(float(self.instance.gradients[l - 1][k - 1, j - 1]))
        if isinstance(node, Derivative):
            if seed is not None:
                raise BindingError("nested derivatives are not supported")
            ref = self.resolve(node.var, env)
            if ref[0] in ("t", "E", "delta"):
                raise BindingError(f"cannot differentiate with respect to {node.var.text}")
            dual = self.value(node.body, env, ref).b
            if isinstance(node.body, Sym) and node.body.name == "E" and ref[0] == "w":
                _, l, k, j = ref
                exact = float(self.instance.gradients[l - 1][k - 1, j - 1])
                if abs(exact - dual) > 1e-9 * (1 + abs(exact)):
                    raise EngineDisagrees(
                        f"bpcore's backpropagation gives dE/d{node.var.text} = {exact:.10g}, but the derivative "
                        f"through its forward pass is {dual:.10g}: bpcore's backward pass is wrong")
                return Dual(exact)
            return Dual(dual)
        if isinstance(node, Reduce):
            low, high = self.bounds(node, env)
            total = Dual(0.0 if node.op == "+" else 1.0)
            for v in range(low, high + 1):
                term = self.value(node.body, {**env, node.var: v}, seed)
                total = total + term if node.op == "+" else total * term
            return total
        if isinstance(node, Call):
            arg = self.value(node.arg, env, seed)
            name = self.instance.activation if node.name.startswith("f") else "sigmoid"
            return (DERIVATIVE if node.name.endswith("'") else ACTIVATION)[name](arg)
        raise BindingError(f"cannot evaluate {type(node).__name__}")

    def bounds(self, node: Reduce, env: dict) -> tuple[int, int]:
        symbol = "\\sum" if node.op == "+" else "\\prod"
        if node.low is not None:
            return tuple(int(round(self._bound(b, env))) for b in (node.low, node.high))
        role = _role(node.body, node.var)
        if role is None:
            raise BindingError(f"{symbol}_{node.var}: {node.var} appears nowhere in what it sums")
        sym, slot = role
        if slot == "layer":
            raise BindingError(f"{symbol}_{node.var}: {node.var} is a layer here, and its range is not given; "
                               f"write {symbol}_{{{node.var}=a}}^{{b}}")
        n, L = self.instance.sizes, self.instance.L
        name, env_layer = sym.name, (self.index(sym.layer, env, sym) if sym.layer is not None else None)
        if name == "x":
            return 1, n[0]
        if name in ("y", "t") or (name == "delta" and sym.layer is None):
            return 1, n[L]
        if name in ("h", "z", "delta"):
            return 1, n[env_layer if env_layer is not None else 1]
        if name == "w":
            layer = env_layer if env_layer is not None else 1
            if not 1 <= layer <= L:
                raise BindingError(f"{sym.text}: weight layers are 1..{L}")
            if len(sym.indices) == 1:
                return 1, n[1]
            return (1, n[layer]) if slot == 0 else (1, n[layer - 1])
        raise BindingError(f"{symbol}_{node.var}: cannot tell the range of {node.var}")

    def _bound(self, node, env: dict) -> float:
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Sym) and not node.indices and node.layer is None:
            if node.name in env:
                return env[node.name]
            constants = {"L": self.instance.L, "K": self.instance.sizes[-1], "I": self.instance.sizes[0]}
            if node.name in constants:
                return constants[node.name]
            raise BindingError(f"the bound {node.name} is not known (use numbers, L, K, I or an index)")
        if isinstance(node, Op) and node.op in "+-" and len(node.args) == 2:
            a, b = self._bound(node.args[0], env), self._bound(node.args[1], env)
            return a + b if node.op == "+" else a - b
        raise BindingError("a bound must be a number, L, K, I, an index, or a sum of those")


def _shown(sym: Sym, layer, idx) -> str:
    """The symbol with its indices' values, e.g. w^3_{31}."""
    name = "\\delta" if sym.name == "delta" else sym.name
    sup = f"^{layer}" if layer is not None else ""
    sub = "".join(map(str, idx)) if all(0 <= i < 10 for i in idx) else ",".join(map(str, idx))
    return f"{name}{sup}_{{{sub}}}" if len(sub) > 1 else f"{name}{sup}_{sub}"


def _role(node, var: str):
    """Where ``var`` first appears as an index in ``node``: (symbol, slot) with slot an int or "layer"."""
    if isinstance(node, Sym):
        if node.layer is not None and node.layer.var == var:
            return node, "layer"
        for slot, index in enumerate(node.indices):
            if index.var == var:
                return node, slot
        return None
    children = []
    if isinstance(node, Op):
        children = node.args
    elif isinstance(node, (Derivative,)):
        children = (node.body, node.var)
    elif isinstance(node, Gradient):
        children = (node.var,)
    elif isinstance(node, Reduce):
        children = () if node.var == var else (node.body,)
    elif isinstance(node, Call):
        children = (node.arg,)
    for child in children:
        found = _role(child, var)
        if found:
            return found
    return None


def free_indices(node, bound: frozenset = frozenset()) -> list[str]:
    """Index variables used in ``node`` and not bound by a sum or product, in order of appearance."""
    out: list[str] = []

    def visit(n, bound):
        if isinstance(n, Sym) and not n.indices and n.layer is None and n.name not in ("E", "L", "K", "I"):
            if n.name not in bound and n.name not in out:  # a bare index letter, e.g. in a bound l+1
                out.append(n.name)
            return
        if isinstance(n, Sym):
            for index in ([n.layer] if n.layer is not None else []) + list(n.indices):
                if index.var and index.var not in bound and index.var not in out and index.var != "L":
                    out.append(index.var)
        elif isinstance(n, Op):
            for a in n.args:
                visit(a, bound)
        elif isinstance(n, Derivative):
            visit(n.body, bound)
            visit(n.var, bound)
        elif isinstance(n, Gradient):
            visit(n.var, bound)
        elif isinstance(n, Reduce):
            for b in (n.low, n.high):
                if b is not None:
                    visit(b, bound)
            visit(n.body, bound | {n.var})
        elif isinstance(n, Call):
            visit(n.arg, bound)

    visit(node, bound)
    return out
