"""Reading the ReLU as textbooks write it: ``\\max(0, z)`` (CS231n's h = max(0, x W + b)), and indicators of a
condition, its derivative: ``\\mathbb{1}(z > 0)``, ``\\mathbb{1}\\{z > 0\\}``, ``1\\{z \\geq 0\\}``,
``\\mathbb{I}[z>0]``, ``\\mathbb{1}_{z > 0}`` and Iverson's bracket ``[z > 0]`` (a part of the parser); of an
equality, Goodfellow's ``\\mathbf{1}_{i = y^{(t)}}``, CS229's ``1\\{y^{(i)} = k\\}`` (two index letters, ``i = k``, are
Kronecker's delta).

An indicator is 1 where its condition holds and 0 elsewhere, exactly as written: ``>`` and ``\\geq`` differ on the
boundary (``\\mathbb{1}(h \\geq 0)`` of a ReLU's output is always 1). bpcore's ReLU has the derivative 0 at 0, as
``\\mathbb{1}(z > 0)`` has; ``\\mathbb{1}(z \\geq 0)`` differs from it where z is exactly 0 (a unit whose inputs
are all 0, without biases). Its derivative is 0. The functions are named so that no page's binding can stand for
them (a page's ``relu`` may be a leaky one).
"""

from __future__ import annotations

from .lexer import Token, nesting
from .tree import Call, Index, Kronecker, LatexError, Num, Op

GREATER = {">": False, r"\gt": False, r"\geq": True, r"\ge": True, r"\geqslant": True}  # (True: or equal)
LESS = {"<": False, r"\lt": False, r"\leq": True, r"\le": True, r"\leqslant": True}
RELATIONS = {**GREATER, **LESS}
RELU, STEP, STEP_OR_EQUAL = "max(0, x)", "1(x > 0)", "1(x >= 0)"  # (Call names: never a page's binding)
ZERO = "1(x = 0)"  # an indicator of two values being equal, of their difference
OPENING = {"(": ")", "[": "]", r"\{": r"\}", "{": "}"}  # (what nesting() counts)
INDICATORS = (r"\mathbb{1}", r"\mathbb{I}", "1")  # (\mathbf{1} with its condition: the number 1, see the lexer)


def read(parser):
    """The ReLU or an indicator at the parser's cursor (taken), or None (nothing taken)."""
    token = parser.peek()
    session = parser.notation.session
    if session is not None and token.kind in ("word", "macro") \
            and session.is_function(parser._session_key(False)[0]):
        return None  # the page's own \max or indicator, bound: it is called
    if token.text == r"\max":
        return _maximum(parser, session is not None)
    if token.text in INDICATORS and token.kind in ("word", "number") or token.text == "I" and token.kind == "name" \
            and parser.text_at(1) in ("(", "[", r"\{"):  # (Aggarwal's I(a > 0): only with a condition, below)
        ahead = 2 if parser.text_at(1) == "_" else 1  # \mathbb{1}_{z > 0}: the condition as a subscript
        if ahead == 2 and parser.text_at(2) != "{":
            return None
        inner, end = bracketed(parser, ahead)
        if (kronecker := _kronecker(parser, inner, end, token)) is not None:  # Murphy's \mathbb{I}(i = k)
            return kronecker
        if inner is None or _relation(inner) is None and not _top_level(inner, {"="}):
            return None
        return _indicator(parser, inner, end, token)
    if token.text == "[":  # Iverson's bracket
        inner, end = bracketed(parser, 0)
        if (kronecker := _kronecker(parser, inner, end, token)) is not None:  # [i = k]
            return kronecker
        if inner is not None and _relation(inner) is not None:
            return _indicator(parser, inner, end, token)
    return None


def _kronecker(parser, inner: list[Token] | None, end: int, token: Token) -> Kronecker | None:
    """An indicator of two indices being equal, ``i = k`` (letters or numbers), as Kronecker's delta (taken)."""
    sides = [t for t in inner or () if t.kind != "space"]
    session = parser.notation.session
    if len(sides) != 3 or sides[1].text != "=" or not all(
            t.kind == "name" and len(t.text) == 1 or t.kind == "number" and t.text.isdigit() for t in sides[::2]) \
            or session is not None and any(t.text in session.explicit for t in sides[::2]):  # (i = y, y bound: a value)
        return None
    parser.pos = end + 1
    first, second = (Index(None, int(t.text)) if t.kind == "number" else Index(t.text, 0) for t in sides[::2])
    return Kronecker(first, second, parser.text[token.position:parser.tokens[end].stop] if parser.text else "")


