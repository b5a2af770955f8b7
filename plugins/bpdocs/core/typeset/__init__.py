"""Math typeset when the site is built: MathJax 3 in a long-lived Node process (``static/typeset.js``).

Every formula of a page (arithmatex's ``\\( \\)`` and ``\\[ \\]`` elements, in the final HTML: fence
outputs and inline values included) goes to Node as one TeX document, so ``\\label`` and ``\\eqref``
work across the page; each comes back as SVG with its assistive MathML. Results are cached by the
formulas, the MathJax version and its configuration. The page then needs no MathJax in the browser.
Generator-independent: HTML in, HTML out.
"""

from __future__ import annotations

from .page import PageMath, formulas_of, line_of, typeset_page
from .process import TypesetError, Typesetter, unavailable

__all__ = ["PageMath", "TypesetError", "Typesetter", "formulas_of", "line_of", "typeset_page", "unavailable"]
