"""Network diagrams as inline SVG, drawn from a checked :class:`~bpdocs.core.diagrams.netspec.NetSpec`.

Colours follow the page: everything is drawn in three stand-in colours that
are swapped, in the SVG text, for ``currentColor`` (strokes and text: the
page's text colour), the theme's background, and its accent colour (the
highlighted path), so one SVG is right in Material's light and dark schemes.
The picture is laid out by :mod:`.layout` (plain data) and drawn here with
matplotlib's SVG renderer, shape by shape: no figure, axes or artist (making
those cost more than the picture). Labels are matplotlib's mathtext, as glyph
paths (``<defs>`` and ``<use>``), parsed once per process (:mod:`.glyphs`).
Its parts are named, and described in words for screen readers, by :mod:`.names`.

From a fence::

    from bpdocs import draw_network
    draw_network(net, weights="values", precision=2)   # shown as the fence's last value
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ..colours import ACCENT, BACKGROUND, FOREGROUND, to_css
from ..figures import label_svg
from .glyphs import parse_label, share_text
from .layout import SCALE, TARGET_PAD, Drawing, Shape, Text, layout, text_overlaps
from .names import describe
from .netspec import NetSpec
from .textbox import BOX_PAD, font, is_math, measure

SVG_SETTINGS = {"svg.hashsalt": "bpdocs-diagram", "svg.fonttype": "path"}  # stable ids, text as paths
ARROW_HEAD = {False: 9, True: 11}  # an arrow's head (matplotlib's "-|>" at this mutation scale), by lit

__all__ = ["ACCENT", "Diagram", "Drawing", "check_labels", "draw", "draw_network", "layout", "network_values",
           "text_overlaps"]


@dataclass(frozen=True)
class Diagram:
    """An SVG network diagram, with the words that describe it."""

    svg: str
    description: str
    caption: str | None = None

    def __repr__(self) -> str:
        return f"Diagram({self.description!r}, {len(self.svg)} bytes)"


def check_labels(spec: NetSpec) -> None:
    """Every label is math text matplotlib can draw: an :class:`AuthoringError` at its key's line if not."""
    from ..errors import AuthoringError

    labels = [("labels", label) for row in spec.labels or () for label in row]
    labels += [("targets", label) for label in spec.target_labels or ()] + [("error", spec.error_label)]
    for key, label in labels:
        try:
            parse_label(label)  # parsed as it will be drawn: drawing it takes this parse
        except ValueError as exc:
            reason = next((line.strip() for line in str(exc).splitlines() if "Exception" in line), "")
            raise AuthoringError(f"{key}: {label!r} is not math text matplotlib can draw"
                                 + (f" ({reason})" if reason else ""), line=spec.lines.get(key, 0)) from None


def draw(spec: NetSpec, values: dict | None = None) -> Diagram:
    """Draw ``spec``; ``values`` may hold ``weights``, ``gradients`` (lists of arrays), ``h`` and ``deltas``."""
    check_labels(spec)
    description = describe(spec)
    return Diagram(_svg(layout(spec, values), description), description, spec.caption)


def _svg(drawing: Drawing, description: str) -> str:
    svg = to_css(_write_svg(drawing))
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)  # matplotlib's RDF block: bytes only
    return label_svg(svg, description, css_class="bpdocs-network")


def _write_svg(drawing: Drawing) -> str:
    """The drawing as matplotlib's SVG renderer writes it (72 dpi, transparent), its text shared with what
    measured it; edges, then units, then texts (each label over its background box)."""
    import matplotlib
    from matplotlib.backends.backend_svg import RendererSVG

    buffer = io.StringIO()
    with matplotlib.rc_context(SVG_SETTINGS):
        renderer = share_text(RendererSVG(drawing.width, drawing.height, buffer, image_dpi=72,
                                          metadata={"Date": None}))
        for shape in drawing.shapes:
            _draw_shape(renderer, shape)
        for text in drawing.texts:
            _draw_text(renderer, text, drawing.height)
        renderer.finalize()
    return buffer.getvalue()


