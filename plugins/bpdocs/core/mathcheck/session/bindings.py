"""``bind`` and ``inputs``: which LaTeX symbol is which Python value or function of a session.

``bind="p=softmax(z) E=cross_entropy(p, t) \\hat{y}=y_hat"``: entries ``symbol=expression``, separated
by spaces or ``;`` (an expression with spaces of its own needs ``;``, or parentheses); a bare ``symbol``
binds the Python name of the same spelling. A symbol written in the equation and bound nowhere binds the
session's name of the same spelling (``z``, ``\\alpha`` -> ``alpha``, ``W_Q``), if there is one. An
expression may use the session's names and the symbols bound before it that are Python names (``p``
above). ``inputs="z W"``: Python names whose values are drawn anew for every trial after the first (which
uses the page's own values); every bound expression is then evaluated again.
"""

from __future__ import annotations

import ast
import keyword
import re
from dataclasses import dataclass
from functools import cached_property

from ..lexer import tokenize
from ..tree import LatexError, quoted

# a letter or macro, an accent's argument (\hat{w}, \hat\theta), then scripts: _{...}, _1, ^*, ^\star, ^', _{\mathrm{KL}}
KEY = re.compile(r"\\?[A-Za-z]+(?:\{\\?[A-Za-z]+\}|\\[A-Za-z]+)?"
                 r"(?:\s*[_^]\s*(?:\{(?:[^{}=;]|\{[^{}=;]*\})*\}|[A-Za-z0-9*']|\\[A-Za-z]+))*")  # (D_{\mathrm{KL}})


@dataclass(frozen=True)
class Entry:
    key: str  # the symbol, normalised (see symbol_key)
    written: str  # as the author wrote it, for messages
    source: str  # the Python expression
    code: object
    names: frozenset  # the names the expression uses

    @property
    def python_name(self) -> str | None:
        """The Python name later expressions may use for this value (the key, if it is an identifier)."""
        return self.key if self.key.isidentifier() and not keyword.iskeyword(self.key) else None

    @cached_property
    def leaf(self) -> str | None:
        """The session's name this entry reads as it is (``t`` or ``t=targets``), else None (parsed once)."""
        try:
            body = ast.parse(self.source, mode="eval").body
        except SyntaxError:
            return None
        return body.id if isinstance(body, ast.Name) else None


def symbol_key(tokens) -> str:
    """A symbol's key from its tokens: ``W_{Q}`` and ``W_Q`` are ``W_Q``; ``\\mathrm{softmax}`` is ``softmax``."""
    text = ""
    for token in tokens:
        if token.kind == "space" or token.text in "{}":
            continue
        text += token.text
    return text


def normalise(written: str) -> str:
    try:
        return symbol_key(tokenize(written))
    except LatexError:
        return written.strip()


def python_name(key: str) -> str | None:
    """The session name a symbol binds when ``bind`` does not say: its spelling, if that is a Python name."""
    name = key.lstrip("\\").replace("^", "_")
    return name if name.isidentifier() and not keyword.iskeyword(name) else None


def parse_bind(text: str | None) -> list[Entry]:
    """The entries of a ``bind`` attribute, in order; a sentence for one that cannot be read."""
    entries: list[Entry] = []
    if not text or not text.strip():
        return entries
    position = 0
    while position < len(text):
        while position < len(text) and (text[position].isspace() or text[position] == ";"):
            position += 1
        if position >= len(text):
            break
        match = KEY.match(text, position)
        if not match:
            raise LatexError(f"bind: cannot read a symbol at {quoted(text[position:position + 20])}; write "
                             "symbol=python_expression, e.g. bind=\"p=softmax(z)\"")
        written = match.group().strip()
        position = match.end()
        rest = text[position:].lstrip(" ")
        if rest.startswith("=") and not rest.startswith("=="):
            position = len(text) - len(rest) + 1
            end = _split_trailing_keys(text, position, _expression_end(text, position, ";" in text))
            source = text[position:end].strip()
            position = end
        else:
            source = python_name(normalise(written)) or ""
            if not source:
                raise LatexError(f"bind: {written} needs the Python name or expression it stands for, e.g. "
                                 f"bind=\"{written}=value\"")
        entries.append(_entry(written, source))
    keys = [e.key for e in entries]
    for key in keys:
        if keys.count(key) > 1:
            raise LatexError(f"bind: {key} is bound twice")
    return entries


def _expression_end(text: str, start: int, semicolons: bool = False) -> int:
    """Where the Python expression starting at ``start`` ends: a ``;``, or (unless the entries are separated by
    ``semicolons``) a space before the next ``symbol=`` (outside brackets: ``lambda v, theta=theta: ...`` has one),
    or the end."""
    depth, n = 0, start
    while n < len(text):
        char = text[n]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char in "\"'":
            closing = text.find(char, n + 1)
            n = closing if closing > 0 else len(text) - 1
        elif depth == 0 and char == ";":
            return n
        elif depth == 0 and char.isspace() and not semicolons:
            following = KEY.match(text, n + 1) if n + 1 < len(text) else None
            if following:
                after = text[following.end():].lstrip(" ")
                if after.startswith("=") and not after.startswith("=="):
                    return n
        n += 1
    return n


def _split_trailing_keys(text: str, start: int, end: int) -> int:
    """``p=softmax(z) W``: where an expression that does not compile ends, if what follows it is bare symbols."""
    if _compiles(text[start:end]):
        return end
    for n in range(end - 1, start, -1):
        if text[n].isspace() and _compiles(text[start:n]) and all(KEY.fullmatch(word) for word in text[n:end].split()):
            return n
    return end


def _compiles(source: str) -> bool:
    try:
        compile(source.strip() or "(", "<bind>", "eval")
    except SyntaxError:
        return False
    return True


def _entry(written: str, source: str) -> Entry:
    if not source:
        raise LatexError(f"bind: {written}= needs a Python expression after it")
    try:
        code = compile(source, f"<bind {written}>", "eval")
        names = frozenset(n.id for n in ast.walk(ast.parse(source, mode="eval")) if isinstance(n, ast.Name))
    except SyntaxError as exc:
        raise LatexError(f"bind: {written}={source} is not a Python expression ({exc.msg}); separate entries with "
                         "spaces, or with ';' when an expression has spaces of its own") from None
    return Entry(normalise(written), written, source, code, names)


def parse_inputs(text: str | None) -> list[str]:
    """``inputs="z W"``: Python names (of arrays or numbers) redrawn for every trial after the first."""
    names = (text or "").replace(",", " ").split()
    for name in names:
        if not name.isidentifier() or keyword.iskeyword(name):
            raise LatexError(f"inputs: {quoted(name)} is not a Python name; list the session's names of the values to "
                             "draw anew, e.g. inputs=\"z\"")
    return names
