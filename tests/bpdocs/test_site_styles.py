"""A site's own stylesheets come after bpdocs' (and after the KaTeX or MathJax stylesheet bpdocs links), so a
site's rule wins at the same specificity: a review of a public notes site, migrated to KaTeX at build time as
bpdocs advises, lost its own ``.katex { font-size: 1.14em }`` and display margins (pages 5-8% taller) to the
katex.min.css linked after its extra.css."""

from __future__ import annotations

import re

import pytest

from ..sitebuild import build, write_site

PAGE = "# Notes\n\nInline \\(a^2\\), and\n\n\\[ b = c \\]\n"


@pytest.mark.parametrize("renderer", ["mathjax", "katex"])
def test_the_sites_own_stylesheets_come_after_bpdocs(tmp_path, renderer):
    config = ("site_name: t\ntheme:\n  name: material\n  font: false\nextra_css:\n  - css/extra.css\n"
              "  - css/more.css\nplugins:\n  - search\n  - bpdocs:\n      tex:\n"
              f"        renderer: {renderer}\n")
    root = write_site(tmp_path, {"index.md": PAGE, "css/extra.css": ".katex { font-size: 1.14em; }\n",
                                 "css/more.css": "mjx-container { margin: 6px; }\n"}, config=config)
    assert (result := build(root)).returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    sheets = [href.split("/")[-1] for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)]
    ours = ["bpdocs.css", "katex.min.css" if renderer == "katex" else "mathjax-svg.css"]
    assert [s for s in sheets if s in ours + ["extra.css", "more.css"]] == ours + ["extra.css", "more.css"], sheets
    assert "formula(s) typeset" in result.stderr


def test_an_outputs_mark_is_grey_not_the_sites_accent():
    """A newcomer's review on cleanrl (Material, accent deep orange): every output that was fine had a red-orange
    stripe, as an error's. The mark is the theme's grey; an error keeps its own dashed red one."""
    from importlib.resources import files

    css = files("bpdocs").joinpath("static", "bpdocs.css").read_text()
    rule = re.search(r"\.bpdocs-stdout code, \.bpdocs-value code \{([^}]*)\}", css)[1]
    assert "accent" not in rule and "var(--md-default-fg-color--lighter" in rule, rule
