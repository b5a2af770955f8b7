"""A value's rich representation, as Jupyter shows it: ``_repr_html_`` (a pandas DataFrame's table), Markdown,
SVG, LaTeX (a sympy expression), PNG and JPEG (a PIL image), in the order Jupyter's HTML export prefers them.

Each is looked up on the value's type (an object that answers every attribute, a mock, has none) and called on
the value; one that fails or returns None is passed over, as IPython passes it over, for the next (and, after
the last, the value's ``repr``).
"""

from __future__ import annotations

import base64
import html
import re

XML_PROLOGUE = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.I)
MATH_DELIMITERS = re.compile(r"^\s*(\$\$|\$|\\\[)(?P<tex>.*?)(\$\$|\$|\\\])\s*$", re.S)


def rich_data(value) -> dict | None:
    """Plain output data for ``value``'s richest representation, or None if it has none."""
    for method, make in (("_repr_html_", _html), ("_repr_markdown_", _markdown), ("_repr_svg_", _svg),
                         ("_repr_latex_", _latex), ("_repr_png_", _image("png")), ("_repr_jpeg_", _image("jpeg"))):
        if not callable(getattr(type(value), method, None)):
            continue
        try:
            data = getattr(value, method)()
        except Exception:  # (IPython passes a failing representation over too)
            continue
        if isinstance(data, tuple):  # (data, metadata)
            data = data[0] if data else None
        made = make(data, value) if data is not None else None
        if made is not None:
            return made
    return None


def _html(data, value) -> dict:
    return {"kind": "html", "text": str(data)}


def _markdown(data, value) -> dict:
    from .display import nothing_to_run

    nothing_to_run(str(data))
    return {"kind": "markdown", "text": str(data)}


def _svg(data, value) -> dict:
    text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
    return {"kind": "svg", "svg": XML_PROLOGUE.sub("", text, count=1)}


def _latex(data, value) -> dict | None:
    """Display math: sympy's ``$\\displaystyle ...$`` or ``$$...$$`` without its delimiters, or an environment
    (inside display math, as MathJax reads it); prose with math in it is passed over, for the next."""
    text = str(data).strip()
    delimited = MATH_DELIMITERS.match(text)
    if delimited and "$" not in delimited["tex"]:
        return {"kind": "latex", "latex": delimited["tex"].strip()}
    if text.startswith("\\begin{") and "$" not in text:
        return {"kind": "latex", "latex": text}
    return None


def _image(kind: str):
    def make(data, value) -> dict:
        if isinstance(data, str):  # (base64 already, as some objects give it)
            data = base64.b64decode(data)
        encoded = base64.b64encode(bytes(data)).decode("ascii")
        alt = html.escape(type(value).__name__)
        return {"kind": "html", "text": f'<img class="bpdocs-image" alt="{alt}" '
                                        f'src="data:image/{kind};base64,{encoded}">'}
    return make
