"""Diagram text is parsed once per label and process (issue 21): what measures a diagram's labels and the renderer
that writes them share their mathtext parses, and no parse (nor the fonts it holds) crosses a fork. The SVG, drawn
without matplotlib's figures and artists, is what savefig writes of the same shapes and texts as artists."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import matplotlib
import pytest
from matplotlib.mathtext import MathTextParser

from bpcore import Network
from bpdocs.core.diagrams import glyphs
from bpdocs.core.diagrams.draw import SVG_SETTINGS, _write_svg, draw, network_values
from bpdocs.core.diagrams.layout import SCALE, TARGET_PAD, layout
from bpdocs.core.diagrams.netspec import parse

SPECS = {
    "symbols": "layers: [1, 1, 1, 2]\ntargets: true\nerror: true\nhighlight: [x_1, h^1_1, h^2_1, y_1]",
    "labels": "layers: [2, 2]\nweights: symbols\nlabels: [['x_1', 'x_2'], ['\\hat{y}_1', '\\hat{y}_2']]",
    "arrows": "layers: [2, 2]\ntargets: true\nerror: true\nflow: forward\nweights: symbols\nhighlight: [x_1, y_2, t_2, E]",
    "values": "network: net\ninput: x\ntarget: t\nweights: gradients\nnodes: deltas\nflow: backward\nprecision: 3",
}


def spec_and_values(name):
    if name != "values":
        return parse(SPECS[name]), None
    net = Network([2, 3, 1], "sigmoid", seed=3)
    return (parse(SPECS[name], network_sizes=lambda _: list(net.sizes)),
            network_values(net, [0.5, -0.2], [1.0]))


@pytest.fixture
def parses(monkeypatch):
    """The mathtext strings matplotlib really parses (cache misses), in a process with no parse kept."""
    glyphs.forget()
    seen = []
    original = MathTextParser._parse_cached

    def counting(self, s, *args):
        seen.append(s)
        return original(self, s, *args)

    monkeypatch.setattr(MathTextParser, "_parse_cached", counting)
    yield seen
    glyphs.forget()


@pytest.mark.parametrize("name", SPECS)
def test_each_label_of_a_diagram_is_parsed_once(parses, name):
    spec, values = spec_and_values(name)
    svg = draw(spec, values).svg
    assert "<svg" in svg and parses, "the diagram has math labels"
    assert sorted(parses) == sorted(set(parses)), f"parsed more than once: {parses}"


def test_a_label_is_parsed_again_when_the_mathtext_settings_change(parses):
    spec, values = spec_and_values("symbols")
    italic = draw(spec, values).svg
    with matplotlib.rc_context({"mathtext.default": "rm"}):  # as a page's fence may set between two diagrams
        roman = draw(spec, values).svg
    assert roman != italic and roman == _fresh(spec, values, {"mathtext.default": "rm"})
    assert draw(spec, values).svg == italic


def test_a_label_is_parsed_again_when_the_font_families_change(parses):
    """With mathtext.fontset custom, the font families choose a label's glyphs: a page that changes them between
    two diagrams gets what a fresh process draws (found in review)."""
    spec, values = spec_and_values("symbols")
    custom = {"mathtext.fontset": "custom", "mathtext.rm": "sans", "mathtext.it": "sans:italic"}
    with matplotlib.rc_context(custom):
        sans = draw(spec, values).svg
    serif = {**custom, "font.sans-serif": ["DejaVu Serif"]}
    with matplotlib.rc_context(serif):
        other = draw(spec, values).svg
    assert other != sans and other == _fresh(spec, values, serif)


def _fresh(spec, values, settings):
    """The diagram drawn in a process that never drew one (nothing kept)."""
    glyphs.forget()
    with matplotlib.rc_context(settings):
        return draw(spec, values).svg


def test_labels_a_page_drew_before_are_not_parsed_again(parses):
    draw(*spec_and_values("symbols"))
    first = len(parses)
    draw(*spec_and_values("symbols"))
    assert first > 0 and len(parses) == first


@pytest.mark.parametrize("name", SPECS)
def test_the_svg_is_what_savefig_writes_of_the_same_artists(name):
    """Each shape and text drawn as matplotlib's artist of it draws itself: the same paths, glyphs and places
    (so a label sits where matplotlib's Text centres it), leaving out only the groups, clip paths and
    invisible figure background that savefig adds."""
    spec, values = spec_and_values(name)
    drawing = layout(spec, values)
    assert _without_groups(_write_svg(drawing)) == _without_groups(_savefig(drawing))


def _savefig(drawing) -> str:
    """The drawing as artists of a figure, in display coordinates, in the drawing's order, as savefig writes it."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
    from matplotlib.text import Text
    from matplotlib.transforms import IdentityTransform

    from bpdocs.core.colours import ACCENT, BACKGROUND, FOREGROUND

    fig = Figure(figsize=(drawing.width / 72, drawing.height / 72), dpi=72)
    artists = []
    for shape in drawing.shapes:
        style = dict(color=shape.colour, lw=shape.width, alpha=shape.alpha)
        if shape.kind == "line":
            (xa, ya), (xb, yb) = shape.points
            artists.append(Line2D([xa, xb], [ya, yb], solid_capstyle="round", **style))
        elif shape.kind == "arrow":
            artists.append(FancyArrowPatch(*shape.points, arrowstyle="-|>", mutation_scale=11 if shape.lit else 9,
                                           shrinkA=0, shrinkB=0, capstyle="round", **style))
        else:
            (x, y), half = shape.points[0], shape.size
            unit = dict(fc=shape.fill, ec=shape.colour, lw=shape.width, ls=(0, (3, 2)) if shape.dashed else "-")
            artists.append(Circle((x, y), half, **unit) if shape.kind == "circle" else
                           FancyBboxPatch((x - half, y - half), 2 * half, 2 * half,
                                          boxstyle=f"round,pad={TARGET_PAD * SCALE}", **unit))
    for text in drawing.texts:
        box = None if text.outline is None else dict(boxstyle="round,pad=0.12", fc=BACKGROUND,
                                                     ec=ACCENT if text.outline else "none", lw=1.2 * text.outline)
        artists.append(Text(text.x, text.y, text.text, fontsize=text.size, color=FOREGROUND, ha="center",
                            va="center", bbox=box))
    for n, artist in enumerate(artists):
        artist.set_transform(IdentityTransform())
        artist.set_zorder(n)
        fig.add_artist(artist)
    buffer = io.StringIO()
    with matplotlib.rc_context(SVG_SETTINGS):
        fig.savefig(buffer, format="svg", metadata={"Date": None}, transparent=True)
    return buffer.getvalue()


def _without_groups(svg: str) -> str:
    svg = re.sub(r'<g id="[^"]*">|</g>| clip-path="[^"]*"|<clipPath .*?</clipPath>', "", svg, flags=re.S)
    svg = re.sub(r'<path d="M 0 [\d.]+ \nL [\d.]+ [\d.]+ \nL [\d.]+ 0 \nL 0 0 \nL 0 [\d.]+ \nz\n" style="fill: none"/>',
                 "", svg)  # the figure's transparent background
    return re.sub(r"<defs>\s*</defs>|<metadata>.*?</metadata>", "", svg, flags=re.S).split()


@pytest.mark.parametrize("name", SPECS)
def test_every_glyph_drawn_is_defined_in_the_svg_once(name):
    spec, values = spec_and_values(name)
    drawing = layout(spec, values)
    svg = draw(spec, values).svg
    root = ET.fromstring(svg)  # well-formed XML
    ns = {"svg": "http://www.w3.org/2000/svg"}
    defined = [p.get("id") for p in root.iterfind(".//svg:defs/svg:path", ns)]
    used = {u.get("{http://www.w3.org/1999/xlink}href") for u in root.iterfind(".//svg:use", ns)}
    assert used and len(defined) == len(set(defined)) and {f"#{d}" for d in defined} == used
    assert re.findall(r"<!-- (.*?) -->", svg) == [t.text for t in drawing.texts]  # every text, as glyphs
    assert "<text" not in svg and "<image" not in svg


def test_the_svg_is_the_same_in_another_process():
    spec, values = spec_and_values("values")
    script = ("import json, sys; from test_diagram_text import spec_and_values; from bpdocs.core.diagrams.draw import draw;"
              "sys.stdout.write(draw(*spec_and_values('values')).svg)")
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           cwd=os.path.dirname(__file__), env={**os.environ, "PYTHONHASHSEED": "7"}).stdout
    assert other == draw(spec, values).svg


