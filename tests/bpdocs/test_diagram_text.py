"""Diagram text is parsed once per label and process (issue 21): the renderer that measures a diagram and the one
that writes it share their mathtext parses, the SVG is byte for byte what ``savefig`` writes, and no parse (nor
the fonts it holds) crosses a fork."""

from __future__ import annotations

import io
import json
import os

import matplotlib
import pytest
from matplotlib.mathtext import MathTextParser

from bpcore import Network
from bpdocs.core.diagrams import glyphs
from bpdocs.core.diagrams.draw import SVG_SETTINGS, _write_svg, draw, network_values
from bpdocs.core.diagrams.layout import build_figure
from bpdocs.core.diagrams.netspec import parse

SPECS = {
    "symbols": "layers: [1, 1, 1, 2]\ntargets: true\nerror: true\nhighlight: [x_1, h^1_1, h^2_1, y_1]",
    "labels": "layers: [2, 2]\nweights: symbols\nlabels: [['x_1', 'x_2'], ['\\hat{y}_1', '\\hat{y}_2']]",
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
def test_the_svg_is_byte_for_byte_what_savefig_writes(name):
    spec, values = spec_and_values(name)
    ours = _write_svg(build_figure(spec, values))
    buffer = io.StringIO()
    with matplotlib.rc_context(SVG_SETTINGS):
        build_figure(spec, values).savefig(buffer, format="svg", metadata={"Date": None}, transparent=True)
    assert ours == buffer.getvalue()


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
