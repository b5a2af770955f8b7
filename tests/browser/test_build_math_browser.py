"""The reader's side of math typeset at build time: finished math with JavaScript off, no MathJax to
load, screen-reader MathML; the browser fallback without Node; fence plots that follow the scheme."""

from __future__ import annotations

import re
import shutil

import pytest

from ..sitebuild import path_without
from .conftest import publish
from .test_published_site import COLOURS, MATH_STATE, contrast, page_problems

MATH_VISIBLE = """() => {
  const blocks = [...document.querySelectorAll('.arithmatex')];
  return {
    blocks: blocks.length,
    shown: blocks.filter(b => { const s = b.querySelector('mjx-container > svg');
                                 return s && s.getBoundingClientRect().width > 2 && s.getBoundingClientRect().height > 2; }).length,
    display: document.querySelectorAll('div.arithmatex').length,
    spoken: document.querySelectorAll('div.arithmatex mjx-assistive-mml math').length,
    scripts: [...document.scripts].map(s => s.src).filter(Boolean),
  };
}"""


def test_every_formula_shows_with_javascript_off_and_no_mathjax_is_loaded(published_site, chromium):
    site, url = published_site
    for name in ("derivation/", "checking/", "nielsen/"):
        context = chromium.new_context(java_script_enabled=False)
        page = context.new_page()
        requested = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(url + name)
        state = page.evaluate(MATH_VISIBLE)
        assert state["blocks"] > 20 and state["shown"] == state["blocks"], (name, state)
        assert state["spoken"] == state["display"], name  # MathML for screen readers, for every display formula
        assert not [u for u in requested if "mathjax" in u.lower() and u.endswith(".js")], requested
        assert all(u.startswith(url.split("/bpdocs/")[0]) for u in requested), requested  # offline, same origin
        context.close()


def test_the_page_loads_under_500_kb_of_javascript(published_site, visit):
    _, url = published_site
    v = visit(url + "derivation/")
    sizes = v.page.evaluate("""() => performance.getEntriesByType('resource')
        .filter(r => r.initiatorType === 'script' || r.name.endsWith('.js')).map(r => r.encodedBodySize)""")
    assert 0 < sum(sizes) < 500_000, sizes
    assert page_problems(v, "derivation") == []


@pytest.fixture(scope="module")
def browser_fallback_site(tmp_path_factory):
    """The site built with Node hidden from PATH: math is left for MathJax in the browser."""
    path = path_without(tmp_path_factory.mktemp("bin"))
    assert shutil.which("node") and shutil.which("node", path=path) is None
    # nothing can check the TeX without Node: a strict build says so, and only that
    site, url, server = publish(tmp_path_factory, "fallback", env={"PATH": path}, warnings=[
        r"bpdocs: \d+ formula\(s\) were not checked for TeX errors: Node\.js is not on this machine \(PATH\) \(with "
        r"Node\.js, bpdocs checks every formula when the site is built\)"])
    yield site, url
    server.shutdown()
    server.server_close()


def test_without_node_math_is_typeset_in_the_browser(browser_fallback_site, visit):
    site, url = browser_fallback_site
    assert "tex-svg.js" in (site / "derivation" / "index.html").read_text()
    v = visit(url + "derivation/")
    assert page_problems(v, "derivation") == []
    assert v.page.evaluate(MATH_STATE)["blocks"] > 20 and v.page.evaluate("() => !!window.MathJax")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_fence_plots_follow_the_scheme(published_site, visit, scheme):
    _, url = published_site
    page = visit(url + "derivation/", scheme=scheme).page
    background = page.evaluate(COLOURS)["background"]
    colours = page.evaluate("""() => [...document.querySelectorAll('.bpdocs-figure > svg:not(.bpdocs-network)')].map(s => {
        const text = s.querySelector('g[id*="text"] path, g[id*="text"] use, text');
        const style = getComputedStyle(text || s);
        return {fill: style.fill, colour: style.color,
                background: getComputedStyle(s.querySelector('path') || s).fill};
    })""")
    assert colours
    for figure in colours:
        rgb = [int(float(v)) for v in re.findall(r"[\d.]+", figure["colour"])[:3]]
        assert contrast(rgb, background) >= 4.5, (scheme, figure, background)
        assert "255, 255, 255" not in figure["background"] or scheme == "light"  # no white card on slate
