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
