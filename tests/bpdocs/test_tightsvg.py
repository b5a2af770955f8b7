"""A plot fence's figure cut to its tight box with one layout (issue 21, cold builds): the same size and picture as
matplotlib's ``bbox_inches="tight"``, which lays it out twice; matplotlib's own way where cutting would differ."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import bpdocs  # noqa: E402
from bpdocs.core.tightsvg import figure_svg  # noqa: E402

BPDOCS_RC = Path(bpdocs.__file__).parent / "static" / "matplotlibrc"  # what fences draw with: no background
ROOT = re.compile(r'width="([\d.]+)pt" height="([\d.]+)pt" viewBox="([-\d. ]+)"')


@pytest.fixture(autouse=True)
def bpdocs_rc():
    with matplotlib.rc_context({"svg.hashsalt": "bpdocs"}, fname=str(BPDOCS_RC)):
        yield
    plt.close("all")


def tight(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buffer.getvalue()


def plot(legend_outside: bool = False, **subplots):
    fig, ax = plt.subplots(figsize=(4.0, 3.0), **subplots)
    grid = np.linspace(-0.5, 1.5, 41)
    gx, gy = np.meshgrid(grid, grid)
    shading = ax.contourf(gx, gy, np.tanh(3 * (gx - gy) ** 2), levels=np.linspace(0, 1, 11))
    ax.set(title="The output $y$ over the input plane", xlabel="$x_1$", ylabel="$x_2$")
    fig.colorbar(shading, ax=ax, label="$y$")
    if legend_outside:
        ax.legend(handles=[ax.plot([0], [0], label="a legend outside the axes")[0]], loc="upper left",
                  bbox_to_anchor=(1.3, 1.0))
    return fig


def draws(monkeypatch) -> list:
    calls, original = [], Figure.draw

    def counted(self, renderer):
        calls.append(renderer)
        return original(self, renderer)

    monkeypatch.setattr(Figure, "draw", counted)
    return calls


def first_path_start(svg: str, group: str) -> tuple[float, float]:
    """Where the first path of the group ``group`` starts, in the SVG's own coordinates."""
    found = re.search(rf'<g id="{group}">\s*<path d="M ?([-\d.]+)[ ,]([-\d.]+)', svg)
    return float(found[1]), float(found[2])


def test_the_figure_is_laid_out_once_and_cut_to_matplotlibs_tight_box(monkeypatch):
    fig = plot()
    fig.tight_layout()
    calls = draws(monkeypatch)
    reference = tight(fig)
    assert len(calls) == 2  # matplotlib: a draw to measure, then the real one
    calls.clear()
    ours = figure_svg(fig, metadata={"Date": None})
    assert len(calls) == 1
    (width, height, box), (ref_width, ref_height, ref_box) = ROOT.search(ours).groups(), ROOT.search(reference).groups()
    assert (width, height) == (ref_width, ref_height)
    x, y, box_width, box_height = map(float, box.split())
    assert ref_box == f"0 0 {ref_width} {ref_height}" and (box_width, box_height) == (float(width), float(height))
    assert x > 0 and y > 0  # the box is inside the figure: cut on every side
    # every mark is where matplotlib put it, counted from the box's corner
    for group in ("patch_2", "patch_3"):  # the axes' frame, the colour bar's
        ours_at, theirs_at = first_path_start(ours, group), first_path_start(reference, group)
        assert ours_at[0] - x == pytest.approx(theirs_at[0], abs=1e-3)
        assert ours_at[1] - y == pytest.approx(theirs_at[1], abs=1e-3)
    assert figure_svg(fig, metadata={"Date": None}) == ours  # the same bytes again
    assert "draw" not in vars(fig) and fig.get_layout_engine() is not None  # the figure as it was


def test_a_box_beyond_the_figure_is_cut_the_same_way():
    fig = plot(legend_outside=True)  # the legend sticks out on the right
    ours, reference = figure_svg(fig), tight(fig)
    width, height, box = ROOT.search(ours).groups()
    assert (width, height) == ROOT.search(reference).groups()[:2]
    assert float(box.split()[0]) + float(width) > fig.get_size_inches()[0] * 72


@pytest.mark.parametrize("case", ["constrained layout", "a visible background", "a visible edge"])
def test_where_cutting_would_differ_matplotlib_saves_it(monkeypatch, case):
    """A layout engine that runs when the figure is drawn, or a figure patch a save shows (drawn on the box's edge
    in a tight save, on the figure's when cut): matplotlib's two layouts, byte for byte."""
    settings = {"a visible background": {"savefig.facecolor": "white"},
                "a visible edge": {"savefig.edgecolor": "black"}}.get(case, {})
    with matplotlib.rc_context(settings):
        def make():  # (a figure of its own for each: constrained layout moves a little again on each save)
            return plot(layout="constrained") if case == "constrained layout" else plot(legend_outside=True)

        calls = draws(monkeypatch)
        assert figure_svg(make(), metadata={"Date": None}) == tight(make())
        assert len(calls) == 4
