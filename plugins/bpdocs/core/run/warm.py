"""What every page's child would otherwise build again, built once in the fork server before it forks.

Importing matplotlib is not all a figure costs: its mathtext grammar is built on the first parse in a
process, fonts are looked up (a scan of every installed font per size and style) and cached, the pyplot
backend is resolved, and our diagrams' labels are parsed. A forked child starts with whatever the server
had; so when pages draw, the server draws once too (a small diagram of each kind and a small plot to SVG,
as pages do) and every child inherits those caches warm.

Nothing here may change what a page makes: only caches are filled (font lookups, the mathtext grammar,
matplotlib's lazily built tables), with the very calls pages make; the settings (``rcParams``) are restored,
pyplot is left without figures (so numbering starts at 1 as before), nothing is printed and no file is
written. Open fonts (and the parses that hold them) are dropped at the end: a font must not cross a fork
(its file's offset would be shared between processes, and children close the server's files), so each
child opens the fonts it uses, as before; what it inherits is where they are (the font lookups).
"""

from __future__ import annotations

import sys

DIAGRAMS = [  # bpnet specs: the labels (symbols, layered and flat weights, targets, E) most pages draw
    "layers: [1, 1]\ntargets: true\nerror: true\nhighlight: [x_1, y_1, t_1, E]\n",
    "layers: [1, 2]\ntargets: true\nerror: true\nhighlight: [x_1, y_1, t_1, E]\n",
    "layers: [1, 1, 2]\ntargets: true\nerror: true\nhighlight: [x_1, h_1, y_1]\n",
    "layers: [2, 2, 2]\nweights: symbols\nflow: forward\n",
    "layers: [1, 1, 1, 2]\ntargets: true\nerror: true\nhighlight: [x_1, h^1_1, h^2_1, y_1]\n",
]


def warm_up() -> Exception | None:
    """Warm what the server has imported (nothing else is imported here). Never raises (a page that draws
    reports its own errors): returns what stopped it, if anything did."""
    if "matplotlib" not in sys.modules:
        return None
    import warnings

    import matplotlib

    try:
        # Settings a drawing sets (e.g. the SVG hash salt) are put back; warnings are not printed (and,
        # ignored, not recorded as shown: a page that causes one still sees it).
        with matplotlib.rc_context(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if "matplotlib.pyplot" in sys.modules:
                _plot()
            if "bpdocs.core.diagrams.draw" in sys.modules:
                _diagrams()  # (after the plot: its parser then takes the grammar the plot built)
    except Exception as exc:  # e.g. a broken font setup: each page meets it, and says so, itself
        return exc
    finally:
        _drop_fonts()
    return None


def _drop_fonts() -> None:
    """Forget every open font (closed once collected) and every parse holding one."""
    from matplotlib import font_manager
    from matplotlib.mathtext import MathTextParser

    MathTextParser._parse_cached.cache_clear()
    font_manager._get_font.cache_clear()  # (matplotlib empties it in a forked child too)
    glyphs = sys.modules.get("bpdocs.core.diagrams.glyphs")
    if glyphs is not None:
        glyphs.forget()


def _diagrams() -> None:
    import numpy as np

    from ..diagrams.draw import draw
    from ..diagrams.netspec import parse

    for text in DIAGRAMS:
        draw(parse(text))
    # Numbers on edges and under units (plain text at the diagrams' sizes), arrows backwards.
    weights = [np.array([[0.25, -0.5], [0.75, 1.0]]), np.array([[-0.125, 0.5]])]
    values = {"weights": weights, "gradients": weights, "h": [[0.5, -0.25], [0.1, 0.2], [0.3]],
              "deltas": [np.array([0.05, -0.02]), np.array([0.25])]}
    spec = ("network: net\ninput: x\ntarget: t\ntargets: true\nerror: true\nflow: backward\nweights: values\n"
            "nodes: deltas\nprecision: 3\n")
    draw(parse(spec, network_sizes=lambda name: [2, 2, 1]), values)


def _plot() -> None:
    import numpy as np
    from matplotlib import pyplot

    from ..display import figure_to_svg

    try:
        fig, (left, right) = pyplot.subplots(1, 2, figsize=(4, 2))
        z = np.linspace(-2.0, 2.0, 21)
        left.plot(z, np.exp(z), label="$e^z$")
        left.plot(z, 1 / (1 + np.exp(-z)), label="sigmoid")
        left.set(title="The error $E$", xlabel="$x_1$", ylabel="error $E$", yscale="log")
        left.legend()
        left.grid(alpha=0.3)
        grid, _ = np.meshgrid(z, z)
        shading = right.contourf(grid, grid.T, grid * grid.T, levels=5, cmap="coolwarm")
        right.scatter([0.0, 1.0], [1.0, 0.0], c=[0.0, 1.0], cmap="coolwarm", edgecolors="black")
        fig.colorbar(shading, ax=right, label="$y$")
        fig.tight_layout()
        figure_to_svg(fig)
    finally:
        pyplot.close("all")
