"""Textbook conventions seen only in a whole row of an equation, once it is parsed: read as the text means them,
or refused where the checker's numbering cannot say them (never judged in a reading the text does not mean).

- Rumelhart, Hinton and Williams' ``\\delta_{pj}``, pattern p's error signal at unit j, beside ``y_{pj}`` in a
  batch: not Kronecker's delta (whose indices both run over units) but ``\\delta^{(p)}_j``.
- A term that is a weight from unit 0 (Bishop's and Duda, Hart and Stork's ``+ w_{j0}``, or ``+ w_{j0} x_0``: the
  bias as the weight of a constant input x_0 = 1): the network's units are numbered from 1, so it is refused with
  the bias written apart.
- A layer written as a number on a symbol whose index letter is declared a layer (``index_layers``) that says
  another (Kubat numbers layers from the output: ``\\delta_i^{(1)}`` with ``{i: 2}``): refused, not guessed.
"""

from __future__ import annotations

from .notation import Notation
from .tree import Index, Kronecker, LatexError, Op, Sym
from .walk import nodes, rebuilt, symbols


def row_conventions(parsed: list, notation: Notation) -> list:
    """The parsed sides of a row, read in the conventions above (or a :class:`LatexError` that refuses them)."""
    if notation.session is not None:  # (a session's symbols index its own arrays, as bound)
        return parsed
    for node in (n for side in parsed for n in nodes(side)):
        if isinstance(node, Op) and node.op in ("+", "-"):
            for term in node.args:
                _weight_zero(term, notation)
                if isinstance(term, Op) and term.op == "*" and any(_unit_zero(factor) for factor in term.args):
                    for factor in term.args:  # w_{j0} x_0: the bias times its constant input, x_0 = 1
                        _weight_zero(factor, notation)
    for sym in (s for side in parsed for s in symbols(side)):
        _layer_conflict(sym, notation)
    return _example_errors(parsed) if notation.batch else parsed


def _bare(index: Index | None) -> bool:
    return index is not None and index.var is not None and not index.offset and not index.more


def _number(index: Index | None) -> bool:
    return index is not None and index.var is None and not index.more


def _unit_zero(node) -> bool:
    """x_0, h_0 (z_0, Bishop's): unit 0, the texts' constant input of the bias."""
    return isinstance(node, Sym) and node.name in ("x", "h") and len(node.indices) == 1 \
        and _number(node.indices[0]) and node.indices[0].offset == 0


def _weight_zero(sym, notation: Notation) -> None:
    """A term that is a weight from unit 0 into a unit named by a letter (``+ w_{j0}``): the texts' bias. (Anywhere
    else, ``w^2_{k0}`` in a product, ``w^1_{01}``, ``w^2_{20}``: a unit the network lacks, a mistake judged as one.)"""
    if not isinstance(sym, Sym) or sym.name not in ("w", "W") or len(sym.indices) != 2:
        return
    to, source = sym.indices[::-1] if notation.convention("weights") == "from-to" else sym.indices
    if not (_number(source) and source.offset == 0 and to.var is not None):
        return
    unit = str(to)
    raise LatexError(f"{sym.text}: units are numbered from 1 here, so unit 0 is not a unit of the network; if "
                     f"{sym.text} is the bias, the weight of a constant input x_0 = 1 (as Bishop and Duda, Hart and "
                     f"Stork write it), write the bias apart, b_{{{unit}}} (with the weight's layer), and check with "
                     "biases=\"on\"")


def _layer_conflict(sym: Sym, notation: Notation) -> None:
    if notation.index_layers is None or not _number(sym.layer) or not sym.indices:
        return
    if sym.name in ("w", "W") and len(sym.indices) == 2:
        letter = sym.indices[1 if notation.convention("weights") == "from-to" else 0]  # the unit it leads to
    elif sym.name in ("h", "z", "delta", "b"):
        letter = sym.indices[0]
    else:
        return
    declared = notation.index_layers.get(letter.var) if _bare(letter) else None
    if not _number(declared):
        return
    leaves = sym.name in ("w", "W", "b") and notation.convention("weight_layer") == "from"  # (W^l: out of layer l)
    expected = declared.offset - (1 if leaves else 0)
    if sym.name in ("w", "W"):  # indices swapped (a mistake to judge) name the written layer from the other one
        other = notation.index_layers.get(sym.indices[0 if letter is sym.indices[1] else 1].var)
        if _number(other) and sym.layer.offset == other.offset - (1 if leaves else 0):
            return
    if sym.layer.offset != expected:
        weight = f" (so the weight's layer is {expected})" if leaves else ""
        raise LatexError(f"{sym.text}: its layer is written {sym.layer.offset}, but {letter} is declared a unit of "
                         f"layer {declared.offset} (index_layers){weight}: the two disagree; "
                         "write the layers as the notation numbers them (from the input), or leave the superscript "
                         "out and let the index letter say it")


def _example_errors(parsed: list) -> list:
    examples = {s.example.var for side in parsed for s in symbols(side) if _bare(s.example)}
    if not examples or not any(isinstance(n, Kronecker) for side in parsed for n in nodes(side)):
        return parsed

    def read(node):
        if isinstance(node, Kronecker) and _bare(node.first) and node.first.var in examples \
                and node.second.var not in examples:
            return Sym("delta", None, (node.second,), f"\\delta_{{{node.first}{node.second}}}", example=node.first)
        return node if isinstance(node, Sym) else None

    return [rebuilt(side, read) for side in parsed]
