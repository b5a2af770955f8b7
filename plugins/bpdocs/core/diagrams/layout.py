"""A diagram's matplotlib figure: units in columns, edges, arrows, and labels placed so that none overlap.

Everything is drawn in the stand-in colours of :mod:`bpdocs.core.colours` (the page's text, background
and accent colours once in the SVG). Text is always the text colour: a highlighted weight's label is
marked by an accent outline, not by accent-coloured letters, which would read poorly on either scheme.
"""

from __future__ import annotations

import io
import itertools

from ..colours import ACCENT, BACKGROUND, FOREGROUND
from ..render import number
from .glyphs import share_text
from .names import node_symbol, weight_symbol
from .netspec import NetSpec

DX, DY, RADIUS = 2.3, 1.15, 0.3
INCHES_PER_UNIT = 1.25 / DX  # a layer every 1.25 inches
MAX_LABELLED_EDGES = 4  # between two layers, "auto" labels weights only up to this many edges
LABEL_FRACTIONS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85)
LABEL_SHIFTS = (0.0, 0.17, -0.17, 0.3, -0.3)  # sideways from the edge, in data units, when its line is crowded
LABEL_PAD_PX = 2.5  # the label's background pad (0.12 em of 9.5 pt, at 72 dpi) plus a margin


def build_figure(spec: NetSpec, values: dict | None = None):
    """The matplotlib figure of the diagram (text placed so that no two labels overlap)."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

    values = values or {}
    L = len(spec.sizes) - 1
    columns = L + 1 + spec.targets + spec.error
    tallest = max(spec.sizes)
    below = 0.55 if spec.nodes != "symbols" else 0.15  # room for values under the lowest units
    dx = DX * (1.4 if spec.weights in ("values", "gradients") else 1.0)  # numbers need more room than symbols
    width = dx * (columns - 1) + 1.4
    height = (tallest - 1) * DY + 2 * RADIUS + below + 0.4
    # 72 dpi and an SVG renderer for measuring, sharing text layouts with the one that writes the SVG
    # (mathtext parsing is most of the cost: each label is parsed once).
    fig = Figure(figsize=(width * INCHES_PER_UNIT, height * INCHES_PER_UNIT), dpi=72)
    FigureCanvasSVG(fig)
    renderer = share_text(RendererSVG(width * INCHES_PER_UNIT * 72, height * INCHES_PER_UNIT * 72, io.StringIO()))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-0.7, width - 0.7)
    ax.set_ylim(-(tallest - 1) / 2 * DY - RADIUS - below, (tallest - 1) / 2 * DY + RADIUS + 0.4)
    ax.set_aspect("equal")
    ax.axis("off")
    text = dict(color=FOREGROUND, ha="center", va="center", fontsize=11)

    def position(kind: str, layer: int, unit: int) -> tuple[float, float]:
        n = 1 if kind == "E" else spec.sizes[L] if kind == "t" else spec.sizes[layer]
        return dx * layer, ((n - 1) / 2 - (unit - 1)) * DY

    on_path = set(zip(spec.highlight, spec.highlight[1:])) | set(zip(spec.highlight[1:], spec.highlight))
    lit_nodes = set(spec.highlight)
    lit_weights = set(spec.highlight_weights)
    obstacles = []  # display-space boxes that labels must not cover
    pending_labels = []

    def line(a, b, lit: bool, label: str | None = None):
        (xa, ya), (xb, yb) = position(*a), position(*b)
        length = ((xb - xa) ** 2 + (yb - ya) ** 2) ** 0.5
        ux, uy = (xb - xa) / length, (yb - ya) / length
        start, end = (xa + ux * RADIUS, ya + uy * RADIUS), (xb - ux * RADIUS, yb - uy * RADIUS)
        style = dict(color=ACCENT if lit else FOREGROUND, lw=2.6 if lit else 1.0, alpha=1.0 if lit else 0.55)
        if spec.flow == "none":
            ax.plot(*zip(start, end), solid_capstyle="round", zorder=1, **style)
        else:  # the arrow points the way the flow goes: towards the output, or back to the input
            tail, head = (start, end) if spec.flow == "forward" else (end, start)
            # (add_artist, not add_patch: the view is set above, so data limits need no updating)
            ax.add_artist(FancyArrowPatch(tail, head, arrowstyle="-|>", mutation_scale=11 if lit else 9,
                                          shrinkA=0, shrinkB=0, capstyle="round", zorder=1, **style))
        if label:
            pending_labels.append((not lit, (xa, ya), (xb, yb), label, lit))

    def unit_node(node, patch, symbol: str, value: str | None):
        x, y = position(*node)
        ax.add_artist(patch)
        obstacles.append(patch.get_window_extent(renderer))
        ax.text(x, y, f"${symbol}$", zorder=4, **text)
        if value is not None:
            under = ax.text(x, y - RADIUS - 0.2, value, fontsize=8.5, color=FOREGROUND,
                            ha="center", va="center")
            obstacles.append(under.get_window_extent(renderer).expanded(1.05, 1.1))

    def outline(node) -> dict:
        lit = node in lit_nodes
        return dict(fc=BACKGROUND, ec=ACCENT if lit else FOREGROUND, lw=2.6 if lit else 1.2, zorder=2)

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
            node = ("unit", l, unit)
            unit_node(node, Circle(position(*node), RADIUS, **outline(node)),
                      node_symbol(spec, l, unit), _node_value(spec, values, l, unit))
    for k in range(1, spec.sizes[L] + 1) if spec.targets else ():
        node = ("t", L + 1, k)
        x, y = position(*node)
        box = FancyBboxPatch((x - RADIUS * 0.85, y - RADIUS * 0.85), RADIUS * 1.7, RADIUS * 1.7,
                             boxstyle="round,pad=0.02", **outline(node))
        unit_node(node, box, f"t_{{{k}}}", None)
    if spec.error:
        node = ("E", L + 1 + spec.targets, 1)
        unit_node(node, Circle(position(*node), RADIUS, ls=(0, (3, 2)), **outline(node)), "E", None)

    # Highlighted weights first: they get the best places.
    for _, (xa, ya), (xb, yb), label, lit in sorted(pending_labels, key=lambda p: p[0]):
        artist = ax.text(0, 0, f"${label}$" if label[0] == "w" else label,
                         fontsize=9.5 if label[0] == "w" else 8.5, color=FOREGROUND,
                         ha="center", va="center", zorder=3,
                         bbox=dict(boxstyle="round,pad=0.12", fc=BACKGROUND, ec=ACCENT if lit else "none",
                                   lw=1.2 if lit else 0))
        length = ((xb - xa) ** 2 + (yb - ya) ** 2) ** 0.5
        nx, ny = -(yb - ya) / length, (xb - xa) / length  # unit normal to the edge
        best = None
        for shift, fraction in itertools.product(LABEL_SHIFTS, LABEL_FRACTIONS):
            where = (xa + (xb - xa) * fraction + nx * shift, ya + (yb - ya) * fraction + ny * shift)
            artist.set_position(where)
            box = artist.get_window_extent(renderer).padded(LABEL_PAD_PX)  # the painted box, with a margin
            clash = sum(_overlap(box, other) for other in obstacles)
            if best is None or clash < best[0]:
                best = (clash, where, box)
            if clash == 0:
                break
        artist.set_position(best[1])
        obstacles.append(best[2])
    return fig


def _overlap(a, b) -> float:
    """Area shared by two display-space boxes."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


def text_overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of texts in ``fig`` whose painted areas (with background boxes) overlap."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()  # lays out the labels' background boxes
    renderer = fig.canvas.get_renderer()
    texts = [t for ax in fig.axes for t in ax.texts if t.get_text()]
    boxes = [(t.get_text(), (t.get_bbox_patch() or t).get_window_extent(renderer)) for t in texts]
    return [(na, nb) for n, (na, a) in enumerate(boxes) for nb, b in boxes[n + 1:] if _overlap(a, b) > 0]


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
