"""Text in diagrams laid out once per process: one mathtext parse per label, shared by every renderer.

matplotlib gives each renderer its own text-to-path converter, and its mathtext cache (50 entries, shared
with every other figure of the process) is keyed by that converter. A diagram is measured with one renderer
(to place its labels) and written with another, and its labels were checked with a third parser: each label
was parsed three times, and a page with many diagrams evicted what an earlier one had parsed. Parsing (with
pyparsing, plus a font set built per parse) is most of what a diagram costs. Here every renderer a diagram
uses shares one converter whose parser keeps what it parsed, keyed by everything the parse depends on, so a
label is parsed once per process. The parse is a pure function of its key: the SVG is the same.

A parse holds the fonts it used, and fonts must not cross a fork (matplotlib empties its own font cache in a
forked child; an open font file's offset is shared with the parent): the converter is one per process, and
a forked child starts its own.
"""

from __future__ import annotations

import os

from matplotlib import rcParams
from matplotlib.font_manager import FontProperties
from matplotlib.mathtext import MathTextParser
from matplotlib.textpath import TextToPath

MAX_PARSES = 4096  # distinct labels kept (a few kB each); beyond that the cache starts again


class _KeptParser(MathTextParser):
    """A vector mathtext parser that keeps every result, keyed by what the parse reads: the text, the dpi, the
    font (copied: it is mutable) and the mathtext and font settings, which a page may change between two diagrams."""

    def __init__(self):
        super().__init__("path")
        self._kept: dict = {}

    def parse(self, s, dpi=72, prop=None, *, antialiased=None):
        # (font.* too: with mathtext.fontset custom, the font families choose the glyphs; lists made hashable)
        settings = tuple(tuple(value) if isinstance(value, list) else value
                         for name, value in rcParams.items() if name.startswith(("mathtext.", "font.")))
        key = (s, dpi, None if prop is None else prop.copy(),
               rcParams["text.antialiased"] if antialiased is None else antialiased, settings)
        found = self._kept.get(key)
        if found is None:
            if len(self._kept) >= MAX_PARSES:
                self._kept.clear()
            # A parser of matplotlib's own, new: its cache does not know the settings, so it must hold nothing.
            found = self._kept[key] = MathTextParser("path").parse(s, dpi, prop, antialiased=antialiased)
        return found


class _SharedTextToPath(TextToPath):
    def __init__(self):
        super().__init__()
        self.mathtext_parser = _KeptParser()


_shared: tuple[int, _SharedTextToPath] | None = None  # this process's converter, and its process id


def text_to_path() -> TextToPath:
    """This process's shared converter (a forked child makes its own: the parent's holds the parent's fonts)."""
    global _shared
    if _shared is None or _shared[0] != os.getpid():
        _shared = (os.getpid(), _SharedTextToPath())
    return _shared[1]


def forget() -> None:
    """Drop this process's parses and the fonts they hold."""
    global _shared
    _shared = None


def share_text(renderer):
    """``renderer`` (a vector renderer of a diagram) with the process's shared text layouts."""
    renderer._text2path = text_to_path()  # matplotlib's renderers all take text paths from this attribute
    return renderer


def parse_label(latex: str):
    """Parse a node label as the diagram will draw it (raises ``ValueError`` if mathtext cannot)."""
    converter = text_to_path()
    prop = FontProperties(size=converter.FONT_SCALE)  # the size text paths are parsed at, then scaled
    return converter.mathtext_parser.parse(f"${latex}$", converter.DPI, prop)
