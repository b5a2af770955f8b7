"""Display math into rows of equation chains. Pure and strict.

``\\\\`` ends a row; ``&`` only aligns; a row that starts with ``=`` continues the chain above.
In a row, equations separated by ``\\quad``, ``\\text{and}`` (any ``\\text``), commas or
semicolons are checked each on its own; a trailing period or comma is punctuation.
``\\label``, ``\\tag`` and ``\\text`` are dropped whole, never parsed. A condition written in
the equation (``\\text{for } l < L``) is refused: it belongs in ``where``.
"""

from __future__ import annotations

import re

from .lexer import WIDE_SPACES, Token, tokenize
from .notation import DEFAULT, Notation
from .parser import Parser
from .tree import Equation, LatexError, Row

ENVIRONMENTS = r"(?:align|aligned|equation|gather|gathered|split|eqnarray|multline|flalign|alignat)\*?"
WHOLE = re.compile(r"\\(?:label|tag\*?|eqref|ref)\s*\{[^{}]*\}")
CONDITIONS = ("for", "where", "if", "when", "with", "all", "unless", "except")
RELATIONS = {r"\approx", r"\neq", r"\ne", r"\leq", r"\geq", r"\le", r"\ge", "<", ">", r"\propto",
             r"\sim", r"\to", r"\rightarrow", r"\forall"}
DEFINITIONS = {r"\equiv", r"\coloneqq", r"\triangleq", r"\doteq", r"\eqqcolon"}  # definitions: equalities too


def _environment_body(source: str) -> str:
    text = re.sub(r"(?<!\\)%[^\n]*", "", source)  # LaTeX comments
    text = re.sub(rf"\\begin\{{{ENVIRONMENTS}\}}(?:\{{\d+\}})?", " ", text)
    text = re.sub(rf"\\end\{{{ENVIRONMENTS}\}}", " ", text)
    other = re.search(r"\\(begin|end)\{([^}]*)\}", text)
    if other:
        raise LatexError(f"the environment {other.group(2)!r} is not supported by the checker")
    return text


def _pieces(tokens: list[Token]) -> list[list[Token]]:
    """The row's tokens cut at top-level separators: \\quad, \\text{...}, commas, semicolons, a final period."""
    pieces, current, depth = [], [], 0
    for n, token in enumerate(tokens):
        if token.kind == "punct" and token.text in "([{":
            depth += 1
        elif token.kind == "punct" and token.text in ")]}":
            depth -= 1
        if depth == 0 and token.kind == "text":
            words = token.text.strip().lower().split()
            if words and words[0].rstrip(":,") in CONDITIONS:
                raise LatexError(f"\\text{{{token.text}}}: a condition in the equation is not read by the checker; "
                                 "give it as where=\"...\" (e.g. where=\"l < L\")", token.position)
        if depth == 0 and (token.kind == "text" or token.text in WIDE_SPACES
                           or token.kind == "punct" and token.text in (",", ";")
                           or token.text == "." and all(t.kind == "space" for t in tokens[n + 1:])):
            pieces.append(current)
            current = []
            continue
        current.append(token)
    pieces.append(current)
    return [p for p in pieces if any(t.kind != "space" for t in p)]


def _sides(tokens: list[Token]) -> list[list[Token]]:
    sides, current, depth = [], [], 0
    for token in tokens:
        if token.kind == "punct" and token.text in "([{":
            depth += 1
        elif token.kind == "punct" and token.text in ")]}":
            depth -= 1
        if depth == 0 and (token.text == "=" or token.text in DEFINITIONS):
            sides.append(current)
            current = []
            continue
        if depth == 0 and token.text in RELATIONS:
            raise LatexError(f"{token.text}: the checker reads equalities only; a condition such as l < L "
                             "belongs in where=\"l < L\"", token.position)
        current.append(token)
    sides.append(current)
    return sides


def _check_braces(text: str) -> None:
    depth = 0
    for n, char in enumerate(text):
        if char in "{}" and (n == 0 or text[n - 1] != "\\"):
            depth += 1 if char == "{" else -1
            if depth < 0:
                raise LatexError("unbalanced braces: a '}' closes nothing", n)
    if depth:
        raise LatexError("unbalanced braces: a '{' is never closed")


def _start(text: str, position: int) -> int:
    """Where a side starts in the source: its first token, or a \\left (\\bigl ...) dropped before it."""
    before = text[:position].rstrip()
    match = re.search(r"\\(?:left|bigl|Bigl|biggl|Biggl|big|Big|bigg|Bigg)$", before)
    return match.start() if match else position


def parse_equation(source: str, notation: Notation = DEFAULT) -> Equation:
    """Rows of ``=``-chains, each side parsed; ``row.lines`` are 0-based lines of ``source``."""
    body = _environment_body(source)
    _check_braces(body)
    equation = Equation()
    line = 0
    for raw in re.split(r"\\\\(?:\[[^\]]*\])?", body):
        start_line, line = line, line + raw.count("\n")
        equation.tags += re.findall(r"\\tag\*?\s*\{([^}]*)\}", raw)
        tags = re.findall(r"\\tag\*?\s*\{([^}]*)\}", raw)
        text = WHOLE.sub(lambda m: " " * len(m.group()), raw).replace("&", " ")
        tokens = tokenize(text)
        first_in_row = True
        for piece in _pieces(tokens):
            sides = _sides(piece)
            continues = not any(t.kind != "space" for t in sides[0])
            if continues:
                if not equation.rows:
                    raise LatexError("the first row starts with '=': there is nothing to its left")
                sides = sides[1:]
            elif len(sides) < 2:
                shown = text[piece[0].position:piece[-1].stop].strip()
                raise LatexError(f"'{shown}' has no '=': there is nothing to check")
            parsed = [Parser(s, notation, text).parse() for s in sides]
            texts = [text[_start(text, s[0].position):s[-1].stop].strip() for s in sides]
            lines = [start_line + text[:s[0].position].count("\n") for s in sides]
            if continues and (first_in_row or equation.rows):
                row = equation.rows[-1]
                row.sides += parsed
                row.texts += texts
                row.lines += lines
            else:
                equation.rows.append(Row(parsed, texts, lines=lines))
            if tags and first_in_row:
                equation.rows[-1].tag = tags[0]
            first_in_row = False
    if not equation.rows:
        raise LatexError("no equation found")
    return equation
