"""The snippets a page includes (pymdownx.snippets, ``--8<--``), expanded as the build runs them: with every
pymdown-extensions bpdocs accepts (pyproject: >=10.8)."""

from __future__ import annotations

import types

import pytest
from pymdownx.snippets import SnippetPreprocessor

from bpdocs.snippets import _escaped_again


@pytest.mark.parametrize("line, again", [
    ('--8<-- "part.md"', ';--8<-- "part.md"'),
    ("--8<-- [start:intro]", ";--8<-- [start:intro]"),
    ("plain text", "plain text"),
])
def test_a_marker_left_by_the_expansion_is_escaped_again_with_old_and_new_pymdown_extensions(line, again):
    """Review on a real site (pymdown-extensions 10.16, inside bpdocs' declared range): every page with a
    snippet ended in a traceback of bpdocs' own code, for SnippetPreprocessor.match_section (newer versions
    only). An older preprocessor has only the section pattern, and is read through it, to the same result."""
    new = SnippetPreprocessor.__new__(SnippetPreprocessor)
    old = types.SimpleNamespace(RE_ALL_SNIPPETS=SnippetPreprocessor.RE_ALL_SNIPPETS,
                                RE_SNIPPET_SECTION=SnippetPreprocessor.RE_SNIPPET_SECTION)  # (no match_section)
    assert _escaped_again(line, new) == _escaped_again(line, old) == again


def test_each_line_the_expansion_makes_is_at_the_page_line_that_included_it(tmp_path):
    """Inline and block includes, an escaped marker, nested includes: the expansion is the preprocessor's own
    (piece by piece), and each line it made comes from the ``--8<--`` line (a block: its opening marker)."""
    from markdown import Markdown

    from bpdocs.snippets import expand_snippets

    (tmp_path / "a.md").write_text("A1\n\nA3\n")
    (tmp_path / "b.md").write_text("B1\n--8<-- \"a.md\"\n")
    page = 'one\n--8<-- "a.md"\ntwo\n;--8<-- "a.md"\n--8<--\nb.md\n\na.md\n--8<--\nthree\n--8<-- "missing.md"\nfour'
    config = {"markdown_extensions": ["pymdownx.snippets"],
              "mdx_configs": {"pymdownx.snippets": {"base_path": [str(tmp_path)]}}}
    expanded, came_from = expand_snippets(page, config)
    whole = Markdown(extensions=["pymdownx.snippets"], extension_configs={
        "pymdownx.snippets": {"base_path": [str(tmp_path)]}}).preprocessors["snippet"].run(page.split("\n"))
    assert expanded.split("\n") == [';--8<-- "a.md"' if line == '--8<-- "a.md"' else line for line in whole]
    assert list(zip(expanded.split("\n"), came_from)) == [
        ("one", 1), ("A1", 2), ("", 2), ("A3", 2), ("", 2), ("two", 3), (';--8<-- "a.md"', 4),
        ("B1", 5), ("A1", 5), ("", 5), ("A3", 5), ("", 5), ("", 5), ("", 5), ("A1", 5), ("", 5), ("A3", 5), ("", 5),
        ("three", 10), ("four", 12)]
    assert expand_snippets("no includes", config) == ("no includes", None)
