"""Diagram text is parsed once per label and process (issue 21): the renderer that measures a diagram and the one
that writes it share their mathtext parses, the SVG is byte for byte what ``savefig`` writes, and no parse (nor
the fonts it holds) crosses a fork."""

from __future__ import annotations

import io
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
