"""The marks of an update's steps, on the tokens of a row (a part of the reading of an update rule,
:mod:`.updates`): the left side's mark of the new value (``w^{(t+1)}``, ``W(k+1)``, ``w^{new}``, ``w'``, Mazur's
``w^+``, and ``w^{(t)}`` where the right side has ``w^{(t-1)}``) is taken off, and the old value's (``(t)``, ``_t``,
``^{old}``, or ``(t-1)``) everywhere on the right; Nielsen's ``w \\rightarrow w' = ...`` becomes an assignment."""

from __future__ import annotations

import re

from .declarations import GREEK
from .iteration import _ends_a_symbol
from .lexer import Token, _group_at, nesting
from .tree import LatexError

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
    marks, bare, at = [], [], head + 1
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
        elif text != "'" and (letter := _bare_letter(_inner(piece, at + (text in "_^"), close, braces=text in "_^"),
                                                     notation)):
            bare.append((at, close, ("step", f"{letter}-1")))  # w^{(t)}, if the right side has w^{(t-1)}
        at = close + 1
    texts = [t.text for t in piece[end + 1:] if t.kind != "space"]
    if not marks and len(bare) == 1 and _has(texts, bare[0][2][1]):
        marks = bare  # Bishop and Bishop's w^{(t)} = w^{(t-1)} - \\eta \\nabla E(w^{(t-1)}): a step from the one before
    if len(marks) != 1 or not any(t.text == piece[head].text for t in piece[end + 1:]):
        return piece, False
    start, close, (_, letter) = marks[0]
    new = None if letter is None else letter[:-2] if letter.endswith("-1") else letter + "+1"
    new = new if letter is None or not letter.endswith("-1") or not _has(texts, new + "+1") else new + "+1"
    if letter is not None and _has(texts, new):
        raise LatexError(f"{new} on the right side: a value at the new step (Bishop's implicit \\nabla "
                         f"E(\\mathbf{{w}}^{{({new})}})) is not read; the checker reads the step from the old "
                         f"values, \\nabla E(\\mathbf{{w}}^{{({letter})}})", piece[end].position)
    before = None if letter is None else letter[:-2] + "-2" if letter.endswith("-1") else letter + "-1"
    if letter is not None and _has(texts, before):
        raise Momentum(f"{before}: the value at the step before, beside the step (a momentum term, "
                       f"\\alpha (w_{{{letter}}} - w_{{{before}}})): it adds the previous update, which no network's "
                       "gradients say, so the checker does not read it; check the update without it",
                       piece[start].position)
    left = _dropped(piece[:end], start, close)
    right = _old_marks_dropped(piece[end:], letter, notation)
    return left + right, True

class Momentum(LatexError):
    """An update with a momentum term: refused, whatever else could read it."""


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


def _bare_letter(inner: list[str], notation) -> str | None:
    """The letter of a script or argument that is a step's, ``(t)``, ``[k]``, ``(\\tau)``, or unbracketed the
    letter of steps, ``t``, ``\\tau`` or the declared iteration (``w_j`` has a unit's index, never a step)."""
    bracketed = inner[:1] in (["("], ["["]) and inner[-1:] in ([")"], ["]"])
    inner = inner[1:-1] if bracketed else inner
    steps = bracketed or inner[:1] in (["t"], [r"\tau"], [notation.iteration])
    return inner[0] if steps and len(inner) == 1 and _letter(inner[0]) and inner[0] not in LAYER_LETTERS else None


def _has(texts: list[str], mark: str) -> bool:
    """Whether ``texts`` hold the step ``mark``: ``t+1``, ``t-1``, or ``t`` alone in brackets or as a script
    (``w^{(t)}``, ``w_{t}``, ``\\theta_t``; never the target t of ``(y - t)``)."""
    parts = _parts(mark)
    for n in range(len(texts)):
        if texts[n:n + len(parts)] == parts and (len(parts) > 1 or texts[n - 1:n] in (["_"], ["^"]) or
                                                 texts[n - 1:n] in (["("], ["{"], ["["]) and
                                                 texts[n + 1:n + 2] in ([")"], ["}"], ["]"])):
            return True
    return False


def _parts(mark: str) -> list[str]:
    return re.findall(r"\\?[A-Za-z]+|\d+|[+-]", mark)


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
                [t.text for t in tokens[at:at + len(_parts(letter)) + 2]] == [text, *_parts(letter),
                                                                                ")" if text == "(" else "]"]:
            kept[-1] = kept[-1]._replace(end=tokens[at + len(_parts(letter)) + 1].stop)
            at += len(_parts(letter)) + 2
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
    return letter is not None and "".join(inner) in (letter, f"({letter})", f"[{letter}]")


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
