"""A parser for the LaTeX of the derivation: display equations into a small expression tree.

Pure and strict: what it does not understand is a :class:`LatexError` naming
the thing, never a silent skip. Superscripts on ``w``, ``h``, ``z`` and
``\\delta`` are layer numbers, not powers; ``w_{11}^1`` and ``w^1_{11}`` are
the same weight; ``\\frac{\\partial E}{\\partial w}`` and ``\\frac{\\delta E}{\\delta w}``
are derivatives; ``\\sum_k`` and ``\\prod_h`` (or ``\\Pi_h``) apply to the rest
of their product term.
"""

from __future__ import annotations

import re

from .parser import Parser
from .tree import Equation, LatexError, Row

# --- reading ---------------------------------------------------------------------------

def _environment_body(source: str) -> str:
    text = re.sub(r"(?<!\\)%[^\n]*", "", source)  # LaTeX comments
    text = re.sub(r"\\begin\{(align|aligned|equation|gather|split|eqnarray)\*?\}", " ", text)
    text = re.sub(r"\\end\{(align|aligned|equation|gather|split|eqnarray)\*?\}", " ", text)
    other = re.search(r"\\(begin|end)\{([^}]*)\}", text)
    if other:
        raise LatexError(f"the environment {other.group(2)!r} is not supported by the checker")
    return text


def parse_equation(source: str) -> Equation:
    """Split display math into rows (``\\\\``) of ``=``-chains; ``&`` only aligns.

    A row that starts with ``&=`` (or ``=``) continues the chain of the row above.
    """
    body = _environment_body(source)
    equation = Equation()
    line = 0
    for raw in re.split(r"\\\\", body):
        start_line = line
        line += raw.count("\n")
        tags = re.findall(r"\\tag\*?\{([^}]*)\}", raw)
        equation.tags += tags
        text = raw.replace("&", " ")
        if not text.strip() or not _strip_commands(text).strip():
            continue
        pieces, offsets = [], []
        position = 0
        for piece in _split_top(text, "="):
            pieces.append(piece)
            leading = len(piece) - len(piece.lstrip())
            offsets.append(start_line + text[:position + leading].count("\n"))
            position += len(piece) + 1
        continues = not _strip_commands(pieces[0]).strip()
        if continues:
            if not equation.rows:
                raise LatexError("the first row starts with '=': there is nothing to its left")
            pieces, offsets = pieces[1:], offsets[1:]
        sides = [Parser(p).parse() for p in pieces]
        texts = [p.strip() for p in pieces]
        if continues:
            row = equation.rows[-1]
            row.sides += sides
            row.texts += texts
            row.lines += offsets
        else:
            equation.rows.append(Row(sides, texts, lines=offsets))
        if tags:
            equation.rows[-1].tag = tags[0]
    if not equation.rows:
        raise LatexError("no equation found")
    for row in equation.rows:
        if len(row.sides) < 2:
            raise LatexError(f"'{row.texts[0]}' has no '=': there is nothing to check")
    return equation


def _strip_commands(text: str) -> str:
    return re.sub(r"\\(label|tag\*?)\{[^}]*\}", "", text)


def _split_top(text: str, sep: str) -> list[str]:
    """Split at ``sep`` outside braces."""
    parts, depth, start = [], 0, 0
    for n, char in enumerate(text):
        if char == "{" and (n == 0 or text[n - 1] != "\\"):
            depth += 1
        elif char == "}" and (n == 0 or text[n - 1] != "\\"):
            depth -= 1
            if depth < 0:
                raise LatexError("unbalanced braces: a '}' closes nothing", n)
        elif char == sep and depth == 0:
            parts.append(text[start:n])
            start = n + 1
    if depth != 0:
        raise LatexError("unbalanced braces: a '{' is never closed")
    parts.append(text[start:])
    return parts
