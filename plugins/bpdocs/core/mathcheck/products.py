"""Products written with operators, and how tightly they bind (a part of the parser).

Juxtaposition binds tighter than a product written with an operator (``\\cdot``, ``\\times``, ``*``), and these
tighter than an elementwise one (``\\odot``, ``\\circ``, ``.*``); or, declared ``products: right``, a chain of them is
taken from the right, as Wikipedia's ``(W^1)^T \\cdot (f^1)' \\circ \\nabla_{a^1} C`` means (W^1)^T ((f^1)' \\circ
\\nabla_{a^1} C). (Undeclared, where the two groupings differ, the other is a reading tried when the first fails.)
"""

from __future__ import annotations

from .tree import LatexError, Op

PRODUCT_OPERATORS = {r"\cdot": "cdot", r"\times": "*", "*": "*", r"\odot": "odot", r"\circ": "odot", ".*": "odot",
                     r"\bullet": "odot"}
REFUSED_OPERATORS = {r"\otimes": "an outer or Kronecker product", r"\oplus": "a direct sum", r"\ast": "a convolution",
                     r"\star": "a convolution"}


class ProductReader:  # (a mixin of the parser: juxtaposed() reads what binds tighter)
    def term(self):
        """Products written with operators: elementwise ones (``\\odot``, ``\\circ``, ``.*``, ``\\bullet``, and
        ``\\cdot`` or ``*`` where the notation says so) bind looser than the others (``\\cdot``, ``\\times``,
        ``*``), which bind looser than juxtaposition; or, with ``products: right``, all taken from the right."""
        if self.notation.convention("products") == "right":  # A \\cdot b \\circ c: A (b \\circ c), Wikipedia's chains
            left = self.juxtaposed()
            if not (found := self._product_operator()):
                return left
            self.take()
            return Op(found[1], (left, self.term()))
        result = self.operator_product()
        while (found := self._product_operator()) and found[0]:
            self.take()
            result = Op(found[1], (result, self.operator_product()))
        return result

    def operator_product(self):
        result = self.juxtaposed()
        while (found := self._product_operator()) and not found[0]:
            self.take()
            result = Op(found[1], (result, self.juxtaposed()))
        return result

    def _product_operator(self) -> tuple[bool, str] | None:
        """Whether the operator ahead is elementwise, and the product it writes; None if none is ahead."""
        text = self.text_at()
        if text == r"\otimes" and self.notation.convention("otimes") == "elementwise":
            return True, "odot"  # (Abu-Mostafa et al.'s Learning from Data: declared otimes: elementwise)
        if text in REFUSED_OPERATORS:
            also = " (if your text writes it for the elementwise product, declare otimes: elementwise)" * (
                text == r"\otimes")
            raise LatexError(f"{text} ({REFUSED_OPERATORS[text]}) is not read by the checker; write the "
                             f"product per entry, or as a matrix product (u v^T){also}", self.peek().position)
        if text not in PRODUCT_OPERATORS:
            return None
        op = "odot" if text == "*" and self.notation.convention("star") == "elementwise" else PRODUCT_OPERATORS[text]
        return op == "odot" or op == "cdot" and self.notation.convention("cdot") == "elementwise", op
