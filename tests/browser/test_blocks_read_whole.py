"""Blocks a reader must see whole, in Chromium at 1280 and 390 px, light and dark: an erratum's counterexample
(its values never touching, never a comma at the start of a line, nothing to scroll), printed advice shown
with ``wrap="on"`` (no sideways scroll, no text under the copy button), and code in tables (never broken
inside a word)."""

from __future__ import annotations

import pytest

from .conftest import ARTIFACTS, ROOT
from .test_reader import VIEWS, view

# Per counterexample table: does it scroll; which of its values (typeset) come closer than 2 px to another; which
# comma is not on its value's line, right after it (a comma that starts a line)?
ERRATA = """() => [...document.querySelectorAll('.bpdocs-counterexample')].map(table => {
  const row = [...table.querySelectorAll('tr')].find(r => r.querySelector('th').textContent === 'values');
  const cell = row ? row.querySelector('td') : null;
  const values = cell ? [...cell.querySelectorAll('.arithmatex')] : [];
  const rects = values.map(v => v.querySelector('mjx-container').getBoundingClientRect());
  const name = v => v.querySelector('mjx-assistive-mml').textContent.slice(0, 12);
  const touching = [];
  rects.forEach((a, i) => rects.slice(i + 1).forEach((b, j) => {
    if (a.left < b.right + 2 && b.left < a.right + 2 && a.top < b.bottom + 2 && b.top < a.bottom + 2)
      touching.push([name(values[i]), name(values[i + 1 + j])]);
  }));
  const commas = [], strayCommas = [];
  if (cell) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(',');
      if (at < 0 || node.parentElement.closest('mjx-container')) continue;
      commas.push(node);
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const comma = range.getBoundingClientRect(), middle = (comma.top + comma.bottom) / 2;
      const before = node.previousElementSibling || node.parentElement.previousElementSibling;
      const value = before.querySelector('mjx-container').getBoundingClientRect();
      if (!(middle > value.top && middle < value.bottom && comma.left >= value.right - 1)) strayCommas.push(name(before));
    }
  }
  return {what: table.querySelector('td').textContent, scrolls: table.scrollWidth > table.clientWidth + 1,
          values: values.length, commas: commas.length, touching, strayCommas};
})"""

# Per block of printed text with wrap="on": does it scroll sideways; does any of its text lie under the copy button?
WRAPPED = """() => [...document.querySelectorAll('.bpdocs-wrap')].map(block => {
  const code = block.querySelector('code'), button = block.querySelector('.md-code__button, .md-clipboard');
  const under = [];
  if (button) {
    const b = button.getBoundingClientRect(), walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {  // each character that shows (a space at a line's end may hang)
        if (/\\s/.test(node.data[i])) continue;
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = range.getBoundingClientRect();
        if (r.width > 0 && r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom)
          under.push(node.data.slice(Math.max(0, i - 20), i + 1));
      }
    }
  }
  return {text: code.textContent.slice(0, 40), scrolls: code.scrollWidth > code.clientWidth + 1,
          button: !!button, under};
})"""

# Code in a table's cells that the browser broke across lines inside a word ("activatio" / "n").
BROKEN_WORDS = """() => {
  const broken = [];
  for (const code of document.querySelectorAll('.md-typeset table code')) {
    if (code.getClientRects().length < 2) continue;
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT), range = document.createRange();
    let top = null, before = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        if (top !== null && rect.top > top + 2 && /\\w/.test(before) && /\\w/.test(node.data[i]))
          broken.push(code.textContent.replace(node.data.slice(0, i + 1), node.data.slice(0, i) + '/' + node.data[i]));
        top = rect.top;
        before = node.data[i];
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("scheme, width", VIEWS)
def test_an_erratum_s_values_read_whole(published_site, visit, scheme, width):
    _, url = published_site
    v = view(visit, url + "checking/", scheme, width)
    errata = v.page.evaluate(ERRATA)
    boxes = v.page.locator(".bpdocs-check-fails").count()  # every erratum on the page has its table
    assert len(errata) == boxes >= 8 and sum(e["values"] for e in errata) > 30, (boxes, errata)
    for erratum in errata:
        assert not erratum["scrolls"] and erratum["touching"] == [] and erratum["strayCommas"] == [], erratum
        assert erratum["commas"] == max(erratum["values"] - 1, 0), erratum  # between values, and only there
    session = [e["what"] for e in errata if not e["what"][0].isdigit()]
    assert len(session) == 4 and all(w.endswith(", the page's own values") for w in session), session
    ARTIFACTS.mkdir(exist_ok=True)
    attention = v.page.locator(".bpdocs-check-fails").filter(has_text="Attention").first
    attention.screenshot(path=str(ARTIFACTS / f"erratum-attention-{scheme}-{width}.png"))
    v.page.locator(".bpdocs-check-fails").first.screenshot(path=str(ARTIFACTS / f"erratum-network-{scheme}-{width}.png"))


@pytest.mark.parametrize("scheme, width", VIEWS)
def test_printed_advice_shows_whole(published_site, visit, scheme, width):
    _, url = published_site
    v = view(visit, url + "checking/", scheme, width)
    blocks = v.page.evaluate(WRAPPED)
    examples = (ROOT / "docs" / "checking.md").read_text().count('wrap="on"')  # the check_equation examples
    assert examples >= 7 and len(blocks) == examples and all(b["button"] for b in blocks), blocks
    for block in blocks:
        assert not block["scrolls"] and block["under"] == [], block
    ARTIFACTS.mkdir(exist_ok=True)
    v.page.locator(".bpdocs-wrap").first.screenshot(path=str(ARTIFACTS / f"advice-{scheme}-{width}.png"))


@pytest.mark.parametrize("width", [1280, 390])
def test_code_in_tables_never_breaks_inside_a_word(published_site, visit, width):
    _, url = published_site
    broken = []
    for name in ("checking/", "authoring/", "generators/", "diagrams/", "bpcore/", "publishing/"):
        v = view(visit, url + name, "light", width)
        broken += [(name, text) for text in v.page.evaluate(BROKEN_WORDS)]
        v.close()
    assert broken == []
