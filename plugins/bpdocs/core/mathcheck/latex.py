"""Display math into rows of equation chains. Pure and strict.

``\\\\`` ends a row; ``&`` only aligns; a row that starts with ``=`` continues the chain above.
In a row, equations separated by ``\\quad``, ``\\text{and}`` (any ``\\text``), commas or
semicolons are checked each on its own; a trailing period or comma is punctuation.
``\\label``, ``\\tag`` and ``\\text`` are dropped whole, never parsed. A condition written in
the equation (``\\text{for } l < L``) is refused: it belongs in ``where``.
"""

from __future__ import annotations

import re

from .ambiguous import no_layer_as_example, no_layer_as_unit, no_shadowed_index
from .joined import joined_names
from .lexer import WIDE_SPACES, Token, nesting, tokenize
from .iteration import without_example, without_iteration
from .notation import DEFAULT, Notation
from .parser import Parser
from .products import PRODUCT_OPERATORS
from .rowconventions import row_conventions
from .examples import braced_examples, set_sizes, single_example
from .tree import Equation, Gradient, LatexError, Num, Row, Sym, quoted
from .stepmarks import marked_update
from .updates import after_the_step, rated_change, read_update
from .walk import nodes, symbols

ENVIRONMENTS = r"(?:align|aligned|equation|gather|gathered|split|eqnarray|multline|flalign|alignat)\*?"
WHOLE = re.compile(r"\\(?:label|tag\*?|eqref|ref)\s*\{[^{}]*\}")
CONDITIONS = ("for", "where", "if", "when", "with", "all", "unless", "except")
RELATIONS = {r"\approx", r"\neq", r"\ne", r"\leq", r"\geq", r"\le", r"\ge", "<", ">", r"\propto",
             r"\sim", r"\to", r"\rightarrow", r"\forall"}
DEFINITIONS = {r"\equiv", r"\coloneqq", r"\triangleq", r"\doteq", r"\eqqcolon"}  # definitions: equalities too
ASSIGNMENTS = {r"\leftarrow", r"\gets", r"\longleftarrow"}  # w <- w - eta dE/dw: an update; delta_k <- ...: a definition
ARROWS = {r"\to", r"\rightarrow", r"\longrightarrow"}  # Nielsen's w -> w' = w - eta dE/dw
UPDATE = ("an assignment is checked as an update only: a weight or a bias given its new value from its old one "
          "(w \\leftarrow w - \\eta \\frac{\\partial E}{\\partial w}); write this one as an equation (the change it "
          "makes, \\Delta w = -\\eta \\frac{\\partial E}{\\partial w}, with bpdocs_notation: {Delta: update})")

SESSION_UPDATE = ("an assignment is not read in a check against the page's code: write the step as an equation with "
                  "its new value bound, w^{(t+1)} = w^{(t)} - \\alpha \\nabla_{w^{(t)}} E(w^{(t)}), "
                  "bind=\"w^{(t+1)}=step(w); w^{(t)}=w; E=loss\" (the step's result, the value before it)")


def _environment_body(source: str) -> str:
    text = re.sub(r"(?<!\\)%[^\n]*", "", source)  # LaTeX comments
    text = re.sub(rf"\\begin\{{{ENVIRONMENTS}\}}(?:\{{\d+\}})?", " ", text)
    text = re.sub(rf"\\end\{{{ENVIRONMENTS}\}}", " ", text)
    other = re.search(r"\\(begin|end)\{([^}]*)\}", text)
    if other:
        raise LatexError(f"the environment {quoted(other.group(2))} is not supported by the checker")
    return text


