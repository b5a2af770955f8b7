"""Smaller figures (issue 21): matplotlib's paths rounded to a hundredth of a point, written compactly, and points
on a straight line between their neighbours left out; the same figure, the same bytes, a third the size."""

from __future__ import annotations

import re

import pytest

from bpdocs.core.svgpaths import shrink_path_data


@pytest.mark.parametrize("data, shrunk", [
    ("M 0 208.56 \nL 276.337337 208.56 \nL 276.337337 0 \nL 0 0 \nz\n", "M0 208.56L276.34 208.56L276.34 0L0 0z"),
    ("M 1 1 L 2 1 L 3 1 L 3 2 L 3 3", "M1 1L3 1L3 3"),  # straight runs: their ends only
    ("M 0 0 L 1 0.004 L 2 0", "M0 0L2 0"),  # off the line by less than the tolerance
    ("M 0 0 L 1 0.01 L 2 0", "M0 0L1 0.01L2 0"),  # by more: kept
    ("M 0 0 L 2 0 L 1 0", "M0 0L2 0L1 0"),  # back on itself: not between its neighbours
    ("M 0 0 L 1 0 z M 1 0 L 2 0", "M0 0L1 0zM1 0L2 0"),  # a new subpath starts afresh
    ("M 0 0 Q 1 1 2 0 C 3 -1.005 4 1 5 0", "M0 0Q1 1 2 0C3 -1 4 1 5 0"),
    ("M -0.001 0.004 L 1e-5 3", "M0 0L0 3"),
    ("M 1 1 l 2 1", "M 1 1 l 2 1"),  # relative commands (not matplotlib's): left as they are
    ("M 1 1 A 1 1 0 0 1 2 2", "M 1 1 A 1 1 0 0 1 2 2"),
])
def test_path_data_is_rounded_compacted_and_simplified(data, shrunk):
    assert shrink_path_data(data) == shrunk


def test_a_slow_curve_is_not_flattened_by_small_steps():
    """Each point left out is checked against the line that replaces it, not only against its neighbours: a
    gentle curve drawn in small steps stays within the tolerance of every one of its (rounded) points."""
    from bpdocs.core.svgpaths import TOLERANCE

    points = [(x, round(x * x / 100_000, 2)) for x in range(0, 1001)]
    data = "M " + " L ".join(f"{x:.6f} {y:.6f}" for x, y in points)
    kept = [tuple(map(float, p.split())) for p in re.split(r"[ML]", shrink_path_data(data)) if p]
    assert 2 < len(kept) < len(points) / 2
    assert max(min(_distance(p, a, b) for a, b in zip(kept, kept[1:])) for p in points) <= TOLERANCE + 1e-9


def _distance(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def test_a_contour_plot_is_a_third_the_size_and_the_same_every_time():
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt
    import numpy as np

    from bpdocs.core.display import figure_to_svg

    def plot() -> str:
        fig, ax = plt.subplots(figsize=(4.0, 3.0))
        grid = np.linspace(-0.5, 1.5, 101)
        gx, gy = np.meshgrid(grid, grid)
        ax.contourf(gx, gy, np.tanh(3 * (gx - gy) ** 2), levels=np.linspace(0, 1, 11))
        svg = figure_to_svg(fig)
        plt.close(fig)
        return svg

    first = plot()
    assert plot() == first
    numbers = re.findall(r'<path\b[^>]*\sd="([^"]*)"', first)
    assert numbers and not any(re.search(r"\.\d{3}", d) or "\n" in d for d in numbers)
    assert len(first) < 60_000  # (about 150 kB as matplotlib writes it)
