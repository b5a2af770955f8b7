"""Reading operators: fractions and derivatives, \\nabla (a part of the parser; functions: :mod:`.functions`, sums:
:mod:`.reductions`)."""

from __future__ import annotations

import numbers

from .functions import FunctionReader
from .lexer import Token
from .tree import Call, Derivative, LatexError, Num, Op, Sym, quoted

DERIVATIVE_OPERATORS = (r"\partial", "d", r"\delta")
REDUCTIONS = (r"\sum", r"\prod", r"\Pi")


class OperatorReader(FunctionReader):  # (functions: functions.py; sums and products: reductions.py)
    def _frac_argument(self) -> list[Token]:
        """A ``\frac`` argument: a braced group or one token; ``\frac12`` takes one digit each."""
        token = self.peek()
        if token is not None and token.kind == "number" and token.text.isdigit() and len(token.text) > 1:
            n = self._index()
            self.tokens[n] = Token("number", token.text[1:], token.position + 1)
            return [Token("number", token.text[0], token.position)]
        return self.raw_group()

    def norm_subscript(self, norm: Call) -> Call:
        """``\\|v\\|_1`` (the L1 norm), ``\\|v\\|_2`` (Euclidean), ``\\|W\\|_F`` (Frobenius); without one, ``norm``."""
        if self.text_at() != "_":
            return norm
        start = self.take("_").position
        texts = [t.text for t in self.raw_group() if t.kind != "space"]
        kinds = {("1",): "norm1", ("2",): "norm2", ("F",): "normF"}
        if tuple(texts) not in kinds:
            raise LatexError(f"\\|...\\|_{{{''.join(texts)}}}: the checker reads \\|v\\|_1 (the sum of absolute "
                             "values), \\|v\\|_2 (Euclidean) and \\|W\\|_F (Frobenius)", start)
        return Call(kinds[tuple(texts)], norm.arg)

    def fraction(self):
        self.take(r"\frac")
        top, bottom = self.sub_parser(self._frac_argument()), self.sub_parser(self._frac_argument())
        # (a \delta or d below is a derivative's only when it is above too: \frac{\epsilon}{\delta + r} is Goodfellow's
        # RMSProp step, with \delta a small constant)
        if bottom.text_at() in DERIVATIVE_OPERATORS and bottom.peek(1) is not None and \
                (bottom.text_at() == r"\partial" or top.text_at() == bottom.text_at()):
            if top.text_at() in DERIVATIVE_OPERATORS and top.text_at(1) == "^":
                raise LatexError(_scripted(top), top.peek().position)
            operator = bottom.take()
            if bottom.text_at() == "^":
                raise LatexError("second derivatives are not supported by the checker", operator.position)
            wrapped = bottom.text_at() == "(" and bottom.text_at(1) != ")"  # Zurada's \partial (net_k)
            if wrapped:
                bottom.take("(")
            var = bottom.symbol()
            signal = _error_signal(var)
            if signal is not None:  # Haykin's \partial e_j(n): e = t - y, the target fixed, so d/de_j is -d/dy_j
                var = signal
            if not isinstance(var, Sym):
                written = bottom.text[operator.position:bottom.tokens[-1].stop] if bottom.text else str(var)
                raise LatexError(f"a derivative by {quoted(written)} is not read", operator.position)
            if wrapped:
                bottom.take(")")
            if bottom.peek() is not None:  # (Hinton's \partial y^n: a superscript there, an example in parentheses)
                example = f" (an example of a batch is written in parentheses, {var.text}^{{(n)}})" * (
                    bottom.text_at() == "^" and bool(self.notation.batch) and var.name in ("x", "y", "t", "h", "z"))
                raise LatexError(f"a derivative's denominator is one symbol, {operator.text} {var.text}; "
                                 f"{quoted(bottom.peek().text)} after it is not read{example}", bottom.peek().position)
            if top.text_at() not in DERIVATIVE_OPERATORS:
                raise LatexError(f"a derivative's numerator must start with {operator.text}, like its denominator")
            top.take()
            if top.text_at() == "^":
                raise LatexError(_scripted(top))
            derivative = Derivative(self.term() if top.peek() is None else top.parse(), var)  # (None: d/dw, an
            return derivative if signal is None else Op("neg", (derivative,))  # operator on the rest of the term)
        return Op("/", (top.parse(), bottom.parse()))

    def slash_derivative(self):
        """``\\partial E / \\partial w`` (or ``dE/dw``), written inline."""
        operator = self.take()
        body = self.power()
        if self.text_at() != "/" or self.text_at(1) != operator.text:
            raise LatexError(f"{operator.text} is read only in a derivative: \\frac{{{operator.text} E}}"
                             f"{{{operator.text} w}} or {operator.text} E / {operator.text} w", operator.position)
        self.take("/")
        self.take(operator.text)
        return Derivative(body, self._variable(self.symbol(), operator.position))

    def nabla(self):
        start = self.take(r"\nabla").position
        if self.text_at() != "_":
            return self._nabla_of_the_weights(start)
        self.take("_")
        var = self._variable(self.sub_parser(self.raw_group()).symbol(), start)
        # Of the factor that follows, with the constant factors before it: \nabla_y \frac{1}{2} \|y - t\|^2 is
        # \nabla_y (\frac{1}{2} \|y - t\|^2), not a gradient of 1/2 (0) times the rest; \nabla_a J \, h^T is
        # (\nabla_a J) h^T, and an operator product ends it (Nielsen's \nabla_a C \odot \sigma'(z^L)); a product
        # whose factor is the variable itself is the gradient's whole (\nabla_x x^T A x)
        body = factor = self.power()
        while (token := self.peek()) is not None and token.text != "/" and self._starts_factor(token):
            if _the_variable(factor, var):  # \nabla_x x^T A x: of the whole product (of x^T alone, it is I)
                body = Op("*", (body, self.term()))
                if self.text_at() in ("+", "-"):  # \nabla_x x^T A x + b^T x: of the sum, or of its first term?
                    raise LatexError("\\nabla of a product followed by + or -: of the whole sum, or of its first "
                                     "term? put what it differentiates in parentheses, \\nabla_x (x^T A x + b^T x)",
                                     start)
                break
            if not self._constant(body):
                break
            if token.text in REDUCTIONS:  # a sum takes the rest of the term, as it does outside a gradient
                body = Op("*", (body, self.term()))
                break
            factor = self.power()
            body = Op("*", (body, factor))
        return Derivative(body, var)

    def _nabla_of_the_weights(self, start: int):
        """Bishop's ``\\nabla E(\\mathbf{w})``, ``\\nabla E_n(\\mathbf{w}^{(\\tau)})``: the error's gradient by the
        weights (or biases) its argument names, \\nabla_{\\mathbf{w}} E."""
        first = self.pos
        body = self.power()
        taken = self.tokens[first:self.pos]
        opens = next((n for n, t in enumerate(taken) if t.text == "("), None)
        if opens is not None and taken[-1].text == ")" and isinstance(body, Sym) and body.name in ("E", "E_0"):
            var = self.sub_parser(taken[opens + 1:-1]).symbol()
            if isinstance(var, Sym) and var.name in ("w", "W", "b"):
                return Derivative(body, var)
        raise LatexError("\\nabla needs what it differentiates by, e.g. \\nabla_{y} E (or the weights as the "
                         "error's argument, \\nabla E(\\mathbf{w}))", start)

    def _constant(self, node) -> bool:
        """A number, a declared constant (``{lambda: constant}``), a batch's N, a number of the page's code, or a
        product or quotient of them."""
        if isinstance(node, Num):
            return True
        if isinstance(node, Sym):
            session = self.notation.session  # (a number of the page's code: CS229's m, a 1/(2n))
            return not node.indices and (node.name in self.notation.constants or node.name == "N" or session is not None
                                         and session.knows(node.name) and _a_number(session.value(node.name)))
        return isinstance(node, Op) and node.op in ("*", "/", "neg", "cdot", "times") and \
            all(map(self._constant, node.args))

    @staticmethod
    def _variable(var, position: int) -> Sym:
        """What a derivative is taken by: a symbol (not Kronecker's \\delta_{kj}, a number)."""
        if not isinstance(var, Sym):
            raise LatexError("a derivative is taken by a symbol of the network (a weight, unit, input, "
                             "pre-activation or bias), not by Kronecker's \\delta_{kj}", position)
        return var


