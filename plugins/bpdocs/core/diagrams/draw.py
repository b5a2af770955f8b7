"""Network diagrams as inline SVG, drawn with matplotlib from a checked :class:`~bpdocs.core.diagrams.netspec.NetSpec`.

Colours follow the page: everything is drawn in three stand-in colours that
are swapped, in the SVG text, for ``currentColor`` (strokes and text: the
page's text colour), the theme's background, and its accent colour (the
highlighted path), so one SVG is right in Material's light and dark schemes.
The picture is laid out by :mod:`.layout`; its parts are named, and described
in words for screen readers, by :mod:`.names`.

From a fence::

    from bpdocs import draw_network
    draw_network(net, weights="values", precision=2)   # shown as the fence's last value
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ..colours import ACCENT, to_css
from ..figures import label_svg
from .glyphs import parse_label, share_text
from .layout import build_figure, text_overlaps
from .names import describe
from .netspec import NetSpec

SVG_SETTINGS = {"svg.hashsalt": "bpdocs-diagram", "svg.fonttype": "path"}  # stable ids, text as paths

__all__ = ["ACCENT", "Diagram", "build_figure", "check_labels", "draw", "draw_network", "network_values",
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
    """Every label is math text matplotlib can draw: an :class:`AuthoringError` at the labels line if not."""
    if spec.labels is None:
        return
    from ..errors import AuthoringError

    for row in spec.labels:
        for label in row:
            try:
                parse_label(label)  # parsed as it will be drawn: drawing it takes this parse
            except ValueError as exc:
                reason = next((line.strip() for line in str(exc).splitlines() if "Exception" in line), "")
                raise AuthoringError(f"labels: {label!r} is not math text matplotlib can draw"
                                     + (f" ({reason})" if reason else ""), line=spec.lines.get("labels", 0)) from None


def draw(spec: NetSpec, values: dict | None = None) -> Diagram:
    """Draw ``spec``; ``values`` may hold ``weights``, ``gradients`` (lists of arrays), ``h`` and ``deltas``."""
    check_labels(spec)
    description = describe(spec)
    return Diagram(_svg(build_figure(spec, values), description), description, spec.caption)


def _svg(fig, description: str) -> str:
    svg = to_css(_write_svg(fig))
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)  # matplotlib's RDF block: bytes only
    return label_svg(svg, description, css_class="bpdocs-network")


def _write_svg(fig) -> str:
    """The figure as ``savefig(format="svg", transparent=True)`` writes it at 72 dpi, its text shared with the
    renderer that measured it (savefig would make a renderer that parses every label again)."""
    import matplotlib
    from matplotlib.backends.backend_svg import RendererSVG

    for patch in [fig.patch] + [ax.patch for ax in fig.axes]:  # transparent
        patch.set_facecolor("none")
        patch.set_edgecolor("none")
    width, height = fig.get_size_inches() * 72
    buffer = io.StringIO()
    with matplotlib.rc_context(SVG_SETTINGS):
        renderer = share_text(RendererSVG(width, height, buffer, image_dpi=72, metadata={"Date": None}))
        fig.draw(renderer)
        renderer.finalize()
    return buffer.getvalue()


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
