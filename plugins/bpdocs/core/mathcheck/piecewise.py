"""Reading the ReLU as textbooks write it: ``\\max(0, z)`` (CS231n's h = max(0, x W + b)), and indicators of a
condition, its derivative: ``\\mathbb{1}(z > 0)``, ``\\mathbb{1}\\{z > 0\\}``, ``1\\{z \\geq 0\\}``,
``\\mathbb{I}[z>0]``, ``\\mathbb{1}_{z > 0}`` and Iverson's bracket ``[z > 0]`` (a part of the parser).

An indicator is 1 where its condition holds and 0 elsewhere: ``step`` of the difference of its sides, whose
derivative is 0. On the boundary itself (the difference exactly 0: a layer whose inputs are all 0, without
biases), where ``>`` and ``\\geq`` part and the ReLU has no derivative, it is 0 whichever is written, bpcore's
convention for the ReLU's derivative there (relu'(0) = 0): the two are the same indicator everywhere else.
"""

from __future__ import annotations

from .lexer import Token
from .tree import Call, LatexError, Num, Op

GREATER = {">": False, r"\gt": False, r"\geq": True, r"\ge": True, r"\geqslant": True}
LESS = {"<": False, r"\lt": False, r"\leq": True, r"\le": True, r"\leqslant": True}
OPENING = {"(": ")", "[": "]", r"\{": r"\}", "{": "}"}
INDICATORS = (r"\mathbb{1}", r"\mathbb{I}", "1")  # (\mathbf{1} is read as the number 1: see the lexer)


def read(parser):
    """The ReLU or an indicator at the parser's cursor (taken), or None (nothing taken)."""
    token = parser.peek()
    session = parser.notation.session
    if session is not None and token.kind in ("word", "macro") \
            and session.is_function(parser._session_key(False)[0]):
        return None  # the page's own \max or indicator, bound: it is called
    if token.text == r"\max":
        return _maximum(parser)
    if token.text in INDICATORS and token.kind in ("word", "number"):
        ahead = 2 if parser.text_at(1) == "_" else 1  # \mathbb{1}_{z > 0}: the condition as a subscript
        if ahead == 2 and parser.text_at(2) != "{":
            return None
        inner, end = _bracketed(parser, ahead)
        if inner is None or _relation(inner) is None:
            return None
        return _indicator(parser, inner, end, token)
    if token.text == "[":  # Iverson's bracket
        inner, end = _bracketed(parser, 0)
        if inner is not None and _relation(inner) is not None:
            return _indicator(parser, inner, end, token)
    return None


def _bracketed(parser, ahead: int) -> tuple[list[Token] | None, int]:
    """The tokens between the bracket that opens ``ahead`` and the one that closes it, and where that one is
    (the cursor unmoved); None if no bracket opens there or it is closed by another kind."""
    start = parser._index(ahead)
    if start is None or parser.tokens[start].text not in OPENING:
        return None, -1
    opening, depth = parser.tokens[start].text, 0
    for n in range(start, len(parser.tokens)):
        text = parser.tokens[n].text
        if text in OPENING:
            depth += 1
        elif text in OPENING.values():
            depth -= 1
            if depth == 0:
                return (parser.tokens[start + 1:n], n) if text == OPENING[opening] else (None, -1)
    return None, -1


def _relation(tokens: list[Token]) -> int | None:
    """Where the condition's relation stands among ``tokens`` (outside brackets), if it has one."""
    depth = 0
    for n, token in enumerate(tokens):
        if token.text in OPENING:
            depth += 1
        elif token.text in OPENING.values():
            depth -= 1
        elif depth == 0 and (token.text in GREATER or token.text in LESS):
            return n
    return None


def _indicator(parser, inner: list[Token], end: int, token: Token):
    """``step`` of the condition's sides' difference; taken up to the condition's closing bracket (``end``)."""
    at = _relation(inner)
    relation = inner[at].text
    if _relation(inner[at + 1:]) is not None:
        raise LatexError(f"{token.text}: a condition with two relations (a < z < b) is not read; write one "
                         "indicator for each", token.position)
    left, right = (parser.sub_parser(part).parse() for part in (inner[:at], inner[at + 1:]))
    parser.pos = end + 1
    difference = Op("-", (left, right)) if relation in GREATER else Op("-", (right, left))
    return Call("step", difference)


def _maximum(parser):
    """``\\max(0, z)``, ``\\max\\{z, 0\\}``: the ReLU of z."""
    token = parser.take(r"\max")
    inner, end = _bracketed(parser, 0)
    if inner is None:
        raise LatexError("\\max is read as the ReLU, \\max(0, z): give its arguments in parentheses", token.position)
    commas = [n for n, t in enumerate(inner) if t.text == "," and _depth(inner, n) == 0]
    if len(commas) != 1:
        raise LatexError("\\max is read as the ReLU, \\max(0, z), of two arguments, one of them 0", token.position)
    first, second = (parser.sub_parser(part).parse() for part in (inner[:commas[0]], inner[commas[0] + 1:]))
    if first != Num(0.0) and second != Num(0.0):
        raise LatexError("\\max is read as the ReLU, \\max(0, z): one of its two arguments is 0", token.position)
    parser.pos = end + 1
    return Call("relu", second if first == Num(0.0) else first)


def _depth(tokens: list[Token], at: int) -> int:
    depth = 0
    for token in tokens[:at]:
        depth += 1 if token.text in OPENING else -1 if token.text in OPENING.values() else 0
    return depth
