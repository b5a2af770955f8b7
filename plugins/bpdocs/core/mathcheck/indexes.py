"""Index expressions of the notation: a unit's or a layer's letter or number, ``l+1``, ``L-1``, ``i+k-1``, and
ESL's script l (a part of the parser)."""

from __future__ import annotations

from .lexer import Token
from .declarations import ELL, GREEK
from .tree import Index, LatexError, quoted

SCRIPT_L = {r"\ell": ELL}  # ESL's x_{i\ell}: a script l, an index letter of its own (not l)


def index_atom(token: Token, written: str) -> Index:
    if token.kind == "number" and token.text.isdigit():
        return Index(None, int(token.text))
    if token.kind == "name" and len(token.text) == 1:
        return Index(token.text, 0)
    if token.text in SCRIPT_L:
        return Index(SCRIPT_L[token.text], 0)
    if written.startswith("the "):  # (the layer of w, the example of x: no symbol to write an index on)
        what = written.split(" of ")[0][4:]
        greek = f" (a Greek letter is not read as the {what}: write it with a Latin letter)" * (
            token.kind == "macro" and token.text[1:] in GREEK)
        raise LatexError(f"{quoted(token.text)} cannot be {written}{greek}", token.position)
    named = f" (if {written}_{{{token.text}}} is a name, SLP3's L_{{CE}}, declare it whole)" * (token.kind == "word")
    greek = f" (a Greek unit index, Marsland's {written}_\\zeta, is not read: write it with a Latin letter, " \
        f"{written}_j)" * (token.kind == "macro" and token.text[1:] in GREEK)
    raise LatexError(f"{quoted(token.text)} cannot be an index of {written}{named}{greek}", token.position)


def layer_tokens(token: Token, layer: str, end: int = -1) -> list[Token]:
    """A word declared a layer (``{out: L}``, ``{h: 1}``, Prince's ``{K: L-1}``) as that layer's tokens."""
    end = end if end >= 0 else token.stop
    if "-" in layer:  # L-1
        letter, number = layer.split("-")
        return [token._replace(text=letter, kind="name", end=end), token._replace(text="-", kind="punct", end=end),
                token._replace(text=number, kind="number", end=end)]
    return [token._replace(text=layer, kind="number" if layer.isdigit() else token.kind, end=end)]


def index_expression(tokens: list[Token], what: str) -> Index:
    """``l``, ``2``, ``l+1``, ``L-1``, ``k-2``, ``i+k-1``: letters added, and a whole number."""
    texts = [t.text for t in tokens]
    if len(texts) == 1:
        return index_atom(tokens[0], what)
    letters, offset, sign, expect_term = [], 0, 1, True
    for token in tokens:
        if expect_term and (token.kind == "name" and len(token.text) == 1 or token.text in SCRIPT_L) and \
                (sign == 1 or letters):
            letters.append((SCRIPT_L.get(token.text, token.text), sign))
        elif expect_term and token.kind == "number" and token.text.isdigit():
            offset += sign * int(token.text)
        elif not expect_term and token.text in "+-":
            sign = 1 if token.text == "+" else -1
        else:
            raise LatexError(f"cannot read {quoted(''.join(texts))} as {what}; use a number, a letter, or e.g. l+1 "
                             "(letters after the first may be added or subtracted: i+k-1, j-k+1)")
        expect_term = not expect_term
    if expect_term or not letters:
        raise LatexError(f"cannot read {quoted(''.join(texts))} as {what}; use a number, a letter, or e.g. l+1")
    return Index(letters[0][0], offset, tuple(letters[1:]))
