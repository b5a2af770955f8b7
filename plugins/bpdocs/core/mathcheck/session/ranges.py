"""The range of a sum, or of a free index, in a session check (a part of the session evaluator): given bounds,
or the shape of the first array the index indexes by itself."""

from __future__ import annotations

import numpy as np

from ..binding import Unreadable
from ..tree import Component, Letter, Num, Op, Reduce, Sym


class Ranges:
    def bounds(self, node: Reduce, env: dict) -> tuple[int, int]:
        if node.low is not None:
            return int(round(self._bound(node.low, env))), int(round(self._bound(node.high, env)))
        size = self.size_of(node.body, node.var, env)
        if size is None:
            raise Unreadable(f"\\sum_{node.var}: {node.var} appears nowhere in what it sums, or indexes nothing "
                             "with a shape")
        return size

    def size_of(self, body, var: str, env: dict):
        """The range of ``var`` from the first array it indexes in ``body``: (low, high)."""
        from ..walk import index_uses

        for found, slot, offset in index_uses(body, var):
            if offset is None:
                continue  # i in x_{i+k-1}: its range is not x's
            if isinstance(found, Sym):
                value = self.values.get(found.name)
            elif isinstance(found, Component):
                value = self.value(found.body, env)
            else:
                continue
            if not isinstance(value, np.ndarray) or slot == "example":
                continue
            shape = value.shape
            count = len(found.indices)
            size = max(shape) if count == 1 and value.ndim == 2 and 1 in shape else shape[slot] if slot < value.ndim \
                else None
            if size is not None:
                return 1 - offset, size - offset
        return None

    def _bound(self, node, env: dict) -> float:
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Letter) and node.name in env:
            return env[node.name]
        if isinstance(node, Sym) and not node.indices and not isinstance(self.values.get(node.name), np.ndarray):
            value = self.values[node.name]
            if not isinstance(value, float) or value != int(value):
                raise Unreadable(f"the bound {node.text} is {value!r}, not a whole number")
            return value
        if isinstance(node, Op) and node.op in "+-" and len(node.args) == 2:
            a, b = self._bound(node.args[0], env), self._bound(node.args[1], env)
            return a + b if node.op == "+" else a - b
        raise Unreadable("a bound must be a number, a bound whole number, an index, or a sum of those")

    def candidates(self, side, var: str) -> list[int]:
        sizes = [n for v in self.values.values() if isinstance(v, np.ndarray) for n in v.shape] or [1]
        found = self.size_of(side, var, {})
        if found is not None:
            return list(range(found[0], found[1] + 1))
        return list(range(0, max(sizes) + 1))
