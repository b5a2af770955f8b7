"""What a diagram's parts are called: the symbols drawn (``h^{1}_{1}``, ``w^{2}_{11}``) and the words a
screen reader says for the whole picture. Pure: a :class:`~.netspec.NetSpec` in, text out."""

from __future__ import annotations

from ..texwords import spoken_text
from .netspec import NetSpec


def node_symbol(spec: NetSpec, layer: int, unit: int) -> str:
    """The LaTeX drawn in a unit: the author's label, else x_i, h_j (or h^l_j) and y_k."""
    if spec.labels is not None and layer <= len(spec.sizes) - 1:
        return spec.labels[layer][unit - 1]
    L = len(spec.sizes) - 1
    if layer == 0:
        return f"x_{{{unit}}}"
    if layer == L:
        return f"y_{{{unit}}}"
    return f"h_{{{unit}}}" if L == 2 else f"h^{{{layer}}}_{{{unit}}}"


def target_symbol(spec: NetSpec, unit: int) -> str:
    """The LaTeX drawn in a target's box: the author's label (``targets: [y_1, y_2]``), else t_k."""
    return spec.target_labels[unit - 1] if spec.target_labels else f"t_{{{unit}}}"


def weight_symbol(spec: NetSpec, l: int, k: int, j: int) -> str:
    """The LaTeX of the weight from unit j of layer l-1 to unit k of layer l, in the spec's notation."""
    L = len(spec.sizes) - 1
    notation = spec.notation
    if notation == "auto":
        notation = ("short" if spec.sizes[0] == 1 else "flat") if L == 1 else "layered"
    if notation == "short" and spec.sizes[l - 1] == 1:
        return f"w_{{{k}}}"
    if notation in ("flat", "short"):
        return f"w_{{{k}{j}}}"
    return f"w^{{{l}}}_{{{k}{j}}}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def describe(spec: NetSpec) -> str:
    """The network in words, for screen readers: its shape, what else is drawn, and the highlighted path
    with each unit's name spoken ("h sup 1 sub 1", never the raw ``h^1_1``)."""
    L = len(spec.sizes) - 1
    parts = [_plural(spec.sizes[0], "input")]
    hidden = spec.sizes[1:-1]
    if hidden:
        units = " and ".join(map(str, hidden)) if len(hidden) <= 2 else ", ".join(map(str, hidden))
        parts.append(f"{_plural(len(hidden), 'hidden layer')} of {units} unit{'s' * (sum(hidden) != 1)}")
    parts.append(_plural(spec.sizes[L], "output"))
    text = "A fully connected network with " + ", ".join(parts)
    if spec.targets:
        text += ", with targets"
    if spec.error:
        text += f" and the error {spoken_text(spec.error_label)}"
    if spec.flow == "backward":
        text += "; arrows show the error flowing backward, from the error to the inputs"
    elif spec.flow == "forward":
        text += "; arrows show the signal flowing forward"
    if spec.highlight:
        names = [spoken_text(_name(spec, node)) for node in spec.highlight]
        through = f" through {', '.join(names[1:-1])}" if len(names) > 2 else ""
        text += f"; highlighted path from {names[0]}{through} to {names[-1]}"
    return text + "."


def _name(spec: NetSpec, node) -> str:
    kind, layer, unit = node
    return spec.error_label if kind == "E" else target_symbol(spec, unit) if kind == "t" else \
        node_symbol(spec, layer, unit)
