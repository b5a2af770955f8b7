"""The published site as a reader meets it, in Chromium, offline, under a GitHub Pages project subpath."""

from __future__ import annotations

import re

import pytest

from .conftest import ARTIFACTS

MATH_STATE = """() => {
  const text = el => [...el.querySelectorAll('[data-c]')].map(u => String.fromCodePoint(parseInt(u.dataset.c, 16))).join('');
  const refs = [...document.querySelectorAll('mjx-container a, a:has(> mjx-container)')].map(a => {
    const hash = new URL(a.getAttribute('href'), location.href).hash;  // instant navigation makes it absolute
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    return {ref: text(a), target: target ? text(target) : null, href: hash};
  });
  const prose = (document.querySelector('.md-content') || document.body).cloneNode(true);
  prose.querySelectorAll('pre, code, mjx-assistive-mml').forEach(e => e.remove());  // code shows TeX on purpose
  const visible = prose.textContent;
  return {
    blocks: document.querySelectorAll('.arithmatex').length,
    typeset: document.querySelectorAll('.arithmatex mjx-container').length,
    errors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
    rawDelimiters: (visible.match(/\\\\[\\(\\[]|\\\\[\\)\\]]|\\$\\$/g) || []).length,
    refs,
  };
}"""


def pages(site):
    return sorted(str(p.relative_to(site).parent) for p in site.rglob("index.html") if "assets" not in p.parts)


def page_problems(v, name: str) -> list[str]:
    """Everything wrong with an opened page: requests, console, and math."""
    problems = []
    if v.response.status != 200:
        problems.append(f"{name}: HTTP {v.response.status}")
    problems += [f"{name}: asked outside 127.0.0.1 for {u}" for u in v.outside]
    problems += [f"{name}: request failed {u}" for u in v.failed]
    problems += [f"{name}: HTTP {status} for {u}" for status, u in v.bad_status]
    problems += [f"{name}: console error {e}" for e in v.console_errors]
    math = v.page.evaluate(MATH_STATE)
    if not v.math_ready or math["typeset"] != math["blocks"]:
        problems.append(f"{name}: {math['typeset']} of {math['blocks']} math blocks typeset")
    if math["errors"] or math["rawDelimiters"]:
        problems.append(f"{name}: {math['errors']} MathJax errors, {math['rawDelimiters']} raw TeX delimiters")
    for ref in math["refs"]:  # \eqref shows "(4)", \ref "4": either way, the number of its target
        if ref["target"] is None or ref["target"] not in (ref["ref"], f"({ref['ref']})") \
                or not re.fullmatch(r"\(\d+\)", ref["target"]):
            problems.append(f"{name}: \\eqref {ref}")
    return problems


def test_every_page_loads_offline_with_every_equation_typeset(published_site, visit):
    site, url = published_site
    names = pages(site)
    assert {"derivation", "authoring", "diagrams", "checking", "."} <= set(names)
    blocks = 0
    for name in names:
        v = visit(url + ("" if name == "." else name + "/"))
        assert page_problems(v, name) == []
        blocks += v.page.evaluate(MATH_STATE)["blocks"]
        v.close()
    assert blocks > 150


def test_the_checks_catch_missing_mathjax_and_a_path_outside_the_subpath(broken_site, visit):
    _, url = broken_site
    problems = page_problems(visit(url + "derivation/", wait_math=True), "derivation")
    assert any("math blocks typeset" in p and not p.startswith("derivation: 0 of 0") for p in problems), problems
    assert any("HTTP 404" in p and "missing.js" in p for p in problems), problems
    assert any("HTTP 404" in p and p.endswith(":" + url.split(":")[2].split("/")[0] + "/assets/bpdocs/bpdocs.css")
               for p in problems), problems


def test_eqref_resolves_to_the_tag_of_its_equation(published_site, visit):
    _, url = published_site
    refs = visit(url + "derivation/").page.evaluate(MATH_STATE)["refs"]
    by_target = {r["href"]: r["ref"] for r in refs}
    assert by_target["#mjx-eqn%3Aeq-two-terms"] == "(4)"
    assert by_target["#mjx-eqn%3Aeq-general"] == "(9)"
    assert len(refs) >= 6


def contrast(a, b) -> float:
    def luminance(rgb):
        channels = []
        for c in rgb:
            c = c / 255
            channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


