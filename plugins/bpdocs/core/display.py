"""What a fence can show, and how a Python value becomes plain, JSON-ready output data.

Inside an executable fence::

    from bpdocs.display import show, show_markdown, show_html
    show(net.gradients(x, t), precision=3)        # MathJax matrices
    show(grads[1], label=TeX(r"W^2"))               # a label written in TeX
    show(table_rows, format="table")
    show_markdown("**bold** and $x$")
    show_html("<b>trusted HTML from the author</b>")

The last expression of a fence is shown as if passed to :func:`show`.
Printed text is always shown as escaped, preformatted text. A ``label`` is text (it may come from data) unless
it is marked :class:`TeX`: data is never markup.
"""

from __future__ import annotations

from numbers import Real

# The runner points these at the current cell's output list, and at what moves its printed text into it
# (so text and rich outputs keep their order).
_sink: list[dict] | None = None
_before_emit = None
FORMATS = ("auto", "matrix", "table", "text")


def _emit(item: dict) -> None:
    if _sink is None:
        raise RuntimeError("bpdocs.display works inside an executable fence only")
    if _before_emit is not None:
        _before_emit()
    _sink.append(item)


class TeX(str):
    """TeX the author wrote, to be typeset as TeX: ``show(w, label=TeX(r"W^1"))``. A plain string is text."""

    __slots__ = ()


def show(value, *, format: str = "auto", precision: int | None = None, label: str | None = None) -> None:
    """Show ``value``: arrays and lists of arrays as matrices (or a table), figures as SVG, else its repr.

    ``label`` names the value: ``label = `` before a matrix or a number (typeset), else a line before it (a
    table, printed text, a repr); as text (shown exactly as written, even read from a file), or as TeX if it is marked
    ``TeX(...)``."""
    named = None  # the label for HTML (a line before the value): its text, and whether it is TeX
    if label is not None:
        from .typeset.escape import tex_text

        named = [str(label), isinstance(label, TeX)]
        label = str(label) if isinstance(label, TeX) else tex_text(str(label))
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    if precision is not None and (not isinstance(precision, int) or precision < 0):
        raise ValueError(f"precision must be a whole number >= 0, got {precision!r}")
    item = describe(value, rich=format != "text")  # (format="text": a value's repr, as for anything but arrays)
    item.update({k: v for k, v in (("format", format), ("precision", precision), ("label", label),
                                   ("named", named)) if v not in (None, "auto")})
    _emit(item)


def show_markdown(text: str) -> None:
    """Insert ``text`` into the page as Markdown (rendered with the page's extensions). Only the page's own fences
    and inline values run: one to run in ``text`` is an error (it would show as neither code nor its result)."""
    text = str(text)
    nothing_to_run(text)
    _emit({"kind": "markdown", "text": text})


def nothing_to_run(markdown: str) -> None:
    from .errors import AuthoringError
    from .fences import scan

    try:
        found = scan(markdown, "show_markdown")
    except AuthoringError:  # (a fence bpdocs cannot read: the page's Markdown shows it as it can)
        return
    cells = [(f"a fence to run ({fence.marker}{fence.lang} ...)", fence.line) for fence in found.fences
             if fence.executes]
    cells += [(f"an inline value (`{{python}} {value.expr}`)", value.line) for value in found.inline]
    if cells:
        what, line = cells[0]
        raise ValueError(f"the Markdown to show holds {what} at its line {line}: only the page's own fences and "
                         "inline values run; to show it as code, leave exec out (or print the result instead)")


def show_html(text: str) -> None:
    """Insert ``text`` into the page as raw HTML. Only for HTML the author trusts."""
    _emit({"kind": "html", "text": str(text)})


def _array_data(value):
    """An array's numbers, summarised as numpy prints it: more numbers than its print ``threshold`` (1000 unless
    the fence changed it with ``np.set_printoptions``) keep ``edgeitems`` (3) at each end of every longer axis,
    and ``None`` stands where the rest were (the matrix shows an ellipsis there)."""
    import numpy as np

    array = np.asarray(value)
    if array.dtype.kind not in "biuf" or array.ndim not in (0, 1, 2):
        return None
    printing = np.get_printoptions()
    edge = printing["edgeitems"]
    if array.ndim == 0 or array.size <= printing["threshold"] or edge < 1:
        return {"kind": "array", "shape": list(array.shape), "data": array.astype(float).tolist()}

    def ends(length: int):  # the indices kept along an axis
        return np.r_[0:edge, length - edge:length] if length > 2 * edge else np.arange(length)

    def with_gap(values: list, length: int, gap) -> list:
        return values[:edge] + [gap] + values[edge:] if length > 2 * edge else values

    if array.ndim == 1:
        data = with_gap(array[ends(len(array))].astype(float).tolist(), len(array), None)
    else:
        height, width = array.shape
        rows = [with_gap(row, width, None) for row in array[np.ix_(ends(height), ends(width))].astype(float).tolist()]
        data = with_gap(rows, height, [None] * len(rows[0]))
    return {"kind": "array", "shape": list(array.shape), "data": data}


def describe(value, rich: bool = True) -> dict:
    """Plain data for ``value`` that the parent process renders (``rich``: its own representation, if it has one)."""
    import sys

    if isinstance(value, bool) or value is None:
        return {"kind": "value", "repr": repr(value)}
    if isinstance(value, Real):
        return {"kind": "number", "value": float(value)}
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.ndarray):
        return _array_data(value) or {"kind": "value", "repr": repr(value)}
    if isinstance(value, (list, tuple)) and value and numpy is not None \
            and all(isinstance(v, numpy.ndarray) for v in value):
        items = [_array_data(v) for v in value]
        if all(items):
            return {"kind": "arrays", "items": items}
    if isinstance(value, (list, tuple)) and value and all(
            isinstance(row, (list, tuple)) for row in value):
        return {"kind": "rows", "rows": [[_cell(c) for c in row] for row in value]}
    from .diagrams.draw import Diagram

    if isinstance(value, Diagram):
        return {"kind": "svg", "svg": value.svg, "caption": value.caption}
    figure = _figure_svg(value)
    if figure is not None:
        return {"kind": "svg", "svg": figure}
    from .reprs import rich_data

    return (rich_data(value) if rich else None) or {"kind": "value", "repr": repr(value)}


def _cell(value):
    if isinstance(value, Real) and not isinstance(value, bool):
        return float(value)
    return str(value)


def _figure_svg(value) -> str | None:
    import sys

    if "matplotlib" not in sys.modules:
        return None
    from matplotlib.figure import Figure

    figure = getattr(value, "figure", None) if not isinstance(value, Figure) else value
    if not isinstance(figure, Figure):
        return None
    return figure_to_svg(figure)


def figure_to_svg(figure) -> str:
    """SVG text of a matplotlib figure cut to its tight bounding box (laid out once: :mod:`bpdocs.core.tightsvg`),
    byte-identical across runs (no date; fixed hash salt), with the stand-in colours of ``static/matplotlibrc``
    made the page's own (:mod:`bpdocs.core.colours`) and its paths shrunk (:mod:`bpdocs.core.svgpaths`)."""
    import matplotlib

    from .colours import to_css
    from .figures import describe_figure, label_svg
    from .svgpaths import shrink_paths
    from .tightsvg import figure_svg

    matplotlib.rcParams["svg.hashsalt"] = "bpdocs"
    svg = shrink_paths(to_css(figure_svg(figure, metadata={"Date": None})))  # (a hundredth of a point: the same figure, a third the size)
    return label_svg(svg, describe_figure(figure))  # named by its own words
