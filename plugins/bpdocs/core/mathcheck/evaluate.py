"""Evaluate a parsed side on one case: numbers as dual numbers, vectors and matrices as dual tensors,
derivatives exactly (a seeded forward pass, :mod:`.differentiate`), shapes checked.

What each symbol names is decided in :mod:`.binding`; sums' ranges in :mod:`.bounds`.
"""

from __future__ import annotations

import numpy as np

from .binding import BindingError, OutOfRange, Unreadable, index_value, resolve
from .bounds import Bounds
from .differentiate import Differentiation
from .dual import ACTIVATION, DERIVATIVE, FUNCTIONS, Dual, ShapeMismatch, Tensor, shape_text
from .instance import Instance
from .notation import DEFAULT, Notation
from .tree import Call, Component, Derivative, Gradient, Index, Kronecker, Letter, Num, Op, Reduce, Sym
from .vectors import VECTOR_FUNCTIONS, vector_function
from .allweights import ALL, all_gradients, all_weights
from .walk import symbols

MAX_TERMS = 10_000  # a sum or product longer than this is not a network's
NO_PENALTY = ("E_0 is the error without its regularisation term, and these networks have none: for L2, give "
              "the term's coefficient, l2=\"\\frac{\\lambda}{2}\"; an L1 (or another) penalty is written out "
              "with E, e.g. \\frac{\\partial}{\\partial w} \\left(E + \\lambda \\sum_w |w|\\right); where the 0 "
              "is an example's number (3Blue1Brown's C_0, the cost of example 0), write the error E (C with {C: E}), "
              "or keep it and declare {C_0: E}: the check draws one example")


def scalar(value, what: str) -> Dual:
    if isinstance(value, Dual):
        return value
    if value.shape == (1, 1):
        return value.scalar()
    raise Unreadable(f"{what} a {shape_text(value.shape)} {'vector' if 1 in value.shape else 'matrix'} is not read "
                     "(write a sum over its entries, \\| v \\|^2, or v^T v)")


def is_vector(value) -> bool:
    return isinstance(value, Tensor) and value.shape[1] == 1 and value.shape[0] > 1


