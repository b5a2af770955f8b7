"""Update rules as their authors write them (a part of the reading of an equation): ``w \\leftarrow w - \\eta g``,
``W := W - \\alpha\\, dW``, ``b = b - \\eta\\, \\delta``, ``w^{(t+1)} = w^{(t)} - \\eta \\nabla E``, Hagan's
``W^m(k+1)``, ``w^{\\text{new}}``, Mazur's ``w_5^{+}`` and Nielsen's ``w_k \\rightarrow w_k' = w_k - \\eta \\ldots``
give a weight or a bias its value after one step of gradient descent: the old value plus the update
-\\eta \\partial E / \\partial w, with the learning rate (\\eta, or the one declared, ``learning_rate: alpha``) a
constant drawn for every trial. The left side is read as that value and the right side is checked against it: a
flipped sign, a missing rate or the wrong unit's input is a verdict.

The marks of the steps are taken off the tokens here (the left side's mark of the new value, and the old value's
``(t)``, ``^{(t)}``, ``_t``, ``^{old}`` everywhere); :func:`stepped` makes the parsed left side the stepped weight."""

from __future__ import annotations

import re

from .iteration import _ends_a_symbol
from .lexer import Token, _group_at, nesting
from .declarations import GREEK
from . import walk
from .parser import Parser
from .tree import Derivative, Gradient, LatexError, Op, Sym

WEIGHTS = ("w", "W", "b")
ARROWS = {r"\to", r"\rightarrow", r"\longrightarrow", r"\mapsto"}  # Nielsen's w_k \rightarrow w_k' = ...
ENDS = {"=", r"\leftarrow", r"\gets", r"\longleftarrow", r"\coloneqq", r"\equiv", r"\triangleq", ":"}
NEW_WORDS = ("new", "next", "+", r"\prime")  # (not *: w^* is the best weight)
OLD_WORDS = ("old",)
LAYER_LETTERS = ("l", "L", r"\ell")  # W^{l+1} is another layer, never a step


def marked_update(piece: list[Token], notation) -> tuple[list[Token], bool]:
    """``piece`` with the marks of an update's steps taken off, and whether its left side was marked the new value
    (``piece`` as it was, and False, where nothing marks one: an assignment ``w \\leftarrow w - \\ldots`` is read as
    an update later, from what it assigns)."""
    piece = _nielsen(_unbraced(piece), notation)
    end = next((n for n, t in enumerate(piece) if t.text in ENDS and _depth(piece, n) == 0), None)
    head = next((n for n, t in enumerate(piece[:end or 0]) if t.kind != "space"), None)
    if head is None or not _weighty(piece[head], notation):
        return piece, False
    marks, at = [], head + 1
    while at < end:
        text = piece[at].text
        if text in ("_", "^") and at + 1 < end:
            close = _group_end(piece, at + 1)
            mark = _new_mark(_inner(piece, at + 1, close))
        elif text == "'":
            close, mark = at, ("new", None)
        elif text in ("(", "["):  # Hagan's W(k+1), w[t+1]
            closing = ")" if text == "(" else "]"
            close = next((n for n in range(at, end) if piece[n].text == closing), end - 1)
            mark = _new_mark(_inner(piece, at, close, braces=False))
            mark = mark if mark and mark[0] == "step" else None
        elif piece[at].kind == "space":
            close, mark = at, None
        else:
            return piece, False  # (more than the symbol on the left: no value given to it)
        if mark is not None:
            marks.append((at, close, mark))
        at = close + 1
    if len(marks) != 1 or not any(t.text == piece[head].text for t in piece[end + 1:]):
        return piece, False
    start, close, (_, letter) = marks[0]
    texts = [t.text for t in piece[end + 1:] if t.kind != "space"]
    if letter is not None and any(texts[n:n + 3] == [letter, "+", "1"] for n in range(len(texts))):
        raise LatexError(f"{letter}+1 on the right side: a value at the new step (Bishop's implicit \\nabla "
                         f"E(\\mathbf{{w}}^{{({letter}+1)}})) is not read; the checker reads the step from the old "
                         f"values, \\nabla E(\\mathbf{{w}}^{{({letter})}})", piece[end].position)
    if letter is not None and any(texts[n:n + 3] == [letter, "-", "1"] for n in range(len(texts))):
        raise Momentum(f"{letter}-1: the value at the step before, beside the step (a momentum term, "
                       f"\\alpha (w_{letter} - w_{{{letter}-1}})): it adds the previous update, which no network's "
                       "gradients say, so the checker does not read it; check the update without it",
                       piece[start].position)
    left = _dropped(piece[:end], start, close)
    right = _old_marks_dropped(piece[end:], letter, notation)
    return left + right, True


