"""A site's own wide tables keep the theme's look with bpdocs added (a review of a public Material site at 390 px:
bpdocs.js gave its table a scroll shadow, a tab stop and a screen reader's label, the site rendering its own
math); a site that asks for it (``--bpdocs-tables: all``) gets them on every wide table, and a table bpdocs made
always does."""

from __future__ import annotations

import pytest

from ..sitebuild import build, write_site
from .conftest import Visit, free_port, serve_under_subpath

COLUMNS = 14
TABLE = ("| " + " | ".join(f"column {n}" for n in range(COLUMNS)) + " |\n"
         + "| " + " | ".join("---" for _ in range(COLUMNS)) + " |\n"
         + "| " + " | ".join(f"value {n} of the row" for n in range(COLUMNS)) + " |\n")
OURS = f'```python exec="on" format="table"\n[["a wide table of bpdocs\'", *range({COLUMNS})]] * 2\n```\n'
CONFIG = """\
site_name: Notes
theme:
  name: material
  font: false
markdown_extensions:
  - tables
extra_css:
  - extra.css
plugins:
  - search
  - bpdocs
"""
MARKED = """() => [...document.querySelectorAll('article .md-typeset__scrollwrap, article .bpdocs-table')].map(b => ({
  ours: !!b.closest('.bpdocs-table'), wide: b.scrollWidth > b.clientWidth + 1,
  marked: b.classList.contains('bpdocs-scrolls'), tabindex: b.getAttribute('tabindex')}))"""


@pytest.mark.parametrize("extra_css, all_marked", [("", False), (":root { --bpdocs-tables: all; }\n", True)])
def test_a_sites_own_wide_table_is_marked_only_when_the_site_asks(tmp_path, chromium, extra_css, all_marked):
    root = write_site(tmp_path, {"index.md": f"# Notes\n\n{TABLE}\n{OURS}", "extra.css": extra_css}, config=CONFIG)
    assert (result := build(root, env={"BPDOCS_CACHE": "0"})).returncode == 0, result.stderr
    port = free_port()
    server = serve_under_subpath(root / "site", port)
    try:
        visit = Visit(chromium, f"http://127.0.0.1:{port}/bpdocs/", width=390)
        boxes = visit.page.evaluate(MARKED)
        visit.context.close()
    finally:
        server.shutdown()
        server.server_close()
    site = [b for b in boxes if not b["ours"]]
    ours = [b for b in boxes if b["ours"]]
    assert site and all(b["wide"] for b in site), boxes
    assert all(b["marked"] == all_marked and (b["tabindex"] == "0") == all_marked for b in site), boxes
    assert ours and any(b["marked"] and b["tabindex"] == "0" for b in ours), boxes