def _a_shape(tokens: list[Token]) -> bool:
    """Whether ``tokens`` are a set of real vectors or matrices and nothing after it: ``\\mathbb{R}^{n \\times m}``,
    its sizes named (a size in numbers, which no check of several networks can stand by, is refused as before)."""
    rest = [t for t in tokens if t.kind != "space"]
    if not rest or rest[0].text != r"\mathbb{R}" or any(_a_size(rest, n) for n in range(len(rest))):
        return False
    if len(rest) == 1:
        return True
    if rest[1].text != "^" or len(rest) < 3:
        return False
    if rest[2].text != "{":
        return len(rest) == 3
    depth = 0
    for n, token in enumerate(rest[2:], 2):
        depth += {"{": 1, "}": -1}.get(token.text, 0)
        if depth == 0:
            return n == len(rest) - 1
    return False


def _a_size(tokens: list[Token], at: int) -> bool:
    """Whether the token ``at`` is a size in numbers (the 3 of R^3, not the 1 of n_1 or n_{l-1})."""
    if tokens[at].kind != "number":
        return False
    depth = 0  # inside the braces of a subscript, how deep
    for n in range(at - 1, -1, -1):
        text = tokens[n].text
        depth += {"}": 1, "{": -1}.get(text, 0)
        if text == "_" and (n == at - 1 or depth < 0):
            return False
        if depth < 0 and (n == 0 or tokens[n - 1].text != "_"):
            depth = 0  # (a group that is no subscript: the size's own braces, R^{3})
    return True


def _pieces(tokens: list[Token]) -> list[list[Token]]:
    """The row's tokens cut at top-level separators: \\quad, \\text{...}, commas, semicolons, a final period."""
    pieces, current, depth = [], [], 0
    for n, token in enumerate(tokens):
        depth += nesting(token)
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


def _arrow_refused(arrow: Token, target: list[Token]) -> LatexError:
    """Why an assignment that is no definition is not read: a weight's update, or another step of an algorithm."""
    written = "".join(t.text for t in target if t.kind != "space")
    if written[:1] in "wWb\\" and not written.startswith(("\\nabla", "\\delta")):
        return LatexError(f"{arrow.text}: {UPDATE}", arrow.position)
    return LatexError(f"{arrow.text}: {written} is given a new value, a step of an algorithm (Goodfellow's g \\leftarrow "
                      "..., a running gradient): write the equation the step stands for, with what the value is on each "
                      "side (e.g. \\nabla_{a^{(k)}} J = \\nabla_{h^{(k)}} J \\odot f'(a^{(k)}))", arrow.position)


def _sides(tokens: list[Token]) -> tuple[list[list[Token]], bool, Token | None, bool]:
    """The sides of an ``=``-chain, whether one of its signs is a definition (``:=``, ``\\coloneqq``), its
    assignment arrow (``\\leftarrow``, ``\\gets``), if it has one, and whether an ``=`` follows that: read as a
    definition where it defines a quantity (Mitchell's ``\\delta_k \\leftarrow o_k(1 - o_k)(t_k - o_k)``), as an
    update where it steps a weight (:mod:`.updates`; in a chain, ``w \\leftarrow w - \\eta g = \\ldots``, only then)."""
    sides, current, depth, defines, arrow, chained = [], [], 0, False, None, False
    for n, token in enumerate(tokens):
        depth += nesting(token)
        if depth == 0 and token.text == r"\in" and sides and _a_shape(tokens[n + 1:]):  # D2L's ... = \frac{\partial
            break  # L}{\partial o} \in \mathbb{R}^q: what follows says the last side's shape, no side of its own
        if depth == 0 and token.text == ":" and n + 1 < len(tokens) and tokens[n + 1].text == "=":
            defines = True  # := (Ng's), a definition or an assignment
            continue
        if depth == 0 and (token.text == "=" or token.text in DEFINITIONS):
            if arrow is not None:  # (a \\leftarrow b = c: an update's chain, or an assignment that defines nothing)
                chained = True
            defines = defines or token.text in DEFINITIONS
            sides.append(current)
            current = []
            continue
        if depth == 0 and (token.text in ASSIGNMENTS or token.kind == "assign"):  # (Nielsen's w \\rightarrow ...)
            # (nothing assigned, a \\leftarrow b \\leftarrow c, a = b \\leftarrow c: no definition)
            if arrow is not None or sides or not [t for t in current if t.kind != "space"]:
                raise LatexError(f"{token.text}: {UPDATE}", token.position)
            arrow, defines = token, True
            sides.append(current)
            current = []
            continue
        if depth == 0 and token.text in ARROWS:
            raise LatexError(f"{token.text}: the checker reads equalities only; a condition such as l < L belongs in "
                             f"where=\"l < L\", and {UPDATE}", token.position)
        if depth == 0 and token.text in RELATIONS:
            raise LatexError(f"{token.text}: the checker reads equalities only (an inequality, a bound, is shown "
                             "unchecked with check=\"off\"; a condition on the indices such as l < L belongs in "
                             "where=\"l < L\")", token.position)
        current.append(token)
    sides.append(current)
    return sides, defines, arrow, chained


