"""What every page's child would otherwise build again, built once in the fork server before it forks.

matplotlib builds its mathtext grammar (pyparsing) on the first math label a process parses: about 40 ms,
paid again by every page's child that draws a diagram or a plot with math in it. The equation checker's
first check in a process costs about 8 ms more than later ones (what it builds on first use). So the server,
once it has imported matplotlib or the checker, parses one label or checks one equation before it forks,
and every child inherits what that built.

Measured (a child drawing a diagram and a plot, 2 cores): 205 ms cold, 162 ms with this warm-up, which
costs the server about 40 ms once. Drawing a whole diagram and a plot in the server as well cost it 0.6 s
and saved the children nothing more: what else a drawing builds is the open fonts and the parses that hold
them, and those must not cross a fork (a font's file offset would be shared between processes, and children
close the server's files), so they are dropped here and each child opens the fonts it uses, as before.

Nothing here changes what a page makes: the parse and the check are ones pages make, their results are
dropped, no setting is changed, nothing is printed and no file is written.
"""

from __future__ import annotations

import sys

_done: set[str] = set()  # what this process has warmed


def warm_up() -> Exception | None:
    """Warm what the server has imported (nothing else is imported here), each once. Never raises (a page
    reports its own errors): returns what stopped it, if anything did."""
    failure = None
    for module, warm in (("matplotlib", _mathtext), ("bpdocs.core.mathcheck", _checker)):
        if module in sys.modules and module not in _done:
            _done.add(module)
            try:
                warm()
            except Exception as exc:  # e.g. a broken font setup: each page meets it, and says so, itself
                failure = failure or exc
    return failure


def _mathtext() -> None:
    from matplotlib.mathtext import MathTextParser

    try:
        MathTextParser("path").parse("$x_1$")  # builds the grammar, shared by every parser of the process
    finally:
        _drop_fonts()


def _checker() -> None:
    from ..mathcheck import check_equation

    check_equation(r"\frac{\partial E}{\partial w_1} = x_1 (y_1 - t_1)", "1-1")


def _drop_fonts() -> None:
    """Forget every open font (closed once collected) and every parse holding one."""
    from matplotlib import font_manager
    from matplotlib.mathtext import MathTextParser

    MathTextParser._parse_cached.cache_clear()
    font_manager._get_font.cache_clear()  # (matplotlib empties it in a forked child too)
