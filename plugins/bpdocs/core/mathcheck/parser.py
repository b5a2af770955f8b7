"""Recursive descent over the tokens of one side of an equation, into the tree of :mod:`.tree`.

Strict: what it cannot read, or could read two ways, is a :class:`LatexError` that names it.
The grammar is here; symbols (:mod:`.symbols`) and operators (:mod:`.operators`) are read by
the parts it is made of.
"""

from __future__ import annotations

from .cursor import TokenCursor
from .lexer import Token, tokenize
from .notation import DEFAULT, Notation
from .operators import DERIVATIVE_OPERATORS, FUNCTIONS, REDUCTIONS, OperatorReader, _divide_last
from .symbols import SymbolReader
from .tree import Call, Gradient, LatexError, Num, Op, Sym

PRODUCTS = {r"\cdot": "cdot", r"\times": "*", "*": "*", r"\odot": "odot", r"\circ": "odot"}
FACTOR_MACROS = {r"\frac", r"\Delta", r"\sigma", r"\partial", r"\nabla", r"\|", *FUNCTIONS, *REDUCTIONS}


def parse_side(text: str, notation: Notation = DEFAULT):
    """One side of an equation, as a tree."""
    return Parser(tokenize(text), notation, text).parse()


class Parser(TokenCursor, SymbolReader, OperatorReader):
    # -- grammar -----------------------------------------------------------------------
    def parse(self):
        if self.peek() is None:
            raise LatexError("an empty side of an equation")
        tree = self.expression()
        if self.peek() is not None:
            raise LatexError(f"unexpected {self.peek().text!r}", self.peek().position)
        return tree

    def expression(self):
        left = self.term()
        while self.text_at() in ("+", "-"):
            op = self.take().text
            left = Op(op, (left, self.term()))
        return left

    def term(self):
        result = self.signed()
        while True:
            token = self.peek()
            if token is None:
                break
            if token.text in PRODUCTS:
                self.take()
                result = Op(PRODUCTS[token.text], (result, self.signed()))
            elif token.text == "/":
                self.take()
                result = _divide_last(result, self.signed())
            elif token.text in REDUCTIONS or self._derivative_operator_ahead():
                result = Op("*", (result, self.term()))  # an operator takes the rest of the term
                break
            elif self._starts_factor(token):
                result = Op("*", (result, self.power()))
            else:
                break
        return result

    def _starts_factor(self, token: Token) -> bool:
        if token.text == r"\|":
            return self.norms == 0
        if token.kind in ("number", "name", "word"):
            return True
        if token.kind == "macro":
            return token.text in FACTOR_MACROS or token.text == r"\delta" or self.notation.canonical(token.text) is not None
        return token.text in ("(", "[", "{")

    def _derivative_operator_ahead(self) -> bool:
        """``\\frac{\\partial}{\\partial w}`` (nothing else on top) is an operator on what follows."""
        if self.text_at() != r"\frac" or self.text_at(1) != "{":
            return False
        return self.text_at(2) in DERIVATIVE_OPERATORS and self.text_at(3) == "}"

    def signed(self):
        if self.text_at() == "-":
            self.take()
            return Op("neg", (self.signed(),))
        if self.text_at() == "+":
            self.take()
            return self.signed()
        return self.power()

    def power(self):
        base = self.atom()
        while self.text_at() == "^":
            start = self.take().position
            exponent = self.raw_group()
            texts = [t.text for t in exponent]
            if texts == ["T"]:
                base = Op("T", (base,))
            elif texts == ["'"]:
                raise LatexError("a prime (') here is not a derivative the checker can read", start)
            else:
                base = Op("pow", (base, self.sub_parser(exponent).parse()))
        return base

    def atom(self):
        token = self.peek()
        if token is None:
            raise LatexError("the expression ends early", len(self.text))
        text = token.text
        if token.kind == "number":
            self.take()
            return Num(float(text))
        if text in ("(", "[", "{"):
            self.take()
            inner = self.expression()
            self.take({"(": ")", "[": "]", "{": "}"}[text])
            return inner
        if text == r"\|":
            self.take()
            self.norms += 1
            inner = self.expression()
            self.norms -= 1
            self.take(r"\|")
            return Call("norm", inner)
        if text == r"\frac":
            return self.fraction()
        if text in REDUCTIONS:
            return self.reduction()
        if text == r"\Delta":
            self.take()
            var = self.symbol()
            if var.name not in ("w", "W"):
                raise LatexError(f"\\Delta is read as dE/dw, so it must stand before a weight, not {var.text}",
                                 token.position)
            return Gradient(var)
        if text == r"\nabla":
            return self.nabla()
        if text == r"\partial":
            return self.slash_derivative()
        if text in FUNCTIONS:
            return self.function(FUNCTIONS[text])
        if text == r"\sigma" or (text == "f" and self.notation.canonical("f") is None):
            return self.activation()
        if token.kind == "text":
            raise LatexError(f"\\text{{{text}}} inside an expression is not read by the checker; "
                             "write the quantity in the notation", token.position)
        if token.kind in ("name", "word") or token.kind == "macro" and (
                text == r"\delta" or self.notation.canonical(text) is not None):
            written = self._written_name()
            if self.notation.canonical(written) is not None:
                return self.symbol()
            if written == "e" and self.text_at(1) == "^":
                self.take()
                self.take("^")
                return Call("exp", self.sub_parser(self.raw_group()).parse())
            if self.bounds and token.kind == "name" and len(written) == 1:
                self.take()
                return Sym(written, None, (), written)
            if written == "d":
                saved = self.pos
                try:
                    return self.slash_derivative()
                except LatexError:
                    self.pos = saved
            raise LatexError(self.notation.unknown(written), token.position)
        if token.kind == "macro":
            raise LatexError(f"the macro {text} is not supported by the checker", token.position)
        raise LatexError(f"unexpected {text!r}", token.position)

