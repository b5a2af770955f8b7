"""Where each line of the Markdown bpdocs reads is in the page's file (core/frontmatter.py): the front matter
MkDocs strips, and pages another tool rewrote first (mkdocs-macros). Pure: text in, lines out."""

from __future__ import annotations

import pytest

from bpdocs.core.fences import scan
from bpdocs.core.frontmatter import LineMap, file_line, source_lines, split

FRONT = "---\ntitle: T\n---\n"


@pytest.mark.parametrize("source, markdown, expected", [
    ("# A\nb\n", "# A\nb\n", 0),  # nothing stripped
    (FRONT + "# A\nb\n", "# A\nb\n", 3),  # the front matter
    (FRONT + "\n\n# A\n", "# A\n", 5),  # and the blank lines after it
    ("---\r\ntitle: T\r\n---\r\n# A\r\n", "# A\n", 3),  # Windows line ends
    ("x\n\tcode\n", "x\n    code\n", 0),  # tabs expanded (Zensical)
])
def test_markdown_that_is_the_end_of_its_file_is_an_offset(source, markdown, expected):
    assert source_lines(source, markdown) == expected


REWRITTEN = [
    # (file, as the tool wrote it, {markdown line: file line})
    ("# A\n{% include 'n.md' %}\nx\n", "# A\none\ntwo\nthree\nx\n", {1: 1, 2: 2, 3: 2, 4: 2, 5: 3}),
    ("# A\n{% if false %}\ndraft\n{% endif %}\nx\n", "# A\n\nx\n", {1: 1, 2: 2, 3: 5}),
    (FRONT + "# {{ name }}\nrate {{ lr }}\nx\n", "# Site\nrate 0.1\nx\n", {1: 4, 2: 5, 3: 6}),  # each line its own
    ("a\nb\n", "a\nb\nadded\n", {1: 1, 2: 2, 3: 2}),  # made after the last line: at the line before
    ("{{ header() }}\nx\n", "made 1\nmade 2\nx\n", {1: 1, 2: 1, 3: 2}),
]


@pytest.mark.parametrize("source, markdown, expected", REWRITTEN)
def test_a_rewritten_page_maps_kept_lines_to_theirs_and_made_lines_to_what_made_them(source, markdown, expected):
    where = source_lines(source, markdown)
    assert isinstance(where, LineMap)
    assert {line: file_line(where, line) for line in expected} == expected


def test_a_line_map_is_data_a_plan_can_be_keyed_by():
    first, again = (source_lines("{% if x %}\na\n{% endif %}\n", "a\n") for _ in range(2))
    assert first == again and hash(first) == hash(again)
    assert file_line(first, 99) == file_line(first, len(first.lines))  # past the end: the last line, not a crash


def test_fences_and_inline_values_of_a_rewritten_page_are_at_their_file_lines():
    source = FRONT + "{% include 'a.md' %}\n\nValue `{python} 1 + 1`.\n\n```python exec=\"on\"\nprint(1)\n```\n"
    markdown = split(source)[0].replace("{% include 'a.md' %}", "one\n\ntwo\n\nthree")
    found = scan(markdown, "docs/p.md", line_offset=source_lines(source, markdown))
    lines = source.split("\n")
    assert [v.line for v in found.inline] == [lines.index("Value `{python} 1 + 1`.") + 1]
    assert [f.line for f in found.fences] == [lines.index('```python exec="on"') + 1]


def test_a_bad_fence_header_is_at_its_file_line_below_front_matter():
    source = FRONT + "\n```python exec=\"on\" title=\"unclosed\n1\n```\n"
    markdown = split(source)[0]
    errors = scan(markdown, "docs/p.md", line_offset=source_lines(source, markdown)).errors  # (every one, collected)
    assert [error.line for error in errors] == [source.split("\n").index('```python exec="on" title="unclosed') + 1]


def test_a_long_page_with_many_includes_keeps_every_line_it_did_not_change():
    """Hundreds of formulas and an include every 50 lines (blank lines a third of the page: the alignment must not
    pair every blank line with every other, which took 100 s on this page)."""
    source = FRONT + "".join("{% include 'a.md' %}\n" if n % 50 == 0 else f"Line {n}: $x_{{{n}}}$.\n\n"
                             for n in range(3000))
    markdown = split(source)[0].replace("{% include 'a.md' %}", "made 1\nmade 2\n\nmade 3")
    where = source_lines(source, markdown)
    file_lines, lines = source.split("\n"), markdown.split("\n")
    for n, line in enumerate(lines, 1):
        if line.startswith("Line"):
            assert file_lines[file_line(where, n) - 1] == line
        elif line.startswith("made"):
            assert file_lines[file_line(where, n) - 1] == "{% include 'a.md' %}"
