"""Names declared with a subscript (SLP3's ``L_{CE}``, AIMA's ``w_{3,5}``, CS224n's ``\\delta_1``), joined in an
equation's tokens into the one word the notation declares."""

from __future__ import annotations

import re

from .lexer import Token, _group_at

SUBSCRIPTED = re.compile(r"^(?P<base>\\mathcal\{[A-Za-z]\}|\\?[A-Za-z]+)_"
                         r"(?:\{\s*(?:\\(?:text|mathrm|textrm|rm)\s*\{?)?\s*"
                         r"(?P<word>[A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)\s*\}?\s*\}"
                         r"|(?P<letter>[A-Za-z0-9]))$")


def subscripted_name(key: str) -> str | None:
    """A notation key naming a letter with a subscript, SLP3's ``L_{CE}`` (also ``L_{\\text{CE}}``, ``L_C``,
    ``\\mathcal{L}_{CE}``; AIMA's ``w_{3,5}``), as the one spelling the equations' tokens are joined to (``L_{CE}``,
    ``w_{3,5}``); else None."""
    match = SUBSCRIPTED.match(key.strip())
    return None if match is None else f"{match['base']}_{{{''.join((match['word'] or match['letter']).split())}}}"


def joined_names(tokens: list[Token], names) -> list[Token]:
    """Each declared subscripted name (:func:`subscripted_name`) written in ``tokens`` as one word token."""
    pairs = {tuple(name[:-1].split("_{", 1)) for name in names}
    if not pairs:
        return tokens
    out, n = [], 0
    while n < len(tokens):
        width = _spelt(tokens, n, {base for base, _ in pairs})  # (Mazur's net_{h1}: n, e, t, one word)
        token, texts = tokens[n], [t.text for t in tokens[n + width:n + width + 2]]
        base = "".join(t.text for t in tokens[n:n + width])
        if texts[:1] == ["_"] and len(texts) == 2:
            at = n + width + 1
            group, after = ([tokens[at]], at + 1) if texts[1] != "{" else _group_at(tokens, at)
            word = "".join(t.text for t in group) if all(t.kind in ("name", "word", "number") or t.text == ","
                                                         for t in group) else ""
            if (base, word) in pairs:
                out.append(Token("word", f"{base}_{{{word}}}", token.position, tokens[after - 1].stop))
                n = after
                continue
            entry = _entry_of(base, group, pairs, token.position)
            if entry:
                out += entry
                n = after
                continue
        out.append(token)
        n += 1
    return out


def _spelt(tokens: list[Token], n: int, bases: set[str]) -> int:
    """How many tokens from ``n`` spell a declared base of more than one letter, written as one word (1 if none)."""
    for base in sorted((b for b in bases if len(b) > 1 and b.isalpha()), key=len, reverse=True):
        spelt = tokens[n:n + len(base)]
        if len(spelt) == len(base) and all(t.kind == "name" and t.text == c for t, c in zip(spelt, base)) and \
                all(b.position == a.stop for a, b in zip(spelt, spelt[1:])):
            return len(base)
    return 1


def _entry_of(base: str, group: list[Token], pairs: set, position: int) -> list[Token]:
    """A declared name's subscript and an entry's index after a comma, CS224n's ``\\delta_{1,k}`` with
    ``\\delta_1`` declared, as ``(\\delta_{1})_{k}``: entry k of the declared vector (Kronecker's delta_{1,k}
    was read, a wrong verdict either way); else []."""
    comma = next((n for n, t in enumerate(group) if t.text == ","), None)
    if comma is None or comma == len(group) - 1 or \
            (base, "".join(t.text for t in group[:comma])) not in pairs:
        return []
    first, rest = group[:comma], group[comma + 1:]
    mark = lambda text, at: Token("punct", text, at, at)  # noqa: E731 (no source of its own: messages quote none)
    word = Token("word", f"{base}_{{{''.join(t.text for t in first)}}}", position, first[-1].stop)
    return [mark("(", position), word, mark(")", word.stop), mark("_", rest[0].position), mark("{", rest[0].position),
            *rest, mark("}", rest[-1].stop)]
