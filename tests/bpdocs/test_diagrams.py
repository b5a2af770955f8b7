"""Network diagrams: spec errors, structure, placement, determinism, colours and accessibility."""

import itertools

import numpy as np
import pytest

from bpcore import Network
from bpdocs.core.diagrams.draw import ACCENT, draw, draw_network, layout, text_overlaps
from bpdocs.core.errors import AuthoringError
from bpdocs.core.diagrams.netspec import parse

DERIVATION = {  # the four pictures of the original post
    "bp1": "layers: [1, 1]\ntargets: true\nerror: true",
    "bp2": "layers: [1, 2]\ntargets: true\nerror: true",
    "bp3": "layers: [1, 1, 2]\ntargets: true\nerror: true\nhighlight: [x_1, h_1, y_1]",
    "bp4": "layers: [1, 1, 1, 2]\ntargets: true\nerror: true\nhighlight: [x_1, h^1_1, h^2_1, y_1]",
}


@pytest.mark.parametrize("text, message, line", [
    ("layers: [1, 2]\ncolour: red", "unknown key 'colour' in the bpnet spec", 1),
    ("layers: [1, 0, 2]", "layer 1 must have at least 1 unit, got 0", 0),
    ("layers: [3]", "layers must be a list of at least two whole numbers", 0),
    ("targets: true", "the bpnet spec needs 'layers: [...]'", 0),
    ("layers: [1, 1, 2]\nhighlight: [x_1, h_2, y_1]", "h_2: layer 1 has 1 unit(s)", 1),
    ("layers: [1, 1, 1, 2]\nhighlight: [x_1, h_1, y_1]", "h_1: with 2 hidden layers, name the layer as h^l_j", 1),
    ("layers: [1, 1, 2]\nhighlight: [x_1, y_1]", "consecutive nodes of a highlighted path must be in neighbouring layers", 1),
    ("layers: [1, 2]\nhighlight: [y_1, t_1]", "t_1 is not drawn; add 'targets: true'", 1),
    ("layers: [1, 2]\n\nlabels: [[a], [b]]", "labels for layer 1 must have 2 entries (one per unit), got 1", 2),
    ("layers: [1, 2]\nhighlight_weights: ['w^3_{11}']", "w^3_{11}: weight layers are 1..1", 1),
    ("layers: [1, 1, 2]\nhighlight_weights: ['w^2_{31}']", "w^2_{31}: layer 2 has 2 unit(s)", 1),
    ("layers: [1, 2]\nweights: colourful", "weights must be one of auto, symbols, values, gradients, none", 1),
    ("layers: [1, 2]\nweights: values", "showing values needs 'network: <name of a Network in the session>'", 1),
    ("layers: [1, 2\n", "the bpnet spec is not valid YAML", 1),
    ("layers: [1, 13]", "layer 1 has 13 units; diagrams draw at most 12 per layer", 0),
    ("layers: [1, 2]\ntargets: [y_1]", "targets as labels must be a list of 2 (one per output)", 1),
    ("layers: [1, 2]\nerror: 3", "error must be true, false or its label", 1),
])
def test_bad_specs_say_what_is_wrong_and_where(text, message, line):
    with pytest.raises(AuthoringError) as info:
        parse(text)
    assert info.value.message.startswith(message)
    assert info.value.line == line


def count(drawing):
    units = [s for s in drawing.shapes if s.kind in ("circle", "box")]
    edges = [s for s in drawing.shapes if s.kind in ("line", "arrow")]
    lit = [s for s in edges if s.colour == ACCENT]
    return len(units), len(edges), len(lit), [t.text for t in drawing.texts]


