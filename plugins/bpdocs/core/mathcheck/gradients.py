"""Reading a gradient written as a mark on a name (a part of the parser): Ng's ``dz^{[l]}`` (declared
``{d: gradient}``) and Grosse's ``\\bar{z}_k``, ``\\overline{w^{(2)}_{ki}}`` (declared ``{bar: gradient}``), each the
error's derivative by the quantity marked."""

from __future__ import annotations

from dataclasses import replace

from .lexer import Token
from .tree import Derivative, LatexError, Sym


class GradientReader:
    def prefixed_gradient(self):
        """Ng's ``dz^{[l]}``, ``dW^{[l]}``, ``db^{[l]}``, declared ``{d: gradient}``: the gradient of the error (in a
        batch, of dW and db only: his ``dZ^{[l]}`` over m examples stacks the examples' gradients, which is not E's)."""
        token = self.take()
        if self.notation.batch and self.notation.canonical(self.text_at() or "") not in ("w", "W", "b"):
            # (dW and db, of parameters every example shares, are the batch error's gradient: his 1/m is E's mean)
            raise LatexError(f"d{self.text_at()}: Ng's d of a layer's values over a batch stacks each example's "
                             "gradient (dZ = A - Y has no 1/m), which is not a gradient of E (his dW and db are, with "
                             "reduction=\"mean\"); check the one-example form without batch", token.position)
        var = self._variable(self.symbol(), token.position)
        return Derivative(Sym("E", None, (), "E"), var)

    def barred_gradient(self):
        """Grosse's error signals, declared ``{bar: gradient}``: ``\\bar{z}_k``, ``\\overline{w^{(2)}_{ki}}``, a bar
        over a quantity of the network, are the error's derivative by it, dE/dz_k and dE/dw^{(2)}_{ki}."""
        token = self.peek()
        if not self.notation.gradient_bar:
            raise LatexError(r"\bar goes on one letter, e.g. \bar{y}; a bar over a whole symbol, Grosse's "
                             r"\overline{w_{ki}} (the loss's derivative by w_{ki}), is read with bpdocs_notation: "
                             "{bar: gradient}", token.position)
        if token.kind == "macro":  # \overline{w_{ki}^{(2)}}
            self.take()
            var = self.sub_parser(self.raw_group()).symbol()
        else:  # \bar{z} and its scripts: the letter under the bar, read as if written alone (and named so)
            letter, at = token.text[len("\\bar{"):-1], self._index()
            reader = self.sub_parser([Token("name", letter, token.position, token.stop), *self.tokens[at + 1:]])
            var = reader.symbol()
            self.pos = at + reader.pos  # (the tokens are this side's own: none is changed)
            written = self.text[token.position:token.stop] if self.text else token.text  # (\bar{\mathbf{h}} too)
            var = replace(var, text=var.text.replace(written, letter, 1)) if isinstance(var, Sym) else var
        return Derivative(Sym("E", None, (), "E"), self._variable(var, token.position))
