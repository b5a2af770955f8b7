"""Smaller SVG from matplotlib: every path's coordinates to a hundredth of a point, written compactly, and the
points that lie on a straight line between their neighbours left out.

matplotlib writes each coordinate with six decimals, one command a line, and a filled contour (``contourf``)
with a point at every grid line it crosses, also along the straight edges of the plot: a figure of a 101 x 101
grid weighs 150 kB, four fifths of it path data. A hundredth of a point is far below a screen's pixel and a
printer's dot, so the figure looks the same; the same figure always gives the same bytes.
"""

from __future__ import annotations

import re

PATH_DATA = re.compile(r'(<path\b[^>]*?\sd=")([^"]*)(")')
MATPLOTLIB_DATA = re.compile(r"[\sMLQCZz0-9.e+-]*")
COMMAND = re.compile(r"([MLQCZz])([^MLQCZz]*)")
MAX_RUN = 256  # points left out in a row at most (each new point is checked against all of them)
TOLERANCE = 0.005  # points: how far from the straight line a point left out may be (rounding moves it as far)


def shrink_paths(svg: str) -> str:
    """``svg`` with the ``d`` of every ``<path>`` rounded, compacted and simplified (see the module)."""
    return PATH_DATA.sub(lambda m: m[1] + shrink_path_data(m[2]) + m[3], svg)


def shrink_path_data(data: str) -> str:
    """One path's data (absolute commands M, L, Q, C and z, as matplotlib writes them), shrunk; data with
    anything else in it (relative commands, arcs) is left as it is."""
    if not MATPLOTLIB_DATA.fullmatch(data):
        return data
    try:
        return _shrunk(data)
    except ValueError:  # not numbers after all
        return data


def _shrunk(data: str) -> str:
    commands, dropped = [], []  # dropped: the points left out since the last one kept, each checked again
    for letter, numbers in COMMAND.findall(data):
        values = [round(float(n), 2) for n in numbers.split()]
        if letter in "Zz":
            commands.append(("z", []))
            dropped = []
        elif letter == "L" and len(values) == 2 and len(commands) >= 2 and commands[-1][0] == "L" and \
                len(dropped) < MAX_RUN and all(_between(_end(commands[-2]), point, values)
                                               for point in [*dropped, commands[-1][1]]):
            dropped.append(commands[-1][1])  # it lies on the line from the last point kept to this one
            commands[-1] = ("L", values)
        else:
            commands.append((letter, values))
            dropped = []
    return "".join(letter + " ".join(_number(v) for v in values) for letter, values in commands)


def _end(command: tuple[str, list[float]]) -> list[float] | None:
    """Where a command leaves the pen (None after z: the path's start, which is not tracked here)."""
    letter, values = command
    return values[-2:] if letter != "z" and len(values) >= 2 else None


def _between(a: list[float] | None, b: list[float], c: list[float]) -> bool:
    """Whether ``b`` lies on the segment from ``a`` to ``c`` (within :data:`TOLERANCE`)."""
    if a is None:
        return False
    (ax, ay), (bx, by), (cx, cy) = a, b, c
    dx, dy = cx - ax, cy - ay
    length_squared = dx * dx + dy * dy
    if length_squared == 0:
        return False
    cross = (bx - ax) * dy - (by - ay) * dx
    along = (bx - ax) * dx + (by - ay) * dy
    return cross * cross <= TOLERANCE * TOLERANCE * length_squared and 0 <= along <= length_squared


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