def test_structure_of_the_derivation_networks():
    nodes, edges, lit, texts = count(layout(parse(DERIVATION["bp4"])))
    # x_1, h^1_1, h^2_1, y_1, y_2, t_1, t_2, E
    assert nodes == 8
    # 1 + 1 + 2 weights, 2 to targets, 2 to E
    assert edges == 8
    assert lit == 3  # x_1 -> h^1_1 -> h^2_1 -> y_1
    assert {"$h^{1}_{1}$", "$h^{2}_{1}$", "$w^{3}_{21}$", "$t_{2}$", "$E$"} <= set(texts)
    _, _, _, texts = count(layout(parse(DERIVATION["bp2"])))
    assert {"$w_{1}$", "$w_{2}$"} <= set(texts)  # the derivation's single-layer shorthand
    _, _, _, texts = count(layout(parse(DERIVATION["bp3"])))
    assert {"$h_{1}$", "$w^{1}_{11}$", "$w^{2}_{21}$"} <= set(texts)


SHAPES = [list(s) for n in (2, 3, 4, 5) for s in itertools.product((1, 2, 4, 6), repeat=n)][::7]


@pytest.mark.parametrize("sizes", SHAPES, ids=["-".join(map(str, s)) for s in SHAPES])
def test_no_labels_overlap_up_to_6_units_and_5_layers(sizes):
    L = len(sizes) - 1
    path = ["x_1"] + [f"h^{l}_{sizes[l]}" if L > 2 else f"h_{sizes[l]}" for l in range(1, L)] + ["y_1"]
    spec = parse(f"layers: {sizes}\ntargets: true\nerror: true\nweights: symbols\nhighlight: [{', '.join(path)}]"
                 if max(a * b for a, b in zip(sizes, sizes[1:])) <= 4 else
                 f"layers: {sizes}\ntargets: true\nerror: true\nhighlight: [{', '.join(path)}]")
    assert text_overlaps(layout(spec)) == []


@pytest.mark.parametrize("sizes", [[2, 3, 2], [2, 3, 1], [3, 3, 3], [4, 4, 4], [1, 4, 4, 1]])
@pytest.mark.parametrize("what", ["weights: values\nnodes: activations", "weights: gradients\nnodes: deltas"])
def test_values_from_a_network_are_printed_without_overlaps(what, sizes):
    net = Network(sizes, "sigmoid", seed=1)
    x, t = np.linspace(0.5, -0.2, sizes[0]), np.linspace(1.0, 0.0, sizes[-1])
    spec = parse(f"network: net\n{what}\ninput: x\ntarget: t\nprecision: 2", sizes=list(net.sizes))
    from bpdocs.core.diagrams.draw import network_values

    drawing = layout(spec, network_values(net, x, t))
    texts = [t.text for t in drawing.texts]
    if "values" in what:
        from bpdocs.core.render import number

        assert number(net.weight(1, 1, 1), 2).replace("-", "\u2212") in texts
    else:
        from bpdocs.core.render import number

        assert number(net.gradients(x, t)[1][0, 1], 2).replace("-", "\u2212") in texts
    assert text_overlaps(drawing) == []


def test_svg_is_deterministic_accessible_and_follows_the_theme():
    one, two = draw(parse(DERIVATION["bp3"])), draw(parse(DERIVATION["bp3"]))
    assert one.svg == two.svg
    assert one.svg.count('role="img"') == 1 and "<title>A fully connected network with 1 input" in one.svg
    assert 'aria-label="A fully connected network with 1 input, 1 hidden layer of 1 unit, 2 outputs, ' \
           'with targets and the error E; highlighted path from x sub 1 through h sub 1 to y sub 1."' in one.svg
    assert "currentColor" in one.svg and "var(--md-accent-fg-color" in one.svg
    assert "#000000" not in one.svg and "#ffffff;" not in one.svg.replace("var(--md-default-bg-color, #ffffff)", "")
    assert "<dc:date>" not in one.svg and "<metadata>" not in one.svg
    assert len(one.svg) < 40_000


