"""Figures in a page (matplotlib plots and ``bpnet`` diagrams) as a reader needs them: each an image with
a name a screen reader says, and never drawn so small that its text cannot be read.

- :func:`describe_figure` names a matplotlib figure from its own words (titles, axis labels, legend),
  in the worker, where the figure is; an author's ``alt`` replaces it (:func:`label_svg`).
- :func:`figure_html` gives the SVG a ``min-width`` of :data:`MIN_SCALE` of its natural size: on a
  phone, a wide figure keeps legible text and scrolls inside its block instead of shrinking.
"""

from __future__ import annotations

import html
import re

from .render import caption_html, prefix_svg_ids
from .texwords import spoken_text

MIN_SCALE = 0.8  # of a figure's natural size: matplotlib's 10 pt text stays at least 10.7 px tall
ROOT = re.compile(r"<svg\b[^>]*>")
WIDTH = re.compile(r'\swidth="(?P<value>[\d.]+)(?P<unit>pt|px)?"')
PX_PER_UNIT = {"pt": 96 / 72, "px": 1.0, None: 1.0}
MATHTEXT = re.compile(r"\$([^$]+)\$")
INLINE_MATH = re.compile(r"\\\((.+?)\\\)", re.S)


def label_svg(svg: str, label: str, css_class: str | None = None) -> str:
    """``svg`` as an image named ``label``: ``role="img"``, ``aria-label`` and a ``<title>`` (any earlier
    ones replaced), and ``css_class`` added to its root."""
    root = ROOT.search(svg)
    if root is None:
        return svg
    attributes = re.sub(r'\s(?:role|aria-label|aria-labelledby)="[^"]*"', "", root[0][len("<svg"):-1])
    if css_class and "class=" not in attributes:
        attributes = f' class="{css_class}"' + attributes
    escaped = html.escape(label)
    rest = re.sub(r"^\s*<title>.*?</title>", "", svg[root.end():], flags=re.S)
    return f'{svg[:root.start()]}<svg role="img" aria-label="{escaped}"{attributes}><title>{escaped}</title>{rest}'


def _spoken(text: str) -> str:
    """Matplotlib text (``$x_1$`` is math) as words."""
    return MATHTEXT.sub(lambda m: spoken_text(m[1]), text).strip()


def describe_figure(figure) -> str:
    """A matplotlib figure in words, from what it says itself: each plot's title, what it plots against
    what (and on which scale), and its legend. Plots that say nothing are counted, not guessed at."""
    parts = []
    suptitle = getattr(figure, "_suptitle", None)
    for ax in figure.axes:
        title = " ".join(_spoken(ax.get_title(loc)) for loc in ("left", "center", "right") if ax.get_title(loc))
        x, y = _spoken(ax.get_xlabel()), _spoken(ax.get_ylabel())
        if not (title or x or y):
            continue
        scales = [f"{name} on a log scale" for name, scale in ((y or "y", ax.get_yscale()), (x or "x", ax.get_xscale()))
                  if scale == "log"]
        words = title
        if x and y:
            words += (", " if words else "") + f"{y} against {x}"
        elif x or y:
            words += (", " if words else "") + f"over {x or y}"
        if scales:
            words += f" ({', '.join(scales)})"
        legend = ax.get_legend()
        if legend is not None:
            names = [_spoken(t.get_text()) for t in legend.get_texts() if t.get_text()]
            if names:
                words += "; legend: " + ", ".join(names)
        parts.append(words)
    heading = _spoken(suptitle.get_text()) if suptitle is not None and suptitle.get_text() else ""
    if not parts:
        return f"A figure: {heading}." if heading else f"A figure of {len(figure.axes)} plot(s) without titles or labels."
    return "A figure" + (f", {heading}" if heading else "") + ": " + "; ".join(parts) + "."


def _min_width(svg: str) -> str:
    root = ROOT.search(svg)
    width = WIDTH.search(root[0]) if root else None
    if width is None:
        return svg
    pixels = round(float(width["value"]) * PX_PER_UNIT[width["unit"]] * MIN_SCALE)
    tag = root[0]
    if 'style="' in tag:
        tag = tag.replace('style="', f'style="min-width: {pixels}px; ', 1)
    else:
        tag = tag[:-1] + f' style="min-width: {pixels}px">'
    return svg[:root.start()] + tag + svg[root.end():]


def figure_html(svg: str, figure_id: str, *, caption: str | None = None, alt: str | None = None) -> str:
    """A figure's SVG as a block of the page: unique ids, a name (``alt``, or the one it has, or its
    caption's words), a minimum width, and the caption (``\\( \\)`` math in it typeset) under it."""
    svg = prefix_svg_ids(svg, figure_id)
    if alt:
        svg = label_svg(svg, alt)
    elif 'aria-label="' not in (ROOT.search(svg) or [""])[0]:
        words = INLINE_MATH.sub(lambda m: spoken_text(m[1]), caption) if caption else "A figure."
        svg = label_svg(svg, words)
    svg = _min_width(svg)
    block = f'<div class="bpdocs-figure">{svg}</div>'  # what scrolls, when the figure is wider than the page
    if caption:
        return f'<figure class="bpdocs-captioned">{block}<figcaption>{caption_html(caption)}</figcaption></figure>'
    return block
