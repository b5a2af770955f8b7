"""Where each formula of a page's HTML was written: its own line of the page source, never an earlier line that
happens to hold the same text. Pure: text in, lines out.

:func:`written_formulas` reads the Markdown as pymdownx.arithmatex does (``$...$``, ``\\(...\\)``,
``$$...$$``, ``\\[...\\]``, ``\\begin{env}...\\end{env}``, ``math`` fences), skipping code spans, code
blocks and comments, with inline values already in place; fence outputs (``show_markdown``, matrices,
captions, checked equations) are added at their fence's line. :class:`Locator` then gives each formula of
the HTML, in page order, the line of the next unused formula written with the same TeX.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque

from ..frontmatter import LineMap, file_line

# pymdownx.arithmatex's patterns (block and inline, dollar and bracket), tried leftmost first.
MATH = re.compile(
    r"(?P<dd>(?<!\\)\$\$(?P<dd_tex>(?:\\.|[^\\])+?)\$\$)"
    r"|(?P<env>(?<!\\)\\begin\{(?P<name>[a-zA-Z]+\*?)\}(?:\\.|[^\\])+?\\end\{(?P=name)\})"
    r"|(?P<br>(?<!\\)\\\[(?P<br_tex>(?:\\[^\]]|[^\\])+?)\\\])"
    r"|(?P<par>(?<!\\)\\\((?P<par_tex>(?:\\[^)]|[^\\])+?)\\\))"
    r"|(?P<d>(?<![\\$])\$(?P<d_tex>(?:\\.|[^\\$])+?)\$)", re.S)
FENCE = re.compile(r"^(?P<indent>(?:[ \t]*>)*[ \t]*)(?P<marker>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)$")
CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<body>.+?)(?<!`)(?P=ticks)(?!`)", re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)
QUOTE_MARKERS = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
OUTPUT_TOKEN = re.compile(r"^bpdocsout(\d+)")
# A blank line (in a blockquote too): arithmatex's math never spans one, as Markdown's paragraphs never do.
BLANK_LINES = re.compile(r"\n(?:[ \t>]*\n)+")
TABLE_ROW = re.compile(r"[ \t>]*\|")  # (a paragraph that starts so is a table: see _paragraphs)
LINE = re.compile(r"[^\n]+")
HOLE = "\x00{}\x00"  # where an inline value goes, until the formula around it is known


def normal(tex: str) -> str:
    """The TeX as compared: blockquote markers and runs of white space do not count."""
    return " ".join(QUOTE_MARKERS.sub(" ", tex).split())


def _masked(markdown: str) -> tuple[str, list[tuple[str, int]]]:
    """``markdown`` with code and comments blanked out (lengths and lines kept), and each ``math`` fence's body
    with the 1-based line it starts on."""
    lines = markdown.split("\n")
    fences, opening = [], None
    for number, line in enumerate(lines):
        match = FENCE.match(line)
        if opening is None and match:
            opening = (number, match["marker"], match["info"].split()[0] if match["info"].split() else "")
            lines[number] = " " * len(line)
        elif opening is not None:
            closing = match and match["marker"][0] == opening[1][0] and len(match["marker"]) >= len(opening[1]) \
                and not match["info"].strip()
            if closing:
                if opening[2].lstrip("{.").rstrip("}") == "math":
                    body = "\n".join(markdown.split("\n")[opening[0] + 1:number])
                    fences.append((body, opening[0] + 2))
                opening = None
            lines[number] = " " * len(line)
    text = "\n".join(lines)
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))  # noqa: E731
    text = COMMENT.sub(blank, text)
    text = CODE_SPAN.sub(blank, text)
    return text, fences


def _math_in(text: str):
    """Each formula of ``text``: its TeX, where that starts, and whether it is display math. Looked for paragraph
    by paragraph, so that an opening without its closing costs a look to its paragraph's end, not to the page's
    (a page of them took seconds)."""
    def read(matches):
        for match in matches:
            kind = next(k for k in ("dd", "env", "br", "par", "d") if match[k] is not None)
            group = kind if kind == "env" else f"{kind}_tex"
            yield match[group], match.start(group), kind in ("dd", "env", "br")

    for start, end in _paragraphs(text):
        yield from read(MATH.finditer(text, start, end))


def _paragraphs(text: str):
    """Where each paragraph of ``text`` starts and ends; each row of a table on its own (a formula never spans
    two rows, and a table is a block of the page's longest lines: checking.md's, 12 kB)."""
    start = 0
    for blank in [*BLANK_LINES.finditer(text), None]:
        end = blank.start() if blank is not None else len(text)
        if TABLE_ROW.match(text, start + (text[start:start + 1] == "\n")):
            yield from (row.span() for row in LINE.finditer(text, start, end))
        else:
            yield start, end
        start = blank.end() - 1 if blank is not None else len(text)


def written_formulas(markdown: str, *, line_offset: int | LineMap = 0, values: dict[int, str] | None = None,
                     value_in_math=lambda text: text) -> list[tuple[str, int]]:
    """Each formula written in ``markdown``, in order: its TeX (compared by :func:`normal`) and its line.

    ``values`` maps the start of each inline value's code span (its offset in ``markdown``) to its text;
    inside math, a value is written as ``value_in_math`` makes it (the page is filled the same way)."""
    values = values or {}
    holes = {}
    pieces, position = [], 0
    for start in sorted(values):
        end = markdown.find("`", start + 1)
        if end < 0 or not markdown.startswith("`", start):
            continue
        holes[len(holes)] = values[start]
        pieces += [markdown[position:start], HOLE.format(len(holes) - 1)]
        position = end + 1
    source = "".join(pieces) + markdown[position:]
    text, fences = _masked(source)

    def filled(tex: str, in_math: bool) -> str:
        return re.sub("\x00(\\d+)\x00", lambda m: value_in_math(holes[int(m[1])]) if in_math
                      else holes[int(m[1])], tex)

    found, counted, lines = [], 0, 1  # lines counted up to `counted` (once over the page, not once a formula)
    for tex, start, _ in _math_in(text):
        lines += text.count("\n", counted, start)
        counted = start
        skipped = len(tex) - len(tex.lstrip())
        found.append((filled(tex, True), file_line(line_offset, lines + tex[:skipped].count("\n"))))
    found += [(filled(body, True), file_line(line_offset, line)) for body, line in fences]
    return sorted(found, key=lambda item: item[1])


def markdown_formulas(markdown: str, most: float = 2e8) -> list[tuple[str, bool]]:
    """Each formula written in ``markdown`` (``math`` fences last), as the page's HTML will likely hold it: its
    TeX, and whether it is display math. A guess (a page's inline values, say, are not in yet): what
    :func:`~.page.typeset_prime` typesets ahead. None for a page whose paragraphs' squared lengths add up to
    more than ``most`` (a look for a formula's closing goes to its paragraph's end: long paragraphs full of
    openings would take seconds; this site's pages add up to 4e7 at most)."""
    text, fences = _masked(markdown)
    if sum((end - start) ** 2 for start, end in _paragraphs(text)) > most:
        return []
    return [(tex.strip(), display) for tex, _, display in _math_in(text)] + [(body.strip(), True) for body, _ in fences]


def output_formulas(blocks: dict[str, str], markdown_outputs: dict[int, list[str]], written: list[tuple[str, int]],
                    formulas_of, line_offset: int | LineMap = 0) -> list[tuple[str, int]]:
    """The formulas of fence outputs, each at its fence's line: ``blocks`` are output tokens and their HTML,
    ``markdown_outputs`` each fence's ``show_markdown`` texts (both by the fence's Markdown line, placed in the
    file by ``line_offset``). A ``math`` fence's equation is at the line its body starts, where ``written`` has it."""
    found = []
    starts = {(normal(tex), line) for tex, line in written}
    for token, block in blocks.items():
        match = OUTPUT_TOKEN.match(token)
        if match and block:
            line, body = file_line(line_offset, int(match[1])), file_line(line_offset, int(match[1]) + 1)
            found += [(tex, body if (normal(tex), body) in starts else line) for tex, _ in formulas_of(block)]
    for line, texts in markdown_outputs.items():
        for text in texts:
            found += [(tex, file_line(line_offset, line)) for tex, _ in written_formulas(text)]
    return found


def job_formulas(job, markdown: str, line_offset: int | LineMap, formulas_of) -> list[tuple[str, int]]:
    """Every formula a page job puts on its page, with its line: written in ``markdown`` (the page as the
    generator gave it, ``line_offset`` lines into the file), with the job's inline values, and its fences' outputs."""
    from .escape import tex_text

    assembled = job.assembled
    values = {int(cell.split("-", 1)[1]): str(assembled.inline_values[token])
              for token, cell in assembled.inline_cells.items() if assembled.inline_values.get(token) is not None}
    written = written_formulas(markdown, line_offset=line_offset, values=values, value_in_math=tex_text)
    markdown_outputs: dict[int, list[str]] = {}
    for cell, result in (job.run.results if job.run is not None else {}).items():
        texts = [o.get("text", "") for o in result.get("outputs") or () if o.get("kind") == "markdown"]
        if cell.startswith("fence-") and texts:
            markdown_outputs[int(cell.split("-", 1)[1])] = texts
    return written + output_formulas(assembled.blocks, markdown_outputs, written, formulas_of, line_offset)


class Locator:
    """The line of each formula of a page's HTML, taken in page order: the next unused formula written with
    the same TeX. A formula written nowhere (a theme's, another page's excerpt) gets ``fallback``."""

    def __init__(self, written: list[tuple[str, int]], fallback=lambda tex: None):
        self._lines: dict[str, deque[int]] = defaultdict(deque)
        seen = set()
        for tex, line in sorted(written, key=lambda item: item[1]):
            if (normal(tex), line) not in seen:  # a math fence is both written and an output block
                seen.add((normal(tex), line))
                self._lines[normal(tex)].append(line)
        self.fallback = fallback

    def line(self, tex: str) -> int | None:
        lines = self._lines.get(normal(tex))
        if lines:
            return lines.popleft() if len(lines) > 1 else lines[0]
        return self.fallback(tex)
