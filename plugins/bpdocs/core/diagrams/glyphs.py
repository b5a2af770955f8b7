"""Text in diagrams laid out once per process: one mathtext parse per label, shared by every renderer.

matplotlib gives each renderer its own text-to-path converter, and its mathtext cache (50 entries, shared
with every other figure of the process) is keyed by that converter. A diagram's labels are checked, measured
(to place them) and written: with a converter each, a label was parsed three times, and a page with many
diagrams evicted what an earlier one had parsed. Parsing (with pyparsing, plus a font set built per parse) is
most of what a diagram costs. Here the checking, the measuring (:mod:`.textbox`) and every renderer share
one converter whose parser keeps what it parsed, keyed by everything the parse depends on, so a label is
parsed once per process. The parse is a pure function of its key: the SVG is the same.

A parse holds the fonts it used, and fonts must not cross a fork (matplotlib empties its own font cache in a
forked child; an open font file's offset is shared with the parent, so two children reading glyphs through
the parent's font would move each other's reads): the converter is one per process, and a forked child starts
its own. What a parse found crosses as plain data instead (:func:`handoff`, :func:`adopt`): its sizes, and each
glyph's font file, size, code and place. A child that drew labels hands them to the fork server, and the
children forked after that rebuild those parses with fonts of their own (:func:`get_font` of the same file,
as the parse itself takes them) instead of parsing again: a site whose pages draw the same labels parses each
label about once per build, not once per page.
"""

from __future__ import annotations

import json
import os

from matplotlib import rcParams
from matplotlib.font_manager import FontProperties, fontManager, get_font
from matplotlib.mathtext import MathTextParser, VectorParse
from matplotlib.textpath import TextToPath

MAX_PARSES = 4096  # distinct labels kept (a few kB each); beyond that the cache starts again
_portable: dict[str, list] = {}  # parses as plain data, by key: inherited by forked children
_made: tuple[int, list[str]] = (0, [])  # the keys this process parsed itself (its process id, the keys)
# The settings a parse reads, named once: walking all of rcParams on each call cost more than a kept parse.
SETTINGS = [name for name in rcParams if name.startswith(("mathtext.", "font."))]


class _KeptParser(MathTextParser):
    """A vector mathtext parser that keeps every result, keyed by what the parse reads: the text, the dpi, the
    font (copied: it is mutable) and the mathtext and font settings, which a page may change between two diagrams."""

    def __init__(self):
        super().__init__("path")
        self._kept: dict = {}

    def parse(self, s, dpi=72, prop=None, *, antialiased=None):
        # (font.* too: with mathtext.fontset custom, the font families choose the glyphs; lists made hashable)
        settings = tuple(tuple(value) if isinstance(value, list) else value
                         for value in map(rcParams.__getitem__, SETTINGS))
        key = (s, dpi, None if prop is None else prop.copy(),
               rcParams["text.antialiased"] if antialiased is None else antialiased, settings)
        found = self._kept.get(key)
        if found is None:
            if len(self._kept) >= MAX_PARSES:
                self._kept.clear()
            found = self._kept[key] = _parse(s, dpi, prop, antialiased, key[3], settings)
        return found


def _parse(s: str, dpi, prop, antialiased, drawn_antialiased: bool, settings: tuple) -> VectorParse:
    """The parse, rebuilt from its plain data if a process made it before, else made (and its data kept)."""
    global _made
    # (the fonts matplotlib knows too: a page that added one, as a fence may, hands on parses of its own)
    key = json.dumps([s, dpi, None if prop is None else _font_key(prop), drawn_antialiased, settings,
                      len(fontManager.ttflist)], default=str)
    record = _portable.get(key)
    if record is not None:
        try:
            return _rebuilt(record)
        except Exception:  # a font file gone since: parse it here
            pass
    # A parser of matplotlib's own, new: its cache does not know the settings, so it must hold nothing.
    found = MathTextParser("path").parse(s, dpi, prop, antialiased=antialiased)
    if len(_portable) < MAX_PARSES:
        _portable[key] = _record(found)
        if _made[0] != os.getpid():
            _made = (os.getpid(), [])
        _made[1].append(key)
    return found


def _font_key(prop: FontProperties) -> list:
    """What a font's properties are (as FontProperties hashes them)."""
    return [prop.get_family(), prop.get_style(), prop.get_variant(), prop.get_weight(), prop.get_stretch(),
            prop.get_size(), prop.get_file(), prop.get_math_fontfamily()]


def _record(found: VectorParse) -> list:
    """A parse as plain data: no font object, only its file."""
    return [float(found.width), float(found.height), float(found.depth),
            [[font.fname, float(size), int(code), int(index), float(x), float(y)]
             for font, size, code, index, x, y in found.glyphs],
            [[float(v) for v in rect] for rect in found.rects]]


def _rebuilt(record: list) -> VectorParse:
    width, height, depth, glyphs, rects = record
    return VectorParse(width, height, depth, [(get_font(fname), size, code, index, x, y)
                                              for fname, size, code, index, x, y in glyphs],
                       [tuple(rect) for rect in rects])


def handoff() -> list:
    """The parses this process made, as plain data ``[key, record]``, each handed once (to the fork server)."""
    if _made[0] != os.getpid():
        return []
    keys = _made[1][:]
    _made[1].clear()
    return [[key, _portable[key]] for key in keys if key in _portable]


def adopt(records) -> int:
    """Keep the parses a child handed over (plain data it made with :func:`handoff`), for the children forked
    after: what is not shaped like one is ignored. Returns how many were kept."""
    kept = 0
    for item in records if isinstance(records, list) else ():
        try:
            key, (width, height, depth, glyphs, rects) = item
            numbers = [width, height, depth, *(v for g in glyphs for v in g[1:]), *(v for r in rects for v in r)]
            if not isinstance(key, str) or not all(isinstance(v, (int, float)) for v in numbers) or \
                    not all(len(g) == 6 and isinstance(g[0], str) for g in glyphs) or \
                    not all(len(r) == 4 for r in rects) or len(_portable) >= MAX_PARSES:
                continue
        except (TypeError, ValueError):
            continue
        _portable.setdefault(key, [width, height, depth, glyphs, rects])
        kept += 1
    return kept


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
    """Drop this process's parses (the fonts they hold, and their plain data)."""
    global _shared
    _shared = None
    _portable.clear()


def share_text(renderer):
    """``renderer`` (a vector renderer of a diagram) with the process's shared text layouts."""
    renderer._text2path = text_to_path()  # matplotlib's renderers all take text paths from this attribute
    return renderer


def parse_label(latex: str):
    """Parse a node label as the diagram will draw it (raises ``ValueError`` if mathtext cannot)."""
    converter = text_to_path()
    prop = FontProperties(size=converter.FONT_SCALE)  # the size text paths are parsed at, then scaled
    return converter.mathtext_parser.parse(f"${latex}$", converter.DPI, prop)
