"""A fence's output reaches the page whatever else the site runs (a newcomer's review on a real site, jorenham/Lmo):
``pymdownx.striphtml`` strips HTML comments at the end of Markdown, and bpdocs' placeholders are comments filled
after it, so every output, checked equation and erratum box came out empty, in a strict build that passed. Now the
placeholders are kept through it; and a placeholder that something else removes is a located warning (a strict
build fails at the fence's line), never an output lost without a word. Real builds."""

from __future__ import annotations

import re

from ..sitebuild import MINIMAL_CONFIG, build, write_site

PAGE = """\
# Page

<!-- the author's own comment, which striphtml strips -->

```python exec="on"
print("forty-two:", 6 * 7)
```

```math check="1-1"
\\frac{\\partial E}{\\partial w} = (y - t)\\, x
```
"""
STRIPHTML = MINIMAL_CONFIG.replace("  - pymdownx.superfences\n", "  - pymdownx.superfences\n  - pymdownx.striphtml\n")
HOOK = '''\
import re

from mkdocs.plugins import event_priority


@event_priority(100)  # before bpdocs fills the page: every HTML comment removed, its placeholders too
def on_page_content(html, **kwargs):
    return re.sub(r"<!--.*?-->", "", html, flags=re.S)
'''


def test_outputs_and_checked_equations_survive_striphtml(tmp_path):
    root = write_site(tmp_path, {"index.md": PAGE}, STRIPHTML)
    result = build(root)
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "index.html").read_text()
    assert "forty-two: 42" in page
    assert "bpdocs-check-holds" in page  # the checked equation's mark
    assert not re.search(r'class="bpdocs-output">\s*</div>', page)  # no output left empty
    assert "the author's own comment" not in page  # striphtml still does what the site asked of it
    assert "\ue000" not in page and "\ue001" not in page and "bpdocsout" not in page


def test_a_placeholder_something_else_removes_is_a_located_warning(tmp_path):
    config = MINIMAL_CONFIG + "hooks:\n  - strip_comments.py\n"
    root = write_site(tmp_path, {"index.md": PAGE}, config)
    (root / "strip_comments.py").write_text(HOOK)
    result = build(root)
    assert result.returncode != 0, "a lost output must fail a strict build"
    warnings = re.findall(r"^WARNING\s+-\s+bpdocs: (.*)$", result.stderr, re.M)
    assert "docs/index.md:5: this fence's output did not reach the page: a Markdown extension or a plugin removed " \
           "its placeholder, an HTML comment, from the page's HTML before bpdocs filled it" in warnings, result.stderr
    assert any(w.startswith("docs/index.md:9: this fence's output did not reach the page") for w in warnings)
