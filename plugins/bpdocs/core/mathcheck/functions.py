"""Reading functions: the activation (f(z), f'(z), \\sigma'(z), a layer's g^{[l]}), \\tanh and the other named
functions, \\operatorname{softmax} and words, \\sqrt, Nielsen's \\Sigma'(z) (a part of the parser)."""

from __future__ import annotations

from dataclasses import replace

from .indexes import index_expression
from .lexer import Token
from .reductions import ReductionReader
from .tree import Call, Index, LatexError, Op, Sym
from .walk import nodes

CLOSING = {"(": ")", "[": "]", "{": "}"}
FUNCTIONS = {r"\tanh": "tanh", r"\exp": "exp", r"\ln": "ln", r"\log": "ln", r"\sgn": "sign", r"\sin": "sin",
             r"\cos": "cos"}  # (\sin and \cos: Baydin et al.'s evaluation traces)
WORD_FUNCTIONS = {"softmax": "softmax", "diag": "diag", "relu": "relu", "ReLU": "relu", "exp": "exp", "tanh": "tanh",
                  "ln": "ln", "log": "ln", "sign": "sign", "sgn": "sign", "abs": "abs"}
NAMING_SUBSCRIPTS = {"act", "activation"}  # Kriesel's f_{act}: a subscript that names the function, no unit


