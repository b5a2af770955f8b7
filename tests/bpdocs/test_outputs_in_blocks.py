"""A fence's output inside the blocks authors put fences in (a blockquote, a footnote, an admonition, a collapsible
block, a list item) is a block of its own: never a ``<div>`` inside a ``<p>``, which the browser splits into an
empty paragraph after the output (a fence that ended a blockquote, and one that ended a footnote, whose link back
Python-Markdown puts in the last paragraph, came out so)."""

from __future__ import annotations

import re

from tests.sitebuild import build, write_site

CONFIG = """\
site_name: blocks
theme:
  name: material
  font: false
markdown_extensions:
  - admonition
  - pymdownx.details
  - footnotes
  - pymdownx.superfences
plugins:
  - bpdocs
"""

PAGE = """\
# Blocks

> A quote:
>
> ```python exec="on"
> print("in a quote")
> ```

> A quote that goes on after its fence:
>
> ```python exec="on" show="output"
> print("in a longer quote")
> ```
>
> The quote's last words.

!!! note "An admonition"
    ```python exec="on"
    print("in an admonition")
    ```

??? tip "Details"
    ```python exec="on"
    print("in details")
    ```

- a list item

    ```python exec="on"
    print("in a list")
    ```

Text with a footnote.[^1] The same footnote again.[^1]

[^1]: The note:

    ```python exec="on"
    print("in a footnote")
    ```
"""


def test_an_output_is_never_inside_a_paragraph(tmp_path):
    root = write_site(tmp_path / "site", {"index.md": PAGE}, CONFIG)
    done = build(root)
    assert done.returncode == 0, done.stderr
    html = (root / "site" / "index.html").read_text()
    article = html[html.index("<article"):html.index("</article>")]
    for where in ("a quote", "a longer quote", "an admonition", "details", "a list", "a footnote"):
        assert article.count(f"in {where}\n") == 1, where
    assert not re.search(r"<p>\s*<div", article), re.search(r".{80}<p>\s*<div.{80}", article, re.S)
    assert not re.search(r"<p>\s*</p>", article)
    quote = article[article.index("<blockquote>"):article.index("</blockquote>")]  # (Markdown joins the two)
    assert quote.index("in a longer quote") < quote.index("<p>The quote's last words.</p>")  # (it went on)
    backrefs = re.findall(r'<p>(?:<a class="footnote-backref"[^>]*>&#8617;(?:<sup>2</sup>)?</a>)+</p>', article)
    assert len(backrefs) == 1  # the footnote's links back (one for each reference), in a paragraph of their own
    assert article.index("in a footnote") < article.index("footnote-backref")
