"""A diagram's picture as plain data: units in columns, edges, arrows, and labels placed so that none overlap.

Everything is in the stand-in colours of :mod:`bpdocs.core.colours` (the page's text, background and accent
colours once in the SVG). Text is always the text colour: a highlighted weight's label is marked by an accent
outline, not by accent-coloured letters, which would read poorly on either scheme.

Places are in SVG points (72 per inch), from the picture's bottom left, y up; :mod:`.draw` draws the shapes
and texts with matplotlib's SVG renderer, no figure, axes or artist in between. A text's box is where
matplotlib's ``Text`` centred at its place (``ha=va="center"``) would put it (:mod:`.textbox`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ..colours import ACCENT, BACKGROUND, FOREGROUND
from ..render import number
from .names import node_symbol, target_symbol, weight_symbol
from .netspec import NetSpec
from .textbox import Box, overlap, painted_box, text_box

DX, DY, RADIUS = 2.3, 1.15, 0.3
INCHES_PER_UNIT = 1.25 / DX  # a layer every 1.25 inches
SCALE = 72 * INCHES_PER_UNIT  # points per layout unit
MAX_LABELLED_EDGES = 4  # between two layers, "auto" labels weights only up to this many edges
LABEL_FRACTIONS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85)
LABEL_SHIFTS = (0.0, 0.17, -0.17, 0.3, -0.3)  # sideways from the edge, in layout units, when its line is crowded
SAME_CLASH = 1e-6  # square points: overlaps closer than this are the same (far below a pixel)
LABEL_PAD_PX = 2.5  # the label's background pad (0.12 em of 9.5 pt) plus a margin
TARGET_PAD = 0.02  # a target's box: rounded, this much (in layout units) around its square
NODE_SIZE, WEIGHT_SIZE, VALUE_SIZE = 11, 9.5, 8.5  # font sizes, points


@dataclass(frozen=True)
class Shape:
    """An edge (``line``, or ``arrow`` from ``points[0]`` to ``points[1]``), or a unit: a ``circle``
    (``points[0]`` its centre, ``size`` its radius) or a rounded ``box`` (centre, half its side)."""

    kind: str
    points: tuple
    colour: str
    width: float  # the stroke, points
    alpha: float | None = None
    size: float = 0.0
    dashed: bool = False
    fill: str | None = None
    lit: bool = False


@dataclass(frozen=True)
class Text:
    """A text centred at ``(x, y)``: math if written ``$...$``; ``outline`` is None for text without a
    background box, else whether its box has the accent outline (a highlighted weight)."""

    text: str
    x: float
    y: float
    size: float
    outline: bool | None = None


@dataclass
class Drawing:
    """What :mod:`.draw` draws, in this order: ``shapes`` (edges, then units), then ``texts``."""

    width: float
    height: float
    shapes: list[Shape] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Drawing({self.width:.0f}x{self.height:.0f} pt, {len(self.shapes)} shapes, {len(self.texts)} texts)"


def layout(spec: NetSpec, values: dict | None = None) -> Drawing:
    """The diagram of ``spec`` (text placed so that no two labels overlap)."""
    values = values or {}
    L = len(spec.sizes) - 1
    columns = L + 1 + spec.targets + spec.error
    tallest = max(spec.sizes)
    below = 0.55 if spec.nodes != "symbols" else 0.15  # room for values under the lowest units
    dx = DX * (1.4 if spec.weights in ("values", "gradients") else 1.0)  # numbers need more room than symbols
    width = dx * (columns - 1) + 1.4
    height = (tallest - 1) * DY + 2 * RADIUS + below + 0.4
    left, bottom = -0.7, -(tallest - 1) / 2 * DY - RADIUS - below
    drawing = Drawing(width * SCALE, height * SCALE)

    def position(kind: str, layer: int, unit: int) -> tuple[float, float]:
        """A node's centre, in layout units (the first column at x = 0, the middle row at y = 0)."""
        n = 1 if kind == "E" else spec.sizes[L] if kind == "t" else spec.sizes[layer]
        return dx * layer, ((n - 1) / 2 - (unit - 1)) * DY

    def points(x: float, y: float) -> tuple[float, float]:
        return (x - left) * SCALE, (y - bottom) * SCALE

    on_path = set(zip(spec.highlight, spec.highlight[1:])) | set(zip(spec.highlight[1:], spec.highlight))
    lit_nodes = set(spec.highlight)
    lit_weights = set(spec.highlight_weights)
    obstacles: list[Box] = []  # boxes that labels must not cover
    pending_labels = []
    texts = []  # (zorder, Text): values and labels below the units' symbols

    def line(a, b, lit: bool, label: str | None = None):
        (xa, ya), (xb, yb) = position(*a), position(*b)
        length = ((xb - xa) ** 2 + (yb - ya) ** 2) ** 0.5
        ux, uy = (xb - xa) / length, (yb - ya) / length
        start, end = points(xa + ux * RADIUS, ya + uy * RADIUS), points(xb - ux * RADIUS, yb - uy * RADIUS)
        style = dict(colour=ACCENT if lit else FOREGROUND, width=2.6 if lit else 1.0, alpha=1.0 if lit else 0.55,
                     lit=lit)
        if spec.flow == "none":
            drawing.shapes.append(Shape("line", (start, end), **style))
        else:  # the arrow points the way the flow goes: towards the output, or back to the input
            drawing.shapes.append(Shape("arrow", (start, end) if spec.flow == "forward" else (end, start), **style))
        if label:
            pending_labels.append((not lit, (xa, ya), (xb, yb), label, lit))

    def unit_node(node, kind: str, symbol: str, value: str | None):
        lit = node in lit_nodes
        x, y = points(*position(*node))
        half = RADIUS * SCALE * (1 if kind == "circle" else 0.85)
        drawing.shapes.append(Shape(kind, ((x, y),), ACCENT if lit else FOREGROUND, 2.6 if lit else 1.2,
                                    size=half, dashed=node[0] == "E", fill=BACKGROUND, lit=lit))
        pad = 0 if kind == "circle" else TARGET_PAD * SCALE
        obstacles.append(Box(x - half - pad, y - half - pad, x + half + pad, y + half + pad))
        texts.append((4, Text(f"${symbol}$", x, y, NODE_SIZE)))
        if value is not None:
            under = Text(value, x, y - (RADIUS + 0.2) * SCALE, VALUE_SIZE)
            texts.append((3, under))
            obstacles.append(text_box(under).expanded(1.05, 1.1))

    for l in range(1, L + 1):
        for k in range(1, spec.sizes[l] + 1):
            for j in range(1, spec.sizes[l - 1] + 1):
                a, b = ("unit", l - 1, j), ("unit", l, k)
                lit = (a, b) in on_path or (l, k, j) in lit_weights
                line(a, b, lit, _edge_label(spec, values, l, k, j, spec.sizes[l] * spec.sizes[l - 1], lit))
    for k in range(1, spec.sizes[L] + 1):
        a = ("unit", L, k)
        if spec.targets:
            line(a, ("t", L + 1, k), (a, ("t", L + 1, k)) in on_path)
            a = ("t", L + 1, k)
        if spec.error:
            line(a, ("E", L + 1 + spec.targets, 1), (a, ("E", L + 1 + spec.targets, 1)) in on_path)

    for l in range(L + 1):
        for unit in range(1, spec.sizes[l] + 1):
            unit_node(("unit", l, unit), "circle", node_symbol(spec, l, unit), _node_value(spec, values, l, unit))
    for k in range(1, spec.sizes[L] + 1) if spec.targets else ():
        unit_node(("t", L + 1, k), "box", target_symbol(spec, k), None)
    if spec.error:
        unit_node(("E", L + 1 + spec.targets, 1), "circle", spec.error_label, None)

    # Highlighted weights first: they get the best places.
    for _, (xa, ya), (xb, yb), label, lit in sorted(pending_labels, key=lambda p: p[0]):
        math = label[0] == "w"
        text = Text(f"${label}$" if math else label, 0.0, 0.0, WEIGHT_SIZE if math else VALUE_SIZE, outline=lit)
        here = text_box(text)  # measured once, moved to each place tried
        length = ((xb - xa) ** 2 + (yb - ya) ** 2) ** 0.5
        nx, ny = -(yb - ya) / length, (xb - xa) / length  # unit normal to the edge
        places = ((where, here.moved(*where).padded(LABEL_PAD_PX))  # the painted box, with a margin
                  for where in (points(xa + (xb - xa) * fraction + nx * shift, ya + (yb - ya) * fraction + ny * shift)
                                for shift, fraction in itertools.product(LABEL_SHIFTS, LABEL_FRACTIONS)))
        where, box = best_place(places, obstacles)
        texts.append((3, Text(text.text, *where, text.size, outline=lit)))
        obstacles.append(box)
    drawing.texts = [text for _, text in sorted(texts, key=lambda item: item[0])]  # (a stable sort)
    return drawing


