"""A cursor over one side's tokens: peek past spacing, take, read a script's group. Used by the parser."""

from __future__ import annotations

from .lexer import Token
from .notation import DEFAULT, Notation
from .tree import LatexError, quoted


class TokenCursor:
    def __init__(self, tokens: list[Token], notation: Notation = DEFAULT, text: str = "", bounds: bool = False):
        self.tokens, self.notation, self.text = tokens, notation, text
        self.bounds = bounds  # in a sum's bounds, a lone letter is an index or L, K, I
        self.condition = False  # in an indicator's condition: a lone letter not bound by bind= is an index
        self.pos = 0
        self.norms = 0  # inside \| ... \|: a bar closes, it does not open
        self.bars = 0  # inside | ... |: a bar closes, it does not open
        self.summed_weight = None  # inside \sum_w: the letter w, whose ^2 is a square
        self.sum_letters: tuple[str, ...] = ()  # the indices of the sums the cursor is inside
        self.example_letters: tuple[str, ...] = ()  # those of them that run over a batch's examples, to N

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

    def previous(self) -> str | None:
        """The text of the last token taken, for messages."""
        n = self.pos - 1
        while n >= 0 and self.tokens[n].kind == "space":
            n -= 1
        return self.tokens[n].text if n >= 0 else None

    def take(self, expected: str | None = None) -> Token:
        n = self._index()
        if n is None:
            missing = f": {quoted(expected)} is missing at its end" if expected else \
                (f" after {quoted(self.previous())}" if self.previous() else "")
            raise LatexError(f"the expression is incomplete{missing}", len(self.text))
        token = self.tokens[n]
        if expected is not None and token.text != expected:
            from .advice import unexpected

            if expected == ")" and token.text == ",":  # Aggarwal's \delta(h_r, o), f(x, y): not a list of equations
                raise LatexError(f"',' after {quoted(self.previous())} inside parentheses: a function of several "
                                 "arguments is read only in a check against your own code (check=\"session\", the "
                                 "function bound); the derivation's symbols take their indices as subscripts, "
                                 "\\delta^l_j",
                                 token.position)
            raise LatexError(f"{quoted(expected)} was expected before {quoted(token.text)}; "
                             + unexpected(token.text, self.previous()), token.position)
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

    def applied_after_scripts(self, ahead: int) -> bool:
        """Whether an argument opens at ``ahead`` past primes and scripts: ``\\Phi'(z)``, ``\\Phi^{\\prime}(z)``,
        ``\\Phi_k'(z)``, ``\\Phi'_k(z)`` (Haykin's): a function applied, a derivative perhaps."""
        while self.text_at(ahead) in ("'", "_", "^"):
            if self.text_at(ahead) == "'":
                ahead += 1
                continue
            ahead += 1
            if self.text_at(ahead) == "{":  # a braced script: to its closing brace
                depth = 0
                while self.text_at(ahead) is not None:
                    depth += {"{": 1, "}": -1}.get(self.text_at(ahead), 0)
                    ahead += 1
                    if depth == 0:
                        break
            else:
                ahead += 1
        return self.text_at(ahead) in ("(", "[")

    def sub_parser(self, tokens: list[Token], bounds: bool = False):
        """A parser of the same kind over ``tokens`` (a script, a fraction's part, a sum's bounds)."""
        parser = type(self)(tokens, self.notation, self.text, bounds or self.bounds)
        parser.condition = self.condition
        parser.summed_weight, parser.sum_letters = self.summed_weight, self.sum_letters
        parser.example_letters = self.example_letters
        return parser


def unbracketed(inner: list[Token]) -> tuple[list[Token], bool]:
    """A script's tokens (spaces dropped) without the round or square brackets around them (``^{(l)}``,
    ``^{[l]}``), and whether they had them."""
    if len(inner) >= 2 and (inner[0].text, inner[-1].text) in (("(", ")"), ("[", "]")):
        return inner[1:-1], True
    return inner, False


def transpose_split(tokens: list[Token]) -> tuple[list[Token], bool]:
    """A layer script without the transpose written inside it after the layer (Goodfellow's ``W^{(k)\\top}``, Ng's
    ``A^{[l-1]T}``, ``W^{2T}``, ``h^{l\\top}``), and whether there was one."""
    inner = [t for t in tokens if t.kind != "space"]
    if len(inner) >= 2 and inner[-1].text == "T" and (inner[-2].text in (")", "]") or inner[-2].kind == "number"
                                                      or inner[-2].kind == "name" and len(inner[-2].text) == 1):
        return tokens[:tokens.index(inner[-1])], True
    return tokens, False