class FunctionReader(ReductionReader):
    """The parser's reading of functions and their arguments (a mixin of :class:`~.parser.Parser`'s readers)."""

    def _prime(self) -> bool:
        """Whether a prime follows (``'``, ``^'``, ``^{'}``), taken."""
        if self.text_at() == "'":
            self.take()
            return True
        if self.text_at() == "^" and self.text_at(1) in ("'", "{") and (
                self.text_at(1) == "'" or self.text_at(2) == "'" and self.text_at(3) == "}"):
            self.take("^")
            self.raw_group()
            return True
        return False

    def _euler_power(self):
        """With e declared (the error signal), ``e^{-n^1_i}``, ``e^{z}``: Euler's number to a power that holds a
        letter is exp (a power of the error signal is a number, ``e^2``; its transpose is ``e^T``)."""
        start = self.pos
        self.take()
        self.take("^")
        group = self.raw_group()
        if any(t.kind in ("name", "macro") for t in group) and not any(t.text == "T" for t in group):  # (\\top: T)
            return Call("exp", self.sub_parser(group).parse())
        self.pos = start
        return None

    def argument(self, what: str, position: int):
        """A function's argument in parentheses (or brackets): its expression; the brackets are taken."""
        opening = self.text_at()
        if opening == "_":  # Deisenroth's \sigma_i(...), a layer's own function: not an activation the net has
            raise LatexError(f"{what}_...: a subscript on {what} is not read (the network's activation of a layer "
                             f"is the layer's own: write {what}(z^l_j); activation=\"tanh sigmoid\" gives each "
                             "layer its function)", position)
        if opening not in ("(", "["):
            raise LatexError(f"{what} needs its argument in parentheses, e.g. {what}(z^l_j)", position)
        self.take()
        inner = self.expression()
        self.take({"(": ")", "[": "]"}[opening])
        return inner

    def activation(self, meaning: str):
        """``f(z)``, ``f'(z)``, ``\\sigma'(z)``, ``g(a)``, ``h'(a_j)`` with h declared the activation; with the
        layer written on it (Ng's ``g^{[l]}(z^{[l]})``, ``g^{[l]\\prime}``; Wikipedia's ``f^l``), that layer's."""
        token = self.take()
        prime = self._prime()
        layer = unit = None
        if meaning == "f" and self.text_at() == "_" and self.notation.convention("layers") == "subscripts":
            layer, primed = self._function_layer(token, "_")  # Murphy's \varphi_l: layer l's, as f^{(l)} is
            prime = prime or primed or self._prime()
        elif meaning == "f" and self.text_at() == "_":  # Haykin's \varphi_j: unit j's activation
            unit, prime = self._unit_index(token), prime or self._prime()
        if meaning == "f" and self.text_at() == "^":
            layer, primed = self._function_layer(token)
            prime = prime or primed or self._prime()
        if self.text_at() not in ("(", "[") and layer is not None and prime:
            return _at_own_input(layer)  # g^{[l]\prime} alone: the layer says where its derivative is taken
        if self.text_at() not in ("(", "[") and prime:
            shown = f"{token.text}'"
            raise LatexError(f"{shown} without its argument: the derivative at which layer's pre-activation? write "
                             f"{shown}(z^l) (or {shown}(z^l_j)); with the layer on the function, f^{{l}}{{}}' or "
                             "(f^{l})' alone is read as the derivative at z^l, layer l's own pre-activation",
                             token.position)
        begin = self.peek().position if self.peek() is not None else token.position  # (at the end: no argument)
        call = Call(meaning + ("'" if prime else ""), self.argument(token.text, token.position))
        if unit is not None and not (isinstance(call.arg, Sym) and call.arg.indices == (Index(unit, 0),)
                                     or _unit_row(call.arg, unit)):
            shown = self.text[begin:self.tokens[self.pos - 1].stop] if self.text else "(...)"
            raise LatexError(f"{token.text}_{unit} (unit {unit}'s activation) applied to {shown}: it is read at its "
                             f"unit's input only, {token.text}_{unit}(v_{unit}); else write {token.text}(...), or, if "
                             f"_{unit} names the function (Brilliant's output activation g_o), declare "
                             f"{{{token.text}_{unit}: f}}", token.position)
        if layer is not None:
            _same_layer(call.arg, layer, token, self.notation.convention("weight_layer") == "from")
        return self.component(call, token.position)

    def _unit_index(self, token) -> str | None:
        self.take("_")  # (one letter: a layer's units share their activation)
        group = [t for t in self.raw_group() if t.kind != "space"]
        if "".join(t.text for t in group) in NAMING_SUBSCRIPTS:
            return None  # Kriesel's f_{act}, f_{\text{act}}: the activation by its name, not one unit's
        if len(group) != 1 or group[0].kind != "name" or len(group[0].text) != 1:
            raise LatexError(f"{token.text}_{{{''.join(t.text for t in group)}}}: a subscript on the activation is read as "
                             f"the unit it belongs to, one index letter ({token.text}_j); for a layer's activation write "
                             f"{token.text}^{{(l)}}", token.position)
        return group[0].text

    def primed_layer_function(self):
        """Wikipedia's ``(f^{l-1})'``, the derivative of layer l-1's activation written without an argument: taken
        at that layer's own pre-activation z^{l-1} (the layer written makes the argument certain); applied,
        ``(f^{l})'(z^l)``, at its argument. None, and nothing taken, for anything else in brackets."""
        saved = self.pos
        opening = self.take()
        token = self.peek()
        if token is None or self.notation.function(token.text) != "f" or self.text_at(1) != "^":
            self.pos = saved
            return None
        self.take()
        try:
            layer, primed = self._function_layer(token)
        except LatexError as exc:
            if self.text_at() == CLOSING[opening.text] and self.text_at(1) == "'":  # (f^1)': say it as written
                number = self.text[token.stop:self.peek().position].strip("^{} ") if self.text else "1"
                raise LatexError(f"({token.text}^{number})': a layer or a power? write ({token.text}^{{[{number}]}})' "
                                 f"(or ({token.text}^{{({number})}})') for the derivative of layer {number}'s "
                                 "activation", opening.position) from exc
            self.pos = saved
            return None
        if primed or self.text_at() != CLOSING[opening.text]:
            self.pos = saved
            return None
        self.take()
        if not self._prime():
            self.pos = saved
            return None
        if self.text_at() in ("(", "["):
            call = Call("f'", self.argument(f"({token.text}^{{{layer}}})'", token.position))
            _same_layer(call.arg, layer, token, self.notation.convention("weight_layer") == "from")
            return self.component(call, token.position)
        return _at_own_input(layer)

    def _function_layer(self, token: Token, mark: str = "^"):
        """The layer written on an activation function, ``^{[l]}``, ``^{(l)}``, ``^l``, ``^{l-1}`` (a prime may end
        it, ``^{[l]\\prime}``; ``_l`` with ``layers: subscripts``), and whether it is primed. A bare number could be
        a power: refused."""
        from .cursor import unbracketed

        start = self.take(mark).position
        inner = [t for t in self.raw_group() if t.kind != "space"]
        primed = bool(inner) and inner[-1].text == "'"
        inner = inner[:-1] if primed else inner
        inner, bracketed = unbracketed(inner)
        shown = f"{token.text}{mark}{{{''.join(t.text for t in inner)}}}"
        if not bracketed and (not inner or inner[0].kind == "number") and mark == "^" and \
                not (inner and self.notation.superscripts_are_layers):  # (declared: Goldberg's g^1 is layer 1's)
            number = "".join(t.text for t in inner) or "2"
            raise LatexError(f"{shown}(...): a layer or a power? write {token.text}^{{[{number}]}} (or "
                             f"^{{({number})}}) for that layer's activation, or ({token.text}(z))^2 for a power",
                             start)
        inner = self._number_of_layers(inner, shown)  # (a letter declared the output layer, UFLDL's n_l)
        return index_expression(inner, f"the layer of {token.text}"), primed

    def function(self, name: str):
        token = self.take()
        if self.text_at() == "'" or self.text_at() == "^" and self.text_at(1) == "'":
            raise LatexError(f"{token.text}' is not read; write the activation's derivative as f'(z) (with the "
                             f"activation {name}), or spell it out, e.g. 1 - \\tanh(z)^2", token.position)
        power = None
        if self.text_at() == "^":  # \tanh^2(z) is (\tanh z)^2
            self.take("^")
            power = self.sub_parser(self.raw_group()).parse()
            if self.text_at() not in ("(", "["):
                raise LatexError(f"{token.text}^...: give the argument in parentheses, {token.text}^2(x)",
                                 token.position)
        argument = self.argument(token.text, token.position) if self.text_at() in ("(", "[") else self.power()
        call = Call(name, argument)  # \tanh^2(z) of a vector: each entry's tanh squared ("fpow", elementwise)
        return Op("fpow", (call, power)) if power is not None else self.component(call, token.position)

    def square_root(self):
        token = self.take(r"\sqrt")
        if self.text_at() == "[":
            raise LatexError("\\sqrt[n]{...}: only square roots are read", token.position)
        return Call("sqrt", self.sub_parser(self.raw_group()).parse())

    def word_function(self):
        """``\\operatorname{softmax}(v)``, ``\\operatorname{diag}(v)``, ``\\mathrm{ReLU}(z)``."""
        name = WORD_FUNCTIONS[self.peek().text]
        if name in FUNCTIONS.values() and self.text_at(1) == "^" and self.text_at(2) != "'":
            return self.function(name)  # \operatorname{tanh}^2(z), a site's \tanh defined as \text{tanh}: as \tanh^2(z)
        token = self.take()
        if self._prime():
            if name != "relu":
                raise LatexError(f"{token.text}' is not read; write its derivative as a derivative or a Jacobian, "
                                 "\\frac{\\partial y}{\\partial z}", token.position)
            name = "relu'"
        return self.component(Call(name, self.argument(f"\\operatorname{{{token.text}}}", token.position)),
                              token.position)

    def diagonal_derivative(self):
        """Nielsen's ``\\Sigma'(z)``: the diagonal matrix of \\sigma'(z)."""
        token = self.take(r"\Sigma")
        if not self._prime():
            raise LatexError("\\Sigma is read only as Nielsen's \\Sigma'(z), the diagonal matrix of \\sigma'(z)",
                             token.position)
        return Call("Sigma'", self.argument("\\Sigma'", token.position))