def _divide_last(left, right):
    """``a b / c``: the division binds to the last factor, as in the derivation's writing."""
    if isinstance(left, Op) and left.op == "*":
        return Op("*", (left.args[0], Op("/", (left.args[1], right))))
    return Op("/", (left, right))


def _scripted(top) -> str:
    """Why a derivative's numerator with a superscripted operator is refused: a second derivative, or Werbos'
    ordered derivative \\partial^+ (a total derivative, not a second one)."""
    at = top.pos + (0 if top.text_at() == "^" else 1)
    script = top.tokens[at + 1].text if at + 1 < len(top.tokens) else ""
    if script == "+":
        return ("\\partial^+, an ordered (total) derivative (Werbos'), is not read; write the derivative "
                "\\frac{\\partial E}{\\partial h_j}, which is the total one")
    return "second derivatives are not supported by the checker"


def _error_signal(var) -> Sym | None:
    """The output ``y_j`` of an error signal ``e_j`` (a name declared ``error``, read as ``t_j - y_j``), else None."""
    if isinstance(var, Op) and var.op == "-" and len(var.args) == 2 \
            and all(isinstance(a, Sym) for a in var.args) and [a.name for a in var.args] == ["t", "y"]:
        return var.args[1]
    return None


def _a_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _the_variable(node, var) -> bool:
    """Whether ``node`` is the variable ``var`` itself, or it transposed."""
    node = node.args[0] if isinstance(node, Op) and node.op == "T" else node
    return isinstance(node, Sym) and isinstance(var, Sym) and \
        (node.name, node.layer, node.indices, node.example) == (var.name, var.layer, var.indices, var.example)