def read_update(sides: list[list[Token]], notation, text: str, marked: bool, assigned: bool) -> list | None:
    """The sides of an update rule (:mod:`.updates`), the left side the weight after the step, or None if the row is
    none: its left side is marked the new value, assigned, or a weight the right side has again (``b = b - \\ldots``).
    An update whose rate is a letter not declared is refused with the declaration that names it; one whose sides
    cannot be read, with what in them cannot be."""
    left = "".join(t.text for t in sides[0] if t.kind != "space")
    if not (marked or weight_first(sides[0], notation) and any(left in "".join(t.text for t in side)
                                                              for side in sides[1:])):
        return None
    sides = [sides[0], *(_nabla_by(side, sides[0]) for side in sides[1:])]
    stepping = notation.stepping()
    try:  # (a parser consumes its tokens: each parse gets a copy)
        return stepped([Parser(list(s), stepping, text).parse() for s in sides], marked, assigned,
                       stepping.constants)
    except Momentum:
        raise
    except LatexError as exc:
        unread = exc  # (said if no rate explains it: what the update's sides hold that the checker cannot read)
    for rate in dict.fromkeys(t.text for side in sides[1:] for t in side if t.kind == "macro" and t.text[1:] in GREEK
                              and notation.canonical(t.text) is None and notation.function(t.text) is None):
        try:
            reading = notation.reading(learning_rate=rate).stepping()
            update = stepped([Parser(list(s), reading, text).parse() for s in sides], marked, assigned,
                             reading.constants)
        except Momentum:
            raise
        except LatexError:
            continue
        if update:
            position = next(t.position for side in sides[1:] for t in side if t.text == rate)
            raise LatexError(f"{rate}: the learning rate of this update? declare it, bpdocs_notation: "
                             f"{{learning_rate: {rate[1:]}}}", position)
    raise unread


def stepped(parsed: list, marked: bool, assigned: bool, rates) -> list | None:
    """The sides of a row with its left side made the value of a weight or bias after one step (the weight plus its
    update), if the row is an update: the left side marked the new value (``w^{(t+1)}``), or assigned one from itself
    (``w \\leftarrow w - \\eta g``), or, with ``=`` alone, a weight or bias the right side has again beside one of
    ``rates``, the learning rate or a declared constant (Ng's ``W = W - \\alpha\\, dW``; without one, ``W = W + 0``
    is no step); None if it is no update. A change added beside the step (momentum) is refused (:class:`Momentum`)."""
    left = parsed[0]
    if not isinstance(left, Sym) or left.name not in WEIGHTS or left.example is not None:
        return None
    again = any(not isinstance(side, Sym) and any(_same(s, left) for s in _symbols(side)) for side in parsed[1:])
    rated = any(isinstance(n, Sym) and n.name in rates for side in parsed[1:] for n in walk.nodes(side))
    if not (marked or again and (assigned or rated)):
        return None
    for side in parsed[1:]:
        terms = list(walk.terms(side))
        if len(terms) > 2 and any(isinstance(n, Gradient) for term in terms for n in walk.nodes(term)):
            raise Momentum("a change added beside the step (\\alpha \\Delta w, a momentum term) is the previous "
                           "update, which no network's gradients say, so the checker does not read it; check the "
                           "update without it, w \\leftarrow w - \\eta \\frac{\\partial E}{\\partial w}")
    return [Op("+", (left, Gradient(left, step=True))), *parsed[1:]]


def _nabla_by(tokens: list[Token], left: list[Token]) -> list[Token]:
    """Nielsen's ``w \\rightarrow w' = w - \\eta \\nabla C``: in an update, a bare \\nabla is by the weight updated."""
    out: list[Token] = []
    for n, token in enumerate(tokens):
        out.append(token)
        after = next((t for t in tokens[n + 1:] if t.kind != "space"), None)
        if token.text == r"\nabla" and after is not None and after.text != "_":
            by = [t._replace(position=token.stop, end=-1) for t in left if t.kind != "space"]
            out += [Token("punct", "_", token.stop), Token("punct", "{", token.stop), *by,
                    Token("punct", "}", token.stop)]
    return out


