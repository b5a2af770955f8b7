"""A fence, a checked equation or an inline value inside an HTML comment never runs: an author comments one out to
turn it off, and Python-Markdown keeps the comment whole, so no reader sees it. bpdocs ran it, and a failing cell
failed the build (as in markdown-exec, whose fences superfences formats inside comments too). Real builds; the
scan's rule is judged against Python-Markdown itself in test_fences."""

from __future__ import annotations

import re

from ..sitebuild import MINIMAL_CONFIG, build, write_site

TURNED_OFF = """\
```python exec="on"
raise RuntimeError("never shown")
```

```math check="1-1"
\\frac{\\partial E}{\\partial w} = 2 (y - t)\\, x
```

$$
\\frac{\\partial E}{\\partial w} = 3 (y - t)\\, x
$$

Value: `{python} 1 / 0`
"""
PAGE = """\
---
bpdocs_check: "1-1"
---
# Page

<!-- turned off until the engine takes it:
{turned_off}-->

```python exec="on"
print("forty-two:", 6 * 7)
```
"""


def test_what_a_comment_holds_never_runs_and_the_rest_does(tmp_path):
    root = write_site(tmp_path, {"index.md": PAGE.format(turned_off=TURNED_OFF)}, MINIMAL_CONFIG)
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "bpdocs: 1 cell(s) run" in result.stderr
    page = (root / "site" / "index.html").read_text()
    assert "forty-two: 42" in page
    shown = re.sub(r"<!--.*?-->", "", page, flags=re.S)
    assert "never shown" not in shown and "RuntimeError" not in shown and "bpdocs-check" not in shown


def test_the_same_page_without_the_comment_fails_at_each_line(tmp_path):
    """(What the comment turned off, shown: each of the four fails the build at its line.)"""
    page = PAGE.format(turned_off=TURNED_OFF).replace("<!-- turned off until the engine takes it:\n", "\n")
    root = write_site(tmp_path, {"index.md": page.replace("-->\n", "\n")}, MINIMAL_CONFIG)
    result = build(root)
    assert result.returncode != 0
    for line in (8, 12, 16, 19):
        assert f"docs/index.md:{line}:" in result.stderr, (line, result.stderr)
