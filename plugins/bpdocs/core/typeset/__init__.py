"""Math typeset when the site is built: MathJax 3 or KaTeX in a long-lived Node process (``static/typeset.js``).

Every formula of a page (arithmatex's ``\\( \\)`` and ``\\[ \\]`` elements, in the final HTML: fence
outputs and inline values included) goes to Node as one TeX document, typeset apart from every other page,
so ``\\label`` and ``\\eqref`` work across the page and a page's ``\\newcommand`` stays on it; each comes back
as SVG with its assistive MathML (MathJax) or as HTML with MathML (KaTeX). A problem is located at its
formula's own line. Results are cached by the formulas, the renderer and its version, and the ``tex``
option. The page then needs no script in the browser. Generator-independent: HTML in, HTML out.
"""

from __future__ import annotations

from .locate import Locator, output_formulas, written_formulas
from .page import PageMath, formulas_of, line_of, typeset_ahead, typeset_page, typeset_prime
from .process import FormulaTimeout, TypesetError, Typesetter, unavailable
from .settings import DEFAULT_TEX, TeXSettings, read_tex

__all__ = ["DEFAULT_TEX", "FormulaTimeout", "Locator", "PageMath", "TeXSettings", "TypesetError", "Typesetter",
           "formulas_of", "line_of", "output_formulas", "read_tex", "typeset_ahead", "typeset_page", "typeset_prime",
           "unavailable", "written_formulas"]
