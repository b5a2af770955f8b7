"""What a site's search indexes of a page: its text as a reader reads it. Pure: HTML in, HTML out.

The search plugins (MkDocs' own, Material's) index ``page.content`` as they find it: formulas as TeX
source (``\\(x_1\\) feeds``), figures as SVG markup and matplotlib's metadata, table cells run together
(``w^1_114.9086004.908600``). :func:`search_html` is the same page for them: each formula as plain text
(``Δw¹₁₁ = x₁ Σₖ (yₖ - tₖ) w²ₖ₁``), each figure as its text alternative, the checked-equation marks left
out, and every table cell a word of its own (prose and code as written). Regular expressions over the HTML, no parsing:
it runs on every page of every build.
"""

from __future__ import annotations

import functools
import html
import re

from .typeset.delimited import mark_delimited
from .typeset.escape import math_body
from .typeset.macros import DEFINITION, definitions, expand
from .typeset.page import MATH, is_display
from .texwords import tex_text

SVG = re.compile(r"<svg\b(?P<attrs>[^>]*)>(?P<body>.*?)</svg>", re.S)
LABEL = re.compile(r'\baria-label="([^"]*)"')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
CHECK_MARK = re.compile(r'<details class="bpdocs-check bpdocs-check-holds".*?</details>', re.S)
CELL_END = re.compile(r"(</t[dh]>)")
LABELLED = re.compile(r"\\label\s*\{(?P<label>[^}]*)\}")
TAGGED = re.compile(r"\\tag\*?\s*\{(?P<tag>[^}]*)\}")


def equation_numbers(page_html: str) -> dict[str, str]:
    """``\\label`` name -> the number its row is tagged with, for the page's references (``\\eqref``)."""
    numbers = {}
    for match in MATH.finditer(page_html):
        for row in html.unescape(math_body(match)).split("\\\\"):
            label, tag = LABELLED.search(row), TAGGED.search(row)
            if label and tag:
                numbers[label["label"].strip()] = tag["tag"].strip()
    return numbers


def equation_anchors(page_html: str) -> set[str]:
    """The ids MathJax gives the page's labelled equations (``mjx-eqn:eq-paths``), so that a link from
    another page to one of them (``derivation.md#mjx-eqn:eq-paths``) is a link to an anchor that exists."""
    return {f"mjx-eqn:{m['label'].strip()}" for math in MATH.finditer(page_html)
            for m in LABELLED.finditer(html.unescape(math_body(math)))}


def _formula(match: re.Match, numbers: dict[str, str], macros: dict) -> str:
    tex = body = html.unescape(math_body(match)).strip()
    tex = expand(tex, macros) if macros or DEFINITION.search(tex) else tex  # (as the reader sees it: \pd{E}{w})
    for opening, closing in (("\\(", "\\)"), ("\\[", "\\]")):
        if tex.startswith(opening) and tex.endswith(closing):
            tex = tex[len(opening):-len(closing)]
    # (Only a reference reads the page's equation numbers: every other formula's text is kept whatever the page.)
    referenced = tuple(sorted(numbers.items())) if "ref" in tex else ()
    text = _escaped_text(tex, referenced)
    return f"<p>{text}</p>" if is_display(match["tag"], body) else text


@functools.lru_cache(maxsize=4096)
def _escaped_text(tex: str, numbers: tuple[tuple[str, str], ...]) -> str:
    """A formula's text, once per process for each formula (a site repeats many; a serve loop's every build
    reads the same page again)."""
    return html.escape(tex_text(tex, dict(numbers)), quote=False)


def _figure(match: re.Match) -> str:
    label = LABEL.search(match["attrs"]) or TITLE.search(match["body"])  # both escaped already
    return f" {label[1]} " if label else " "


def search_html(page_html: str, delimiters=(), macros=()) -> str:
    """``page_html`` as the search index should read it (see the module docstring); ``delimiters``: those of math
    arithmatex did not mark, which the build typesets too (the ``tex`` option's, KaTeX's), read as formulas alike;
    ``macros``: the site's (the ``tex`` option's, or its MathJax or KaTeX script's), expanded with those the page's
    formulas define (``\newcommand``), so that a formula reads as it shows."""
    if delimiters:
        page_html = mark_delimited(page_html, delimiters)
    numbers = equation_numbers(page_html)
    known = {m.name: m for m in macros}
    if DEFINITION.search(page_html):  # a page's own, for the formulas after it (MathJax keeps them for the page)
        for match in MATH.finditer(page_html):
            known.update(definitions(html.unescape(math_body(match)), known)[0])
    text = CHECK_MARK.sub("", page_html)
    text = SVG.sub(_figure, text)
    text = MATH.sub(lambda m: _formula(m, numbers, known), text)
    return CELL_END.sub(r"\1 ", text)