COLOURS = """() => {
  const rgb = s => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  let bg = getComputedStyle(document.body).backgroundColor;
  for (let el = document.querySelector('.md-content'); el; el = el.parentElement) {
    const c = getComputedStyle(el).backgroundColor;
    if (!c.includes('rgba(0, 0, 0, 0)') && c !== 'transparent') { bg = c; break; }
  }
  return {
    background: rgb(bg),
    diagrams: [...document.querySelectorAll('svg.bpdocs-network')].map(s => {
      const r = s.getBoundingClientRect();
      const path = s.querySelector('path[style*="stroke"]');
      return {width: r.width, height: r.height, color: rgb(getComputedStyle(s).color),
              stroke: path ? rgb(getComputedStyle(path).stroke) : null};
    }),
    figures: [...document.querySelectorAll('.bpdocs-figure > svg')].map(s => s.getBoundingClientRect().width * s.getBoundingClientRect().height),
  };
}"""


@pytest.mark.parametrize("scheme, width", [("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390)])
def test_display_math_and_equation_references_are_visible(published_site, visit, scheme, width):
    _, url = published_site
    page = visit(url + "derivation/", scheme=scheme, width=width).page
    sizes = page.evaluate("""() => [...document.querySelectorAll('div.arithmatex mjx-container > svg')]
        .map(s => [s.getBoundingClientRect().width, s.getBoundingClientRect().height])""")
    assert sizes and min(w for w, _ in sizes) > 20 and min(h for _, h in sizes) > 10, sizes  # regression: 1x1 on phones
    colours = page.evaluate(COLOURS)
    ref = page.evaluate("""() => {  // a link inside the math (typeset in the browser), or around it (at build)
        const inside = document.querySelector('mjx-container a');
        return inside ? getComputedStyle(inside).fill : getComputedStyle(document.querySelector('a.bpdocs-ref')).color;
    }""")
    assert contrast([int(v) for v in re.findall(r"\d+", ref)[:3]], colours["background"]) >= 3, ref


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagrams_and_plots_are_visible_with_contrast(published_site, visit, scheme):
    _, url = published_site
    for name in ("derivation/", "diagrams/"):
        colours = visit(url + name, scheme=scheme).page.evaluate(COLOURS)
        assert colours["diagrams"] and all(area > 0 for area in colours["figures"])
        for diagram in colours["diagrams"]:
            assert diagram["width"] > 100 and diagram["height"] > 30
            assert contrast(diagram["color"], colours["background"]) >= 4.5, (scheme, diagram, colours["background"])
            assert diagram["stroke"] is None or contrast(diagram["stroke"], colours["background"]) >= 3, diagram
        dark_background = sum(colours["background"]) < 3 * 128
        assert dark_background == (scheme == "dark")


def test_the_checked_equation_mark_shows_on_the_article(published_site, visit):
    _, url = published_site
    page = visit(url + "derivation/").page
    marks = page.locator(".bpdocs-check-holds")
    assert marks.count() >= 20 and marks.first.is_visible()
    assert "checked against bpcore on" in marks.first.get_attribute("title")
    assert page.locator(".bpdocs-check-fails").count() == 5  # the errata, shown wrong on purpose
    # an erratum's equation at the page's size, as every other (a newcomer's review: 80%, the admonition's text size)
    sizes = page.evaluate("""() => ({
        wrong: getComputedStyle(document.querySelector('.bpdocs-wrong mjx-container')).fontSize,
        page: getComputedStyle(document.querySelector('.md-typeset > div.arithmatex mjx-container')).fontSize})""")
    assert sizes["wrong"] == sizes["page"], sizes


def test_instant_navigation_typesets_math_again(published_site, visit):
    _, url = published_site
    v = visit(url)
    home_blocks = v.page.evaluate(MATH_STATE)["blocks"]
    v.page.click("text=The derivation")
    # The URL changes (pushState) before Material swaps the content in: wait for the new page itself.
    v.page.wait_for_selector("h1:has-text('Backpropagation, derived by hand')", timeout=20000)
    v.page.wait_for_function("document.querySelectorAll('.arithmatex').length > 50", timeout=20000)
    assert v.wait_for_math()
    after = v.page.evaluate(MATH_STATE)
    assert after["blocks"] > 50 and after["typeset"] == after["blocks"]
    v.page.go_back()
    v.page.wait_for_selector("h1:has-text('bpdocs')", timeout=20000)
    v.page.wait_for_function(f"document.querySelectorAll('.arithmatex').length === {home_blocks}", timeout=20000)
    assert v.wait_for_math()
    back = v.page.evaluate(MATH_STATE)
    assert back["typeset"] == back["blocks"] == home_blocks > 0
    assert v.outside == [] and v.console_errors == []


@pytest.mark.parametrize("scheme, width", [("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390)])
def test_screenshots_of_the_article(published_site, visit, scheme, width):
    _, url = published_site
    v = visit(url + "derivation/", scheme=scheme, width=width)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"derivation-{scheme}-{width}.png"
    v.page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 50_000
    overflow = v.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} px"