def test_draw_network_from_a_session_network():
    net = Network([1, 2], weights=[[[0.5], [-0.25]]])
    diagram = draw_network(net, weights="values", precision=2, caption="live")
    assert diagram.caption == "live" and repr(diagram).startswith("Diagram('A fully connected network")
    spec = parse("network: net\nweights: values", sizes=[1, 2])
    from bpdocs.core.diagrams.draw import network_values

    texts = [t.text for t in layout(spec, network_values(net)).texts]
    assert "0.50" in texts and "\u22120.25" in texts


def test_text_overlaps_finds_texts_that_cover_each_other():
    """Measured anew from each text (not from where placement put its boxes): a label's background box counts."""
    from dataclasses import replace

    drawing = layout(parse("layers: [1, 2]\nweights: symbols"))
    label = next(t for t in drawing.texts if t.outline is not None)
    node = next(t for t in drawing.texts if t.outline is None)
    assert text_overlaps(drawing) == []
    drawing.texts.append(replace(label, x=node.x, y=node.y + 10.8))  # its text clear of the node's, its box not
    assert text_overlaps(drawing) == [(node.text, label.text)]


def test_boxes_that_only_touch_do_not_overlap():
    """Labels one box-height apart (as the edges' fractions place them) do not clash by a float's last bit."""
    from bpdocs.core.diagrams.textbox import Box, overlap

    box = Box(0.0, 0.0, 10.0, 13.5)
    assert overlap(box, Box(10.0, 0.0, 20.0, 13.5)) == 0.0
    assert overlap(box, Box(0.0, 13.5 - 1e-12, 10.0, 27.0)) == 0.0
    assert overlap(box, Box(9.0, 12.5, 20.0, 20.0)) == pytest.approx(1.0)


@pytest.mark.parametrize("covered, chosen", [
    ([4.0, 0.0, 0.0], 1),  # the first place that covers nothing
    ([4.0, 2.0, 3.0], 1),  # else the one that covers least
    ([2.0, 2.0 - 1e-12, 3.0], 0),  # mirror places covering the same area (but for a float's last bit): the first
    ([2.0, 2.0 + 1e-12, 1.0 + 1.0], 0),
    ([2.0, 2.0 - 1e-3, 3.0], 1),  # a thousandth of a square point less: less
])
def test_a_label_goes_to_the_first_place_that_covers_least(covered, chosen):
    """Ties are broken by the order of preference, not by the last bit of a float (two places mirrored about an
    edge's middle often cover the same area of other labels, computed along different paths)."""
    from bpdocs.core.diagrams.layout import best_place
    from bpdocs.core.diagrams.textbox import Box

    obstacle = Box(0.0, 0.0, 10.0, 1.0)
    places = [(n, Box(10.0 - area, 0.0, 20.0, 1.0)) for n, area in enumerate(covered)]  # each covers its area
    assert best_place(places, [obstacle])[0] == chosen


def test_targets_and_the_error_take_the_texts_own_names():
    """A newcomer's review: a site whose target is y and loss \\mathcal{L} could rename the units (labels) but not
    the targets' boxes nor the error, drawn t_k and E whatever the page's notation."""
    spec = parse("layers: [2, 2]\ntargets: [y_1, y_2]\nerror: '\\mathcal{L}'\nhighlight: [x_1, y_1, t_1, E]\n"
                 "labels: [[x_1, x_2], ['\\hat{y}_1', '\\hat{y}_2']]")
    drawing = layout(spec)
    texts = [t.text for t in drawing.texts]
    assert {"$y_1$", "$y_2$", "$\\mathcal{L}$"} <= set(texts) and not {"$t_1$", "$E$"} & set(texts), texts
    words = draw(spec).description
    assert "and the error L; highlighted path from x sub 1 through " in words and words.endswith(", y sub 1 to L.")
    with pytest.raises(AuthoringError) as info:
        draw(parse("layers: [1, 1]\n\nerror: '\\frac{'"))
    assert info.value.message.startswith("error: '\\\\frac{' is not math text") and info.value.line == 2