def bracketed(parser, ahead: int) -> tuple[list[Token] | None, int]:
    """The tokens between the bracket that opens ``ahead`` and the one that closes it, and where that one is
    (the cursor unmoved); None if no bracket opens there or it is closed by another kind."""
    start = parser._index(ahead)
    if start is None or parser.tokens[start].text not in OPENING:
        return None, -1
    depth = 0
    for n in range(start, len(parser.tokens)):
        depth += nesting(parser.tokens[n])
        if depth == 0:
            closed = parser.tokens[n].text == OPENING[parser.tokens[start].text]
            return (parser.tokens[start + 1:n], n) if closed else (None, -1)
    return None, -1


def _top_level(tokens: list[Token], texts) -> list[int]:
    """Where tokens with one of ``texts`` stand among ``tokens``, outside brackets."""
    found, depth = [], 0
    for n, token in enumerate(tokens):
        depth += nesting(token)
        if depth == 0 and token.text in texts:
            found.append(n)
    return found


def _relation(tokens: list[Token]) -> int | None:
    """Where the condition's relation stands among ``tokens`` (outside brackets), if it has one."""
    found = _top_level(tokens, RELATIONS)
    return found[0] if found else None


def _indicator(parser, inner: list[Token], end: int, token: Token):
    """``step`` of the condition's sides' difference; taken up to the condition's closing bracket (``end``)."""
    at = _relation(inner)
    if at is None:  # an equality: 1 where the sides are equal
        return _equality(parser, inner, end, token)
    relation = inner[at].text
    if _relation(inner[at + 1:]) is not None:
        raise LatexError(f"{token.text}: a condition with two relations (a < z < b) is not read; write one "
                         "indicator for each", token.position)
    parts = inner[:at], inner[at + 1:]
    if any(all(t.kind == "space" for t in part) for part in parts):
        raise LatexError(f"{token.text}: the condition {relation} needs a side before and after it, as in "
                         "\\mathbb{1}(z > 0)", inner[at].position)
    left, right = (_condition_side(parser, part) for part in parts)
    parser.pos = end + 1
    difference = Op("-", (left, right)) if relation in GREATER else Op("-", (right, left))
    or_equal = GREATER.get(relation, LESS.get(relation))
    return Call(STEP_OR_EQUAL if or_equal else STEP, difference)


def _equality(parser, inner: list[Token], end: int, token: Token):
    equals = _top_level(inner, {"="})
    parts = inner[:equals[0]], inner[equals[0] + 1:]
    if len(equals) > 1 or any(all(t.kind == "space" for t in part) for part in parts):
        raise LatexError(f"{token.text}: an indicator of an equality is read with one side before the = and one "
                         "after it, as in \\mathbb{1}(y^{(n)} = k)", inner[equals[0]].position)
    left, right = (_condition_side(parser, part) for part in parts)
    parser.pos = end + 1
    return Call(ZERO, Op("-", (left, right)))


def _condition_side(parser, tokens: list[Token]):
    """A side of a condition: a lone letter there is an index (y^{(i)} > k), or a number bound by bind=."""
    side = parser.sub_parser(tokens, bounds=True)
    side.condition = True
    return side.parse()


def _maximum(parser, session: bool):
    """``\\max(0, z)``, ``\\max\\{z, 0\\}``: the ReLU of z. Another \\max is refused (in a check against a page's
    code, it is left to the page's bindings, which say how to bind it)."""
    token = parser.peek()
    inner, end = bracketed(parser, 1)
    commas = [] if inner is None else _top_level(inner, {","})
    parts = [] if len(commas) != 1 else [parser.sub_parser(part).parse()
                                         for part in (inner[:commas[0]], inner[commas[0] + 1:])]
    if Num(0.0) not in parts:
        if session:
            return None
        why = ("give its arguments in parentheses" if inner is None else "of two arguments, one of them 0"
               if len(commas) != 1 else "one of its two arguments is 0")
        raise LatexError(f"\\max is read as the ReLU, \\max(0, z): {why}", token.position)
    parser.pos = end + 1
    return Call(RELU, parts[1] if parts[0] == Num(0.0) else parts[0])
