"""Recursive-descent parsing of one side of an equation into the tree of :mod:`.latex`."""

from __future__ import annotations

import re

from .tree import (INDEXED, IGNORED, SKIP_WITH_ARGUMENT, TOKEN, Call, Derivative, Gradient, Index,
                    LatexError, Num, Op, Reduce, Sym)


class Parser:
    """Recursive descent over the tokens of one side of an equation."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = []
        position = 0
        for match in TOKEN.finditer(text):
            if match.start() != position:
                raise LatexError(f"cannot read {text[position:match.start()]!r}", position)
            position = match.end()
            token = match.group()
            if token.isspace() or token in IGNORED:
                continue
            self.tokens.append((token, match.start()))
        if position != len(text):
            raise LatexError(f"cannot read {text[position:]!r}", position)
        self.tokens = self._drop_skipped(self.tokens)
        self.pos = 0

    @staticmethod
    def _drop_skipped(tokens):
        out, n = [], 0
        while n < len(tokens):
            token = tokens[n][0]
            if token in SKIP_WITH_ARGUMENT:
                if n + 1 >= len(tokens) or tokens[n + 1][0] != "{":
                    raise LatexError(f"{token} needs a braced argument", tokens[n][1])
                depth, n = 0, n + 1
                while n < len(tokens):
                    depth += {"{": 1, "}": -1}.get(tokens[n][0], 0)
                    n += 1
                    if depth == 0:
                        break
                continue
            if token in (r"\lbrack", r"\rbrack"):
                token = "[" if token == r"\lbrack" else "]"
            out.append((token, tokens[n][1]))
            n += 1
        return out

    # token helpers
    def peek(self, offset: int = 0):
        n = self.pos + offset
        return self.tokens[n][0] if n < len(self.tokens) else None

    def take(self, expected: str | None = None):
        token = self.peek()
        if token is None:
            raise LatexError(f"the expression ends early{f'; expected {expected!r}' if expected else ''}")
        if expected is not None and token != expected:
            raise LatexError(f"expected {expected!r} but found {token!r}", self.tokens[self.pos][1])
        self.pos += 1
        return token

    def parse(self):
        if not self.tokens:
            raise LatexError("an empty side of an equation")
        tree = self.expression()
        if self.peek() is not None:
            raise LatexError(f"unexpected {self.peek()!r}", self.tokens[self.pos][1])
        return tree

    # grammar
    def expression(self):
        left = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            left = Op(op, (left, self.term()))
        return left

    def term(self):
        factors = [self.signed()]
        while True:
            token = self.peek()
            if token in (r"\cdot", r"\times", "*"):
                self.take()
                factors.append(self.signed())
            elif token == "/":
                self.take()
                factors[-1] = Op("/", (factors[-1], self.signed()))
            elif token in (r"\sum", r"\prod", r"\Pi") or self._derivative_operator_ahead():
                factors.append(self.term())  # an operator takes the rest of the term
                break
            elif self._starts_factor(token):
                factors.append(self.power())
            else:
                break
        result = factors[0]
        for factor in factors[1:]:
            result = Op("*", (result, factor))
        return result

    def _starts_factor(self, token) -> bool:
        if token is None:
            return False
        return token in ("(", "[", "{", r"\frac", r"\tfrac", r"\dfrac", r"\delta", r"\Delta", r"\sigma",
                         r"\partial") or token[0].isalpha() or token[0].isdigit() or token[0] == "."

    def _derivative_operator_ahead(self) -> bool:
        """``\\frac{\\partial}{\\partial w}`` (nothing else on top) is an operator on what follows."""
        if self.peek() not in (r"\frac", r"\dfrac", r"\tfrac"):
            return False
        return (self.peek(1) == "{" and self.peek(2) in (r"\partial", r"\delta", "d")
                and self.peek(3) == "}")

    def signed(self):
        if self.peek() == "-":
            self.take()
            return Op("neg", (self.signed(),))
        if self.peek() == "+":
            self.take()
            return self.signed()
        return self.power()

    def power(self):
        base = self.atom()
        if self.peek() == "^":
            if isinstance(base, Sym) and base.name in INDEXED | {"delta"}:
                raise LatexError(f"a second superscript on {base.text}")
            self.take()
            exponent = self.group_or_token()
            base = Op("pow", (base, exponent))
        return base

    def group_or_token(self):
        if self.peek() == "{":
            self.take("{")
            inner = self.expression()
            self.take("}")
            return inner
        token = self.take()
        if token[0].isdigit():
            return Num(float(token))
        if token.isalpha() and len(token) == 1:
            return Sym(token, None, (), token)
        raise LatexError(f"cannot use {token!r} here")

    def atom(self):
        token = self.peek()
        start = self.tokens[self.pos][1] if token is not None else len(self.text)
        if token is None:
            raise LatexError("the expression ends early")
        if token in ("(", "["):
            self.take()
            inner = self.expression()
            self.take(")" if token == "(" else "]")
            return inner
        if token == "{":
            self.take()
            inner = self.expression()
            self.take("}")
            return inner
        if token[0].isdigit() or token[0] == ".":
            self.take()
            return Num(float(token))
        if token in (r"\frac", r"\dfrac", r"\tfrac"):
            return self.fraction()
        if token in (r"\sum", r"\prod", r"\Pi"):
            return self.reduction()
        if token == r"\Delta":
            self.take()
            var = self.symbol()
            if var.name != "w":
                raise LatexError(f"\\Delta is read as dE/dw, so it must stand before a weight, not {var.text}")
            return Gradient(var)
        if token == r"\sigma" or token == "f":
            return self.activation()
        if token == r"\delta":
            return self.symbol()
        if token.isalpha() and len(token) == 1:
            return self.symbol()
        if token.startswith("\\"):
            raise LatexError(f"the macro {token} is not supported by the checker", start)
        raise LatexError(f"unexpected {token!r}", start)

    def activation(self):
        name = "sigma" if self.take() == r"\sigma" else "f"
        if self.peek() == "'":
            self.take()
            name += "'"
        if self.peek() not in ("(", "[", r"\left"):
            raise LatexError(f"{'σ' if name.startswith('sigma') else 'f'} needs an argument in parentheses")
        return Call(name, self.atom())

    def fraction(self):
        self.take()
        numerator = self.braced_tokens()
        denominator = self.braced_tokens()
        top, bottom = Parser.__new__(Parser), Parser.__new__(Parser)
        for parser, tokens in ((top, numerator), (bottom, denominator)):
            parser.text, parser.tokens, parser.pos = self.text, tokens, 0
        if bottom.peek() in (r"\partial", r"\delta", "d") and bottom.peek(1) in INDEXED:
            bottom.take()
            var = bottom.symbol()
            if bottom.peek() is not None:
                raise LatexError(f"unexpected {bottom.peek()!r} after ∂{var.text}")
            if top.peek() not in (r"\partial", r"\delta", "d"):
                raise LatexError("a derivative's numerator must start with \\partial (or \\delta)")
            top.take()
            if top.peek() is None:  # an operator: d/dw applied to the rest of the term
                return Derivative(self.term(), var)
            return Derivative(top.parse(), var)
        return Op("/", (top.parse(), bottom.parse()))

    def braced_tokens(self):
        self.take("{")
        depth, tokens = 1, []
        while True:
            token = self.take("}") if self.peek() is None else self.take()
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
                if depth == 0:
                    return tokens
            tokens.append((token, 0))

    def reduction(self):
        token = self.take()
        op = "+" if token == r"\sum" else "*"
        if self.peek() != "_":
            raise LatexError(f"{token} needs an index, e.g. {token}_k")
        self.take("_")
        low = None
        if self.peek() == "{":
            self.take("{")
            var = self.take()
            if self.peek() == "=":
                self.take("=")
                low = self.expression()
            self.take("}")
        else:
            var = self.take()
        if not (len(var) == 1 and var.isalpha()):
            raise LatexError(f"{token} runs over a single-letter index, not {var!r}")
        high = None
        if self.peek() == "^":
            self.take("^")
            high = self.group_or_token()
        if (low is None) != (high is None):
            raise LatexError(f"{token}_{var}: give both bounds or neither")
        return Reduce(op, var, low, high, self.term())

    def symbol(self) -> Sym:
        start = self.pos
        token = self.take()
        name = "delta" if token == r"\delta" else token
        if name not in INDEXED | {"delta", "E"} and not (len(name) == 1 and name.isalpha()):
            raise LatexError(f"cannot read {token!r} as a symbol")
        layer = sub = None
        for _ in range(2):  # ^ and _ in either order
            if self.peek() == "^" and layer is None and name in INDEXED | {"delta"}:
                self.take()
                layer = self.index_group()
            elif self.peek() == "_" and sub is None:
                self.take()
                sub = self.subscript()
        text = "".join(t for t, _ in self.tokens[start:self.pos])
        if name not in INDEXED | {"delta", "E"}:
            return Sym(name, None, (), text)
        indices = tuple(sub) if sub else ()
        return Sym(name, layer[0] if layer else None, indices, text)

    def _braced(self) -> list[str] | None:
        """The tokens of a ``{...}`` group of indices (None when the script is a single token)."""
        if self.peek() != "{":
            return None
        self.take("{")
        tokens = []
        while self.peek() != "}":
            tokens.append(self.take())
        self.take("}")
        return tokens

    def index_group(self) -> list[Index]:
        tokens = self._braced()
        return [self._index_atom(self.take())] if tokens is None else [self._index_expr(tokens)]

    def subscript(self) -> list[Index]:
        tokens = self._braced()
        if tokens is None:
            return [self._index_atom(self.take())]
        if "," in tokens:  # w_{k,j}
            groups, current = [], []
            for token in tokens + [","]:
                if token == ",":
                    groups.append(self._index_expr(current))
                    current = []
                else:
                    current.append(token)
            return groups
        if any(t in ("+", "-") for t in tokens):
            return [self._index_expr(tokens)]
        out = []
        for token in tokens:  # w_{11}, w_{kj}: one character per index
            out += [self._index_atom(ch) for ch in token]
        return out

    def _index_atom(self, token: str) -> Index:
        if token.isdigit():
            return Index(None, int(token))
        if len(token) == 1 and token.isalpha():
            return Index(token, 0)
        raise LatexError(f"{token!r} cannot be an index")

    def _index_expr(self, tokens: list[str]) -> Index:
        text = "".join(tokens)
        match = re.fullmatch(r"([A-Za-z])?([+-]?\d+)?", text)
        if not text or not match or (match.group(1) is None and match.group(2) is None):
            raise LatexError(f"cannot read the index {text!r}; use a number, a letter, or e.g. l+1")
        return Index(match.group(1), int(match.group(2) or 0))