def _draw_shape(renderer, shape: Shape) -> None:
    """A shape as matplotlib's artists draw it: an edge as a ``Line2D`` (round caps) or a ``FancyArrowPatch``
    ``-|>``; a unit as a ``Circle`` or a ``FancyBboxPatch`` ``round,pad=0.02``."""
    from matplotlib.colors import to_rgba
    from matplotlib.patches import ArrowStyle, BoxStyle, ConnectionStyle
    from matplotlib.path import Path
    from matplotlib.transforms import Affine2D, IdentityTransform

    gc = renderer.new_gc()
    gc.set_linewidth(shape.width)
    colour = to_rgba(shape.colour, shape.alpha)
    if shape.kind == "line":  # (its alpha on the stroke's colour, as a Line2D's)
        gc.set_foreground(colour, isRGBA=True)
        gc.set_capstyle("round")
        renderer.draw_path(gc, Path(shape.points), IdentityTransform())
    elif shape.kind == "arrow":  # (its alpha on the whole, as a patch's)
        gc.set_alpha(shape.alpha)
        gc.set_foreground(colour, isRGBA=True)
        gc.set_capstyle("round")
        tail, head = shape.points
        shaft = ConnectionStyle.Arc3()(tail, head, shrinkA=0, shrinkB=0)
        paths, fillable = ArrowStyle("-|>")(shaft, ARROW_HEAD[shape.lit], shape.width)
        if isinstance(fillable, bool):  # (one path, as some arrow styles give)
            paths, fillable = [paths], [fillable]
        for path, filled in zip(paths, fillable):
            renderer.draw_path(gc, path, IdentityTransform(), colour if filled else None)
    else:
        gc.set_foreground(colour, isRGBA=True)
        gc.set_joinstyle("miter")
        if shape.dashed:
            gc.set_dashes(0, [3 * shape.width, 2 * shape.width])
        (x, y), half = shape.points[0], shape.size
        if shape.kind == "circle":
            path, transform = Path.unit_circle(), Affine2D().scale(half).translate(x, y)
        else:
            path = BoxStyle.Round(pad=TARGET_PAD)(x - half, y - half, 2 * half, 2 * half, SCALE)
            transform = IdentityTransform()
        renderer.draw_path(gc, path, transform, to_rgba(shape.fill))
    gc.restore()


def _draw_text(renderer, text: Text, height: float) -> None:
    """A text as matplotlib's ``Text`` draws it centred at its place, over its background box if it has one
    (``round,pad=0.12`` in its font size, accent-outlined if ``text.outline``)."""
    from matplotlib.colors import to_rgba
    from matplotlib.patches import BoxStyle
    from matplotlib.transforms import IdentityTransform

    box, (x, y) = measure(text)
    renderer.open_group("text")  # (<g id="text_N">, as a Text's: a label's box and glyphs are one thing)
    if text.outline is not None:
        gc = renderer.new_gc()
        gc.set_linewidth(1.2 if text.outline else 0)
        gc.set_foreground(to_rgba(ACCENT), isRGBA=True)
        gc.set_joinstyle("miter")
        path = BoxStyle.Round(pad=BOX_PAD)(box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0, text.size)
        renderer.draw_path(gc, path, IdentityTransform(), to_rgba(BACKGROUND))
        gc.restore()
    gc = renderer.new_gc()
    gc.set_foreground(to_rgba(FOREGROUND), isRGBA=True)
    renderer.draw_text(gc, x, height - y, text.text, font(text.size), 0, ismath=is_math(text.text))
    gc.restore()
    renderer.close_group("text")


def draw_network(network=None, *, layers=None, x=None, t=None, **options) -> Diagram:
    """Draw a bpcore ``Network`` (with its values) or plain ``layers``; options as in a bpnet spec."""
    from .netspec import parse

    if network is not None:
        options.setdefault("network", "net")
    spec_dict = dict(options)
    if layers is not None:
        spec_dict["layers"] = list(layers)
    if x is not None:
        spec_dict["input"] = "x"
    if t is not None:
        spec_dict["target"] = "t"
    import yaml

    spec = parse(yaml.safe_dump(spec_dict), sizes=list(network.sizes) if network is not None else None)
    return draw(spec, network_values(network, x, t) if network is not None else None)


def network_values(network, x=None, t=None) -> dict:
    """What a diagram can print, from a bpcore Network (and an example)."""
    values = {"weights": network.weights}
    if x is not None:
        values["h"] = [row[0] for row in network.forward_pass(x).h]
    if x is not None and t is not None:
        result = network.backward(x, t)
        values["gradients"] = result.weights
        values["deltas"] = [d if d.ndim == 1 else d.sum(axis=0) for d in result.deltas]
    return values