def test_a_forked_child_parses_with_fonts_of_its_own():
    spec, values = spec_and_values("labels")
    parent_svg = draw(spec, values).svg
    parent_converter = id(glyphs.text_to_path())
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: a converter of its own (the parent's parses hold the parent's fonts), same picture
        try:
            os.close(read)
            same = id(glyphs.text_to_path()) == parent_converter
            os.write(write, b"same" if same else b"own" if draw(spec, values).svg == parent_svg else b"differs")
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 100)
    os.close(read)
    os.waitpid(pid, 0)
    assert answer == b"own"


def test_a_parse_rebuilt_from_its_plain_data_draws_the_same_svg(parses):
    """What crosses from one page's process to the next: each label's sizes and glyphs (font files, not fonts)."""
    spec, values = spec_and_values("labels")
    drawn = draw(spec, values).svg
    records = glyphs.handoff()
    assert records and glyphs.handoff() == []  # each handed over once
    json.loads(json.dumps(records))  # plain data
    glyphs.forget()
    assert glyphs.adopt(json.loads(json.dumps(records))) == len(records)
    parses.clear()
    assert draw(spec, values).svg == drawn and parses == []
    assert glyphs.handoff() == []  # (what it adopted is not its own to hand over)


def test_a_parse_made_after_a_font_was_added_is_not_handed_on_as_one_made_before(parses, monkeypatch):
    """A fence may add a font to matplotlib's list (``fontManager.addfont``): labels it parses then are its
    own, not what a page without that font would draw."""
    from matplotlib.font_manager import fontManager

    spec, values = spec_and_values("labels")
    draw(spec, values)
    before = {key for key, _ in glyphs.handoff()}
    glyphs.forget()
    monkeypatch.setattr(fontManager, "ttflist", [*fontManager.ttflist, fontManager.ttflist[0]])
    draw(spec, values)
    after = {key for key, _ in glyphs.handoff()}
    assert before and after and not before & after
    glyphs.forget()