class Momentum(LatexError):
    """An update with a momentum term: refused, whatever else could read it."""


AFTER_THE_STEP = re.compile(r", the (?P<what>weight|bias) after one step of gradient descent \((?P<rate>\S+) its "
                            r"learning rate\)$")


def after_the_step(text: str, left: Op, rate: str) -> str:
    """What a stepped left side is, for messages: ``w^{(t+1)}, the weight after one step of gradient descent``."""
    what = "bias" if left.args[0].name == "b" else "weight"
    return f"{text}, the {what} after one step of gradient descent ({rate} its learning rate)"


def as_tex(text: str) -> str:
    """A side's text as TeX (an erratum's table typesets it): a stepped left side's words as text, not as letters."""
    return AFTER_THE_STEP.sub(lambda m: f"\\quad \\text{{(the {m['what']} after one step of gradient descent, "
                                        f"}}{m['rate']}\\text{{ its learning rate)}}", text)


def _same(a: Sym, b: Sym) -> bool:
    return (a.name, a.layer, a.indices) == (b.name, b.layer, b.indices)


def _symbols(node):
    """The symbols of ``node`` that are values (not what a derivative is by: -\\eta \\partial E / \\partial w has
    no w)."""
    if isinstance(node, Sym):
        yield node
    if isinstance(node, (Derivative, Gradient)):
        children = (node.body,) if isinstance(node, Derivative) else ()
    else:
        children = walk.children(node)
    for child in children:
        yield from _symbols(child)


def weight_first(tokens: list[Token], notation) -> bool:
    """Whether ``tokens`` start with a weight or a bias (``w``, ``\\mathbf{W}``, a name declared one)."""
    first = next((t for t in tokens if t.kind != "space"), None)
    return first is not None and _weighty(first, notation)


def _weighty(token: Token, notation) -> bool:
    return token.kind in ("name", "macro", "word") and (token.text in WEIGHTS or
                                                         notation.canonical(token.text) in WEIGHTS)


def _unbraced(tokens: list[Token]) -> list[Token]:
    """A symbol in braces before its scripts, ``{\\bf W}^{(l)}``, ``{w}^{(2)}_{11}`` (a site's \\bm as
    {\\mathbf #1}), as the symbol: the update's weight is found in either spelling (a macro's argument, \\frac{w}{2},
    stays as it is)."""
    out: list[Token] = []
    n = 0
    while n < len(tokens):
        texts = [t.text for t in tokens[n:n + 4]]
        if len(texts) == 4 and texts[0] == "{" and tokens[n + 1].kind == "name" and texts[2] == "}" and \
                texts[3] in ("^", "_") and not (out and (out[-1].kind == "macro" and out[-1].text in BRACED_ARGUMENTS
                                                          or out[-1].text in ("^", "_", "}"))):
            out.append(tokens[n + 1]._replace(position=tokens[n].position, end=tokens[n + 2].stop))
            n += 3
            continue
        out.append(tokens[n])
        n += 1
    return out


BRACED_ARGUMENTS = {r"\frac", r"\dfrac", r"\tfrac", r"\sqrt", r"\text", r"\operatorname", r"\mathrm"}


def _nielsen(piece: list[Token], notation) -> list[Token]:
    """Nielsen's ``w_k \\rightarrow w_k' = w_k - \\eta \\ldots`` as ``w_k' = w_k - \\eta \\ldots``, and his
    ``w \\rightarrow (1 - \\frac{\\eta \\lambda}{n}) w - \\ldots`` as an assignment, ``w \\leftarrow \\ldots``."""
    arrow = next((n for n, t in enumerate(piece) if t.text in ARROWS and _depth(piece, n) == 0), None)
    written = [t for t in piece[:arrow or 0] if t.kind != "space"]
    if arrow is None or not written or not _weighty(written[0], notation):
        return piece
    after = [t for t in piece[arrow + 1:] if t.kind != "space"]
    texts = [t.text for t in written]
    if [t.text for t in after[:len(texts) + 2]] == texts + ["'", "="]:
        return piece[arrow + 1:]
    if not any(t.text in ENDS for t in after):
        return [*piece[:arrow], piece[arrow]._replace(kind="assign"), *piece[arrow + 1:]]  # (read as \\leftarrow)
    return piece


