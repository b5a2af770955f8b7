"""The range of a sum or product (a part of the evaluator): given bounds, or inferred from what its index
names (``y_k``: the outputs; ``w^l_{kj}``: k over layer l, j over layer l-1; ``E_n``: the examples)."""

from __future__ import annotations

from .binding import BindingError, Unreadable
from .tree import Component, Index, Letter, Num, Op, Reduce, Sym
from .walk import index_role, index_uses, nodes


class Bounds:
    def bounds(self, node: Reduce, env: dict) -> tuple[int, int]:
        from .evaluate import MAX_TERMS

        symbol = "\\sum" if node.op == "+" else "\\prod"
        if node.low is not None:
            low, high = (int(round(self._bound(b, env))) for b in (node.low, node.high))
            if low == 0 and high > 0:
                self._bias_unit(node, symbol, high)
            if high - low + 1 > MAX_TERMS:
                raise Unreadable(f"{symbol}_{{{node.var}={low}}}^{{{high}}}: {high - low + 1} terms; the networks "
                                 "checked have a few units per layer")
            return low, high
        role = index_role(node.body, node.var)
        if role is None:
            return self._component_bounds(node, env, symbol)
        sym, slot = role
        if slot == "layer":
            raise Unreadable(f"{symbol}_{node.var}: {node.var} is a layer here, and its range is not given; "
                             f"write {symbol}_{{{node.var}=a}}^{{b}}")
        if slot == "example":
            return 1, self.instance.N
        layer = self._units_layer(node, sym, slot, env)
        if layer is None:
            raise Unreadable(f"{symbol}_{node.var}: cannot tell the range of {node.var}")
        return 1, self.instance.sizes[layer]

    def _bias_unit(self, node: Reduce, symbol: str, high: int) -> None:
        """A sum over units from 0 (Bishop's 5.62, \\sum_{i=0}^{D} w_{ji} x_i with x_0 = 1): unit 0 is the bias's
        constant input in such texts, which the network does not have; refused with the way to write it, never
        judged (read the 1-based way, w_{j0} names nothing and the equation would fail)."""
        role = index_role(node.body, node.var)
        if role is None or role[1] == "layer":
            return
        start = f"{symbol}_{{{node.var}=0}}"
        if role[1] == "example":  # (3Blue1Brown's C_0 ... C_{n-1}: the same examples, counted from 0; to N, wrong)
            if high != self.instance.N - 1:
                return
            raise Unreadable(f"{start}: examples are numbered from 1 here, x^{{(1)}} to x^{{(N)}}; write "
                             f"{symbol}_{{{node.var}=1}}^{{N}}")
        unit = "k" if node.var == "j" else "j"  # (the unit the weights lead to: another letter than the sum's)
        raise Unreadable(f"{start}: units are numbered from 1 here, so unit 0 is not a unit of the network; if it is "
                         f"the bias's constant input (x_0 = 1, with w_{{{unit}0}} the bias b_{unit}, as Bishop writes "
                         f"5.62), write the bias apart, {symbol}_{{{node.var}=1}}^{{...}} w_{{{unit}{node.var}}} "
                         f"x_{node.var} + b_{unit}, and check with biases=\"on\"")

    def _units_layer(self, node: Reduce, sym, slot, env: dict) -> int | None:
        """The layer whose units the index of a sum runs over, from the symbol it indexes (``y_k``: the outputs)."""
        offset = next(o for s, sl, o in index_uses(sym, node.var) if sl == slot)
        probe = {**env, node.var: 1 - offset}
        for index in [sym.example, *sym.indices]:  # a nested sum's letters: any unit will do for the range
            for name in (index.vars if index is not None else ()):
                probe.setdefault(name, 1)
        ref = self.resolve(sym, probe)
        if ref[0] in ("h", "z", "delta", "b"):
            return ref[1]
        if ref[0] == "t":
            return self.instance.L
        if ref[0] == "w":
            if len(sym.indices) == 1:  # (w_k to unit k of a layer from one unit, else w_j from unit j: binding.py)
                return ref[1] if self.instance.sizes[ref[1] - 1] == 1 else ref[1] - 1
            return ref[1] - (slot != 0)
        return None

    def undeclared_bound(self, side, letter: str, env: dict) -> str:
        """Why the letter ``letter`` cannot bound a sum of ``side``, and the declaration that would say what it is:
        the width of the layer the sum's index runs over (Bishop's D inputs, M hidden units), if that can be told."""
        said = f"the bound {letter} is not known: it is not an index of the left side, and nothing gives its range"
        bounding = False
        for node in nodes(side):
            if not isinstance(node, Reduce) or not any(isinstance(b, Letter) and b.name == letter
                                                       for b in (node.low, node.high)):
                continue
            bounding = True
            role = index_role(node.body, node.var)
            try:
                layer = self._units_layer(node, *role, env) if role is not None and role[1] != "layer" \
                    and role[1] != "example" else None
            except BindingError:
                layer = None
            if layer is not None:
                shown = layer + (self.notation.convention("input_layer") == "1")
                written = role[0].layer
                if written is not None and written.vars:  # w^l_{jk}: k runs over layer l-1, whatever l is
                    from_unit = role[0].name in ("w", "W") and role[1] != 0
                    shown = str(Index(written.var, written.offset - from_unit, written.more))
                sub = shown if len(str(shown)) == 1 else "{" + str(shown) + "}"
                return (f"{said}; if {letter} is the number of units of a layer ({node.var} runs over layer "
                        f"{shown}'s units here), declare it: bpdocs_notation: {{{letter}: n_{sub}}} (or write "
                        f"n_{sub}, n^{{({shown})}})")
        declared = f"; or declare the layer whose units it counts, e.g. {{{letter}: n_0}}" if bounding else ""
        return f"{said} (use numbers, L, K, I, n_l, or an index of the left side{declared})"

    def _component_bounds(self, node: Reduce, env: dict, symbol: str) -> tuple[int, int]:
        """``\\sum_j (W^T \\delta)_j``: the range from the shape of the vector or matrix indexed."""
        for found, slot, offset in index_uses(node.body, node.var):
            if isinstance(found, Component):
                value = self.value(found.body, env)
                shape = getattr(value, "shape", (1, 1))
                size = shape[slot] if len(found.indices) == 2 else max(shape)
                return 1 - offset, size - offset
        raise Unreadable(f"{symbol}_{node.var}: {node.var} appears nowhere in what it sums")

    def _bound(self, node, env: dict) -> float:
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Letter):
            if node.name in env:
                return env[node.name]
            if node.name in ("L", "K", "I"):
                return self.constant(node.name)
            raise BindingError(f"the bound {node.name} is not known (use numbers, L, K, I, N, n_l or an index; a "
                               f"layer's width is declared, e.g. bpdocs_notation: {{{node.name}: n_0}})")
        if isinstance(node, Sym) and node.name == "n":
            l = self.index(node.indices[0], env, node)
            if not 0 <= l <= self.instance.L:
                first = self.shift[0]  # (the author's numbering)
                raise BindingError(f"{node.text}: layers are {first}..{self.instance.L + first}")
            return self.instance.sizes[l]
        if isinstance(node, Sym) and node.name == "N":
            return self.value(node, env).a
        if isinstance(node, Op) and node.op in "+-" and len(node.args) == 2:
            a, b = self._bound(node.args[0], env), self._bound(node.args[1], env)
            return a + b if node.op == "+" else a - b
        raise Unreadable("a bound must be a number, L, K, I, N, n_l, an index, or a sum of those")
