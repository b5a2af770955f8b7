"""Math for the Python-Markdown adapter (Zensical, or any pipeline that lists ``bpdocs``), as the MkDocs
plugin gives it: ``pymdownx.arithmatex`` (generic) when the pipeline has none, and every formula typeset
when the page is converted, by the build-time typesetter (MathJax 3 in Node), so the page shows finished
math with no MathJax in the browser. The stylesheets the page then needs (MathJax's SVG rules, bpdocs'
own) come with it, once per page, as a ``data:`` stylesheet: an extension cannot add files to a site.

With ``typeset: browser``, or without Node.js, formulas are left as TeX for a MathJax the site loads
(Zensical's math recipe), and the build says so once.
"""

from __future__ import annotations

import base64
import dataclasses
import logging
import threading

from .core import static, typeset
from .core.build import Build
from .core.errors import BPDocsError

log = logging.getLogger("bpdocs")
MATH = 'class="arithmatex'


def ensure_arithmatex(md, scripts=(), docs_dir=None, options=None) -> None:
    """``pymdownx.arithmatex`` as the MkDocs plugin adds it (no ``$...$``: :data:`sitesetup.ADDED_ARITHMATEX`),
    unless the pipeline already has arithmatex; where the site's own renderer (its ``scripts``) typesets the math,
    only for the math that renderer reads, and ``\\$`` left as written (see :func:`sitesetup.own_math_syntax`)."""
    if "arithmatex-inline" in md.inlinePatterns or "arithmatex-block" in md.parser.blockprocessors:
        return
    from pymdownx.arithmatex import ArithmatexExtension

    from .sitesetup import ADDED_ARITHMATEX, own_math_syntax

    left = options is not None and docs_dir is not None and static.math_left_to_the_site(scripts, options)
    settings = {**ADDED_ARITHMATEX, **(own_math_syntax(docs_dir, scripts) if left else {})}
    escaped = list(md.ESCAPED_CHARS)
    ArithmatexExtension(**settings).extendMarkdown(md)
    if left:
        md.ESCAPED_CHARS = escaped


class Typesetters:
    """One typesetter per build, for the life of the process; closed with the builds."""

    def __init__(self):
        self._lock = threading.Lock()
        self._typesetters: dict[Build, typeset.Typesetter] = {}
        self._told = False

    def get(self, build: Build) -> typeset.Typesetter | None:
        """The build's typesetter, or None (said once) when this machine cannot typeset."""
        with self._lock:
            if build not in self._typesetters:
                why_not = typeset.unavailable("mathjax")
                if why_not is not None:
                    if not self._told:
                        log.warning(f"bpdocs: math is left as TeX for the browser: {why_not} (load MathJax in "
                                    "extra_javascript, or install Node.js to typeset it when the site is built)")
                        self._told = True
                    return None
                # MathJax whatever the tex option's renderer: this page carries MathJax's stylesheet only
                settings = dataclasses.replace(build.options.tex, renderer="mathjax")
                self._typesetters[build] = typeset.Typesetter(build.cache, settings)
            return self._typesetters[build]

    def discard(self, build: Build) -> None:
        """Stop the typesetter of a build that is replaced (a serve loop after an edit of bpcore)."""
        with self._lock:
            typesetter = self._typesetters.pop(build, None)
        if typesetter is not None:
            typesetter.close()

    def close(self) -> None:
        with self._lock:
            closing, self._typesetters = list(self._typesetters.values()), {}
        for typesetter in closing:
            typesetter.close()


def own_renderer(scripts, options) -> bool:
    """Whether a site's own scripts (Zensical's extra_javascript) typeset its math in the browser, as the MkDocs
    plugin finds it (:func:`bpdocs.core.static.math_left_to_the_site`). Said once, at INFO, as the plugin says it."""
    if not static.math_left_to_the_site(scripts, options):
        return False
    own = static.own_renderers(list(scripts))
    if own and not _told:  # (mathjax: off is said in the option's own words: nothing to tell)
        _told.append(True)
        renderer = "katex" if "katex" in own else "mathjax"
        log.info(static.MIGRATE[renderer].format(scripts=", ".join(own[renderer])))
    return True


_told: list = []  # (the note is said once a process: Zensical renders every page in one)


def typeset_html(text: str, *, build: Build, typesetters: Typesetters, page_path: str, source: str,
                 outputs: bool, math: bool = True) -> str:
    """``text`` (a page's HTML) with its formulas typeset (not with ``math=False``: the page's ``bpdocs_typeset:
    off``) and the stylesheets it needs after it; a formula
    MathJax refuses (which the MkDocs plugin warns of) is a :class:`BPDocsError` at its line, as any error of
    the page: Zensical has no ``--strict`` for an extension's warnings."""
    styles = [static.SITE_FILES[static.STYLESHEET].read_text(encoding="utf-8")] if outputs else []
    typesetter = typesetters.get(build) if math and MATH in text and build.options.typeset == "build" else None
    if typesetter is not None:
        try:
            math = typeset.typeset_page(text, typesetter=typesetter, cache=build.cache, page_path=page_path,
                                        source=source)
            css = typesetter.css()
        except typeset.TypesetError as exc:
            raise exc.at(page_path, 1) from None
        problems = [*math.errors, *math.warnings]  # no --strict here: a TeX error fails the page
        if problems:
            first, *others = problems
            raise BPDocsError(first.message, first.page, first.line, [f"also: {e}" for e in others])
        if math.formulas:
            text, styles = math.html, [css, *styles]
    if not styles:
        return text
    # A stylesheet link, not a <style>: generators index a page's text for search (and take its title
    # from it), and a <style>'s text would go there.
    data = base64.b64encode("\n".join(styles).encode()).decode()
    return f'{text}\n<link rel="stylesheet" data-bpdocs="" href="data:text/css;base64,{data}">'
