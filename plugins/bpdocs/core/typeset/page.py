"""One page's math: every arithmatex formula of its final HTML typeset by the :class:`Typesetter` (or taken from
the cache), each problem located at the formula's own line of the page source.

- A TeX error is a *warning*: the formula shows MathJax's (or KaTeX's) error box, as a browser would show it,
  and the rest of the page is typeset; a strict build fails on the warning.
- Markup the safe rules took out of a formula (a ``javascript:`` link, a ``url()`` style) is a warning too.
- A formula that takes longer than the ``tex`` option's timeout is an *error* (it shows an error box; the rest
  of the page is typeset without it).
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AuthoringError, BPDocsError
from ..run.cache import Cache, chain_key
from .delimited import mark_delimited
from .escape import MATH, math_body  # (arithmatex's elements, found as inline values are filled into them)
from .locate import Locator, markdown_formulas, written_formulas
from .process import FormulaTimeout, TypesetError, Typesetter, engine_key
from .screen import unsafe_markup

INLINE_DELIMITERS, DISPLAY_DELIMITERS = ("\\(", "\\)"), ("\\[", "\\]")
# What arithmatex wraps a formula in: its defaults, or a site's tex_inline_wrap / tex_block_wrap of dollars (as
# cp-algorithms sets them). A formula of TeX never starts and ends with a dollar, so one that does is so wrapped.
WRAPS = (INLINE_DELIMITERS, DISPLAY_DELIMITERS, ("$$", "$$"), ("$", "$"))
SVG_LINK = re.compile(r'<a href="(#[^"]*)">(.*?)</a>', re.S)
# What makes a formula's result depend on its page (typeset-mathjax.js's memo keeps none): not worth priming.
NUMBERED = re.compile(r"\\(?:label|tag|ref|eqref|notag|nonumber)(?![a-zA-Z])"
                      r"|\\begin\s*\{(?:equation|align|alignat|flalign|xalignat|xxalignat|gather|multline|eqnarray)\}")


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
    errors: list[BPDocsError]  # formulas that could not be typeset in time: the build fails
    warnings: list[BPDocsError] = field(default_factory=list)  # TeX errors, unsafe markup removed: located


def formulas_of(page_html: str) -> list[tuple[str, bool]]:
    """Each arithmatex formula of the page: its TeX (unescaped, without delimiters) and whether it is display."""
    found = []
    for match in MATH.finditer(page_html):
        body = html.unescape(math_body(match)).strip()
        display = is_display(match["tag"], body)
        for opening, closing in WRAPS:
            if body.startswith(opening) and body.endswith(closing) and len(body) >= len(opening) + len(closing):
                body = body[len(opening):-len(closing)]
                break
        found.append((tex_stripped(body), display))
    return found


def tex_stripped(tex: str) -> str:
    """``tex`` without the spaces around it, but a control space ``\\ `` at its end kept (Lmo's ``\\psi(z) \\ ``:
    stripped to a lone backslash, it was a TeX error that the site's own renderer never had)."""
    stripped = tex.strip()
    backslashes = len(stripped) - len(stripped.rstrip("\\"))
    return stripped + " " if backslashes % 2 and stripped != tex.lstrip() else stripped


def is_display(tag: str, body: str) -> bool:
    """Whether an arithmatex element is display math: ``\\[...\\]`` (or ``$$...$$``) in it, else a block tag (not
    ``\\(...\\)`` or ``$...$`` in a span)."""
    return body.startswith((DISPLAY_DELIMITERS[0], "$$")) or tag != "span" and not body.startswith(
        (INLINE_DELIMITERS[0], "$"))


OWN_CLASS = re.compile(r'\s+class="arithmatex"')

# mkdocstrings' ::: module (its docstrings), a macro's {{ name ... }} (TeX's own {{x}} has no space after {{)
BRINGS_TEXT = re.compile(r"^\s*:::\s+\S|\{\{\s+[A-Za-z_]")


def line_of(tex: str, source: str, page_html: str = "") -> int:
    """The 1-based line of the page source where ``tex`` (its first line) is written; if it is not there, the line
    that brought it in from elsewhere (a docstring's math: the mkdocstrings ``::: name`` whose object, its heading's
    id in ``page_html``, is the last to start before the formula; else the first such line); else 1.
    (A last resort: :mod:`.locate` knows which of several such lines is the formula's.)"""
    first = next((line.strip() for line in tex.splitlines() if line.strip()), tex)
    lines = source.splitlines()
    for number, line in enumerate(lines, start=1):
        if first and first in line:
            return number
    bringing = [(number, line) for number, line in enumerate(lines, start=1) if BRINGS_TEXT.search(line)]
    at = page_html.find(html.escape(tex, quote=False)) if page_html and tex else -1
    found = [number for number, line in bringing if at >= 0 and (name := re.match(r"\s*:::\s+(\S+)", line))
             and 0 <= page_html.find(f'id="{name[1]}"') <= at]
    return found[-1] if found else bringing[0][0] if bringing else 1


SAFE_RULES = {  # what was taken out (as mathjax-safe.js names it) -> the rule it broke, in words
    "the link": "a link goes to http, https, mailto or a #fragment",
    "the style": "a style sets colours, borders, spacing, opacity or fonts, never a url()",
    "the colour": "a colour is a name, #hex or rgb()",
    "the font": "a font is a plain family name",
    "the class": "a class of your own starts with mjx- (\\class{mjx-...})",
    "the id": "an id of your own starts with mjx- (\\cssId{mjx-...})",
    "the attribute": "no attribute holds a javascript: or data: URL",
    # KaTeX's commands (static/typeset-katex.js names what it refused by its command)
    "\\href": "a link goes to http, https, mailto or a #fragment",
    "\\url": "a link goes to http, https, mailto or a #fragment",
    "\\includegraphics": "an image comes from http, https or a relative address",
    "\\htmlClass": "a class of your own starts with mjx-",
    "\\htmlId": "an id of your own starts with mjx-",
    "\\htmlStyle": "a style sets colours, borders, spacing, opacity or fonts, never a url()",
    "\\htmlData": "data attributes are not allowed",
}


def safe_rules(removed: list[str]) -> str:
    """The rules that the removed pieces broke, each once, in words."""
    found = [rule for what, rule in SAFE_RULES.items() if any(piece.startswith(what + " ") for piece in removed)]
    return "; ".join(dict.fromkeys(found)) or "see the publishing page"


def _shown(tex: str) -> str:
    """The TeX as written (on one line, so a search of the page finds it), shortened past 80 characters."""
    tex = " ".join(tex.split())
    return tex if len(tex) <= 80 else tex[:77] + "..."


def _screened(formulas, results, safe: bool) -> None:
    """Fresh results from Node, before they are kept: one whose output carries markup the safe rules forbid is
    shown as its TeX instead, and flagged (``unsafe``), so that every build says so, cached or not."""
    if not safe:
        return
    for (tex, _), result in zip(formulas, results):
        if unsafe_markup(result["html"]):
            result.update(html=f"<code>{html.escape(tex)}</code>", error="unsafe output", unsafe=True)


def _problems(formulas, results, skipped, locator, page_path, renderer):
    """The page's located errors (timeouts, unsafe output) and warnings (TeX errors, markup removed).
    ``locator()`` gives the page's :class:`Locator`, made only when there is something to locate."""
    if not skipped and not any(r["error"] or r.get("removed") or r.get("internal") or r.get("repeated")
                               for r in results):
        return [], []  # the usual page: nothing to say, no need to find where its formulas are written
    errors, warnings = [], []
    name = "KaTeX could not render" if renderer == "katex" else "MathJax could not typeset"
    locate = locator().line  # each formula in page order: a formula written twice has two lines
    for n, ((tex, _), result) in enumerate(zip(formulas, results)):
        line = locate(tex)
        if n in skipped:
            errors.append(AuthoringError(f"{name} '{_shown(tex)}': {skipped[n]}").at(page_path, line))
        elif result.get("unsafe"):
            errors.append(AuthoringError(f"{name} '{_shown(tex)}': its output carried markup the safe rules forbid, "
                                         "so it is shown as text; please report this").at(page_path, line))
        elif result.get("internal"):
            warnings.append(AuthoringError(
                f"{name} '{_shown(tex)}': it failed inside on this formula (not a TeX error it can name); "
                "rewrite the formula").at(page_path, line))
        elif result["error"]:
            warnings.append(AuthoringError(f"{name} '{_shown(tex)}': {result['error']}").at(page_path, line))
        if result.get("repeated"):
            numbers = ", ".join(f"({tag})" for tag in result["repeated"])
            warnings.append(AuthoringError(
                f"the equation number {numbers} is used again on this page (an earlier equation has it): typeset "
                "as written, but a link to that number goes to the first equation; number this one anew"
            ).at(page_path, line))
        if result.get("removed"):
            warnings.append(AuthoringError(
                f"unsafe markup taken out of '{_shown(tex)}': {', '.join(result['removed'])} (the tex option's "
                f"safe rules: {safe_rules(result['removed'])}; safe: false turns them off on a site you trust)"
            ).at(page_path, line))
    return errors, warnings


@functools.lru_cache(maxsize=1)
def _screening_key() -> str:
    """Results are kept after :func:`_screened`: a change to how they are screened is a change of key."""
    return hashlib.sha256(Path(__file__).read_bytes() + (Path(__file__).parent / "screen.py").read_bytes()).hexdigest()


def page_key(settings, formulas: list[tuple[str, bool]]) -> str:
    """The cache key of a page's typeset formulas (all of them, in order: a page is one TeX document)."""
    return chain_key(engine_key(settings), _screening_key(), json.dumps(formulas))


def _safe(settings) -> bool:
    """Whether the safe rules are on (then fresh output is screened: :func:`_screened`)."""
    return dict(settings.safe)["URLs"] != "all" or dict(settings.safe)["styles"] != "all"


def typeset_ahead(page_html: str, *, typesetter: Typesetter, cache: Cache) -> None:
    """Start typesetting ``page_html``'s formulas in one of the typesetter's helpers (see :mod:`.ahead`), unless it
    has none or keeps them already: :func:`typeset_page` of the very same formulas then takes what it made."""
    settings = typesetter.settings
    if not typesetter.helpers:
        return
    if delimiters := settings.page_delimiters():
        page_html = mark_delimited(page_html, delimiters)
    formulas = formulas_of(page_html)
    key = page_key(settings, formulas) if formulas else None
    if key is None or typesetter.is_kept(key, cache) or typesetter.too_slow_when_primed(formulas):
        return  # (nothing to typeset, or typeset_page skips a formula that took too long when primed)

    def typeset(helper: Typesetter) -> dict:
        page = helper.typeset(formulas)
        _screened(formulas, page["results"], safe=_safe(settings))
        return page

    typesetter.ahead(key, typeset)


def typeset_prime(markdown: str, *, typesetter: Typesetter) -> bool:
    """Have the build's own Node typeset the formulas a page's Markdown holds into its memo
    (:meth:`Typesetter.prime`), while the page's cells run: typesetting the page once its outputs are in, at
    the end of a site's first build, is then mostly done. Only with MathJax (KaTeX is quick) and helpers
    (``jobs`` of 2 or more); whether it was handed over (the formulas are found in the typesetter's thread)."""
    settings = typesetter.settings
    if settings.renderer != "mathjax" or not typesetter.memo or not typesetter.helpers:
        return False
    typesetter.prime_later(lambda: primable_formulas(markdown))
    return True


def primable_formulas(markdown: str) -> list[tuple[str, bool]]:
    """The formulas of ``markdown`` the memo can keep: none that numbers, labels or refers."""
    return [(tex, display) for tex, display in markdown_formulas(markdown) if tex and not NUMBERED.search(tex)]


def typeset_page(page_html: str, *, typesetter: Typesetter, cache: Cache, page_path: str, source: str,
                 written=None, replace: bool = True) -> PageMath:
    """``page_html`` with every formula typeset, and what went wrong, located.

    ``source`` is the page's text (as the file has it); ``written`` the formulas it holds with their lines
    (:func:`.locate.written_formulas`, fence outputs included), or a function that returns them (called only when
    a formula has something to say), read from ``source`` when not given. With ``replace=False`` the math is only
    checked (for math typeset in the browser): the HTML is returned unchanged (KaTeX's auto-render finds what it
    would), but with MathJax the math the ``tex`` delimiters found is marked as arithmatex marks it, so that the
    browser's MathJax (which reads only that) typesets it too."""
    settings, given = typesetter.settings, page_html
    if delimiters := settings.page_delimiters():  # what the site's own renderer would find, the build renders
        page_html = mark_delimited(page_html, delimiters)
    if settings.renderer == "mathjax":
        given = page_html
    formulas = formulas_of(page_html)
    if not formulas:
        return PageMath(given, 0, True, [])

    def locator() -> Locator:
        found = written() if callable(written) else written
        return Locator(found if found is not None else written_formulas(source),
                       fallback=lambda tex: line_of(tex, source, page_html))

    key = page_key(settings, formulas)
    page = typesetter.kept(key, cache)
    cached = page is not None and _fits(page, len(formulas))
    skipped = {n: _too_slow(formulas[n][0], settings) for n in typesetter.too_slow_when_primed(formulas)} \
        if not cached else {}  # (found so when primed: not waited for again)
    if not cached:
        page = typesetter.taken_ahead(key) if not skipped else None
        if not _fits(page, len(formulas)):
            page = None
        while page is None:
            try:
                page = typesetter.typeset(formulas, skipped)
                _screened(formulas, page["results"], safe=_safe(settings))
            except FormulaTimeout as slow:
                skipped[slow.index] = _too_slow(formulas[slow.index][0], settings)
            except TypesetError as exc:
                raise exc.at(page_path, locator().line(formulas[0][0]) or 1) from None
        if not skipped:
            typesetter.keep(key, page, cache)
    results = page["results"]
    errors, warnings = _problems(formulas, results, skipped, locator, page_path, settings.renderer)
    if not replace:
        return PageMath(given, len(formulas), cached, errors, warnings)
    pieces = iter(results)
    glyphs = [page["defs"]]  # the page's glyphs, once, with its first formula

    # KaTeX's links are HTML already; its formula goes in a span of its own, as auto-render puts it (display math's
    # margins then stay apart from its block's: equations spaced as on a site that rendered them in the browser)
    links = html_links if settings.renderer == "mathjax" else (lambda made: f"<span>{made}</span>")

    def typeset(match: re.Match) -> str:
        result = next(pieces)
        css = "arithmatex bpdocs-math-error" if result["error"] else "arithmatex"
        title = f' title="{html.escape(result["error"])}"' if result["error"] else ""
        tag = "div" if match["tag"] == "pre" else match["tag"]  # (typeset, not preformatted text: a block)
        others = OWN_CLASS.sub("", match["attrs"], 1).rstrip(" /")  # (the element's other attributes, kept)
        return f'<{tag} class="{css}"{title}{others}>{glyphs.pop() if glyphs else ""}{links(result["html"])}</{tag}>'

    return PageMath(MATH.sub(typeset, page_html), len(formulas), cached, errors, warnings)


def _too_slow(tex: str, settings) -> str:
    return f"it took longer than {settings.timeout:g} s to typeset (the tex option's timeout), at {len(tex):,} " \
           "characters long"


def _fits(page, count: int) -> bool:
    return isinstance(page, dict) and isinstance(page.get("results"), list) and len(page["results"]) == count \
        and isinstance(page.get("defs"), str)
