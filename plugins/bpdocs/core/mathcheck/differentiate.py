"""Derivatives, exactly: a seeded forward pass per component of what is differentiated by (a part of the
evaluator). Of a number by a number: a number; of a number by a vector or matrix: the gradient, shaped like
it; of a vector by a vector (rows or columns): the Jacobian, m x n with entry (i, j) = dv_i/du_j (numerator
layout; the transpose with ``jacobian: denominator``); of a vector by a number: a column (a row, in denominator layout).
"""

from __future__ import annotations

import numpy as np

from .allweights import ALL, weight_refs
from .binding import EngineDisagrees, Unreadable
from .dual import Dual, Tensor, shape_text
from .tree import Derivative, Sym

SEEDABLE = ("h", "z", "w", "b")
NOT_VARIABLES = ("t", "E", "E_0", "E_n", "delta", "N", "const")


class Differentiation:
    def derivative(self, node: Derivative, env: dict, seed):
        if seed is not None:
            raise Unreadable("nested derivatives are not supported")
        ref = self.resolve(node.var, env)
        kind = ref[0]
        if kind in ("E", "E_0", "E_n") and isinstance(node.body, Sym) and self.resolve(node.body, env) == ref:
            return Dual(1.0)  # the error by itself: Grosse's backward pass starts from \bar{\mathcal{L}} = 1
        if kind in NOT_VARIABLES or kind == "vec" and ref[1] in ("t", "delta"):
            what = {"t": "a target", "E": "the error", "E_0": "the error", "E_n": "an error", "delta": "an error term",
                    "N": "the number of examples", "const": "a constant"}.get(kind if kind != "vec" else ref[1])
            raise Unreadable(f"cannot differentiate with respect to {node.var.text} ({what}, not a variable of the "
                             "network)")
        if ref == ALL:
            return self._by_every_weight(node, env)
        if kind not in ("vec", "mat"):
            partial = self.partial(node.body, env, ref)
            if isinstance(partial, Tensor) and self.layout == "denominator":
                return partial.transpose()
            return partial
        sizes = self.instance.sizes
        rows, columns = (sizes[ref[1]], sizes[ref[1] - 1]) if kind == "mat" else (sizes[ref[2]], 1)
        parts = {}
        for r in range(rows):
            for c in range(columns):
                if kind == "mat":
                    component = ("w", ref[1], r + 1, c + 1)
                elif ref[1] == "b":
                    component = ("b", ref[2], r + 1)
                else:
                    component = (ref[1], ref[2], r + 1, ref[3])
                parts[r, c] = _number(self.partial(node.body, env, component), node.body)
        first = parts[0, 0]
        if isinstance(first, Dual):  # a number by a vector or matrix: the gradient, shaped like it
            values = np.zeros((rows, columns))
            for (r, c), part in parts.items():
                values[r, c] = part.a
            return Tensor.of(values.T if node.row else values)
        if kind == "mat" and rows == columns == 1 and first.shape[1] == 1:
            # a matrix of one weight (3Blue1Brown's dz^{(L)}/dw^{(L)} on 1-1-1) is that weight: by a number
            return first.transpose() if self.layout == "denominator" else first
        if kind == "vec" and self.rows and first.shape[0] == 1:  # a row vector by a vector: its entries as a column
            parts = {key: part.transpose() for key, part in parts.items()}
            first = parts[0, 0]
        if kind == "mat" or first.shape[1] != 1:
            one = " (a vector of one entry here: for the number, write its entry, y_1)" * (first.shape == (1, 1))
            raise Unreadable(f"the derivative of a {shape_text(first.shape)} value{one} by {node.var.text} "
                             f"({'a matrix' if kind == 'mat' else 'a vector'}) has more than two indices; write it "
                             "per entry")
        jacobian = np.hstack([parts[r, 0].a for r in range(rows)])  # column j: the derivative by u_j
        return Tensor.of(jacobian.T if self.layout == "denominator" else jacobian)

    def _by_every_weight(self, node: Derivative, env: dict) -> Tensor:
        """By the vector of every weight: the gradient (a column; a row by a row); of a vector, the Jacobian."""
        parts = [_number(self.partial(node.body, env, ref), node.body) for ref in weight_refs(self.instance)]
        if isinstance(parts[0], Dual):
            gradient = np.array([[part.a] for part in parts])
            return Tensor.of(gradient.T if node.row or self.layout == "denominator" else gradient)
        if parts[0].shape[1] != 1:
            raise Unreadable(f"the derivative of a {shape_text(parts[0].shape)} value by {node.var.text} (every "
                             "weight, as one vector) has more than two indices; write it per entry")
        jacobian = np.hstack([part.a for part in parts])
        return Tensor.of(jacobian.T if self.layout == "denominator" else jacobian)

    def partial(self, body, env: dict, ref: tuple):
        """d(body)/d(ref) through the forward pass: a number (``Dual.a``) or a tensor of derivatives; dE/dw
        and dE/db from bpcore too, cross-checked."""
        if ref[0] not in SEEDABLE:
            raise Unreadable(f"cannot differentiate with respect to {ref}")
        value = self.value(body, env, ref)
        if isinstance(value, Tensor):
            return Tensor.of(value.b)
        derivative = value.b
        if isinstance(body, Sym) and body.name == "E" and body.example is None and ref[0] in ("w", "b"):
            exact = self.instance.gradient(ref)
            if abs(exact - derivative) > 1e-9 * (1 + abs(exact)):
                name = f"w^{ref[1]}_{{{ref[2]}{ref[3]}}}" if ref[0] == "w" else f"b^{ref[1]}_{ref[2]}"
                raise EngineDisagrees(
                    f"bpcore's backpropagation gives dE/d{name} = {exact:.10g}, but the derivative "
                    f"through its forward pass is {derivative:.10g}: bpcore's backward pass is wrong")
            return Dual(exact)
        return Dual(derivative)


def _number(part, body):
    """A 1x1 derivative of an expression (w^T w, a product that is a number) as the number it is; of a symbol (a
    layer of one unit, h^L on 2-3-1), the vector of one entry it is."""
    if isinstance(part, Tensor) and part.shape == (1, 1) and not isinstance(body, Sym):
        return Dual(float(part.a[0, 0]))
    return part