def _at_own_input(layer: Index) -> Call:
    """The derivative of layer ``layer``'s activation at that layer's pre-activation, the vector z^l."""
    return Call("f'", Sym("z", layer, (), f"z^{{{layer}}}"))


def _same_layer(argument, layer, token: Token, weights_from: bool = False) -> None:
    """An activation written with its layer, ``g^{[l]}(z^{[l]})``, is read as the activation of its argument's
    layer: the two must be the same layer (the layer of a pre-activation, weight or bias in the argument; with
    ``weight_layer: from``, W^{(l)} and b^{(l)} lead into layer l + 1: UFLDL's f^{(l+1)}(W^{(l)} a^{(l)} + b^{(l)}))."""
    written = {replace(sym.layer, offset=sym.layer.offset + 1) if weights_from and sym.layer is not None
               and sym.name in ("w", "W", "b") else sym.layer
               for sym in nodes(argument) if isinstance(sym, Sym) and sym.name in ("z", "w", "W", "b")}
    if written != {layer}:
        said = "does not say which layer it is" if not written or None in written else "is of another layer"
        raise LatexError(f"{token.text} with layer {layer}: its argument {said}; the checker reads "
                         f"{token.text}^{{[l]}}(z^{{[l]}}) as layer l's activation of layer l's pre-activation",
                         token.position)


def _unit_row(arg, unit: str) -> bool:
    """ESL's ``g_k'(\\beta_k^T z)``: unit k's activation at its input, the weights into k dotted with z."""
    from .rowconventions import weight_row

    row = isinstance(arg, Op) and arg.op == "*" and weight_row(arg.args[0])
    return bool(row) and row.indices == (Index(unit, 0),)
