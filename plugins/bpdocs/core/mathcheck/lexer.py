"""LaTeX into tokens, with their positions. Pure.

A token is ``(kind, text, position)``: ``name`` (a letter, or a word from ``\\mathrm{net}``-like
wrappers, or an accented letter such as ``\\hat{y}``), ``number``, ``macro`` (``\\frac``), ``space``
(``\\,`` ``\\quad`` ...: separators in a subscript or between equations, nothing elsewhere), ``text``
(the words of ``\\text{...}``), and ``punct`` (``{ } ^ _ ( ) [ ] + - * / = , ; . ' |`` and Octave's
elementwise ``.*``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .tree import LatexError, quoted

PATTERN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]|\d+(?:\.\d+)?|\.\d+|\.\*|[{}^_()\[\]+\-*/=&',;.|<>!:~]|\s+")
SPACES = {r"\,", r"\;", r"\:", r"\!", r"\ ", r"\quad", r"\qquad", r"\enspace", r"\thinspace", r"\medspace",
          r"\thickspace", "~"}
WIDE_SPACES = {r"\quad", r"\qquad"}  # these separate equations in a row; the thin ones do not
IGNORED = {r"\displaystyle", r"\textstyle", r"\left", r"\right", r"\big", r"\Big", r"\bigg", r"\Bigg",
           r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\biggl", r"\biggr", r"\nonumber", r"\notag", r"\limits",
           r"\nolimits", r"\middle"}
SIZES = IGNORED - {r"\displaystyle", r"\textstyle", r"\nonumber", r"\notag", r"\limits", r"\nolimits"}  # (delimiters)
SWITCHES = {r"\rm", r"\bf", r"\it", r"\sf", r"\tt"}  # plain TeX's fonts ({\rm T}): the same letters
# Wrappers whose braced argument is a name: \mathbf{h}, \boldsymbol{\delta}, \mathrm{d}, \mathrm{net}.
BOLD = {r"\mathbf", r"\boldsymbol", r"\bm", r"\vec"}  # (Parr and Howard write \vec{1})
INDICATED = ("_", "(", "[", r"\{")  # after a bold 1: its condition (an indicator, piecewise.py)
ONES = (", a vector of ones, is not read (its length is that of what it multiplies): write what it makes, "
        "the sum of the entries, \\sum_i x_i (or, in a check against the page's code, bind a symbol to np.ones(n))")
NAME_WRAPPERS = {r"\mathbf", r"\boldsymbol", r"\bm", r"\mathrm", r"\mathit", r"\mathsf", r"\operatorname",
                 r"\vec", r"\textbf", r"\textit", r"\textrm", r"\mathbfit"}
FONTS = {r"\mathbf", r"\boldsymbol", r"\bm", r"\mathit", r"\mathbfit", r"\mathrm", r"\mathsf"}  # (around a letter)
TEXT_MACROS = {r"\text", r"\mbox", r"\textnormal", r"\intertext"}
CONNECTIVES = {"and", "or", "for", "if", "iff", "where", "with", "when", "otherwise", "else", "since", "so", "then",
               "thus", "hence", "all", "unless", "except", "because", "given", "as", "at", "in", "is", "of", "on",
               "each", "every", "any", "let", "by", "to"}  # words of prose (text), not names
# Accents make a name of their own: \hat{y} is not y. The wide forms are the same names.
ACCENTS = {r"\hat": r"\hat", r"\widehat": r"\hat", r"\tilde": r"\tilde", r"\widetilde": r"\tilde",
           r"\bar": r"\bar", r"\overline": r"\bar", r"\dot": r"\dot", r"\ddot": r"\ddot", r"\check": r"\check",
           r"\breve": r"\breve", r"\mathcal": r"\mathcal", r"\mathscr": r"\mathscr",
           r"\mathbb": r"\mathbb"}  # \mathcal{L} is not L; \mathbb{I} (Prince's indicator), \mathbb{1} are names
SYNONYMS = {r"\lbrack": "[", r"\rbrack": "]", r"\lbrace": "{", r"\rbrace": "}", r"\lVert": r"\|", r"\rVert": r"\|",
            r"\Vert": r"\|", r"\lvert": "|", r"\rvert": "|", r"\vert": "|", r"\dfrac": r"\frac", r"\tfrac": r"\frac",
            r"\cfrac": r"\frac", r"\top": "T", r"\intercal": "T", r"\prime": "'", r"\ast": "*",
            r"\varsigma": r"\sigma"}


class Token(NamedTuple):
    kind: str
    text: str
    position: int
    end: int = -1  # where it ends in the source, when that is not position + len(text) (\\mathrm{net} is "net")

    @property
    def stop(self) -> int:
        return self.end if self.end >= 0 else self.position + len(self.text)


def tokenize(source: str) -> list[Token]:
    """Every token of ``source``; whitespace dropped (a token records whether it was spaced from the last)."""
    raw: list[Token] = []
    position, sized = 0, False
    for match in PATTERN.finditer(source):
        if match.start() != position:
            raise LatexError(f"cannot read {quoted(source[position:match.start()])}", position)
        position = match.end()
        text = match.group()
        if text.isspace() or text in IGNORED or text in SWITCHES:
            sized = sized or text in SIZES
            continue
        if sized and text in (r"\{", r"\}"):  # \left\{ ... \right\}: braces that group, as Bishop writes them
            text = "(" if text == r"\{" else ")"
        sized = False
        text = SYNONYMS.get(text, text)
        if text in SPACES:
            kind = "space"
        elif text[0] == "\\" and len(text) > 2 or text in (r"\|", r"\{", r"\}"):
            kind = "macro"
        elif text.isalpha():
            kind = "name"
        elif text[0].isdigit() or text[0] == "." and text[1:].isdigit():
            kind = "number"
        else:
            kind = "punct"
        raw.append(Token(kind, text, match.start(), match.end() if len(text) != len(match.group()) else -1))
    if position != len(source):
        raise LatexError(f"cannot read {quoted(source[position:])}", position)
    return _bare_groups(_unwrap(_newton_dots(_single_arguments(raw)), source))


ARGUMENT_TAKERS = {r"\frac", r"\dfrac", r"\tfrac", r"\cfrac", r"\sqrt", r"\binom"}


def _bare_groups(tokens: list[Token]) -> list[Token]:
    """A braced symbol with a script as the symbol: ``{\\bf W}^2``, ``{W}^{(2)}``, ``{\\boldsymbol \\delta}^l``
    (TeX sets them as W^2); not an argument (``\\frac{a}{b}^2``, ``\\sqrt{x}^2``)."""
    out: list[Token] = []
    for n, token in enumerate(tokens):
        group = [t.text for t in tokens[n:n + 4]]
        if len(group) == 4 and group[0] == "{" and group[2] == "}" and group[3] in ("^", "_") and \
                tokens[n + 1].kind in ("name", "word", "macro") and not _an_argument(out):
            tokens[n + 1] = tokens[n + 1]._replace(position=token.position, end=tokens[n + 2].stop)  # (its span: {W})
            tokens[n + 2] = tokens[n + 2]._replace(kind="skip")
            continue
        if token.kind != "skip":
            out.append(token)
    return out


def _an_argument(before: list[Token]) -> bool:
    """Whether a group after the tokens ``before`` is an argument: a first one (``\\frac{``, ``\\sqrt[3]{``), or a
    second (``\\frac{a}{``)."""
    if not before or before[-1].text in ARGUMENT_TAKERS or before[-1].text == "]":
        return True
    if before[-1].text != "}":
        return False
    depth = 0
    for m in range(len(before) - 1, -1, -1):
        depth += {"}": 1, "{": -1}.get(before[m].text, 0) if before[m].kind == "punct" else 0
        if depth == 0:
            return m > 0 and before[m - 1].text in ARGUMENT_TAKERS
    return True


def _single_arguments(tokens: list[Token]) -> list[Token]:
    """A wrapper's unbraced argument braced, as TeX reads it (the next token, a letter or a macro):
    ``\\boldsymbol\\beta_0`` (Prince's) is ``\\boldsymbol{\\beta}_0``, ``^{\\mathrm T}`` is ``^{\\mathrm{T}}``."""
    out: list[Token] = []
    n = 0
    while n < len(tokens):
        token, after = tokens[n], tokens[n + 1] if n + 1 < len(tokens) else None
        out.append(token)
        n += 1
        if token.text in NAME_WRAPPERS | TEXT_MACROS and after is not None and after.kind in ("name", "macro"):
            out += [Token("punct", "{", after.position, after.position), after,
                    Token("punct", "}", after.stop, after.stop)]
            n += 1
    return out


def _braced(tokens: list[Token], n: int) -> tuple[list[Token], int]:
    """The tokens inside the braced group that starts at ``tokens[n]``, and the index after it."""
    if n >= len(tokens) or tokens[n].text != "{":
        raise LatexError(f"{tokens[n - 1].text} needs a braced argument", tokens[n - 1].position)
    depth, start = 0, n
    while n < len(tokens):
        depth += {"{": 1, "}": -1}.get(tokens[n].text, 0) if tokens[n].kind == "punct" else 0
        n += 1
        if depth == 0:
            return tokens[start + 1:n - 1], n
    raise LatexError("unbalanced braces: a '{' is never closed", tokens[start].position)


# Newton's dot on an activation is its derivative (Hagan's \dot{f}^m(n^m), \dot{F}^m(n^m) = diag(\dot{f}^m(n^m)))
DOTTED_ACTIVATIONS = {"f", "g", r"\sigma", r"\varphi", r"\phi"}


def _newton_dots(tokens: list[Token]) -> list[Token]:
    """``\\dot{f}`` -> ``f'``; ``\\dot{F}^m(v)`` -> ``\\operatorname{diag}(f'^m(v))``; any other dot is left alone."""
    tokens = _bold_dots(tokens)
    out: list[Token] = []
    n = 0
    while n < len(tokens):
        token = tokens[n]
        if token.text != r"\dot" or n + 1 >= len(tokens):
            out.append(token)
            n += 1
            continue
        inner, after = _braced(tokens, n + 1) if tokens[n + 1].text == "{" else (tokens[n + 1:n + 2], n + 2)
        if len(inner) == 4 and inner[0].text in FONTS and inner[1].text == "{" and inner[3].text == "}":
            inner = inner[2:3]  # Hagan's bold \dot{\mathbf{F}}: the dotted letter is F
        letter = inner[0] if len(inner) == 1 else None
        close = _argument_end(tokens, after) if letter is not None and letter.text == "F" else None
        if letter is not None and letter.text in DOTTED_ACTIVATIONS:
            out += [letter._replace(position=token.position), Token("punct", "'", letter.position)]
        elif close is not None:
            out += [Token("word", "diag", token.position, letter.position + 1), Token("punct", "(", token.position),
                    Token("name", "f", letter.position), Token("punct", "'", letter.position), *tokens[after:close],
                    Token("punct", ")", tokens[close - 1].position)]
        else:
            out.append(token)
            n += 1
            continue
        n = close if close is not None else after
    return out


def _bold_dots(tokens: list[Token]) -> list[Token]:
    """``\\mathbf{\\dot{F}}`` (a font around a dotted letter) as ``\\dot{F}``, the dot read as any other."""
    out: list[Token] = []
    n = 0
    while n < len(tokens):
        texts = [t.text for t in tokens[n:n + 7]]
        if texts[0] in FONTS and texts[1:4] == ["{", r"\dot", "{"] and texts[5:] == ["}", "}"]:
            out += [tokens[n + 2]._replace(position=tokens[n].position), *tokens[n + 3:n + 6]]  # (from the font on)
            n += 7
            continue
        out.append(tokens[n])
        n += 1
    return out


def _argument_end(tokens: list[Token], n: int) -> int | None:
    """The index after ``^{m}(...)`` (the script optional) that starts at ``tokens[n]``, or None."""
    if n + 1 < len(tokens) and tokens[n].text == "^":
        n = _braced(tokens, n + 1)[1] if tokens[n + 1].text == "{" else n + 2
    if n >= len(tokens) or tokens[n].text != "(":
        return None
    depth = 0
    for m in range(n, len(tokens)):
        depth += {"(": 1, ")": -1}.get(tokens[m].text, 0)
        if depth == 0:
            return m + 1
    return None


def _unwrap(tokens: list[Token], source: str) -> list[Token]:
    """``\\mathbf{x}`` -> ``x``, ``\\mathrm{net}`` -> the name ``net``, ``\\text{and}`` -> a text token."""
    out: list[Token] = []
    n = 0
    while n < len(tokens):
        token = tokens[n]
        if token.text in ACCENTS:  # \hat{y}, \hat y, \hat{\delta}: one name
            if n + 1 < len(tokens) and tokens[n + 1].text == "{":
                inner, after = _braced(tokens, n + 1)
            else:
                inner, after = tokens[n + 1:n + 2], n + 2
            inner = _unwrap(inner, source)
            if len(inner) != 1 and ACCENTS[token.text] == r"\bar" and tokens[n + 1].text == "{":
                # Grosse's \overline{w_{ki}^{(2)}}: a bar over a whole symbol, read by the parser (bar: gradient)
                out += [Token("macro", r"\bar", token.position), tokens[n + 1], *inner, tokens[after - 1]]
                n = after
                continue
            if len(inner) != 1 or inner[0].kind not in ("name", "word", "macro") and not (
                    token.text == r"\mathbb" and inner[0].kind == "number"):
                raise LatexError(f"{token.text} goes on one letter, e.g. {token.text}{{y}}", token.position)
            out.append(Token("word", f"{ACCENTS[token.text]}{{{inner[0].text}}}", token.position,
                             tokens[after - 1].stop))
            n = after
            continue
        if token.text in NAME_WRAPPERS | TEXT_MACROS:
            opening = tokens[n + 1].position if n + 1 < len(tokens) else token.position
            inner, n = _braced(tokens, n + 1)
            words = source[opening + 1:tokens[n - 1].position]
            words = words.replace("\\_", "_") if re.fullmatch(r"[A-Za-z]+(?:\\_[A-Za-z]+)+", words) else words
            if token.text in TEXT_MACROS and words.replace("_", "").isalpha() and words.lower() not in CONNECTIVES and (
                    n < len(tokens) and tokens[n].text in ("_", "^", "(", "'") or len(words) > 1
                    and not (out and out[-1].text in WIDE_SPACES | {",", ";"})):
                # \text{net}_j (Wikipedia's): a word with an index is a name, as \mathrm{net}_j; one applied, or
                # primed, a function, as \operatorname{ReLU}' (CS229's \text{ReLU}'(z^{[1]})); a word alone, not
                # prose's (Kriesel's \text{Err}), is a name too: read or refused as one, never skipped as prose
                # (after \quad or a comma, x = 1 \quad \text{elementwise}, it is a remark: prose)
                out.append(Token("word" if len(words) > 1 else "name", words, token.position, tokens[n - 1].stop))
            elif token.text in TEXT_MACROS:  # the words as written (spaces kept)
                out.append(Token("text", words, token.position))
            elif inner and all(t.kind == "name" for t in inner) and all(len(t.text) == 1 for t in inner):
                word = "".join(t.text for t in inner)
                # a word written as one (\mathrm{net}) is a word; its span is the whole \mathrm{...}
                out.append(Token("word" if len(word) > 1 else "name", word, token.position, tokens[n - 1].stop))
            else:  # \mathbf{\delta}, \boldsymbol{W^l}: the content itself, unwrapped (the wrapper its span, so a
                content = _unwrap(inner, source)  # side's text is \boldsymbol{\Omega}_2, not \Omega}_2)
                if token.text in BOLD and [t.text for t in content] == ["1"] and _next_text(tokens, n) not in INDICATED:
                    raise LatexError(f"{token.text}{{1}}{ONES}", token.position)
                if content:
                    content[0] = content[0]._replace(position=token.position, end=content[0].stop)
                    content[-1] = content[-1]._replace(end=max(content[-1].stop, tokens[n - 1].stop))
                out.extend(content)
            continue
        out.append(token)
        n += 1
    return out


def nesting(token: Token) -> int:
    """1 for a bracket that opens (``\\{`` of an indicator's condition too), -1 for one that closes, else 0."""
    if token.kind == "punct" and token.text in "([{" or token.text == r"\{":
        return 1
    return -1 if token.kind == "punct" and token.text in ")]}" or token.text == r"\}" else 0


def _group_at(tokens: list[Token], n: int) -> tuple[list[Token], int]:
    try:
        return _braced(tokens, n)
    except LatexError:
        return [], n + 1


def _next_text(tokens: list[Token], n: int) -> str | None:
    """The text of the first token from ``n`` on that is not a space."""
    return next((t.text for t in tokens[n:] if t.kind != "space"), None)
