"""Where a diagram's text goes: its box as matplotlib's ``Text`` centres it (``ha=va="center"``), measured with
the shared text layouts of :mod:`.glyphs` (the parse that draws a label measures it), no artist made.

matplotlib (3.11) centres a line's box, not its ink: the box is as wide as the text and reaches from the
baseline up to the larger of the text's ascent and the font's (its typographic ascender, from the font's
``OS/2`` table), and down as far as the larger of the text's descent and the font's. A label ``$w_{21}$``
(ink below the baseline) and ``$E$`` sit on baselines placed alike.
"""

from __future__ import annotations

from dataclasses import dataclass

BOX_PAD = 0.12  # a label's background box: this much of its font size around the text, rounded as much
TOUCHING = 1e-6  # points: boxes closer than this to not overlapping do not overlap


@dataclass(frozen=True)
class Box:
    """A box in SVG points, y up."""

    x0: float
    y0: float
    x1: float
    y1: float

    def moved(self, dx: float, dy: float) -> "Box":
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    def padded(self, pad: float) -> "Box":
        return Box(self.x0 - pad, self.y0 - pad, self.x1 + pad, self.y1 + pad)

    def expanded(self, sw: float, sh: float) -> "Box":
        """Scaled about its centre (as matplotlib's ``Bbox.expanded``)."""
        w, h = self.x1 - self.x0, self.y1 - self.y0
        dw, dh = (sw - 1) * w / 2, (sh - 1) * h / 2
        return Box(self.x0 - dw, self.y0 - dh, self.x1 + dw, self.y1 + dh)


def overlap(a: Box, b: Box) -> float:
    """Area shared by two boxes; boxes that only touch share none (a label placed one box-height from another,
    as the edges' fractions often place them, would otherwise clash or not by the last bit of a float)."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > TOUCHING and height > TOUCHING else 0.0


def is_math(text: str) -> bool:
    """Whether matplotlib reads ``text`` as mathtext (an even number, at least two, of unescaped ``$``)."""
    from matplotlib.cbook import is_math_text

    return is_math_text(text)


def font(size: float):
    """The font properties a diagram's text of ``size`` points is drawn with (the current font settings)."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(size=size)


def measure(text) -> tuple[Box, tuple[float, float]]:
    """``text`` (a :class:`~.layout.Text`): its box, and where its baseline starts (left end), in points."""
    from .glyphs import text_to_path

    prop = font(text.size)
    width, height, descent = map(float, text_to_path().get_text_width_height_descent(text.text, prop,
                                                                                       is_math(text.text)))
    least_ascent, least_descent = _font_extent(prop)
    ascent, descent = max(height - descent, least_ascent), max(descent, least_descent)
    half = (ascent + descent) / 2
    box = Box(text.x - width / 2, text.y - half, text.x + width / 2, text.y + half)
    return box, (box.x0, text.y + (descent - ascent) / 2)


def text_box(text) -> Box:
    """The box of ``text`` (without any background), in points."""
    return measure(text)[0]


def painted_box(text) -> Box:
    """What ``text`` covers: its background box if it has one, else its own box."""
    box = text_box(text)
    return box if text.outline is None else box.padded(BOX_PAD * text.size)


def _font_extent(prop) -> tuple[float, float]:
    """The ascent and descent every line of text gets at least, in points: the font's own, from its tables
    (as matplotlib's ``Text`` lays a line out)."""
    from matplotlib.font_manager import findfont, fontManager, get_font

    find = getattr(fontManager, "_find_fonts_by_props", None)  # (the fonts Text takes; findfont's first)
    found = get_font(find(prop) if find else findfont(prop))
    size = prop.get_size_in_points()
    for table_name, ascent_key, descent_key in (("OS/2", "sTypoAscender", "sTypoDescender"),
                                                ("hhea", "ascent", "descent")):
        table = found.get_sfnt_table(table_name)
        if table is not None:
            scale = size / found.get_sfnt_table("head")["unitsPerEm"]
            return table[ascent_key] * scale, -table[descent_key] * scale
    from .glyphs import text_to_path  # a font without those tables: what "lp" reaches

    _, height, descent = text_to_path().get_text_width_height_descent("lp", prop, False)
    return height - descent, descent
