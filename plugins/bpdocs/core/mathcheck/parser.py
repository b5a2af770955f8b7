"""Recursive descent over the tokens of one side of an equation, into the tree of :mod:`.tree`.

Strict: what it cannot read, or could read two ways, is a :class:`LatexError` that names it and says
how to write it. The grammar is here; symbols (:mod:`.symbols`), operators (:mod:`.operators`) and
the names of a session check (:mod:`.session.reader`) are read by the parts it is made of.

Precedence is the texts': juxtaposition binds tighter than a product written with an operator
(``\\cdot``, ``\\times``, ``*``), and these tighter than an elementwise one (``\\odot``, ``\\circ``, ``.*``), so
``f'(z) \\circ W^T \\delta`` is ``f'(z) \\circ (W^T \\delta)`` and Wikipedia's ``(f^{l-1})' \\circ (W^l)^T \\cdot
\\delta^l`` is ``(f^{l-1})' \\circ ((W^l)^T \\cdot \\delta^l)`` (or all taken from the right: :mod:`.products`);
``+`` and ``-`` bind loosest.
"""

from __future__ import annotations

from dataclasses import replace

from . import piecewise
from .advice import index_alone, unexpected, unknown_name
from .ambiguous import example_letter, sum_index_as_power
from .cursor import TokenCursor
from .lexer import Token, tokenize
from .notation import DEFAULT, EXAMPLED, Notation
from .products import ProductReader
from .functions import CLOSING, FUNCTIONS, WORD_FUNCTIONS
from .operators import REDUCTIONS, OperatorReader, _divide_last
from .session.reader import SessionReader
from .symbols import SymbolReader
from .gradients import GradientReader
from .tree import Call, Gradient, Index, LatexError, Letter, Num, Op, Sym, quoted

FACTOR_MACROS = {r"\frac", r"\max", r"\Delta", r"\sigma", r"\partial", r"\nabla", r"\|", r"\sqrt", r"\Sigma", r"\bar",
                 *FUNCTIONS, *REDUCTIONS}


def parse_side(text: str, notation: Notation = DEFAULT):
    """One side of an equation, as a tree."""
    return Parser(tokenize(text), notation, text).parse()