def best_place(places, obstacles: list[Box]):
    """The first of ``places`` (``(where, box)``, in order of preference) whose box covers the least of the
    obstacles: the first that covers none, else the first of those that cover the least. Areas that differ by
    less than :data:`SAME_CLASH` are the same (two mirror places, 0.4 and 0.6 along an edge, often cover the same
    area: which one won was decided by the last bit of a float)."""
    best = None
    for where, box in places:
        clash = sum(overlap(box, other) for other in obstacles)
        if best is None or clash < best[0] - SAME_CLASH:
            best = (clash, where, box)
        if clash == 0:
            break
    return best[1], best[2]


def text_overlaps(drawing: Drawing) -> list[tuple[str, str]]:
    """Pairs of texts in ``drawing`` whose painted areas (with background boxes) overlap, each measured anew."""
    boxes = [(t.text, painted_box(t)) for t in drawing.texts]
    return [(na, nb) for n, (na, a) in enumerate(boxes) for nb, b in boxes[n + 1:] if overlap(a, b) > 0]


def _edge_label(spec: NetSpec, values: dict, l: int, k: int, j: int, edges: int, lit: bool) -> str | None:
    mode = spec.weights
    if mode == "none":
        return None
    if mode in ("values", "gradients"):
        array = values["weights" if mode == "values" else "gradients"][l - 1]
        return number(float(array[k - 1, j - 1]), spec.precision).replace("-", "\u2212")
    if mode == "auto" and edges > MAX_LABELLED_EDGES and not lit:
        return None
    return weight_symbol(spec, l, k, j)


def _node_value(spec: NetSpec, values: dict, layer: int, unit: int) -> str | None:
    if spec.nodes == "activations":
        value = values["h"][layer][unit - 1]
    elif spec.nodes == "deltas" and layer > 0:
        value = values["deltas"][layer - 1][unit - 1]
    else:
        return None
    return number(float(value), spec.precision).replace("-", "\u2212")
