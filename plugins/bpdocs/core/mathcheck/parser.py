"""Recursive descent over the tokens of one side of an equation, into the tree of :mod:`.tree`.

Strict: what it cannot read, or could read two ways, is a :class:`LatexError` that names it.
An index is a whole token (``y_{10}`` is unit ten); ``w_{11}`` is the derivation's two
one-digit indices; ``w_{1,10}`` or ``w_{1\\,10}`` separate longer ones. A superscript on
h, z, w, W, b or \\delta is its layer; ``T``, ``\\top``, ``\\intercal`` transpose.
"""

from __future__ import annotations

from .lexer import Token, tokenize
from .notation import DEFAULT, INDEX_COUNT, LAYERED, Notation
from .tree import Call, Derivative, Gradient, Index, LatexError, Num, Op, Reduce, Sym

DERIVATIVE_OPERATORS = (r"\partial", "d", r"\delta")
FUNCTIONS = {r"\tanh": "tanh", r"\exp": "exp", r"\ln": "ln", r"\log": "ln"}
REDUCTIONS = (r"\sum", r"\prod", r"\Pi")
PRODUCTS = {r"\cdot": "cdot", r"\times": "*", "*": "*", r"\odot": "odot", r"\circ": "odot"}
FACTOR_MACROS = {r"\frac", r"\Delta", r"\sigma", r"\partial", r"\nabla", r"\|", *FUNCTIONS, *REDUCTIONS}


def parse_side(text: str, notation: Notation = DEFAULT):
    """One side of an equation, as a tree."""
    return Parser(tokenize(text), notation, text).parse()


