"""YAML front matter, read as MkDocs reads it (``mkdocs.utils.meta.get_data``), without MkDocs.

Pure: text in, ``(markdown, meta)`` out. The number of lines the front matter
took is what locates errors: a page's reported lines are the file's lines.
"""

from __future__ import annotations

import re

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
    the page, and its lines are then the Markdown's own.
    """
    source, markdown = source.replace("\r\n", "\n").rstrip("\n"), markdown.rstrip("\n")
    if source.endswith(markdown):
        return source[:len(source) - len(markdown)].count("\n")
    source_lines, lines = source.split("\n"), markdown.split("\n")
    tail = source_lines[len(source_lines) - len(lines):]
    if len(source_lines) >= len(lines) and [line.expandtabs(4) for line in tail] == lines:
        return len(source_lines) - len(lines)
    return 0