def _new_mark(inner: list[str]) -> tuple[str, str | None] | None:
    """What a script or argument of the left side says: ``("step", "t")`` for ``(t+1)``, ``t+1``, ``[t+1]``;
    ``("new", None)`` for ``new``, ``+``, ``\\prime``; None for anything else (a layer, a unit's indices)."""
    if inner[:1] in (["("], ["["]) and inner[-1:] in ([")"], ["]"]):
        inner = inner[1:-1]
    if len(inner) == 3 and inner[1:] == ["+", "1"] and _letter(inner[0]) and inner[0] not in LAYER_LETTERS:
        return "step", inner[0]
    if "".join(inner) in NEW_WORDS:
        return "new", None
    return None


def _letter(text: str) -> bool:
    return len(text) == 1 and text.isalpha() or text.startswith("\\") and text[1:] in GREEK


def _old_marks_dropped(tokens: list[Token], letter: str | None, notation) -> list[Token]:
    """``tokens`` without the marks of the old value on a weight or bias (``w^{(t)}``, ``w_t``, ``w[t]``, ``W(t)``,
    ``w^{old}``; ``^T`` is a transpose, never step T); any other symbol keeps its scripts (E_n is example n's)."""
    kept: list[Token] = []
    base = None  # the symbol the scripts at the cursor belong to
    at = 0
    while at < len(tokens):
        token, text = tokens[at], tokens[at].text
        weight = base is not None and (_weighty(base, notation) or base.text == notation.learning_rate)
        if text in ("_", "^") and at + 1 < len(tokens) and kept:
            close = _group_end(tokens, at + 1)
            inner = _inner(tokens, at + 1, close)
            transposed = len(inner) > 1 and inner[-1] in ("T", r"\top") and _old_mark(inner[:-1], letter)
            if weight and transposed:  # Bishop's \mathbf{w}^{(\tau)T}: the old value, transposed
                kept += [tokens[at], tokens[close - 1]]
            elif weight and _old_mark(inner, letter) and not (close == at + 1 and inner in (["T"], [r"\top"])):
                kept[-1] = kept[-1]._replace(end=tokens[close].stop)
            elif close > at + 1:  # (a braced script: no symbol of its own, but \nabla_{w^{(t)}}'s w is one)
                kept += [tokens[at], tokens[at + 1], *_old_marks_dropped(tokens[at + 2:close], letter, notation),
                         tokens[close]]
            else:
                kept += tokens[at:close + 1]
            at = close + 1
            continue
        if text in ("(", "[") and letter is not None and kept and weight and _ends_a_symbol(kept) and \
                [t.text for t in tokens[at:at + 3]] == [text, letter, ")" if text == "(" else "]"]:
            kept[-1] = kept[-1]._replace(end=tokens[at + 2].stop)
            at += 3
            continue
        if token.kind in ("name", "macro"):
            base = token
        elif text != "'" and token.kind != "space":
            base = None
        kept.append(token)
        at += 1
    return kept


def _old_mark(inner: list[str], letter: str | None) -> bool:
    if "".join(inner) in OLD_WORDS:
        return True
    return letter is not None and inner in ([letter], ["(", letter, ")"], ["[", letter, "]"])


def _dropped(tokens: list[Token], start: int, close: int) -> list[Token]:
    """``tokens`` without ``tokens[start:close + 1]``, the token before them spanning them (for the side's text)."""
    before = tokens[start - 1]._replace(end=tokens[close].stop)
    return [*tokens[:start - 1], before, *tokens[close + 1:]]


def _group_end(tokens: list[Token], at: int) -> int:
    """Where the script group starting at ``at`` ends: its closing brace, or ``at`` (a single token)."""
    return _group_at(tokens, at)[1] - 1 if tokens[at].text == "{" else at


def _inner(tokens: list[Token], start: int, close: int, braces: bool = True) -> list[str]:
    inside = tokens[start + 1:close] if braces and tokens[start].text == "{" else tokens[start:close + 1]
    return [t.text for t in inside if t.kind != "space"]


def _depth(tokens: list[Token], at: int) -> int:
    return sum(nesting(token) for token in tokens[:at])
