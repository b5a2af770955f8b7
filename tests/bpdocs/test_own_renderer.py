"""Whether a site's math is left to its own renderer: the MkDocs plugin, the Zensical extension and `bpdocs check`
decide it alike (they once decided it in three places, and ``tex: {renderer: katex}`` with ``mathjax: off`` was
typeset with KaTeX by the plugin but left as TeX by the extension)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bpdocs import pagemath, sitesetup, sitetex
from bpdocs.core import options as core_options
from bpdocs.siteconfig import Markdown

SCRIPTS = {
    "none": [],
    "own MathJax": ["javascripts/mathjax.js", "https://unpkg.com/mathjax@3/es5/tex-mml-chtml.js"],
    "own KaTeX": ["https://unpkg.com/katex@0/dist/katex.min.js", "javascripts/katex.js"],
}
SETTINGS = {
    "defaults": {},
    "mathjax: off": {"mathjax": "off"},
    "KaTeX": {"tex": {"renderer": "katex"}},
    "KaTeX, mathjax: off": {"tex": {"renderer": "katex"}, "mathjax": "off"},
}
# What each set-up does, as the MkDocs plugin has always done it: True is "bpdocs typesets the math".
TYPESETS = {
    ("none", "defaults"): True, ("none", "mathjax: off"): False,
    ("none", "KaTeX"): True, ("none", "KaTeX, mathjax: off"): True,
    ("own MathJax", "defaults"): False, ("own MathJax", "mathjax: off"): False,
    ("own MathJax", "KaTeX"): True, ("own MathJax", "KaTeX, mathjax: off"): True,
    ("own KaTeX", "defaults"): False, ("own KaTeX", "mathjax: off"): False,
    ("own KaTeX", "KaTeX"): True, ("own KaTeX", "KaTeX, mathjax: off"): True,
}


@pytest.mark.parametrize("scripts, settings", sorted(TYPESETS))
def test_the_plugin_the_extension_and_the_check_decide_alike(tmp_path, monkeypatch, scripts, settings):
    options = core_options.from_mapping(SETTINGS[settings])
    config = SimpleNamespace(extra_css=[], extra_javascript=list(SCRIPTS[scripts]), docs_dir=str(tmp_path))
    assets = sitesetup.configure_assets(config, options, lambda renderer: None)  # (Node and both renderers there)
    assert assets.typeset_at_build is TYPESETS[scripts, settings]

    assert pagemath.own_renderer(SCRIPTS[scripts], options) is not TYPESETS[scripts, settings]

    monkeypatch.setattr(sitetex.typeset, "unavailable", lambda renderer: None)
    skipped = sitetex.skipped_because(Markdown([], {}, list(SCRIPTS[scripts])), options)
    assert (skipped is None) is TYPESETS[scripts, settings]
