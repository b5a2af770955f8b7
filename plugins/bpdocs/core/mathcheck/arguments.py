"""Values written as functions (a part of the parser): ESL's ``f_k(x)``, Bishop's ``y_k(\\mathbf{x}, \\mathbf{w})``,
Nielsen's ``y(x)``, MacKay's ``y(a)``, UFLDL's hypothesis ``h_{W,b}(x)``: the value itself, its argument taken."""

from __future__ import annotations

from .indexes import index_expression
from .lexer import Token
from .tree import Index, LatexError, Sym

PARAMETERS = {"W", "w", "b", r"\theta", r"\Theta"}  # (\mathbf{W}, \boldsymbol{\theta}: read as W, \theta)


class ArgumentReader:
    def _of_the_input(self) -> Index | None:
        """ESL's ``f_k(x)``, Bishop's ``y_k(\\mathbf{x}, \\mathbf{w})``, Nielsen's ``y(x)`` and ``a^L(x)``: a value
        written as a function of the input (and the parameters) is the value; the argument is taken, and in a batch
        its example returned (MacKay's ``y(\\mathbf{x}^{(n)}; \\mathbf{w})``, example n's output). Anything else
        after it is left as it is (None)."""
        argument = self.peek(1)  # x, or the input's own name (ISLP's f(X), declared {X: x})
        if self.text_at() != "(" or argument is None or self.notation.canonical(argument.text) != "x":
            return None
        saved, example = self.pos, None
        self.take()
        self.take()
        if self.notation.batch and self.text_at() == "^":
            self.take()
            group = [t for t in self.raw_group() if t.kind != "space"]
            if len(group) < 3 or group[0].text not in "([" or group[-1].text not in ")]":
                self.pos = saved
                return None
            example = index_expression(group[1:-1], "the example of x")
        while self.text_at() in (",", ";") and self.text_at(1) in PARAMETERS:
            self.take()
            self.take()
        if self.text_at() != ")":
            self.pos = saved
            return None
        self.take()
        return example

    def _of_its_field(self, first: Token) -> None:
        """MacKay's ``y(a)`` ({a: z}), ``y(z)``, ``h^l_j(z^l_j)``: a unit's value written as a function of its
        pre-activation (its own, with the same scripts, or its layer's, bare) is the value; the argument is taken.
        (Read as a product, y times z, a true y(z) = \\sigma(z) did not hold and a wrong z \\sigma(z) did.)"""
        close = next((n for n in range(1, 16) if self.text_at(n) in (")", "(")), None)
        if self.text_at() != "(" or close is None or self.text_at(close) != ")":
            return
        inner = [self.peek(n) for n in range(1, close)]
        if not inner or inner[0].kind not in ("name", "macro") or self.notation.canonical(inner[0].text) != "z":
            return
        scripts = [t.text for t in self.tokens[self.tokens.index(first) + 1:self.pos] if t.kind != "space"]
        if [t.text for t in inner[1:]] in ([], scripts):
            self.pos = self._index(close) + 1

    def hypothesis(self) -> Sym | None:
        """UFLDL's ``h_{W,b}(x)``, CS229's ``h_\\theta(x)``: a letter whose subscript names the parameters, applied to
        the input, is the network's output y (taken); None, nothing taken, for anything else."""
        first, saved = self.peek(), self.pos
        if first.kind != "name" or len(first.text) != 1 or self.text_at(1) != "_" or self.notation.canonical("x") != "x":
            return None
        self.take()
        self.take("_")
        names = [t.text for t in self.raw_group() if t.kind != "space" and t.text not in (",", ";")]
        if names and set(names) <= PARAMETERS and (example := self._example_input()) is not None:
            return Sym("y", None, (), self.text[first.position:self.tokens[self.pos - 1].stop] if self.text else "y",
                       example)  # Ng's h_\theta(x^{(i)}) in a batch: example i's output
        if names and set(names) <= PARAMETERS and self.text_at() == "(" \
                and (self.text_at(1), self.text_at(2)) != ("x", ")"):
            written = self.text[first.position:self.peek().position].strip()
            raise LatexError(f"{written}(...): a hypothesis is read only at the network's input x, as its output y: "
                             f"{written}(x)", first.position)
        if not names or not set(names) <= PARAMETERS or [self.text_at(n) for n in range(3)] != ["(", "x", ")"]:
            self.pos = saved  # (not a hypothesis: nothing taken)
            return None
        for _ in range(3):
            self.take()
        return Sym("y", None, (), self.text[first.position:self.tokens[self.pos - 1].stop] if self.text else "y")

    def _example_input(self) -> Index | None:
        """In a batch, ``(x^{(i)})`` at the cursor: example i's input (taken), its example; else None, nothing taken."""
        if not self.notation.batch or [self.text_at(n) for n in range(3)] != ["(", "x", "^"]:
            return None
        saved = self.pos
        for _ in range(3):
            self.take()
        group = [t for t in self.raw_group() if t.kind != "space"]
        if len(group) < 3 or group[0].text not in "([" or group[-1].text not in ")]" or self.text_at() != ")":
            self.pos = saved
            return None
        self.take()
        return index_expression(group[1:-1], "the example of x")

    def _unit_argument(self) -> Token | None:
        """Marsland's ``\\delta_o(k)``: a unit's index written as an argument, a letter declared in ``index_layers``
        (taken, and returned); None, nothing taken, for anything else."""
        if self.text_at() == "(" and self.text_at(2) == ")" and self.text_at(1) in (self.notation.index_layers or {}):
            letter = self.peek(1)
            for _ in range(3):
                self.take()
            return letter
        return None
