"""A site that colours its own page (a public Material blog sets ``body { background-color: #eee7d7 }`` in its
extra CSS, not Material's ``--md-default-bg-color``) keeps its look with bpdocs added: a display equation that
fits and a table of the site's own show no bar of another colour at their edges (the scroll shadow's covers
were drawn white on every such block, on every page); a block that does scroll is shadowed on the side with
more, its covers the page's own colour, and follows a switch of colour scheme."""

from __future__ import annotations

import io

import pytest

from ..sitebuild import build, write_site
from .conftest import ARTIFACTS, Visit, free_port, serve_under_subpath

PAGE = (238, 231, 215)  # the site's #eee7d7
SLATE_PAGE = (30, 33, 41)  # its dark scheme's, set the same way

CONFIG = """\
site_name: A blog
theme:
  name: material
  font: false
  palette:
    - scheme: default
      toggle: {icon: material/weather-night, name: Dark Mode}
    - scheme: slate
      toggle: {icon: material/weather-sunny, name: Light Mode}
extra_css:
  - stylesheets/extra.css
markdown_extensions:
  - tables
  - pymdownx.arithmatex:
      generic: true
plugins:
  - blog:
      blog_dir: .
  - search
  - bpdocs
"""
EXTRA_CSS = """\
:root { --md-primary-fg-color: #EE0F0F; }
body { background-color: #eee7d7; }
[data-md-color-scheme="slate"] body, body[data-md-color-scheme="slate"] { background-color: #1e2129; }
"""
WIDE = " + ".join(f"w_{{{k}}} x_{{{k}}}" for k in range(1, 40))
POST = f"""\
---
date: 2026-03-01
---

# Backprop for one weight

$$
\\frac{{\\partial E}}{{\\partial w_1}} = (y_1 - t_1)\\, x_1
$$

<!-- more -->

| layer | units |
| ----- | ----- |
| input | 1 |

$$
z = {WIDE}
$$
"""

# Per display equation and table: whether it scrolls (bpdocs.js's mark), and its box once scrolled into view.
BLOCKS = """() => [...document.querySelectorAll('article div.arithmatex, article .md-typeset__scrollwrap')].length"""
BLOCK = """n => {
  const b = document.querySelectorAll('article div.arithmatex, article .md-typeset__scrollwrap')[n];
  b.scrollIntoView({block: 'center'});
  const r = b.getBoundingClientRect();
  return {x: r.x, y: r.y, width: r.width, height: r.height, scrolls: b.classList.contains('bpdocs-scrolls'),
          table: !!b.querySelector('table')};
}"""


def blocks(page) -> list[dict]:
    return [page.evaluate(BLOCK, n) for n in range(page.evaluate(BLOCKS))]


def edge_colours(page, block) -> tuple[set, set]:
    """The colours of the pixels 3 px inside a block's left and right edges, down its middle half."""
    from PIL import Image

    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    top, bottom = int(block["y"] + block["height"] / 4), int(block["y"] + 3 * block["height"] / 4)
    left, right = int(block["x"]) + 3, int(block["x"] + block["width"]) - 4
    return ({shot.getpixel((left, y)) for y in range(top, bottom)},
            {shot.getpixel((right, y)) for y in range(top, bottom)})


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("blog"), {"index.md": "# Blog\n", "posts/post.md": POST,
                                                        "stylesheets/extra.css": EXTRA_CSS}, config=CONFIG)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    port = free_port()
    server = serve_under_subpath(root / "site", port)
    yield f"http://127.0.0.1:{port}/bpdocs/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("where", ["", "2026/03/01/backprop-for-one-weight/"])
def test_blocks_that_fit_keep_the_sites_own_background(blog, chromium, where):
    visit = Visit(chromium, blog + where)
    page = visit.page
    fitting = 0
    for n in range(page.evaluate(BLOCKS)):
        block = page.evaluate(BLOCK, n)
        if not block["scrolls"]:
            fitting += 1
            assert edge_colours(page, block) == ({PAGE}, {PAGE}), block
    assert fitting == (2 if where else 1)  # a post's equation and table; the index shows the excerpt's equation
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"site-background-{where.strip('/').replace('/', '-') or 'index'}.png"))
    assert visit.console_errors == []
    visit.context.close()


def test_a_block_that_scrolls_is_shadowed_only_where_there_is_more_in_the_sites_colour(blog, chromium):
    visit = Visit(chromium, blog + "2026/03/01/backprop-for-one-weight/")
    page = visit.page
    for scheme, colour in (("default", PAGE), ("slate", SLATE_PAGE)):
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        page.wait_for_timeout(100)  # the observer's frame
        wide = [b for b in blocks(page) if b["scrolls"]]
        assert len(wide) == 1, wide
        left, right = edge_colours(page, wide[0])
        assert left == {colour}, (scheme, left)  # at its start: nothing more to the left, covered in the page's colour
        shadowed = [p for p in right if max(abs(a - b) for a, b in zip(p, colour)) > 30]  # darker, or lighter on slate
        assert shadowed and colour not in right, (scheme, right)
    visit.context.close()
