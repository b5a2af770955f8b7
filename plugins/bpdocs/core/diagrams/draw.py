"""Network diagrams as inline SVG, drawn with matplotlib from a checked :class:`~bpdocs.core.diagrams.netspec.NetSpec`.

Colours follow the page: everything is drawn in three stand-in colours that
are swapped, in the SVG text, for ``currentColor`` (strokes and text: the
page's text colour), the theme's background, and its accent colour (the
highlighted path), so one SVG is right in Material's light and dark schemes.

From a fence::

    from bpdocs import draw_network
    draw_network(net, weights="values", precision=2)   # shown as the fence's last value
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass

from .netspec import NetSpec
from ..render import number

from ..colours import ACCENT, BACKGROUND, FOREGROUND, to_css
DX, DY, RADIUS = 2.3, 1.15, 0.3
INCHES_PER_UNIT = 1.25 / DX  # a layer every 1.25 inches
MAX_LABELLED_EDGES = 4  # between two layers, "auto" labels weights only up to this many edges


@dataclass(frozen=True)
class Diagram:
    """An SVG network diagram, with the words that describe it."""

    svg: str
    description: str
    caption: str | None = None

    def __repr__(self) -> str:
        return f"Diagram({self.description!r}, {len(self.svg)} bytes)"


def _node_symbol(spec: NetSpec, layer: int, unit: int) -> str:
    if spec.labels is not None and layer <= len(spec.sizes) - 1:
        return spec.labels[layer][unit - 1]
    L = len(spec.sizes) - 1
    if layer == 0:
        return f"x_{{{unit}}}"
    if layer == L:
        return f"y_{{{unit}}}"
    return f"h_{{{unit}}}" if L == 2 else f"h^{{{layer}}}_{{{unit}}}"


def _weight_symbol(spec: NetSpec, l: int, k: int, j: int) -> str:
    L = len(spec.sizes) - 1
    notation = spec.notation
    if notation == "auto":
        notation = ("short" if spec.sizes[0] == 1 else "flat") if L == 1 else "layered"
    if notation == "short" and spec.sizes[l - 1] == 1:
        return f"w_{{{k}}}"
    if notation in ("flat", "short"):
        return f"w_{{{k}{j}}}"
    return f"w^{{{l}}}_{{{k}{j}}}"


def describe(spec: NetSpec) -> str:
    """The network in words, for screen readers."""
    L = len(spec.sizes) - 1
    parts = [f"{spec.sizes[0]} input{'s' * (spec.sizes[0] != 1)}"]
    hidden = spec.sizes[1:-1]
    if hidden:
        parts.append(f"{len(hidden)} hidden layer{'s' * (len(hidden) != 1)} of "
                     + ", ".join(map(str, hidden)) + " unit(s)")
    parts.append(f"{spec.sizes[L]} output{'s' * (spec.sizes[L] != 1)}")
    text = "A fully connected network with " + ", ".join(parts)
    if spec.targets:
        text += ", with targets"
    if spec.error:
        text += " and the error E"
    if spec.highlight:
        names = [_plain(_name(spec, node)) for node in spec.highlight]
        text += "; highlighted path " + " to ".join(names)
    return text + "."


def _name(spec: NetSpec, node) -> str:
    kind, layer, unit = node
    return "E" if kind == "E" else f"t_{unit}" if kind == "t" else _node_symbol(spec, layer, unit)


def _plain(latex: str) -> str:
    return re.sub(r"[{}]", "", latex)


def check_labels(spec: NetSpec) -> None:
    """Every label is math text matplotlib can draw: an :class:`AuthoringError` at the labels line if not."""
    if spec.labels is None:
        return
    from matplotlib.mathtext import MathTextParser

    from ..errors import AuthoringError

    parser = MathTextParser("path")
    for row in spec.labels:
        for label in row:
            try:
                parser.parse(f"${label}$")
            except ValueError as exc:
                reason = next((line.strip() for line in str(exc).splitlines() if "Exception" in line), "")
                raise AuthoringError(f"labels: {label!r} is not math text matplotlib can draw"
                                     + (f" ({reason})" if reason else ""), line=spec.lines.get("labels", 0)) from None


def draw(spec: NetSpec, values: dict | None = None) -> Diagram:
    """Draw ``spec``; ``values`` may hold ``weights``, ``gradients`` (lists of arrays), ``h`` and ``deltas``."""
    check_labels(spec)
    description = describe(spec)
    return Diagram(_svg(build_figure(spec, values), description), description, spec.caption)


LABEL_FRACTIONS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85)
LABEL_SHIFTS = (0.0, 0.17, -0.17, 0.3, -0.3)
LABEL_PAD_PX = 2.5  # the label's background pad (0.12 em of 9.5 pt, at 72 dpi) plus a margin  # sideways from the edge, in data units, when its line is crowded


def build_figure(spec: NetSpec, values: dict | None = None):
    """The matplotlib figure of the diagram (text placed so that no two labels overlap)."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle, FancyBboxPatch

    values = values or {}
    L = len(spec.sizes) - 1
    columns = L + 1 + spec.targets + spec.error
    tallest = max(spec.sizes)
    below = 0.55 if spec.nodes != "symbols" else 0.15  # room for values under the lowest units
    dx = DX * (1.4 if spec.weights in ("values", "gradients") else 1.0)  # numbers need more room than symbols
    width = dx * (columns - 1) + 1.4
    height = (tallest - 1) * DY + 2 * RADIUS + below + 0.4
    # 72 dpi and an SVG renderer for measuring: the SVG written later then reuses
    # the measured text layouts (mathtext parsing is most of the cost).
    fig = Figure(figsize=(width * INCHES_PER_UNIT, height * INCHES_PER_UNIT), dpi=72)
    FigureCanvasSVG(fig)
    renderer = RendererSVG(width * INCHES_PER_UNIT * 72, height * INCHES_PER_UNIT * 72, io.StringIO())
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
        ax.plot([xa + ux * RADIUS, xb - ux * RADIUS], [ya + uy * RADIUS, yb - uy * RADIUS],
                color=ACCENT if lit else FOREGROUND, lw=2.6 if lit else 1.0,
                alpha=1.0 if lit else 0.55, solid_capstyle="round", zorder=1)
        if label:
            pending_labels.append((not lit, (xa, ya), (xb, yb), label, lit))

    def unit_node(node, patch, symbol: str, value: str | None):
        x, y = position(*node)
        ax.add_patch(patch)
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
                      _node_symbol(spec, l, unit), _node_value(spec, values, l, unit))
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
        colour = ACCENT if lit else FOREGROUND
        artist = ax.text(0, 0, f"${label}$" if label[0] == "w" else label,
                         fontsize=9.5 if label[0] == "w" else 8.5, color=colour,
                         ha="center", va="center", zorder=3,
                         bbox=dict(boxstyle="round,pad=0.12", fc=BACKGROUND, ec="none"))
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
    return _weight_symbol(spec, l, k, j)


def _node_value(spec: NetSpec, values: dict, layer: int, unit: int) -> str | None:
    if spec.nodes == "activations":
        value = values["h"][layer][unit - 1]
    elif spec.nodes == "deltas" and layer > 0:
        value = values["deltas"][layer - 1][unit - 1]
    else:
        return None
    return number(float(value), spec.precision).replace("-", "\u2212")


def _svg(fig, description: str) -> str:
    import html

    import matplotlib

    with matplotlib.rc_context({"svg.hashsalt": "bpdocs-diagram", "svg.fonttype": "path"}):
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None}, transparent=True)
    svg = to_css(buffer.getvalue())
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)  # matplotlib's RDF block: bytes only
    return _add_title(svg, html.escape(description))


def _add_title(svg: str, label: str) -> str:
    """Make the SVG an accessible image: role, aria-label and a <title>."""
    start = svg.index("<svg ")
    end = svg.index(">", start)
    return (svg[:start] + f'<svg role="img" aria-label="{label}" class="bpdocs-network" '
            + svg[start + 5:end + 1] + f"<title>{label}</title>" + svg[end + 1:])


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