class Parser:
    def __init__(self, tokens: list[Token], notation: Notation = DEFAULT, text: str = "", bounds: bool = False):
        self.tokens, self.notation, self.text = tokens, notation, text
        self.bounds = bounds  # in a sum's bounds, a lone letter is an index or L, K, I
        self.pos = 0
        self.norms = 0  # inside \| ... \|: a bar closes, it does not open

    # -- tokens ------------------------------------------------------------------------
    def _index(self, ahead: int = 0) -> int | None:
        n, seen = self.pos, -1
        while n < len(self.tokens):
            if self.tokens[n].kind != "space":
                seen += 1
                if seen == ahead:
                    return n
            n += 1
        return None

    def peek(self, ahead: int = 0) -> Token | None:
        n = self._index(ahead)
        return None if n is None else self.tokens[n]

    def text_at(self, ahead: int = 0) -> str | None:
        token = self.peek(ahead)
        return None if token is None else token.text

    def take(self, expected: str | None = None) -> Token:
        n = self._index()
        if n is None:
            raise LatexError(f"the expression ends early{f'; expected {expected!r}' if expected else ''}",
                             len(self.text))
        token = self.tokens[n]
        if expected is not None and token.text != expected:
            raise LatexError(f"expected {expected!r} but found {token.text!r}", token.position)
        self.pos = n + 1
        return token

    def raw_group(self) -> list[Token]:
        """The tokens of a script: a braced group (spaces kept) or the next single token."""
        first = self.take()
        if first.text != "{":
            return [first]
        depth, group = 1, []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            self.pos += 1
            if token.kind == "punct" and token.text in "{}":
                depth += 1 if token.text == "{" else -1
                if depth == 0:
                    return group
            group.append(token)
        raise LatexError("unbalanced braces: a '{' is never closed", first.position)

    def sub_parser(self, tokens: list[Token], bounds: bool = False) -> "Parser":
        return Parser(tokens, self.notation, self.text, bounds or self.bounds)

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

    # -- symbols -----------------------------------------------------------------------
    def _written_name(self) -> str:
        """The name at the cursor: a declared word spelt in letters (``net``), else one token."""
        first = self.peek()
        if first.kind == "name" and len(first.text) == 1:
            for word in self.notation.words():
                tokens = [self.peek(n) for n in range(len(word))]
                if all(t is not None and t.kind == "name" for t in tokens) and \
                        "".join(t.text for t in tokens) == word and \
                        all(b.position == a.position + 1 for a, b in zip(tokens, tokens[1:])):
                    return word
        return first.text

    def symbol(self) -> Sym:
        first = self.peek()
        written = self._written_name()
        for _ in range(len(written) if first.kind == "name" and len(first.text) == 1 else 1):
            self.take()
        name = self.notation.canonical(written)
        if name is None:
            raise LatexError(self.notation.unknown(written), first.position)
        layer = sub = None
        for _ in range(2):  # ^ and _ in either order
            if self.text_at() == "_" and sub is None:
                self.take()
                sub_tokens = self.raw_group()
                sub = self.indices(sub_tokens, name, written)
            elif self.text_at() == "^" and layer is None and name in LAYERED and self._is_layer_script(sub):
                self.take()
                shown_sub = None if sub is None else "".join(t.text for t in sub_tokens)
                layer = self.layer(self.raw_group(), written, shown_sub)
        end = self.tokens[self.pos - 1]
        text = self.text[first.position:end.position + len(end.text)] if self.text else written
        if self.text_at() == "^" and name in LAYERED and layer is not None and self._is_layer_script(sub):
            raise LatexError(f"a second superscript on {text}: write ({text})^2 for a square", end.position)
        return self._checked(Sym(name, layer, tuple(sub or ()), text))

    def _is_layer_script(self, sub) -> bool:
        """Whether the ``^`` at the cursor is a layer (not a transpose or a prime)."""
        n = self._index(1)
        if n is None:
            return False
        token = self.tokens[n]
        if token.text in ("T", "'"):
            return False
        if token.text == "{" and n + 2 < len(self.tokens) and self.tokens[n + 2].text == "}" and \
                self.tokens[n + 1].text in ("T", "'"):
            return False
        return True

    def layer(self, tokens: list[Token], written: str, subscript: str | None) -> Index:
        """A layer superscript; ``subscript`` is the subscript written before it, if any."""
        inner = [t for t in tokens if t.kind != "space"]
        if len(inner) >= 2 and (inner[0].text, inner[-1].text) in (("(", ")"), ("[", "]")):
            inner = inner[1:-1]  # a^{(l)}, a^{[l]}
        index = _index_expression(inner, f"the layer of {written}")
        if subscript is not None and index.var is None and not self.notation.superscripts_are_layers:
            sub = subscript if len(subscript) == 1 else "{" + subscript + "}"
            raise LatexError(
                f"{written}_{sub}^{index.offset}: a number after the subscript could be a layer or a power; write "
                f"{written}^{index.offset}_{sub} for layer {index.offset}, or ({written}_{sub})^{index.offset} for "
                "a power (or declare the notation superscripts: layers)")
        return index

    def indices(self, tokens: list[Token], name: str, written: str) -> list[Index]:
        """A subscript's indices: groups separated by commas or spacing; a group is an index expression
        (``l+1``) or index atoms written side by side (``kj``, ``k1``; ``11`` is two digits for a weight)."""
        groups, current = [], []
        for token in tokens:
            if token.text == "," or token.kind == "space":
                groups.append(current)
                current = []
            else:
                current.append(token)
        groups.append(current)
        if any(not g for g in groups):
            raise LatexError(f"an empty index in {written}_{{{''.join(t.text for t in tokens)}}}")
        out: list[Index] = []
        pairs = INDEX_COUNT.get(name) == 2
        for group in groups:
            if any(t.text in ("+", "-") for t in group):
                out.append(_index_expression(group, f"an index of {written}"))
                continue
            for a, b in zip(group, group[1:]):
                if a.kind == b.kind == "number":
                    raise LatexError(f"{written}_{{{a.text} {b.text}}} reads as {a.text}{b.text}: separate "
                                     f"indices with a comma, e.g. {written}_{{{a.text},{b.text}}}")
            if pairs and len(groups) == 1 and len(group) == 1 and group[0].kind == "number":
                digits = group[0].text
                if len(digits) == 2:  # w_{11}: the derivation's two one-digit indices
                    out += [Index(None, int(d)) for d in digits]
                    continue
                if len(digits) > 2:
                    raise LatexError(f"{written}_{{{digits}}}: which two indices? separate them with a comma, "
                                     f"e.g. {written}_{{{digits[0]},{digits[1:]}}}")
            out += [_index_atom(t, written) for t in group]
        return out

    def _checked(self, sym: Sym) -> Sym:
        count, expected = len(sym.indices), INDEX_COUNT[sym.name]
        if sym.name == "E" and (count or sym.layer is not None):
            raise LatexError(f"{sym.text}: E takes no index and no layer")
        if count > max(expected, 0) or (sym.name == "n" and count != 1):
            what = "two indices (to, from)" if expected == 2 else "one index"
            raise LatexError(f"{sym.text}: {sym.text.split('_')[0]} takes {what}, not {count}")
        return sym

    # -- operators ---------------------------------------------------------------------
    def _frac_argument(self) -> list[Token]:
        """A ``\frac`` argument: a braced group or one token; ``\frac12`` takes one digit each."""
        token = self.peek()
        if token is not None and token.kind == "number" and token.text.isdigit() and len(token.text) > 1:
            n = self._index()
            self.tokens[n] = Token("number", token.text[1:], token.position + 1)
            return [Token("number", token.text[0], token.position)]
        return self.raw_group()

    def fraction(self):
        self.take(r"\frac")
        top, bottom = self.sub_parser(self._frac_argument()), self.sub_parser(self._frac_argument())
        if bottom.text_at() in DERIVATIVE_OPERATORS and bottom.peek(1) is not None:
            if top.text_at() in DERIVATIVE_OPERATORS and top.text_at(1) == "^":
                raise LatexError("second derivatives are not supported by the checker", top.peek().position)
            operator = bottom.take()
            if bottom.text_at() == "^":
                raise LatexError("second derivatives are not supported by the checker", operator.position)
            var = bottom.symbol()
            if bottom.peek() is not None:
                raise LatexError(f"unexpected {bottom.peek().text!r} after {operator.text} {var.text}",
                                 bottom.peek().position)
            if top.text_at() not in DERIVATIVE_OPERATORS:
                raise LatexError(f"a derivative's numerator must start with {operator.text}, like its denominator")
            top.take()
            if top.text_at() == "^":
                raise LatexError("second derivatives are not supported by the checker")
            if top.peek() is None:  # an operator: d/dw applied to the rest of the term
                return Derivative(self.term(), var)
            return Derivative(top.parse(), var)
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
        return Derivative(body, self.symbol())

    def nabla(self):
        start = self.take(r"\nabla").position
        if self.text_at() != "_":
            raise LatexError("\\nabla needs what it differentiates by, e.g. \\nabla_{y} E", start)
        self.take("_")
        var = self.sub_parser(self.raw_group()).symbol()
        return Derivative(self.power(), var)

    def reduction(self):
        token = self.take()
        op = "+" if token.text == r"\sum" else "*"
        if self.text_at() != "_":
            raise LatexError(f"{token.text} needs an index, e.g. {token.text}_k", token.position)
        self.take("_")
        group = [t for t in self.raw_group() if t.kind != "space"]
        if not group or group[0].kind != "name" or len(group[0].text) != 1:
            raise LatexError(f"{token.text} runs over a single-letter index, not "
                             f"{''.join(t.text for t in group)!r}", token.position)
        var, low = group[0].text, None
        if len(group) > 1:
            if group[1].text != "=":
                raise LatexError(f"{token.text}_{{{''.join(t.text for t in group)}}}: write {token.text}_{{{var}=1}}",
                                 token.position)
            low = self.sub_parser(group[2:], bounds=True).parse()
        high = None
        if self.text_at() == "^":
            self.take("^")
            high = self.sub_parser(self.raw_group(), bounds=True).parse()
        if (low is None) != (high is None):
            raise LatexError(f"{token.text}_{var}: give both bounds or neither", token.position)
        return Reduce(op, var, low, high, self.term())

    def _prime(self) -> bool:
        if self.text_at() == "'":
            self.take()
            return True
        if self.text_at() == "^" and self.text_at(1) in ("'", "{") and (
                self.text_at(1) == "'" or self.text_at(2) == "'" and self.text_at(3) == "}"):
            self.take("^")
            self.raw_group()
            return True
        return False

    def activation(self):
        token = self.take()
        name = "sigma" if token.text == r"\sigma" else "f"
        if self._prime():
            name += "'"
        if self.text_at() not in ("(", "["):
            shown = "\\sigma" if name.startswith("sigma") else "f"
            raise LatexError(f"{shown} needs its argument in parentheses, e.g. {shown}(z^l_j)", token.position)
        return Call(name, self.atom())

    def function(self, name: str):
        token = self.take()
        if self.text_at() == "'" or self.text_at() == "^" and self.text_at(1) == "'":
            raise LatexError(f"{token.text}' is not read; write the activation's derivative as f'(z) (with the "
                             f"activation {name}), or spell it out, e.g. 1 - \\tanh(z)^2", token.position)
        if self.text_at() == "^":
            raise LatexError(f"{token.text}^...: write powers of a function as ({token.text} x)^2", token.position)
        argument = self.atom() if self.text_at() in ("(", "[") else self.power()
        return Call(name, argument)


def _divide_last(left, right):
    """``a b / c``: the division binds to the last factor, as in the derivation's writing."""
    if isinstance(left, Op) and left.op == "*":
        return Op("*", (left.args[0], Op("/", (left.args[1], right))))
    return Op("/", (left, right))


def _index_atom(token: Token, written: str) -> Index:
    if token.kind == "number" and token.text.isdigit():
        return Index(None, int(token.text))
    if token.kind == "name" and len(token.text) == 1:
        return Index(token.text, 0)
    raise LatexError(f"{token.text!r} cannot be an index of {written}", token.position)


def _index_expression(tokens: list[Token], what: str) -> Index:
    """``l``, ``2``, ``l+1``, ``L-1``, ``k-2``: a letter and/or a whole number."""
    texts = [t.text for t in tokens]
    if len(texts) == 1:
        return _index_atom(tokens[0], what)
    if len(texts) == 3 and tokens[0].kind == "name" and len(texts[0]) == 1 and texts[1] in "+-" \
            and tokens[2].kind == "number" and texts[2].isdigit():
        return Index(texts[0], int(texts[2]) * (1 if texts[1] == "+" else -1))
    raise LatexError(f"cannot read {''.join(texts)!r} as {what}; use a number, a letter, or e.g. l+1")
