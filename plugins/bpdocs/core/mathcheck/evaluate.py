"""Evaluate a parsed side of an equation on one network instance, derivatives exactly.

Values are dual numbers ``a + b eps``: a derivative d(F)/d(v) evaluates F with
``v`` seeded (its dual part set to 1) and reads the dual part, so a derivative
of any expression, through the forward pass, is exact. dE/dw itself comes
from bpcore's backward pass (and is checked against the dual number).

What each symbol names is decided in :mod:`.binding`.
"""

from __future__ import annotations

from .binding import BindingError, EngineDisagrees, index_role, resolve
from .dual import ACTIVATION, DERIVATIVE, Dual, Instance
from .tree import Call, Derivative, Gradient, Index, Num, Op, Reduce, Sym


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
        """``sym`` with its indices evaluated in ``env``, as a reference into the network."""
        idx = [self.index(i, env, sym) for i in sym.indices]
        layer = self.index(sym.layer, env, sym) if sym.layer is not None else None
        return resolve(sym, layer, idx, self.instance.sizes)

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
        role = index_role(node.body, node.var)
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
