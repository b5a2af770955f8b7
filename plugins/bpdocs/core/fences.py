"""Find annotated code fences and inline values in a page's Markdown, with their line numbers.

Pure: takes text, returns plain data. The syntax follows pymdown-extensions'
superfences attribute style::

    ```python exec="on" session="demo" show="both" title="Backprop"
    ...
    ```

and inline values are Quarto-style inline code: `` `{python} expr:.2f` ``.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field, replace

from .errors import AuthoringError
from .frontmatter import LineMap, file_line
from .hidden import comment_end, in_indented_code

LISTING_OPTIONS = {"title", "linenums", "hl_lines", "title_mode"}  # (pymdownx.highlight's, on any fence)

# The indent may hold blockquote markers: "> ```python" is a fence inside a quote.
OPENING = re.compile(r"^(?P<indent>(?:[ \t]*>)*[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
QUOTE = re.compile(r"^(?:[ \t]*>)+")
# An inline value is a code span of single backticks whose content starts with {python} (or {py}).
INLINE = re.compile(r"^\{(?:python|py)\}[ \t]+(?P<expr>[^`\n]+?)[ \t]*$")
BACKTICKS = re.compile(r"`+")
# An info string as shlex reads it (POSIX, whitespace-split) when it has no backslash: words of unquoted runs and
# quoted parts, separated by shlex's whitespace. (shlex reads a character at a time: ten times slower, on every
# fence of every page of every build.)
# (Each part starts with a character of its own and words need whitespace between them: no backtracking.)
_WORD = r"""(?:[^ \t\r\n"'\\]|"[^"\\]*"|'[^'\\]*')+"""
WORDS = re.compile(rf"(?:{_WORD}(?:[ \t\r\n]+{_WORD})*)?")  # (of the string stripped of that whitespace)
WORD = re.compile(_WORD)
QUOTED = re.compile(r"""(?:"([^"]*)"|'([^']*)')""")


def inline_values(line: str):
    """``(start, end, expr)`` of each inline value in ``line``.

    Code spans are read as CommonMark reads them: a run of n backticks opens a span that the next
    run of exactly n closes. Only a single-backtick span is a value, so ``` ``{python} x`` ``` and
    `` `{python} x` `` inside a longer span are shown literally, never run.
    """
    if "`{py" not in line:  # (most lines: a value's span opens with a backtick right before {python} or {py})
        return
    position = 0
    while (opening := BACKTICKS.search(line, position)) is not None:
        width = len(opening.group())
        closing = next((m for m in BACKTICKS.finditer(line, opening.end()) if len(m.group()) == width), None)
        if closing is None:
            position = opening.end()  # backticks that open nothing are literal
            continue
        if width == 1 and (value := INLINE.match(line[opening.end():closing.start()])):
            yield opening.start(), closing.end(), value["expr"]
        position = closing.end()

TRUE = {"on", "1", "true", "yes"}  # what exec="..." may say to run (core/attributes.py: the rest)


@dataclass(frozen=True)
class Fence:
    """A fenced code block: where it is and what it says.

    ``line`` is the 1-based line of the opening fence; the body occupies the
    lines after it. ``start``/``end`` are 0-based line indices of the opening
    and closing fence lines (``end`` is ``None`` for a fence left open at the
    end of the page).
    """

    page: str
    line: int
    start: int
    end: int | None
    indent: str
    marker: str
    lang: str
    attrs: dict[str, str]
    source: str
    placed: bool = False  # its lines are not the file's in order (a tool wrote it): all of it is at ``line``
    written: str | None = None  # a checked equation's source as written, when ``source`` has its macros expanded

    @property
    def is_diagram(self) -> bool:
        return self.lang == "bpnet"

    @property
    def is_listing(self) -> bool:
        """A math fence with a code block's options only (``title="..."``, ``linenums``): a listing of TeX source,
        left to the site's highlighter, as the site showed it without bpdocs (superfences takes a fence with
        options its math fence does not know for code)."""
        return self.lang == "math" and bool(self.attrs) and all(k in LISTING_OPTIONS for k in self.attrs)

    @property
    def is_checked_math(self) -> bool:
        return self.lang == "math" and self.attrs.get("check", "off") != "off"

    @property
    def executes(self) -> bool:
        """Whether the fence is a cell: an executable Python fence, a diagram, or a checked equation."""
        return self.is_diagram or self.is_checked_math or self.attrs.get("exec", "").lower() in TRUE

    @property
    def key(self) -> int:
        """Where the fence is in the page's Markdown (its 1-based line there): one fence's alone, unlike ``line``,
        its line in the file, which fences share that a tool wrote from one line (a snippet's, a macro's)."""
        return self.start + 1

    @property
    def cell_id(self) -> str:
        return f"fence-{self.key}"

    @property
    def body_line(self) -> int:
        """1-based Markdown line of the first line of the body (a ``$$`` block starts on its own line)."""
        return self.line if self.marker == "$$" else self.line + 1


@dataclass(frozen=True)
class InlineValue:
    """An inline value `` `{python} expr` `` at 1-based ``line``; ``span`` is its character range."""

    page: str
    line: int
    span: tuple[int, int]
    expr: str


@dataclass
class Note:
    """Something the author should know about a line of the page, that is not wrong (said at INFO)."""

    page: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.message}"


@dataclass
class PageScan:
    fences: list[Fence] = field(default_factory=list)
    inline: list[InlineValue] = field(default_factory=list)
    errors: list[AuthoringError] = field(default_factory=list)  # bpdocs fences whose attributes cannot be read
    notes: list[Note] = field(default_factory=list)  # fences other tools run (see other_tools_cell)


# The cells other tools run, as their authors write them: Quarto's and R Markdown's ```{python}, MyST's (Jupyter
# Book's) ```{code-cell} ipython3, jupyter-sphinx's ```{jupyter-execute}, Sphinx's ```{ipython}.
OTHER_TOOLS_CELL = re.compile(r"^\{\s*(?P<name>code-cell|jupyter-execute|ipython3?|python3?|py|r|julia|ojs)\b[^}]*\}")
OTHER_TOOLS = {"code-cell": "MyST's (Jupyter Book's)", "jupyter-execute": "jupyter-sphinx's", "ipython": "Sphinx's",
               "ipython3": "Sphinx's", "r": "Quarto's", "julia": "Quarto's", "ojs": "Quarto's"}


def other_tools_cell(info: str, lang: str, attrs: dict) -> str | None:
    """What to tell an author whose fence is a cell another tool runs, which bpdocs shows as code; else None."""
    match = OTHER_TOOLS_CELL.match(info.strip()) if info.lstrip().startswith("{") and "exec" not in attrs else None
    if match is None:
        return None
    name = match["name"]
    tool = OTHER_TOOLS.get(name, "Quarto's (and R Markdown's)")
    written = f"```{info.strip()} is {tool} cell to run, which bpdocs does not run"
    if name in ("r", "julia", "ojs"):
        return f'{written}: bpdocs runs Python, in fences written ```python exec="on"'
    return f'{written}; to run it here, write ```python exec="on"'


def parse_info(info: str) -> tuple[str, dict[str, str]]:
    """Split a fence info string into its language and its ``key="value"`` attributes.

    Accepts ``python exec="on"``, the braced form ``{.python exec="on"}`` and ``python {linenums="1"}``.
    """
    info = info.strip()
    if info.startswith("{") and info.endswith("}"):
        info = info[1:-1].strip()
    elif info.endswith("}") and (braced := LANG_THEN_BRACES.fullmatch(info)):
        info = f"{braced['lang']} {braced['attrs']}"
    words = split_words(info)
    lang, attrs = "", {}
    for n, word in enumerate(words):
        key, equals, value = word.partition("=") if "=" in word else (word.lstrip("."), "", "")
        if not equals and n == 0:
            lang = key
            continue
        if key.strip() in attrs:  # (the last would win: exec="on" exec="off" would not run, without a word)
            raise AuthoringError(f"the attribute {key.strip()} is given twice: {info}")
        attrs[key.strip()] = value
    return lang, attrs


def split_words(info: str) -> list[str]:
    """``shlex.split(info, posix=True)``, quickly where it is simple (no backslash, every quote closed); an
    unclosed quote is an :class:`AuthoringError`."""
    if WORDS.fullmatch(info.strip(" \t\r\n")):
        return [QUOTED.sub(lambda m: m[1] if m[1] is not None else m[2], word) for word in WORD.findall(info)]
    try:
        return shlex.split(info, posix=True)
    except ValueError as exc:  # an unclosed quote
        raise AuthoringError(f"cannot read the fence's attributes ({exc}): {info}") from None


LANG_THEN_BRACES = re.compile(r"(?P<lang>[^\s{}]+)\s+\{(?P<attrs>[^{}]*)\}")
# What makes a fence bpdocs' own, read even where its attributes are not: one that does not say so is left to the
# generator's own fences (superfences reads hl_lines="4 5"" where shlex cannot), never an error of bpdocs'.
OURS = re.compile(r"\bexec\b|^\s*\{?\s*\.?(?:math|bpnet)\b")


def _is_closing(line: str, marker: str) -> bool:
    stripped = QUOTE.sub("", line).strip()
    return stripped.startswith(marker) and set(stripped) == {marker[0]}


DISPLAY_MATH = re.compile(r"^(?P<indent>[ \t]*)\$\$(?P<rest>.*)$")


def scan(markdown: str, page: str, *, line_offset: int | LineMap = 0, display_math: bool = False) -> PageScan:
    """Every fence (any language) and every inline value outside fences, in page order.

    ``line_offset`` is the number of file lines before ``markdown`` (front
    matter, which MkDocs strips), or the :class:`LineMap` of a page another tool
    rewrote, so that reported lines are the file's.
    With ``display_math``, ``$$ ... $$`` blocks are returned as ``math`` fences too.
    """
    try:
        result = _scan(markdown, page, display_math)
    except AuthoringError as exc:
        exc.line = file_line(line_offset, exc.line)
        raise
    if line_offset:
        result.fences = [replace(f, line=file_line(line_offset, f.line), placed=not _in_order(f, line_offset))
                         for f in result.fences]
        result.inline = [replace(v, line=file_line(line_offset, v.line)) for v in result.inline]
        for error in [*result.errors, *result.notes]:
            error.line = file_line(line_offset, error.line)
    return result


def _in_order(fence: Fence, line_offset: int | LineMap) -> bool:
    """Whether the fence's lines are lines of the file, one after another (not a snippet's, all at its include)."""
    last = fence.start if fence.end is None else fence.end
    return all(file_line(line_offset, n + 1) == file_line(line_offset, fence.line) + n - fence.start
               for n in range(fence.start, last + 1))


def _display_math_end(lines: list[str], n: int, rest: str) -> int | None:
    """The last line of a ``$$`` block opened on line ``n`` (``rest`` follows the opening ``$$``)."""
    if rest.rstrip().endswith("$$") and rest.strip() != "":
        return n
    return next((m for m in range(n + 1, len(lines)) if lines[m].rstrip().endswith("$$")), None)


def _scan(markdown: str, page: str, display_math: bool) -> PageScan:
    lines = markdown.split("\n")
    result = PageScan()
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    n = 0
    while n < len(lines):
        math = DISPLAY_MATH.match(lines[n]) if display_math else None
        if math:
            end = _display_math_end(lines, n, math["rest"])
            if end is not None:
                body = "\n".join([math["rest"], *lines[n + 1:end + 1]]) if end > n else math["rest"]
                body = body.rstrip()[:-2]
                result.fences.append(Fence(page, n + 1, n, end, math["indent"], "$$", "math", {},
                                           body.rstrip("\n")))  # its lines from the $$ line: rows located
                n = end + 1
                continue
        line = lines[n]
        if "<!--" in line and (hidden_to := comment_end(lines, n)) is not None:  # (what it hides never runs)
            n = hidden_to + 1
            continue
        match = OPENING.match(line) if "```" in line or "~~~" in line else None  # (a quick look first: most lines)
        if not match or (match["fence"][0] == "`" and "`" in match["info"]):
            if "`{py" in line:
                for start, end, expr in inline_values(line):
                    result.inline.append(InlineValue(page, n + 1, (offsets[n] + start, offsets[n] + end), expr))
            n += 1
            continue
        indent, marker = match["indent"], match["fence"]
        end = next((m for m in range(n + 1, len(lines)) if marker in lines[m] and _is_closing(lines[m], marker)),
                   None)
        if in_indented_code(lines, n, indent):  # shown as code, as Markdown shows it: nothing in it runs
            n = (end if end is not None else len(lines)) + 1
            continue
        body = lines[n + 1:end if end is not None else len(lines)]
        try:
            lang, attrs = parse_info(match["info"])
        except AuthoringError as exc:  # shown as plain code; an error only on a fence of bpdocs' (every one)
            first = match["info"].strip(" {.").split(" ")[0]
            lang, attrs = ("" if "=" in first else first), {}
            if OURS.search(match["info"]):
                result.errors.append(exc.at(page, n + 1))
        source = "\n".join(_dedent(line, indent) for line in body)
        result.fences.append(Fence(page, n + 1, n, end, indent, marker, lang, attrs, source))
        if "{" in match["info"] and (note := other_tools_cell(match["info"], lang, attrs)):
            result.notes.append(Note(page, n + 1, note))
        n = (end if end is not None else len(lines)) + 1
    return result


def _dedent(line: str, indent: str) -> str:
    if line.startswith(indent):
        return line[len(indent):]
    if ">" in indent and line.strip() == indent.strip():  # an empty line of a quote: ">"
        return ""
    return QUOTE.sub("", line).lstrip(" \t") if ">" in indent else line.lstrip(" \t")
