"""A page's math at the end of its build in MkDocs (the plugin's ``on_post_page``): typeset, or only checked where
the browser typesets it. (A page that says ``bpdocs_typeset: off`` is left alone: :func:`.core.pages.left_alone`.)"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mkdocs.plugins import get_plugin_logger

from .core.errors import BPDocsError
from .core.typeset import TypesetError, typeset_page, written_formulas
from .core.typeset.locate import job_formulas
from .core.typeset.page import formulas_of

log = get_plugin_logger(__name__)
# A page whose content loads MathJax itself (mkdocs-jupyter's notebooks: MathJax 2 from a CDN, in the page)
OWN_MATHJAX = re.compile(r"<script\b[^>]*\bsrc=[\"'][^\"']*mathjax|MathJax\.Hub\.Config", re.I)


@dataclass
class PageMathResult:
    html: str
    formulas: int = 0
    cached: bool = False
    errors: list[BPDocsError] = field(default_factory=list)  # the build fails
    warnings: list[BPDocsError] = field(default_factory=list)  # TeX errors, located: --strict fails


def page_math(output: str, *, typesetter, cache, page_path: str, source: str, job, markdown: str,
              line_offset, replace: bool, content: str = "") -> PageMathResult:
    """The page's math typeset (or only checked, when the browser typesets it): a TeX error is a located warning,
    and the formula shows the error as a browser would; a formula that takes too long, an error. A page whose
    ``content`` loads MathJax itself keeps its math for that MathJax, unchecked: said at INFO, never silently."""
    if OWN_MATHJAX.search(content or "") and not (typesetter is not None and any(
            left == "$" for left, _, _ in typesetter.settings.page_delimiters())):  # (a $ delimiter: typeset here)
        log.info(f"{page_path}: the page loads MathJax itself (a script in its content: a notebook's, by "
                 "mkdocs-jupyter, or the page's own): bpdocs leaves its math to that MathJax, neither typeset nor "
                 "checked")
        return PageMathResult(output)  # (typeset too, each formula was rendered again by that MathJax, hidden)
    def written():  # where the page's formulas are written: found only if one has something to say
        return job_formulas(job, markdown, line_offset, formulas_of) if job is not None and job.run is not None \
            else written_formulas(markdown, line_offset=line_offset)
    try:
        math = typeset_page(output, typesetter=typesetter, cache=cache, written=written, page_path=page_path,
                            source=source, replace=replace)
    except TypesetError as exc:  # Node failed as a whole: the page keeps its TeX
        return PageMathResult(output, errors=[exc])
    return PageMathResult(math.html, math.formulas, math.cached, math.errors, math.warnings)