def _assigned(parsed: list, defines: bool, session: bool) -> str | None:
    """Why the chain is a step of training, not an equation, if it is: a definition that gives a symbol a new value
    from its old one (``w := w - \\alpha g``), or a weight or bias equal to an expression of itself, or of itself at
    another step (``w^{(t+1)} = w^{(t)} - \\eta \\nabla E``, ``W = W - \\alpha\\, dW``): a weight is no function of
    itself, so the text means an update. (A side that is the symbol alone, ``w = w``, is an identity.)"""
    left = parsed[0]
    if not isinstance(left, Sym):  # \Delta w := \Delta w + ..., -w := -w - ..., \Delta w := 0: steps too
        steps = defines and (any(node == left for side in parsed[1:] for node in nodes(side)) or
                             isinstance(left, Gradient) and all(isinstance(side, Num) for side in parsed[1:]))
        return "the left side is given a value from itself, or a first value, so this is an assignment" if steps \
            else None
    for right in (s for side in parsed[1:] if not isinstance(side, Sym) for s in symbols(side)):
        if right.name != left.name:
            continue
        if defines and (right.layer, right.indices, right.example) == (left.layer, left.indices, left.example):
            return f"{left.text} is on both sides of a definition, so it is an assignment"
        if not session and left.name in ("w", "W", "b") and _same_but_offsets(left, right):
            return (f"{left.text} is given a value from {right.text} with no learning rate beside it: an update "
                    f"is read with its rate, {left.text} = {right.text} - \\eta \\frac{{\\partial E}}"
                    f"{{\\partial {right.text}}} (or \\leftarrow); as an identity, it says nothing to check")
    return None


def _same_but_offsets(a: Sym, b: Sym) -> bool:
    """Whether two symbols have the same index letters in each place, and the same numbers where there are none."""
    pairs = [(a.layer, b.layer), (a.example, b.example), *zip(a.indices, b.indices)]
    if len(a.indices) != len(b.indices) or any((x is None) != (y is None) for x, y in pairs):
        return False
    return all(x.vars == y.vars and (x.vars or x.offset == y.offset) for x, y in pairs if x is not None)


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
        try:
            _parse_row(equation, text, tags, start_line, notation)
        except LatexError as exc:  # located at its line of the source, for the page's line number
            exc.line = start_line + (text[:exc.column].count("\n") if exc.column is not None else 0)
            if notation.session is not None and UPDATE in exc.message:  # (the advice for a bpcore network's update)
                exc.message = exc.message.replace(UPDATE, SESSION_UPDATE)
                exc.args = (exc.message,)
            raise
    if not equation.rows:
        raise LatexError("no equation found")
    return equation


def _regrouped(sides: list, parsed: list, notation: Notation, text: str) -> list | None:
    """The sides read with their products taken from the right (``products: right``, undeclared), where that
    reads them otherwise: Wikipedia's ``W^T \\cdot f' \\circ \\nabla C`` is W^T (f' \\circ \\nabla C), Nielsen's
    ``W^T \\delta \\odot \\sigma'``, written with a \\cdot, (W^T \\delta) \\odot \\sigma' (another reading, tried
    only if the equation fails as read by default)."""
    if "products" in notation.conventions or notation.session is not None or \
            sum(t.text in PRODUCT_OPERATORS for side in sides for t in side) < 2:
        return None
    other = notation.reading(products="right")
    try:
        regrouped = [Parser(s, other, text).parse() for s in sides]
        regrouped = row_conventions(single_example(regrouped, notation.batch), other)
    except LatexError:
        return None
    return regrouped if regrouped != parsed else None