class Evaluator(Differentiation, Bounds):
    """Evaluates trees on an :class:`Instance` with index variables bound in ``env``."""

    def __init__(self, instance: Instance, notation: Notation = DEFAULT, bound: dict | None = None):
        """``bound``: what symbols were bound to, shared by evaluators of one equation's reading on networks
        of one shape (binding depends on the shape, not on the values drawn)."""
        self.instance = instance
        self.notation = notation
        self.cdot = notation.convention("cdot")
        self.layout = notation.convention("jacobian")
        self.layout_declared = "jacobian" in notation.conventions  # a transposed side is then a mistake
        self.rows = notation.convention("vectors") == "rows"  # a vector's value is then a row, 1 x n
        self.layers_from_one = notation.convention("input_layer") == "1"
        # what the author's layer numbers add to the checker's, for messages: units', weights'
        from_layer = notation.convention("weight_layer") == "from"
        self.shift = (int(self.layers_from_one), int(self.layers_from_one) - from_layer)
        # symbol -> (its index letters, {their values: its reference, or the BindingError it raised})
        self._resolved: dict = {} if bound is None else bound

    # -- indices and symbols ---------------------------------------------------------
    def constant(self, name: str) -> int:
        """L (the output layer's number: the weight layers, or all layers when the input is layer 1), K, I."""
        sizes = self.instance.sizes
        if name == "N":
            if not self.instance.batch:
                raise KeyError(name)
            return self.instance.N
        return {"L": self.instance.L + self.layers_from_one, "K": sizes[-1], "I": sizes[0]}[name]

    def index(self, index: Index, env: dict, where) -> int:
        return index_value(index, env, where, self.constant)

    def resolve(self, sym: Sym, env: dict) -> tuple:
        if "@w" in env and sym.name in ("w", "W") and sym.layer is None and not sym.indices:
            return env["@w"]  # the running weight of \sum_w
        entry = self._resolved.get(id(sym))  # symbols live as long as the equation checked
        if entry is None:  # the index letters the symbol's reference depends on, and references by their values
            entry = self._resolved[id(sym)] = (tuple(dict.fromkeys(
                name for index in (sym.layer, sym.example, *sym.indices) if index is not None for name in index.vars)),
                {})
        letters, by_values = entry
        key = tuple(map(env.get, letters))
        found = by_values.get(key)
        if found is None:
            idx = [self.index(i, env, sym) for i in sym.indices]
            layer = self.index(sym.layer, env, sym) if sym.layer is not None else None
            example = self.index(sym.example, env, sym) if sym.example is not None else None
            try:
                found = resolve(sym, layer, idx, example, self.instance, self.shift)
            except BindingError as exc:
                exc.symbol = sym  # which indices took it out of range (see rows.py)
                found = exc
            by_values[key] = found
        if isinstance(found, BindingError):  # raised again at every assignment it names nothing at: without
            raise found.with_traceback(None)  # the tracebacks of its last raises (kept, they would pile up)
        return found

    def _deltas(self) -> list:
        """The error terms as the text defines them: dE/dz (the derivation's), or dE/dh (``delta_of: h``)."""
        return self.instance.output_deltas if self.notation.convention("delta_of") == "h" else self.instance.deltas

    def symbol_value(self, ref: tuple, seed):
        inst = self.instance
        kind = ref[0]
        if kind in ("h", "z"):
            h, z, _ = inst.forward(seed, ref[3])
            values, derivatives = (h if kind == "h" else z)[ref[1]]
            return Dual(float(values[ref[2] - 1]), float(derivatives[ref[2] - 1]))
        if kind == "t":
            return Dual(float(inst.T[ref[2] - 1][ref[1] - 1]))
        if kind == "w":
            _, l, k, j = ref
            return Dual(float(inst.net.weights[l - 1][k - 1, j - 1]), 1.0 if seed == ref else 0.0)
        if kind == "b":
            _, l, k = ref
            return Dual(float(inst.net.biases[l - 1][k - 1]), 1.0 if seed == ref else 0.0)
        if kind == "E":
            return inst.error(seed)
        if kind == "E_0":
            if not inst.l2:  # E_0 is E here: an equation with both is about a penalty these networks do not have
                raise Unreadable(NO_PENALTY)
            return inst.data_error(seed)
        if kind == "E_n":
            return inst.forward(seed, ref[1])[2]
        if kind == "N":
            return Dual(float(inst.N))
        if kind == "const":
            return Dual(float(inst.constants[ref[1]]))
        if kind == "delta":
            if seed is not None:
                raise Unreadable("a derivative of an error term \\delta is not supported")
            return Dual(float(self._deltas()[ref[1] - 1][ref[3] - 1][ref[2] - 1]))
        if kind == "all":
            return all_weights(inst, seed)
        if kind == "mat":
            W = inst.net.weights[ref[1] - 1]
            b = np.zeros_like(W)
            if seed is not None and seed[0] == "w" and seed[1] == ref[1]:
                b[seed[2] - 1, seed[3] - 1] = 1.0
            return Tensor.of(W, b)
        _, name, l, n = ref  # a vector
        if name == "t":
            return Tensor.of(inst.T[n - 1].reshape(-1, 1))
        if name == "delta":
            if seed is not None:
                raise Unreadable("a derivative of the error terms \\delta is not supported")
            return Tensor.of(self._deltas()[l - 1][n - 1].reshape(-1, 1))
        if name == "b":
            column = inst.net.biases[l - 1]
            b = np.zeros((len(column), 1))
            if seed is not None and seed[:2] == ("b", l):
                b[seed[2] - 1, 0] = 1.0
            return Tensor.of(np.asarray(column, float).reshape(-1, 1), b)
        h, z, _ = inst.forward(seed, n)
        values, derivatives = (h if name == "h" else z)[l]
        return Tensor.of(values.reshape(-1, 1), derivatives.reshape(-1, 1))

    # -- expressions ------------------------------------------------------------------
    def value(self, node, env: dict, seed=None):
        if isinstance(node, Sym):  # (the commonest first: no node is of two of these types)
            return self.symbol_value(self.resolve(node, env), seed)
        if isinstance(node, Op):
            return self.operation(node, env, seed)
        if isinstance(node, Num):
            return Dual(node.value)
        if isinstance(node, Letter):
            if node.name in env:
                return Dual(float(env[node.name]))
            if node.name in ("L", "K", "I"):
                return Dual(float(self.constant(node.name)))
            raise BindingError(self.notation.unknown(node.name))
        if isinstance(node, Gradient):
            if seed is not None:
                raise Unreadable("a derivative of \\Delta w (a second derivative) is not supported")
            ref = self.resolve(node.var, env)
            if ref[0] == "mat":
                return Tensor.of(self.instance.gradients[ref[1] - 1])
            if ref == ALL:
                return all_gradients(self.instance)
            if ref[0] == "vec" and ref[1] == "b":
                return Tensor.of(np.reshape(self.instance.bias_gradients[ref[2] - 1], (-1, 1)))
            if ref[0] not in ("w", "b"):
                raise Unreadable(f"\\Delta {node.var.text}: \\Delta is read before a weight or a bias")
            return Dual(self.instance.gradient(ref))
        if isinstance(node, Derivative):
            return self.derivative(node, env, seed)
        if isinstance(node, Reduce):
            return self.reduce(node, env, seed)
        if isinstance(node, Call):
            return self.call(node, env, seed)
        if isinstance(node, Component):
            return self.component(node, env, seed)
        if isinstance(node, Kronecker):
            return Dual(1.0 if self.index(node.first, env, "\\delta") == self.index(node.second, env, "\\delta")
                        else 0.0)
        raise Unreadable(f"cannot evaluate {type(node).__name__}")

    def reduce(self, node: Reduce, env: dict, seed):
        if node.var == "@w":  # \sum_w: every weight of the network
            L, sizes = self.instance.L, self.instance.sizes
            refs = [("w", l, k, j) for l in range(1, L + 1) for k in range(1, sizes[l] + 1)
                    for j in range(1, sizes[l - 1] + 1)]
            values = [self.value(node.body, {**env, "@w": ref}, seed) for ref in refs]
        else:
            low, high = self.bounds(node, env)
            values = [self.value(node.body, {**env, node.var: v}, seed) for v in range(low, high + 1)]
        total = None
        for term in values:
            total = term if total is None else self.operation(Op(node.op, ()), env, seed, (total, term))
        return total if total is not None else Dual(0.0 if node.op == "+" else 1.0)

    def operation(self, node: Op, env: dict, seed, values=None):
        op = node.op
        args = values if values is not None else [self.value(a, env, seed) for a in node.args]
        if op == "neg":
            return -args[0]
        if op == "T":
            return args[0].transpose() if isinstance(args[0], Tensor) else args[0]
        if op in ("pow", "fpow"):
            exponent = scalar(args[1], "an exponent of")
            if op == "fpow" and isinstance(args[0], Tensor):  # \tanh^2(z): a function's power, entry by entry
                return args[0].elementwise(lambda d: d ** exponent.a)
            return scalar(args[0], "a power of") ** exponent.a
        left, right = args
        if op in ("+", "-"):
            if isinstance(left, Tensor) != isinstance(right, Tensor):  # 1 - y: the number for every entry
                tensor, number = (left, right) if isinstance(left, Tensor) else (right, left)
                if tensor.shape != (1, 1):
                    number = Tensor(np.full(tensor.shape, number.a), np.full(tensor.shape, number.b))
                    left, right = (tensor, number) if isinstance(left, Tensor) else (number, tensor)
                else:
                    left, right = scalar(left, ""), scalar(right, "")
            return left + right if op == "+" else left - right
        if op == "/":
            right = scalar(right, "a division by")
            if isinstance(left, Tensor):
                return left.scale(Dual(1.0) / right)
            return left / right
        tensors = isinstance(left, Tensor), isinstance(right, Tensor)
        if tensors == (False, False):
            return left * right
        if tensors != (True, True):
            tensor, number = (left, right) if tensors[0] else (right, left)
            return tensor.scale(number)
        if op == "odot" or op == "cdot" and self.cdot == "elementwise" and left.shape == right.shape:
            return left.odot(right)
        if op == "cdot" and left.shape == right.shape and left.shape[1] == 1:  # a dot product of two vectors
            return Dual(float(np.sum(left.a * right.a)), float(np.sum(left.a * right.b + left.b * right.a)))
        if left.shape == right.shape and 1 in left.shape and left.shape != (1, 1):
            side = "column" if left.shape[1] == 1 else "row"
            weight = node.args and isinstance(node.args[0], Op) and node.args[0].op == "T" and isinstance(
                node.args[0].args[0], Sym) and node.args[0].args[0].name == "w" and node.args[0].args[0].layer is None
            # (Ng's w^T x: a bare w, one unit's weights, which his text writes as a column)
            raise Unreadable(f"a product of two {side} vectors of shape {shape_text(left.shape)} is not read: write "
                             "\\odot for the elementwise product, u^T v for the dot product, or u v^T for the outer one"
                             + ("; here W^l is n_l x n_{l-1}, so the weights into one unit are a row and w^T a column: "
                                "if your text's w is a column (w^T x), declare weights: from-to" if weight else ""))
        return left.matmul(right)

    def call(self, node: Call, env: dict, seed):
        if node.more:
            raise Unreadable(f"{node.name}(...) takes one argument")
        arg = self.value(node.arg, env, seed)
        name = node.name
        if name in VECTOR_FUNCTIONS:
            return vector_function(name, arg, self.rows)
        if name in FUNCTIONS:
            function = FUNCTIONS[name]
        else:  # f, f': the activation of the argument's layer
            activation = self.activation_of(node.arg, env)
            if activation == "softmax":
                if name.endswith("'"):
                    raise Unreadable("f'(z) of a softmax layer is not read: softmax is not elementwise, so its "
                                     "derivative is a Jacobian; write \\frac{\\partial y}{\\partial z^L}, or "
                                     "\\operatorname{diag}(y) - y y^T")
                return vector_function("softmax", arg, self.rows)
            function = (DERIVATIVE if name.endswith("'") else ACTIVATION)[activation]
        try:
            return arg.elementwise(function) if isinstance(arg, Tensor) else function(arg)
        except OverflowError as exc:
            raise ZeroDivisionError(str(exc)) from None

    def component(self, node: Component, env: dict, seed):
        value = self.value(node.body, env, seed)
        idx = [self.index(i, env, node.text) for i in node.indices]
        if not isinstance(value, Tensor):
            raise Unreadable(f"{node.text}: an entry of a number")
        rows, columns = value.shape
        if len(idx) == 1 and 1 in (rows, columns):
            idx = [idx[0], 1] if columns == 1 else [1, idx[0]]
        if len(idx) != 2:
            raise Unreadable(f"{node.text}: a {shape_text(value.shape)} matrix needs two indices")
        if not (1 <= idx[0] <= rows and 1 <= idx[1] <= columns):
            error = OutOfRange(f"{node.text} with index {','.join(map(str, idx))}: the value is "
                               f"{shape_text(value.shape)}")
            error.symbol = node
            raise error
        return Dual(float(value.a[idx[0] - 1, idx[1] - 1]), float(value.b[idx[0] - 1, idx[1] - 1]))

    def activation_of(self, arg, env: dict) -> str:
        names = self.instance.activations
        if len(set(names)) == 1:
            return names[0]
        for sym in symbols(arg):
            if sym.name in ("z", "w", "W", "b"):
                ref = self.resolve(sym, env)
                layer = ref[2] if ref[0] == "vec" else ref[1]
                return names[layer - 1]
        raise Unreadable("f(...): the layers have different activations, and its argument does not say "
                         "which layer it is; write f(z^l_j)")


__all__ = ["Evaluator", "ShapeMismatch"]