class Parser(TokenCursor, ProductReader, SymbolReader, OperatorReader, SessionReader, GradientReader):
    def parse(self):
        if self.peek() is None:
            raise LatexError("an empty side of an equation")
        tree = self.expression()
        if self.peek() is not None:
            raise LatexError(unexpected(self.peek().text, self.previous()), self.peek().position)
        return tree

    def expression(self):
        left = self.term()
        while self.text_at() in ("+", "-"):
            op = self.take().text
            left = Op(op, (left, self.term()))
        return left

    def juxtaposed(self):
        result = self.signed()
        while True:
            token = self.peek()
            if token is None:
                break
            if token.text == "/":
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
        if token.text == "|":
            return self.bars == 0
        if token.kind in ("number", "name", "word"):
            return True
        if token.kind == "macro":
            return token.text in FACTOR_MACROS or token.text == r"\delta" or self.notation.canonical(token.text) \
                is not None or self.notation.function(token.text) is not None or self.session_name(token.text)
        return token.text in ("(", "[", "{")

    def _derivative_operator_ahead(self) -> bool:
        """``\\frac{\\partial}{\\partial w}`` (nothing else on top) is an operator on what follows."""
        if self.text_at() != r"\frac" or self.text_at(1) != "{":
            return False
        return self.text_at(2) in (r"\partial", "d", r"\delta") and self.text_at(3) == "}"

    def signed(self):
        if self.text_at() == "-":
            self.take()
            return Op("neg", (self.signed(),))
        if self.text_at() == "+":
            self.take()
            return self.signed()
        return self.power()

    def power(self):
        first = self.peek()
        base = self.atom()
        while self.text_at() == "^":
            start = self.take().position
            exponent = self.raw_group()
            texts = [t.text for t in exponent if t.kind != "space"]
            if texts == ["T"]:
                base = Op("T", (base,))
            elif texts and texts[0] == "'":
                raise LatexError(unexpected("'", self.previous()), start)
            elif not texts:
                raise LatexError("an empty superscript ^{}", start)
            elif len(texts) == 1 and isinstance(base, Sym) and texts[0] in self.sum_letters and self.notation.batch \
                    and base.name in EXAMPLED and base.example is None and self.text_at() != "_":  # Bishop's
                # \sum_n E^n, Hinton's x_i^n: example n's (Alpaydin's r^t_i, its unit after: refused, as below)
                written = self.text[first.position:self.tokens[self.pos - 1].stop] if self.text else base.text
                base = replace(base, example=Index(texts[0], 0), text=written)
            elif len(texts) == 1 and isinstance(base, Sym) and base.name not in self.notation.constants and (
                    texts[0] in self.sum_letters
                    or base.name in ("E", "E_0") and example_letter(texts[0], self.notation)):
                # LeCun's E^p in a sum over p, Bishop's E^n: example p's error, no power (\alpha^k is one)
                raise sum_index_as_power(self.text[first.position:start].strip() if self.text else "E", texts[0],
                                         start, base.name in ("E", "E_0"), texts[0] in self.sum_letters)
            else:
                base = Op("pow", (base, self.sub_parser(exponent).parse()))
        if self.text_at() == "_" and isinstance(base, Op) and base.op == "pow" and isinstance(base.args[0], Call) \
                and base.args[0].name == "norm":  # \|v\|^2_2: the subscript after the power
            base = Op("pow", (self.norm_subscript(base.args[0]), base.args[1]))
        return base

    def atom(self):
        token = self.peek()
        if token is None:
            raise LatexError(f"the expression is incomplete after {quoted(self.previous())}" if self.previous()
                             else "the expression is incomplete", len(self.text))
        text = token.text
        if (piece := piecewise.read(self)) is not None:  # \max(0, z), \mathbb{1}(z > 0), [z > 0]
            return piece
        if token.kind == "number":
            self.take()
            return Num(float(text))
        if text in CLOSING:
            primed = self.primed_layer_function()  # Wikipedia's (f^{l-1})'
            if primed is not None:
                return primed
            self.take()
            bars, self.bars = self.bars, 0  # in brackets, a bar opens again: |(x - |y|)|
            inner = self.expression()
            self.bars = bars
            self.take(CLOSING[text])
            return self.component(inner, token.position)
        if text == r"\|":
            self.take()
            self.norms += 1
            inner = self.expression()
            self.norms -= 1
            self.take(r"\|")
            return self.norm_subscript(Call("norm", inner))
        if text == "|":  # |x|, \lvert x \rvert, \left| x \right|: an absolute value (of a number only)
            self.take()
            self.bars += 1
            inner = self.expression()
            self.bars -= 1
            self.take("|")
            return Call("abs", inner)
        if text == r"\bar":  # (a bar over more than a letter: see the lexer)
            return self.barred_gradient()
        if text == r"\frac":
            return self.fraction()
        if text in REDUCTIONS:
            return self.reduction()
        if text == r"\Delta" and (text not in self.notation.aliases or  # (declared, AIMA's \Delta_k is a name)
                                  self.notation.canonical(self.text_at(1) or "") in ("w", "W", "b")):  # (not \Delta w)
            self.take()
            following = self.peek()
            if following is not None and following.text == "_":  # PDP's \Delta_p w_{ji}: pattern p's change
                raise LatexError("a subscript on \\Delta (\\Delta_p w: one pattern's change) is not read: write the "
                                 "change summed over the patterns, \\Delta w_{ji} = \\eta \\sum_p \\delta_{pj} "
                                 "o_{pi}, or a pattern's own as a derivative of its error, E_p", token.position)
            if following is None or following.kind not in ("name", "word", "macro"):
                raise LatexError("\\Delta stands before a weight or a bias, e.g. \\Delta w^l_{kj}", token.position)
            var = self.symbol()
            if isinstance(var, Op) and var.op == "T" and isinstance(var.args[0], Sym):  # Rojas' \Delta W^{(2)T}
                return Op("T", (Gradient(var.args[0]),)) if var.args[0].name in ("w", "W", "b") else \
                    self._not_after_delta(var.args[0], token)
            if not isinstance(var, Sym) or var.name not in ("w", "W", "b"):
                self._not_after_delta(var, token)
            return Gradient(var)
        if text == r"\nabla":
            return self.nabla()
        if text == r"\partial":
            return self.slash_derivative()
        if text == r"\sqrt":
            return self.square_root()
        if text in FUNCTIONS:
            return self.function(FUNCTIONS[text])
        if text == r"\Sigma":
            return self.diagonal_derivative()
        if token.kind == "text":
            raise LatexError(f"\\text{{{text}}} inside an expression is not read by the checker; "
                             "write the quantity in the notation", token.position)
        if self.notation.session is not None:
            return self.session_atom()
        if token.kind == "word" and text in WORD_FUNCTIONS:
            return self.word_function()
        if token.kind in ("name", "word", "macro") and self.notation.function(text) is not None \
                and (text in ("f", r"\sigma") or self._applied(1) or self.text_at(1) == "'" and self._applied(2)
                     or self._layered_function(text) or self._unit_function(text)):
            return self.activation(self.notation.function(text))
        if token.kind in ("name", "word") or token.kind == "macro" and (
                text == r"\delta" or self.notation.canonical(text) is not None):
            return self.named()
        if token.kind == "macro":
            applied = self.applied_after_scripts(1)  # (\Phi'(z), \Phi_k'(z): a function, its derivative perhaps)
            raise LatexError(index_alone(text, self.text, token.position) or
                             unknown_name(text, self.notation, applied=applied, update=self._update()), token.position)
        raise LatexError(unexpected(text, self.previous()), token.position)

    def _layered_function(self, text: str) -> bool:
        """Whether the activation's letter at the cursor carries a layer and is applied, ``g^{[l]}(z^{[l]})``,
        ``g^{[l]\\prime}(...)``, ``g'^{[l]}(...)``, or primed (``g^{[l]\\prime}`` alone: at layer l's input)."""
        if self.notation.function(text) != "f":
            return False
        ahead = 2 if self.text_at(1) == "'" else 1
        if self.text_at(ahead) not in ("^", "_" * (self.notation.convention("layers") == "subscripts")):
            return False  # (with layers: subscripts, Murphy's \varphi_l(...) too)
        rest, depth, primed = ahead + 1, 0, ahead == 2
        while self.text_at(rest) is not None:
            depth += {"{": 1, "}": -1}.get(self.text_at(rest), 0)
            primed = primed or self.text_at(rest) == "'"
            rest += 1
            if depth == 0:
                break
        primed = primed or self.text_at(rest) == "'"
        return primed or self._applied(rest)  # applied, or primed alone: the derivative at its layer's input

    def _unit_function(self, text: str) -> bool:
        """Whether the activation's letter at the cursor carries a unit's index and is applied: Haykin's
        ``\\varphi_j(v_j)``, ``\\varphi_j'(v_j)`` (the activation of unit j; a layer's units share theirs)."""
        script = 2 if self.text_at(1) == "'" else 1  # (\\varphi'_j: the prime first)
        ahead = script + (4 if self.text_at(script + 1) == "{" else 2)  # _j or _{j}
        if self.notation.function(text) != "f" or self.text_at(script) != "_" or self.text_at(ahead - 1) is None or \
                (ahead - script == 4 and self.text_at(ahead - 1) != "}"):
            return False
        return self._applied(ahead) or self.text_at(ahead) == "'" and self._applied(ahead + 1)

    def _not_after_delta(self, var, token):
        """Raise: \\Delta before ``var``, no weight nor bias (quoted as written)."""
        written = var.text if isinstance(var, Sym) else self.text[token.position:self.tokens[self.pos - 1].stop] \
            if self.text else "what follows it"
        raise LatexError(f"\\Delta stands before a weight or a bias (\\Delta w: the gradient dE/dw, or the update "
                         f"with bpdocs_notation {{Delta: update}}), not {written}", token.position)

    def _applied(self, ahead: int) -> bool:
        """Whether the token ``ahead`` opens an argument: ``(`` or ``[``."""
        return self.text_at(ahead) in ("(", "[")

    def named(self):
        """A letter or word: a symbol of the notation, e^{...}, an index in bounds, or d of a derivative."""
        token = self.peek()
        if self.notation.session is None and (output := self.hypothesis()) is not None:
            return output
        written = self._written_name()
        width = len(written) if token.kind == "name" and len(token.text) == 1 else 1
        if written == "e" and self.text_at(1) == "^" and self.notation.canonical("e") is not None:
            exponential = self._euler_power()  # (e declared: Haykin's and Hagan's error signal, e = t - y)
            if exponential is not None:
                return exponential
        if self.notation.canonical(written) is not None:
            if self.text_at(width) == "'" and self._applied(width + 1):
                raise LatexError(
                    f"{written}'(...): {written} is a quantity in the notation, so a prime on it is not read; if "
                    f"{written} is your activation function (Bishop writes h'(a_j)), declare it with "
                    f"bpdocs_notation: {{{written}: f}} (and give the units another name, e.g. {{z: h}})",
                    token.position)
            return self.symbol()
        if written == "e" and self.text_at(1) == "^":
            self.take()
            self.take("^")
            return Call("exp", self.sub_parser(self.raw_group()).parse())
        if self.bounds and token.kind == "name" and len(written) == 1:
            self.take()
            return Letter(written)
        if written == self.notation.gradient_prefix and self._prefixes_a_name(any_letter=self.notation.batch):
            return self.prefixed_gradient()
        if written.startswith("\\bar{") and self.notation.gradient_bar:
            return self.barred_gradient()
        if written == "d":
            saved = self.pos
            try:
                return self.slash_derivative()
            except LatexError:
                self.pos = saved
            if self._prefixes_a_name():
                raise LatexError(f"d{self.text_at(1)}: a d before a name of the notation (Ng's dz^{{[l]}}, dW^{{[l]}}: "
                                 "the gradient of the loss) is read with bpdocs_notation: {d: gradient}",
                                 token.position)
        applied = self._applied(width) or self.text_at(width) == "'" and self._applied(width + 1)
        raise LatexError(index_alone(written, self.text, token.position) or
                         unknown_name(written, self.notation, applied=applied, update=self._update()), token.position)

    def _prefixes_a_name(self, any_letter: bool = False) -> bool:
        """Whether the letter at the cursor is written against a name of the notation: Ng's ``dz``, ``dW`` (or
        against any letter: his ``dZ``, ``dA`` of a batch)."""
        token, following = self.peek(), self.peek(1)
        return following is not None and following.position == token.stop and following.kind == "name" and \
            (any_letter or self.notation.canonical(following.text) not in (None, "E", "E_0", "N", "n"))

    def _update(self) -> bool:
        """Whether the row writes \\Delta before a weight, and the update's rate is not declared: a Greek letter in it
        may be the rate."""
        return r"\Delta" in self.text and (self.notation.convention("Delta") != "update" or
                                           not self.notation.rate_declared)

    def component(self, inner, position: int):
        """``(v)_j``: an entry of the vector or matrix in parentheses (else the group itself)."""
        if self.text_at() != "_":
            return inner
        from .tree import Component

        self.take("_")
        tokens = self.raw_group()
        shown = "".join(t.text for t in tokens)
        return Component(inner, tuple(self.indices(tokens, "component", f"(...)_{{{shown}}}")), f"(...)_{{{shown}}}")
