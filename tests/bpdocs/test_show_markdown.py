"""Markdown a fence shows may hold code, but not a fence or an inline value to run: only the page's own run. One
to run was neither run nor shown as code, and broke the page after it (its paragraph and code block became one
code block) while the build passed."""

from __future__ import annotations

import pytest

from ..sitebuild import build, write_site

PAGE = '''\
# Shown

```python exec="on"
from bpdocs.display import show_markdown

show_markdown({shown!r})
```

A paragraph after.

```text
plain block after
```
'''


@pytest.mark.parametrize("shown, said", [
    ('Intro\n\n```python exec="on"\nprint("nested")\n```\n', "a fence to run (```python ...) at its line 3"),
    ("The value is `{python} 1 + 1`.\n", "an inline value (`{python} 1 + 1`) at its line 1"),
    ('```math check="1-1"\ny = w x\n```\n', "a fence to run (```math ...) at its line 1"),
])
def test_a_cell_in_shown_markdown_is_a_located_error(tmp_path, shown, said):
    write_site(tmp_path, {"index.md": PAGE.format(shown=shown)})
    result = build(tmp_path)
    assert result.returncode != 0
    assert f"docs/index.md:6: ValueError: the Markdown to show holds {said}: only the page's own fences" \
        in result.stderr, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert "<p>A paragraph after.</p>" in html and "<code>plain block after" in html


def test_code_in_shown_markdown_is_shown_as_code(tmp_path):
    write_site(tmp_path, {"index.md": PAGE.format(shown='```python\nprint("shown")\n```\n')})
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert html.count('<span class="s2">"shown"</span>') == 1 and "<p>A paragraph after.</p>" in html
