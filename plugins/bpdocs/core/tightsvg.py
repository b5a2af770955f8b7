"""A matplotlib figure as SVG cut to its tight bounding box, laid out once.

``savefig(bbox_inches="tight")`` lays the figure out twice: a draw that renders nothing, to measure the artists,
then the real draw, moved so the measured box starts at the origin. Here the real draw comes first, at the
figure's own size, measures the same box (``Figure.get_tightbbox`` with the same renderer, right after it drew),
and the SVG's ``viewBox`` is cut to that box, padded by ``savefig.pad_inches`` as matplotlib pads it: the same
picture of the same size, its coordinates not moved (so its bytes differ from matplotlib's tight output).

That holds while nothing depends on where the figure's edge is: the figure's own patch is drawn on the figure's
edge, not on the box's, so a figure whose saved background or edge is visible (bpdocs' matplotlibrc makes them
transparent), or whose layout engine runs when it is drawn (``layout="constrained"``), is saved by matplotlib's
two layouts instead.
"""

from __future__ import annotations

import contextlib
import io
import re

SVG_ROOT_SIZE = re.compile(r'(<svg\b[^>]*?) width="[^"]*" height="[^"]*" viewBox="[^"]*"')


def figure_svg(figure, **savefig) -> str:
    """``figure.savefig(format="svg", bbox_inches="tight", **savefig)``, as text, with one layout where it may."""
    import matplotlib

    if not _croppable(figure):
        return _saved(figure, bbox_inches="tight", **savefig)
    measured = []
    draw = figure.draw

    def measuring_draw(renderer):
        draw(renderer)
        measured.append(figure.get_tightbbox(renderer))

    own = vars(figure).get("draw")
    figure.draw = measuring_draw  # (as matplotlib's own _get_renderer catches the renderer of a save)
    try:
        with _without_placeholder_layout(figure):
            svg = _saved(figure, bbox_inches=None, **savefig)
    finally:
        if own is None:
            del figure.draw
        else:
            figure.draw = own
    if len(measured) != 1:  # drawn otherwise than expected: let matplotlib do it
        return _saved(figure, bbox_inches="tight", **savefig)
    pad = matplotlib.rcParams["savefig.pad_inches"]
    box = measured[0].padded(pad)
    height = figure.get_size_inches()[1]
    x, y, w, h = (72 * v for v in (box.x0, height - box.y1, box.width, box.height))  # (SVG's y runs down)
    root = f'width="{_short(w)}pt" height="{_short(h)}pt" viewBox="{_short(x)} {_short(y)} {_short(w)} {_short(h)}"'
    cut, found = SVG_ROOT_SIZE.subn(lambda m: f"{m[1]} {root}", svg, count=1)
    return cut if found else _saved(figure, bbox_inches="tight", **savefig)


def _saved(figure, **savefig) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", **savefig)
    return buffer.getvalue()


def _croppable(figure) -> bool:
    """Whether cutting the viewBox draws what a tight save draws: no layout engine that runs at draw time, and a
    figure patch that shows nothing (its face and edge as a save colours them)."""
    import matplotlib
    from matplotlib.colors import to_rgba
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    engine = figure.get_layout_engine()
    if engine is not None and not isinstance(engine, PlaceHolderLayoutEngine):
        return False
    if not figure.patch.get_visible():
        return True
    for part in ("facecolor", "edgecolor"):
        colour = matplotlib.rcParams[f"savefig.{part}"]
        if isinstance(colour, str) and colour == "auto":
            colour = getattr(figure, f"get_{part}")()
        if to_rgba(colour)[3] != 0:
            return False
    return True


@contextlib.contextmanager
def _without_placeholder_layout(figure):
    """Without the placeholder a finished ``tight_layout()`` leaves (it does nothing, but any engine makes a save
    lay the figure out before drawing it)."""
    import matplotlib

    engine = figure.get_layout_engine()
    if engine is None:
        yield
        return
    with matplotlib.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        figure.set_layout_engine(None)  # (None with those settings: no engine at all)
    try:
        yield
    finally:
        figure.set_layout_engine(engine)


def _short(value: float) -> str:
    """A number as matplotlib's SVG writes it (``%f``, trailing zeros dropped)."""
    return f"{value:f}".rstrip("0").rstrip(".")
