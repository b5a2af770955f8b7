"""Evaluate a parsed side on one network instance: numbers as dual numbers, vectors and matrices as
dual tensors, derivatives exactly (a seeded forward pass), shapes checked.

What each symbol names is decided in :mod:`.binding`.
"""

from __future__ import annotations

import math

import numpy as np

from .binding import CONSTANTS, BindingError, EngineDisagrees, index_role, is_bare_letter, resolve, symbols
from .dual import ACTIVATION, DERIVATIVE, FUNCTIONS, Dual, Instance, ShapeMismatch, Tensor, shape_text
from .notation import DEFAULT, Notation
from .tree import Call, Derivative, Gradient, Index, Num, Op, Reduce, Sym

SEEDABLE = ("h", "z", "w", "b")
MAX_TERMS = 10_000  # a sum or product longer than this is not a network's


def _scalar(value, what: str) -> Dual:
    if isinstance(value, Dual):
        return value
    if value.shape == (1, 1):
        return value.scalar()
    raise ShapeMismatch(f"{what} of a {shape_text(value.shape)} {'vector' if value.shape[1] == 1 else 'matrix'}")


class Evaluator:
    """Evaluates trees on an :class:`Instance` with index variables bound in ``env``."""

    def __init__(self, instance: Instance, notation: Notation = DEFAULT):
        self.instance = instance
        self.notation = notation
        self._resolved: dict = {}  # (symbol, index values) -> reference (or the BindingError it raised)

    # -- indices and symbols ---------------------------------------------------------
    def constant(self, name: str) -> int:
        return {"L": self.instance.L, "K": self.instance.sizes[-1], "I": self.instance.sizes[0]}[name]

    def index(self, index: Index, env: dict, where: Sym) -> int:
        if index.var is None:
            return index.offset
        if index.var in env:
            return env[index.var] + index.offset
        if index.var in CONSTANTS:
            return self.constant(index.var) + index.offset
        raise BindingError(f"the index {index.var} in {where.text} is not bound (no sum over it, "
                           "and it is not a free index of the equation)")

    def resolve(self, sym: Sym, env: dict) -> tuple:
        idx = [self.index(i, env, sym) for i in sym.indices]
        layer = sym.layer if sym.layer is not None else self.notation.default_layers.get(sym.name)
        layer = self.index(layer, env, sym) if layer is not None else None
        key = (id(sym), layer, *idx)  # symbols live as long as the equation being checked
        found = self._resolved.get(key)
        if found is None:
            try:
                found = resolve(sym, layer, idx, self.instance.sizes, self.instance.net.biases is not None)
            except BindingError as exc:
                found = exc
            self._resolved[key] = found
        if isinstance(found, BindingError):
            raise found
        return found

    def symbol_value(self, ref: tuple, seed):
        inst = self.instance
        h, z, E = inst.forward(seed)
        kind = ref[0]
        if kind in ("h", "z"):
            values, derivatives = (h if kind == "h" else z)[ref[1]]
            return Dual(float(values[ref[2] - 1]), float(derivatives[ref[2] - 1]))
        if kind == "t":
            return Dual(float(inst.t[ref[1] - 1]))
        if kind == "w":
            _, l, k, j = ref
            return Dual(float(inst.net.weights[l - 1][k - 1, j - 1]), 1.0 if seed == ref else 0.0)
        if kind == "b":
            _, l, k = ref
            return Dual(float(inst.net.biases[l - 1][k - 1]), 1.0 if seed == ref else 0.0)
        if kind == "E":
            return E
        if kind == "delta":
            if seed is not None:
                raise BindingError("a derivative of an error term \\delta is not supported")
            return Dual(float(inst.deltas[ref[1] - 1][ref[2] - 1]))
        if kind == "mat":
            W = inst.net.weights[ref[1] - 1]
            b = np.zeros_like(W)
            if seed is not None and seed[0] == "w" and seed[1] == ref[1]:
                b[seed[2] - 1, seed[3] - 1] = 1.0
            return Tensor.of(W, b)
        _, name, l = ref  # a vector
        if name == "t":
            return Tensor.of(inst.t.reshape(-1, 1))
        if name == "delta":
            if seed is not None:
                raise BindingError("a derivative of the error terms \\delta is not supported")
            return Tensor.of(np.asarray(inst.deltas[l - 1], float).reshape(-1, 1))
        if name == "b":
            column = inst.net.biases[l - 1]
            b = np.zeros((len(column), 1))
            if seed is not None and seed[:2] == ("b", l):
                b[seed[2] - 1, 0] = 1.0
            return Tensor.of(np.asarray(column, float).reshape(-1, 1), b)
        values, derivatives = (h if name == "h" else z)[l]
        return Tensor.of(values.reshape(-1, 1), derivatives.reshape(-1, 1))

    # -- expressions ------------------------------------------------------------------
    def value(self, node, env: dict, seed=None):
        if isinstance(node, Num):
            return Dual(node.value)
        if isinstance(node, Sym):
            if is_bare_letter(node):
                if node.name in env:
                    return Dual(float(env[node.name]))
                raise BindingError(self.notation.unknown(node.name))
            return self.symbol_value(self.resolve(node, env), seed)
        if isinstance(node, Op):
            return self.operation(node, env, seed)
        if isinstance(node, Gradient):
            if seed is not None:
                raise BindingError("a derivative of \\Delta w (a second derivative) is not supported")
            ref = self.resolve(node.var, env)
            if ref[0] == "mat":
                return Tensor.of(self.instance.gradients[ref[1] - 1])
            _, l, k, j = ref
            return Dual(float(self.instance.gradients[l - 1][k - 1, j - 1]))
        if isinstance(node, Derivative):
            return self.derivative(node, env, seed)
        if isinstance(node, Reduce):
            low, high = self.bounds(node, env)
            total = None
            for v in range(low, high + 1):
                term = self.value(node.body, {**env, node.var: v}, seed)
                total = term if total is None else self.operation(Op(node.op, ()), env, seed, (total, term))
            return total if total is not None else Dual(0.0 if node.op == "+" else 1.0)
        if isinstance(node, Call):
            return self.call(node, env, seed)
        raise BindingError(f"cannot evaluate {type(node).__name__}")

    def operation(self, node: Op, env: dict, seed, values=None):
        op = node.op
        args = values if values is not None else [self.value(a, env, seed) for a in node.args]
        if op == "neg":
            return -args[0]
        if op == "T":
            return args[0].transpose() if isinstance(args[0], Tensor) else args[0]
        if op == "pow":
            exponent = _scalar(args[1], "an exponent")
            return _scalar(args[0], "a power") ** exponent.a
        left, right = args
        if op in ("+", "-"):
            if isinstance(left, Tensor) != isinstance(right, Tensor):
                left, right = _scalar(left, "a sum with a number"), _scalar(right, "a sum with a number")
            return left + right if op == "+" else left - right
        if op == "/":
            right = _scalar(right, "a division by")
            if isinstance(left, Tensor):
                return left.scale(Dual(1.0) / right)
            return left / right
        tensors = isinstance(left, Tensor), isinstance(right, Tensor)
        if tensors == (False, False):
            return left * right
        if tensors != (True, True):
            tensor, number = (left, right) if tensors[0] else (right, left)
            return tensor.scale(number)
        if op == "cdot" and left.shape == right.shape and left.shape[1] == 1:  # a dot product of two vectors
            return Dual(float(np.sum(left.a * right.a)), float(np.sum(left.a * right.b + left.b * right.a)))
        if op == "odot":
            return left.odot(right)
        return left.matmul(right)

    def derivative(self, node: Derivative, env: dict, seed):
        if seed is not None:
            raise BindingError("nested derivatives are not supported")
        ref = self.resolve(node.var, env)
        kind = ref[0]
        if kind in ("t", "E", "delta") or kind == "vec" and ref[1] in ("t", "delta"):
            raise BindingError(f"cannot differentiate with respect to {node.var.text}")
        if kind not in ("vec", "mat"):
            return Dual(self.partial(node.body, env, ref))
        rows, columns = (self.instance.sizes[ref[1]], self.instance.sizes[ref[1] - 1]) if kind == "mat" else \
            (self.instance.sizes[ref[2]], 1)
        values = np.zeros((rows, columns))
        for r in range(rows):
            for c in range(columns):
                component = ("w", ref[1], r + 1, c + 1) if kind == "mat" else (ref[1], ref[2], r + 1)
                values[r, c] = self.partial(node.body, env, component)
        return Tensor.of(values)

    def partial(self, body, env: dict, ref: tuple) -> float:
        """d(body)/d(ref) for a scalar body, through the forward pass; dE/dw and dE/db from bpcore too."""
        if ref[0] not in SEEDABLE:
            raise BindingError(f"cannot differentiate with respect to {ref}")
        dual = _scalar(self.value(body, env, ref), "a derivative").b
        if isinstance(body, Sym) and body.name == "E" and ref[0] in ("w", "b"):
            inst = self.instance
            exact = float(inst.gradients[ref[1] - 1][ref[2] - 1, ref[3] - 1]) if ref[0] == "w" else \
                float(inst.bias_gradients[ref[1] - 1][ref[2] - 1])
            if abs(exact - dual) > 1e-9 * (1 + abs(exact)):
                name = f"w^{ref[1]}_{{{ref[2]}{ref[3]}}}" if ref[0] == "w" else f"b^{ref[1]}_{ref[2]}"
                raise EngineDisagrees(
                    f"bpcore's backpropagation gives dE/d{name} = {exact:.10g}, but the derivative "
                    f"through its forward pass is {dual:.10g}: bpcore's backward pass is wrong")
            return exact
        return dual

    def call(self, node: Call, env: dict, seed):
        arg = self.value(node.arg, env, seed)
        name = node.name
        if name == "norm":
            if isinstance(arg, Dual):
                return Dual(abs(arg.a), math.copysign(1.0, arg.a) * arg.b)
            length = float(np.sqrt(np.sum(arg.a * arg.a)))
            if length == 0:
                raise ZeroDivisionError("the norm of a zero vector")
            return Dual(length, float(np.sum(arg.a * arg.b)) / length)
        if name in FUNCTIONS:
            function = FUNCTIONS[name]
        else:  # f, f': the activation of the argument's layer
            activation = self.activation_of(node.arg, env)
            function = (DERIVATIVE if name.endswith("'") else ACTIVATION)[activation]
        return arg.elementwise(function) if isinstance(arg, Tensor) else function(arg)

    def activation_of(self, arg, env: dict) -> str:
        names = self.instance.activations
        if len(set(names)) == 1:
            return names[0]
        for sym in symbols(arg):
            if sym.name in ("z", "w", "W", "b") and not is_bare_letter(sym):
                ref = self.resolve(sym, env)
                layer = ref[2] if ref[0] == "vec" else ref[1]
                return names[layer - 1]
        raise BindingError("f(...): the layers have different activations, and its argument does not say "
                           "which layer it is; write f(z^l_j)")

    # -- bounds ------------------------------------------------------------------------
    def bounds(self, node: Reduce, env: dict) -> tuple[int, int]:
        symbol = "\\sum" if node.op == "+" else "\\prod"
        if node.low is not None:
            low, high = (int(round(self._bound(b, env))) for b in (node.low, node.high))
            if high - low + 1 > MAX_TERMS:
                raise BindingError(f"{symbol}_{{{node.var}={low}}}^{{{high}}}: {high - low + 1} terms; the networks "
                                   "checked have a few units per layer")
            return low, high
        role = index_role(node.body, node.var)
        if role is None:
            raise BindingError(f"{symbol}_{node.var}: {node.var} appears nowhere in what it sums")
        sym, slot = role
        if slot == "layer":
            raise BindingError(f"{symbol}_{node.var}: {node.var} is a layer here, and its range is not given; "
                               f"write {symbol}_{{{node.var}=a}}^{{b}}")
        n, L = self.instance.sizes, self.instance.L
        name = sym.name
        layer = sym.layer if sym.layer is not None else self.notation.default_layers.get(name)
        env_layer = self.index(layer, env, sym) if layer is not None else None
        if name == "x":
            return 1, n[0]
        if name in ("y", "t"):
            return 1, n[L]
        if name in ("h", "z", "delta", "b"):
            if env_layer is None:  # the same rules as binding the symbol itself
                env_layer = self.resolve(Sym(name, None, (Index(None, 1),), sym.text), env)[1]
            if not 0 <= env_layer <= L:
                raise BindingError(f"{sym.text}: layers are 0..{L}")
            return 1, n[env_layer]
        if name in ("w", "W"):
            if env_layer is None:
                if L != 1:
                    raise BindingError(f"{sym.text}: with {L} weight layers, write the layer: w^l_{{kj}}")
                env_layer = 1
            if not 1 <= env_layer <= L:
                raise BindingError(f"{sym.text}: weight layers are 1..{L}")
            if len(sym.indices) == 1:
                return 1, n[1]
            return (1, n[env_layer]) if slot == 0 else (1, n[env_layer - 1])
        raise BindingError(f"{symbol}_{node.var}: cannot tell the range of {node.var}")

    def _bound(self, node, env: dict) -> float:
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Sym) and is_bare_letter(node):
            if node.name in env:
                return env[node.name]
            if node.name in CONSTANTS:
                return self.constant(node.name)
            raise BindingError(f"the bound {node.name} is not known (use numbers, L, K, I, n_l or an index)")
        if isinstance(node, Sym) and node.name == "n":
            l = self.index(node.indices[0], env, node)
            if not 0 <= l <= self.instance.L:
                raise BindingError(f"{node.text}: layers are 0..{self.instance.L}")
            return self.instance.sizes[l]
        if isinstance(node, Op) and node.op in "+-" and len(node.args) == 2:
            a, b = self._bound(node.args[0], env), self._bound(node.args[1], env)
            return a + b if node.op == "+" else a - b
        raise BindingError("a bound must be a number, L, K, I, n_l, an index, or a sum of those")