def _parse_row(equation: Equation, text: str, tags: list[str], start_line: int, notation: Notation) -> None:
    """One row of the source (between ``\\\\``): its chains, appended to ``equation`` (or continuing its last)."""
    tokens = joined_names(tokenize(text), [name for name in notation.aliases if "_{" in name])  # (SLP3's L_{CE})
    tokens = set_sizes(braced_examples(tokens), notation)  # (Higham's x^{\{i\}}: x^{(i)}; d2l's |\mathcal{B}|: N)
    first_in_row = True
    for piece in _pieces(tokens):
        piece, marked = marked_update(piece, notation) if notation.session is None else (piece, False)
        piece = without_iteration(piece, notation.iteration, notation.session is not None)
        piece = without_example(piece, notation.example, notation.batch)
        sides, defines, arrow, chained = _sides(piece)
        continues = not any(t.kind != "space" for t in sides[0])
        if continues:
            if not equation.rows:
                raise LatexError("the first row starts with '=': there is nothing to its left", piece[0].position)
            sides = sides[1:]
        elif len(sides) < 2:
            shown = text[piece[0].position:piece[-1].stop].strip()
            arrows = [t for t in piece if t.kind == "macro" and t.text.endswith(("arrow", "implies", "impliedby", "iff"))]
            raise LatexError(f"'{shown}' has no '=': there is nothing to check" + (
                f" ({arrows[0].text} is not read as one; an assignment is \\leftarrow)" if arrows else ""),
                arrows[0].position if arrows else piece[0].position)
        update = None if continues or notation.session else read_update(sides, notation, text, marked,
                                                                        arrow is not None or defines)
        if chained and not update:
            raise _arrow_refused(arrow, sides[0])
        try:
            parsed = update or rated_change([Parser(s, notation, text).parse() for s in sides], notation)
        except LatexError:
            if arrow is not None:  # (what an arrow assigns is read only when it is a definition)
                raise _arrow_refused(arrow, sides[0]) from None
            raise
        parsed = row_conventions(single_example(parsed, notation.batch or notation.session is not None), notation)
        regrouped = _regrouped(sides, parsed, notation, text)
        if notation.session is None:
            no_layer_as_unit(parsed)
            no_layer_as_example(parsed)
            no_shadowed_index(parsed)
        assigned = None if update else _assigned(parsed, defines, notation.session is not None)
        if arrow is not None and not update and (assigned or not isinstance(parsed[0], Sym) or
                                                 parsed[0].name in ("w", "W", "b")):
            # a weight given a value, a change accumulated (\Delta w \leftarrow \Delta w + ...), a negated side: steps
            raise LatexError(f"{arrow.text}: {UPDATE}", arrow.position)
        if assigned:
            raise LatexError(assigned if "rate" in assigned else f"{assigned}: {UPDATE}", sides[0][0].position)
        texts = [text[_start(text, s[0].position):s[-1].stop].strip() for s in sides]
        lines = [start_line + text[:s[0].position].count("\n") for s in sides]
        if update:  # (a counterexample's left side is the value after the step, not the weight drawn)
            texts[0] = after_the_step(texts[0], update[0], notation.learning_rate)
        if continues and (first_in_row or equation.rows):
            row = equation.rows[-1]
            if regrouped or row.regrouped:
                row.regrouped = (row.regrouped or row.sides) + (regrouped or parsed)
            row.sides += parsed
            row.texts += texts
            row.lines += lines
        else:
            equation.rows.append(Row(parsed, texts, lines=lines, regrouped=regrouped))
        if tags and first_in_row:
            equation.rows[-1].tag = tags[0]
        first_in_row = False
