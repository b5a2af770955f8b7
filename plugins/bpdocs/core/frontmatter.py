"""YAML front matter, read as MkDocs reads it (``mkdocs.utils.meta.get_data``), without MkDocs.

Pure: text in, ``(markdown, meta)`` out. The number of lines the front matter
took is what locates errors: a page's reported lines are the file's lines. Where
another tool rewrote the page before bpdocs saw it (mkdocs-macros), a
:class:`LineMap` says which file line each line of its Markdown came from.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import yaml

# The same patterns as MkDocs: --- on the first line, YAML, then --- or ... on a line of its own;
# else MultiMarkdown-style "Key: value" lines up to the first blank line.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")


def split(source: str) -> tuple[str, dict]:
    """The Markdown after the front matter, and the front matter as a dict (``{}`` when there is none
    or it is not a mapping, as MkDocs does)."""
    match = FRONT_MATTER.match(source)
    if match:
        try:
            meta = yaml.load(match.group(1), Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            return source, {}
        if not isinstance(meta, dict):
            return source, {}
        return source[match.end():].lstrip("\n"), meta
    return _multimarkdown(source)


def _multimarkdown(source: str) -> tuple[str, dict]:
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta: dict[str, str] = {}
    key = None
    while lines:
        line = lines.pop(0)
        if line.strip() == "":
            break
        if first := META.match(line):
            key = first["key"].lower().strip()
            value = first["value"].strip()
            meta[key] = f"{meta[key]} {value}" if key in meta else value
        elif (more := META_MORE.match(line)) and key:
            meta[key] += " " + more["value"].strip()
        else:
            lines.insert(0, line)
            break
    return "\n".join(lines).lstrip("\n"), meta


def lines_before(source: str, markdown: str) -> int:
    """How many file lines precede ``markdown`` in ``source`` (the front matter that was stripped).

    Trailing blank lines, line endings and tabs may differ (Python-Markdown normalises them before
    its preprocessors run). 0 when ``markdown`` is not the end of ``source``: another tool rewrote
    the page (:func:`source_lines` maps its lines then).
    """
    return _offset(source, markdown) or 0


def _offset(source: str, markdown: str) -> int | None:
    source, markdown = source.replace("\r\n", "\n").rstrip("\n"), markdown.rstrip("\n")
    if source.endswith(markdown):
        return source[:len(source) - len(markdown)].count("\n")
    source_lines, lines = source.split("\n"), markdown.split("\n")
    tail = source_lines[len(source_lines) - len(lines):]
    if len(source_lines) >= len(lines) and [line.expandtabs(4) for line in tail] == lines:
        return len(source_lines) - len(lines)
    return None


@dataclass(frozen=True)
class LineMap:
    """The file line of each line of a page's Markdown that another tool rewrote before bpdocs read it (the
    mkdocs-macros plugin: an ``{% include %}``, an ``{% if %}`` block, a macro that writes several lines). A line
    it kept is where it is in the file; a line it made is at the line that made it."""

    lines: tuple[int, ...]

    def __call__(self, line: int) -> int:
        if not self.lines:
            return line
        return self.lines[min(max(line, 1), len(self.lines)) - 1]


def file_line(where: int | LineMap, line: int) -> int:
    """``line`` of a page's Markdown as a line of its file: ``where`` is the number of lines before the Markdown
    (:func:`lines_before`) or, on a rewritten page, its :class:`LineMap` (see :func:`source_lines`)."""
    return where(line) if isinstance(where, LineMap) else line + where


def source_lines(source: str, markdown: str) -> int | LineMap:
    """Where ``markdown`` (the page as a generator gave it to bpdocs) is in ``source`` (its file): the number of
    lines before it when it is the file's end, else (another tool rewrote it) a :class:`LineMap` aligning the two
    line by line (the front matter and what the tool removed are simply not there)."""
    offset = _offset(source, markdown)
    if offset is not None:
        return offset
    body = split(source)[0]  # (the front matter apart: aligned with the rest, it would pull lines to it)
    before = lines_before(source, body)
    file_lines = [line.expandtabs(4).rstrip() for line in body.replace("\r\n", "\n").split("\n")]
    lines = [line.expandtabs(4).rstrip() for line in markdown.split("\n")]
    mapped = [0] * len(lines)
    matcher = difflib.SequenceMatcher(None, file_lines, lines)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for j in range(j1, j2):
            if tag == "equal":
                mapped[j] = i1 + (j - j1) + 1
            elif tag == "replace" and i2 - i1 == j2 - j1:  # as many lines changed (a value filled in): each its own
                mapped[j] = i1 + (j - j1) + 1
            else:  # made by the tool: at the line it replaced, or (inserted) the line before
                mapped[j] = (i1 if tag == "replace" else max(i1 - 1, 0)) + 1
    return LineMap(tuple(before + min(line, len(file_lines)) for line in mapped))