def test_what_is_not_shaped_like_a_parse_is_not_adopted():
    glyphs.forget()
    junk = [["k", "junk"], 5, None, ["k2", [1, 2, 3, [["font", 1, 2, 3, 4]], []]], ["k3", [1, 2, "3", [], []]],
            ["k4", [1, 2, 3, [[7, 1, 2, 3, 4, 5]], []]], ["k5", [1, 2, 3, [], [[1, 2]]]]]
    assert glyphs.adopt(junk) == 0 and glyphs.adopt({"not": "a list"}) == 0
    assert glyphs.adopt([["k6", [1.5, 2, 3, [["font.ttf", 10.0, 65, 36, 0.0, 1.0]], [[0, 0, 1, 1]]]]]) == 1
    glyphs.forget()


COUNTING_FENCE = """\
from matplotlib.mathtext import MathTextParser
from bpdocs import draw_network

seen, original = [], MathTextParser._parse_cached
MathTextParser._parse_cached = lambda self, s, *rest: (seen.append(s), original(self, s, *rest))[1]
draw_network(layers=[1, 2], targets=True, error=True)
print("parsed", len(seen))
"""


def test_a_page_forked_after_another_drew_rebuilds_the_labels_it_parsed(tmp_path):
    """The fork server keeps the label parses a page's child hands it, and the pages it forks after draw
    the same labels without parsing them (each label about once per build, not once per page)."""
    from bpdocs.core.run import worker
    from bpdocs.core.run.servers import Servers

    def job(kind: str, source: str) -> dict:
        return {"page": "docs/p.md", "secret": "00", "cache": None, "sources": [], "sessions": [
            {"name": "", "restore": None, "prefix": [], "cells": [
                {"id": "fence-3", "kind": kind, "source": source, "line": 4, "anchor": 3, "checkpoint": None,
                 "memory": None, "output_limit": 10**6}]}]}

    def run(server, kind, source) -> dict:
        return dict(worker.run_job(server, job(kind, source), {"fence-3": 120}, {"fence-3": 3}))["fence-3"]

    servers = Servers(str(tmp_path))
    try:
        server = servers.get()
        first = run(server, "fence", COUNTING_FENCE)
        assert first["error"] is None and "parsed 0" not in str(first["outputs"]), first  # the first page parses
        run(server, "diagram", "layers: [1, 2]\ntargets: true\nerror: true")
        again = run(server, "fence", COUNTING_FENCE)
        assert "parsed 0" in str(again["outputs"]), again
    finally:
        servers.close()
