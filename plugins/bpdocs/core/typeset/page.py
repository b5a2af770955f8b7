"""One page's math: every arithmatex formula of its final HTML typeset by the :class:`Typesetter`, or taken
from the cache; a formula MathJax refuses is an error located at its line of the page source."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from ..errors import AuthoringError, BPDocsError
from ..run.cache import Cache, chain_key
from ..static import MATHJAX_VERSION
from .process import CONFIG, TypesetError, Typesetter

MATH = re.compile(r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', re.S)
DELIMITERS = {"span": ("\\(", "\\)"), "div": ("\\[", "\\]")}
SVG_LINK = re.compile(r'<a href="(#[^"]*)">(.*?)</a>', re.S)


def html_links(container: str) -> str:
    """MathJax's links (``\\eqref``) as HTML links: an SVG ``<a>`` has a read-only ``href``, which scripts
    that rewrite every ``a[href]`` (Material's instant navigation) fail on. A formula with one link
    becomes that link; with several, they stay marked (``data-href``) but are not links."""
    targets = SVG_LINK.findall(container)
    if not targets:
        return container
    plain = SVG_LINK.sub(lambda m: f'<g data-href="{m[1]}">{m[2]}</g>', container)
    if len({href for href, _ in targets}) == 1:
        spoken = re.sub(r"<[^>]+>", "", container.partition("<mjx-assistive-mml")[2].partition(">")[2]).strip("() ")
        label = f' aria-label="equation {html.escape(spoken)}"' if spoken else ""  # the link's name: "equation 4"
        return f'<a class="bpdocs-ref" href="{targets[0][0]}"{label}>{plain}</a>'
    return plain


@dataclass
class PageMath:
    html: str
    formulas: int
    cached: bool
    errors: list[BPDocsError]  # formulas MathJax refused (left as TeX, marked), located in the page source


def formulas_of(page_html: str) -> list[tuple[str, bool]]:
    """Each arithmatex formula of the page: its TeX (unescaped, without delimiters) and whether it is display."""
    found = []
    for match in MATH.finditer(page_html):
        opening, closing = DELIMITERS[match["tag"]]
        body = html.unescape(match["body"]).strip()
        if body.startswith(opening) and body.endswith(closing):
            body = body[len(opening):-len(closing)]
        found.append((body.strip(), match["tag"] == "div"))
    return found


def line_of(tex: str, source: str) -> int:
    """The 1-based line of the page source where ``tex`` (its first line) is written; 1 if it is not there."""
    first = next((line.strip() for line in tex.splitlines() if line.strip()), tex)
    for number, line in enumerate(source.splitlines(), start=1):
        if first and first in line:
            return number
    return 1


def typeset_page(page_html: str, *, typesetter: Typesetter, cache: Cache, page_path: str, source: str) -> PageMath:
    """``page_html`` with every formula typeset. A formula MathJax refuses stays TeX, marked, and is an error
    located at its line of the page source (the caller fails the build with it, or shows it while serving)."""
    formulas = formulas_of(page_html)
    if not formulas:
        return PageMath(page_html, 0, True, [])
    key = chain_key("mathjax", MATHJAX_VERSION, CONFIG, json.dumps(formulas))
    page = cache.get(key)
    cached = page is not None and len(page.get("results", ())) == len(formulas) and "defs" in page
    if not cached:
        try:
            page = typesetter.typeset(formulas)
        except TypesetError as exc:
            raise exc.at(page_path, line_of(formulas[0][0], source)) from None
    results = page["results"]
    errors = []
    for (tex, _), result in zip(formulas, results):
        if result["error"]:
            shown = tex if len(tex) <= 80 else tex[:77] + "..."
            errors.append(AuthoringError(f"MathJax could not typeset {shown!r}: {result['error']}").at(
                page_path, line_of(tex, source)))
    if not cached and not errors:
        cache.put(key, page)
    pieces = iter(results)
    glyphs = [page["defs"]]  # the page's glyphs, once, with its first formula

    def replace(match: re.Match) -> str:
        result = next(pieces)
        if result["error"]:
            return f'<{match["tag"]} class="arithmatex bpdocs-math-error" title="{html.escape(result["error"])}">' \
                   f'{match["body"]}</{match["tag"]}>'
        return f'<{match["tag"]} class="arithmatex">{glyphs.pop() if glyphs else ""}{html_links(result["html"])}' \
               f'</{match["tag"]}>'

    return PageMath(MATH.sub(replace, page_html), len(formulas), cached, errors)
