"""Stand-in colours that become the page's own in the SVG: so one figure is right on light and dark schemes.

matplotlib draws text, axes and diagram strokes in FOREGROUND, highlights in ACCENT and boxes behind
labels in BACKGROUND; :func:`to_css` then swaps them, in the SVG text, for ``currentColor`` (the page's
text colour) and the theme's accent and background. Fence figures get FOREGROUND and BACKGROUND from
``static/matplotlibrc`` (a transparent figure, its data colours untouched).
"""

FOREGROUND, ACCENT, BACKGROUND = "#0a0b0c", "#0d0e0f", "#f1f2f3"
CSS = {FOREGROUND: "currentColor", ACCENT: "var(--md-accent-fg-color, #526cfe)",
       BACKGROUND: "var(--md-default-bg-color, #ffffff)"}


def to_css(svg: str) -> str:
    for stand_in, css in CSS.items():
        svg = svg.replace(stand_in, css)
    return svg
