"""The ``bpnet`` diagram spec: parse and check it. Pure: text in, a checked spec (or a located error) out.

A spec is a small YAML mapping::

    layers: [1, 1, 1, 2]
    targets: true
    error: true
    highlight: [x_1, h^1_1, h^2_1, y_1]
    caption: The four-layer network

Node names follow the derivation: ``x_i`` (inputs), ``h^l_j`` (hidden unit j
of layer l; ``h_j`` when there is one hidden layer), ``y_k`` (outputs), ``t_k``
(targets), ``E`` (the error). Weights are ``w^l_{kj}`` (``w_{kj}``, or ``w_k``
for a single layer from one input).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ..errors import AuthoringError

KEYS = {
    "layers": "units per layer, input first, e.g. [1, 1, 2]",
    "network": "the name of a bpcore Network in the page session (instead of layers)",
    "targets": "draw the targets t_k (true/false, or their labels: a list of LaTeX, one per output)",
    "error": "draw the error E (true/false, or its label in LaTeX)",
    "weights": "edge labels: auto, symbols, values, gradients, none",
    "nodes": "node labels: symbols, activations, deltas",
    "flow": "arrows along the edges: none, forward (the signal), backward (the error)",
    "notation": "weight names: layered (w^l_{kj}), flat (w_{kj}), short (w_k), auto",
    "labels": "node labels per layer: a list of lists of LaTeX",
    "highlight": "a path of node names, e.g. [x_1, h_1, y_1]",
    "highlight_weights": "weights to highlight, e.g. ['w^2_{11}']",
    "input": "x for values: a list, or the name of a session variable",
    "target": "t for values: a list, or the name of a session variable",
    "precision": "decimals for values",
    "caption": "a caption under the diagram",
}
CHOICES = {"weights": ("auto", "symbols", "values", "gradients", "none"),
           "nodes": ("symbols", "activations", "deltas"),
           "flow": ("none", "forward", "backward"),
           "notation": ("auto", "layered", "flat", "short")}
NODE = re.compile(r"^(?:(?P<x>x)_\{?(?P<i>\d+)\}?|h(?:\^\{?(?P<l>\d+)\}?)?_\{?(?P<j>\d+)\}?"
                  r"|(?P<y>[yt])_\{?(?P<k>\d+)\}?|(?P<E>E))$")
WEIGHT = re.compile(r"^w(?:\^\{?(?P<l>\d+)\}?)?_\{?(?P<a>\d)(?P<b>\d)?\}?$")


@dataclass
class NetSpec:
    sizes: list[int]
    network: str | None = None
    targets: bool = False
    error: bool = False
    weights: str = "auto"
    nodes: str = "symbols"
    flow: str = "none"
    notation: str = "auto"
    labels: list[list[str]] | None = None
    target_labels: list[str] | None = None  # (targets: [y_1, y_2], a text whose target is y)
    error_label: str = "E"  # (error: '\mathcal{L}')
    highlight: list[tuple[str, int, int]] = field(default_factory=list)  # (kind, layer, unit)
    highlight_weights: list[tuple[int, int, int]] = field(default_factory=list)  # (l, k, j)
    input: object = None
    target: object = None
    precision: int = 2
    caption: str | None = None
    lines: dict = field(default_factory=dict)  # key -> 0-based line in the spec, for errors found later


def _line_of(text: str, key: str) -> int:
    """0-based line of ``key:`` in the spec text (0 if not found)."""
    for n, line in enumerate(text.split("\n")):
        if re.match(rf"\s*{re.escape(key)}\s*:", line):
            return n
    return 0


def parse(text: str, sizes: list[int] | None = None, network_sizes=None) -> NetSpec:
    """Read and check a spec. Layer sizes come from ``sizes``, from ``network_sizes(name)``
    when the spec names a network, or from its ``layers`` key.

    Raises :class:`AuthoringError` with ``line`` set to the 0-based spec line at fault
    (the caller adds the fence's position).
    """
    def fail(message: str, key: str | None = None):
        raise AuthoringError(message, line=_line_of(text, key) if key else 0)

    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise AuthoringError(f"the bpnet spec is not valid YAML: {getattr(exc, 'problem', exc)}",
                             line=mark.line if mark else 0) from None
    if not isinstance(data, dict):
        fail("the bpnet spec must be a mapping of keys, e.g. 'layers: [1, 1, 2]'")
    for key in data:
        if key not in KEYS:
            fail(f"unknown key {key!r} in the bpnet spec; known keys: {', '.join(KEYS)}", str(key))
    spec = NetSpec(sizes=[], lines={str(key): _line_of(text, str(key)) for key in data})
    if "network" in data:
        if not isinstance(data["network"], str) or not data["network"].isidentifier():
            fail("network must be the name of a Network in the page session", "network")
        spec.network = data["network"]
        if sizes is None and network_sizes is not None:
            try:
                sizes = network_sizes(spec.network)
            except AuthoringError as exc:
                fail(exc.message, "network")
    layers = sizes if sizes is not None else data.get("layers")
    if layers is None:
        fail("the bpnet spec needs 'layers: [...]' (or 'network: <name>')")
    if not isinstance(layers, list) or len(layers) < 2 or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in layers):
        fail(f"layers must be a list of at least two whole numbers, got {layers!r}", "layers")
    for l, n in enumerate(layers):
        if n < 1:
            fail(f"layer {l} must have at least 1 unit, got {n}", "layers")
        if n > 12:
            fail(f"layer {l} has {n} units; diagrams draw at most 12 per layer", "layers")
    spec.sizes = list(layers)
    for key in ("targets", "error"):
        if key in data:
            _drawn(spec, key, data[key], fail)
    for key, allowed in CHOICES.items():
        if key in data:
            if data[key] not in allowed:
                fail(f"{key} must be one of {', '.join(allowed)}, got {data[key]!r}", key)
            setattr(spec, key, data[key])
    if "precision" in data:
        if not isinstance(data["precision"], int) or isinstance(data["precision"], bool) or data["precision"] < 0:
            fail(f"precision must be a whole number >= 0, got {data['precision']!r}", "precision")
        spec.precision = data["precision"]
    if "caption" in data:
        spec.caption = str(data["caption"])
    if "labels" in data:
        spec.labels = _labels(data["labels"], spec.sizes, fail)
    if "highlight" in data:
        path = data["highlight"]
        if not isinstance(path, list) or len(path) < 2:
            fail("highlight must be a list of at least two node names, e.g. [x_1, y_1]", "highlight")
        spec.highlight = [node(str(name), spec, lambda m: fail(m, "highlight")) for name in path]
        _check_path(spec.highlight, lambda m: fail(m, "highlight"))
    if "highlight_weights" in data:
        names = data["highlight_weights"]
        if not isinstance(names, list):
            fail("highlight_weights must be a list of weight names", "highlight_weights")
        spec.highlight_weights = [weight(str(w), spec, lambda m: fail(m, "highlight_weights")) for w in names]
    values_needed = spec.weights in ("values", "gradients") or spec.nodes != "symbols"
    if values_needed and spec.network is None:
        fail(f"showing {spec.weights if spec.weights in ('values', 'gradients') else spec.nodes} "
             "needs 'network: <name of a Network in the session>'", "weights" if "weights" in data else "nodes")
    spec.input, spec.target = data.get("input"), data.get("target")
    needs_data = spec.weights == "gradients" or spec.nodes in ("activations", "deltas")
    if needs_data and (spec.input is None or (spec.weights == "gradients" or spec.nodes == "deltas")
                       and spec.target is None):
        fail("these values need 'input: <x>' (and 'target: <t>' for gradients or deltas)",
             "weights" if "weights" in data else "nodes")
    return spec


def _drawn(spec: NetSpec, key: str, value, fail) -> None:
    """``targets`` and ``error``: true or false, or what to call them (a text's y and \\mathcal{L}): drawn."""
    outputs = spec.sizes[-1]
    if key == "targets" and isinstance(value, list):
        if len(value) != outputs or not all(isinstance(v, (str, int, float)) for v in value):
            fail(f"targets as labels must be a list of {outputs} (one per output), got {value!r}", key)
        spec.targets, spec.target_labels = True, [str(v) for v in value]
    elif key == "error" and isinstance(value, str) and value.strip():
        spec.error, spec.error_label = True, value.strip()
    elif isinstance(value, bool):
        setattr(spec, key, value)
    else:
        what = f"a list of {outputs} label(s)" if key == "targets" else "its label, e.g. '\\mathcal{L}'"
        fail(f"{key} must be true, false or {what}, got {value!r}", key)


def _labels(labels, sizes, fail):
    if not isinstance(labels, list) or len(labels) != len(sizes):
        fail(f"labels must be a list with one list per layer ({len(sizes)} layers)", "labels")
    for l, (row, n) in enumerate(zip(labels, sizes)):
        if not isinstance(row, list) or len(row) != n:
            got = len(row) if isinstance(row, list) else "not a list"
            fail(f"labels for layer {l} must have {n} entr{'y' if n == 1 else 'ies'} "
                 f"(one per unit), got {got}", "labels")
    return [[str(v) for v in row] for row in labels]


def node(name: str, spec: NetSpec, fail) -> tuple[str, int, int]:
    """A node name as ``(kind, layer, unit)`` with 1-based units; ``kind`` is "unit", "t" or "E"."""
    match = NODE.match(name.replace(" ", ""))
    L = len(spec.sizes) - 1
    if not match:
        fail(f"{name!r} is not a node name; use x_i, h^l_j (or h_j), y_k, t_k or E")
    if match["E"]:
        if not spec.error:
            fail("E is not drawn; add 'error: true'")
        return ("E", L + 2, 1)
    if match["x"]:
        layer, unit = 0, int(match["i"])
    elif match["y"]:
        layer, unit = L, int(match["k"])
        if match["y"] == "t":
            if not spec.targets:
                fail(f"{name} is not drawn; add 'targets: true'")
            if unit > spec.sizes[L]:
                fail(f"{name}: there are {spec.sizes[L]} output(s)")
            return ("t", L + 1, unit)
    else:
        if match["l"] is None and L - 1 != 1:
            fail(f"{name}: with {L - 1} hidden layers, name the layer as h^l_j")
        layer, unit = (int(match["l"]) if match["l"] else 1), int(match["j"])
        if not 1 <= layer < L:
            fail(f"{name}: hidden layers are 1..{L - 1}" if L > 1 else f"{name}: this network has no hidden layer")
    if not 1 <= unit <= spec.sizes[layer]:
        fail(f"{name}: layer {layer} has {spec.sizes[layer]} unit(s)")
    return ("unit", layer, unit)


def _check_path(path, fail) -> None:
    for (ka, la, _), (kb, lb, _) in zip(path, path[1:]):
        if abs(la - lb) != 1:
            fail("consecutive nodes of a highlighted path must be in neighbouring layers")


def weight(name: str, spec: NetSpec, fail) -> tuple[int, int, int]:
    """A weight name as ``(l, k, j)``; ``w_k`` means w^1_{k1} in a network of one input."""
    match = WEIGHT.match(name.replace(" ", ""))
    L = len(spec.sizes) - 1
    if not match:
        fail(f"{name!r} is not a weight name; use w^l_{{kj}}, w_{{kj}} or w_k")
    if match["b"] is None:
        if L != 1 or spec.sizes[0] != 1:
            fail(f"{name}: the short form w_k needs a single layer from one input")
        l, k, j = 1, int(match["a"]), 1
    else:
        l, k, j = int(match["l"] or (1 if L == 1 else 0)), int(match["a"]), int(match["b"])
        if match["l"] is None and L != 1:
            fail(f"{name}: with {L} weight layers, name the layer as w^l_{{kj}}")
    if not 1 <= l <= L:
        fail(f"{name}: weight layers are 1..{L}")
    if not 1 <= k <= spec.sizes[l]:
        fail(f"{name}: layer {l} has {spec.sizes[l]} unit(s)")
    if not 1 <= j <= spec.sizes[l - 1]:
        fail(f"{name}: layer {l - 1} has {spec.sizes[l - 1]} unit(s)")
    return (l, k, j)
