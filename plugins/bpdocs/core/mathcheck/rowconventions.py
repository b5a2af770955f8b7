"""Textbook conventions seen only in a whole row of an equation, once it is parsed: read as the text means them,
or refused where the checker's numbering cannot say them (never judged in a reading the text does not mean).

- Rumelhart, Hinton and Williams' ``\\delta_{pj}``, pattern p's error signal at unit j, beside ``y_{pj}`` in a
  batch: not Kronecker's delta (whose indices both run over units) but ``\\delta^{(p)}_j``; Kelleher's
  ``\\delta_{k,j}`` beside ``a_{h,j}``, the example last, is unit k's of example j.
- A term that is a weight from unit 0 (Bishop's and Duda, Hart and Stork's ``+ w_{j0}``, or ``+ w_{j0} x_0``: the
  bias as the weight of a constant input x_0 = 1), or such a weight's change or derivative (Fausett's bias update
  ``\\Delta w_{0k}``): the network's units are numbered from 1, so it is refused with the bias written apart.
- A layer written as a number on a symbol whose index letter is declared a layer (``index_layers``) that says
  another (Kubat numbers layers from the output: ``\\delta_i^{(1)}`` with ``{i: 2}``): refused, not guessed. So is
  a layer written as a letter there (Kröse and van der Smagt's pattern p, ``s^p_k`` with ``{k: 2}``, was read as
  layer p), a declared default layer the letter contradicts (Zurada's ``{y: h^1}`` beside ``y_k`` with ``{k: 2}``
  read y_k as the output's), and the output y indexed by a letter of a layer before another declared one (Kröse's
  y is any unit's output: ``y_j`` with ``{j: 1}`` beside ``{k: 2}``). (x_j there is the input's unit j: a mistake
  for h_j, judged as one.)
- A weight with one index, transposed, times a vector (ESL's ``\beta_k^T z``, ``\alpha_m^T x``): the weights into
  unit k as a vector, dotted with it, ``(W z)_k``.
"""

from __future__ import annotations

from .notation import Notation
from dataclasses import replace

from .tree import Component, Derivative, Gradient, Index, Kronecker, LatexError, Op, Sym
from .walk import nodes, rebuilt, symbols


def row_conventions(parsed: list, notation: Notation) -> list:
    """The parsed sides of a row, read in the conventions above (or a :class:`LatexError` that refuses them)."""
    if notation.session is not None:  # (a session's symbols index its own arrays, as bound)
        return parsed
    for node in (n for side in parsed for n in nodes(side)):
        if isinstance(node, (Gradient, Derivative)):  # Fausett's bias update \Delta w_{0k}, its gradient dE/dw_{0k}
            _weight_zero(node.var, notation)
        if isinstance(node, Op) and node.op in ("+", "-"):
            for term in node.args:
                _weight_zero(term, notation)
                if isinstance(term, Op) and term.op == "*" and any(_unit_zero(factor) for factor in term.args):
                    for factor in term.args:  # w_{j0} x_0: the bias times its constant input, x_0 = 1
                        _weight_zero(factor, notation)
    for sym in (s for side in parsed for s in symbols(side)):
        _layer_conflict(sym, notation)
    parsed = [rebuilt(side, _weight_row) for side in parsed]
    return _example_errors(parsed) if notation.batch else parsed


def weight_row(node) -> Sym | None:
    """The weight of ``\beta_k^T`` (one index, transposed): the vector of the weights into unit k; else None."""
    if isinstance(node, Op) and node.op == "T" and isinstance(node.args[0], Sym) and node.args[0].name in ("w", "W") \
            and len(node.args[0].indices) == 1:
        return node.args[0]
    return None


def _weight_row(node):
    """``\beta_k^T z`` -> ``(W z)_k``, in a product of more factors too (``2 \beta_k^T z``)."""
    if not (isinstance(node, Op) and node.op == "*"):
        return None
    first, vector = node.args
    before = first.args[0] if isinstance(first, Op) and first.op == "*" else None
    row = weight_row(first.args[1] if before is not None else first)
    if row is None:
        return None
    entry = Component(Op("*", (replace(row, indices=()), rebuilt(vector, _weight_row))), row.indices,
                      f"{row.text}^T")
    return entry if before is None else Op("*", (rebuilt(before, _weight_row), entry))


def _bare(index: Index | None) -> bool:
    return index is not None and index.var is not None and not index.offset and not index.more


def _number(index: Index | None) -> bool:
    return index is not None and index.var is None and not index.more


def _unit_zero(node) -> bool:
    """x_0, h_0 (z_0, Bishop's): unit 0, the texts' constant input of the bias."""
    return isinstance(node, Sym) and node.name in ("x", "h") and len(node.indices) == 1 \
        and _number(node.indices[0]) and node.indices[0].offset == 0


def _weight_zero(sym, notation: Notation) -> None:
    """A term that is a weight from unit 0 (``+ w_{j0}``, ``+ w_{10}``, ISLP's intercept ``\\beta_0``): the texts'
    bias. (Anywhere else, ``w^2_{k0}`` in a product, ``w^1_{01}``: a unit the network lacks, a mistake judged as one.)"""
    if not isinstance(sym, Sym) or sym.name not in ("w", "W") or len(sym.indices) not in (1, 2):
        return
    if len(sym.indices) == 1:  # the intercept of a one-output layer, ISLP's \beta_0, w_0 + \sum_j w_j x_j
        to, source = Index(None, 1), sym.indices[0]
    else:
        to, source = sym.indices[::-1] if notation.convention("weights") == "from-to" else sym.indices
    if not (_number(source) and source.offset == 0):
        return
    unit = str(to)
    raise LatexError(f"{sym.text}: units are numbered from 1 here, so unit 0 is not a unit of the network; if "
                     f"{sym.text} is the bias, the weight of a constant input x_0 = 1 (as Bishop and Duda, Hart and "
                     f"Stork write it), write the bias apart, b_{{{unit}}} (with the weight's layer), and check with "
                     "biases=\"on\"")


def _layer_conflict(sym: Sym, notation: Notation) -> None:
    if notation.index_layers is None or not sym.indices:
        return
    if sym.name in ("w", "W") and len(sym.indices) == 2:
        letter = sym.indices[1 if notation.convention("weights") == "from-to" else 0]  # the unit it leads to
    elif sym.name in ("h", "z", "delta", "b", "y"):
        letter = sym.indices[0]
    else:
        return
    declared = notation.index_layers.get(letter.var) if _bare(letter) else None
    if not _number(declared):
        return
    if sym.name == "y":
        return _output_conflict(sym, letter, declared.offset, notation)
    if sym.layer is None:
        default = notation.default_layer(sym) if sym.name in ("h", "z", "delta") else None
        if _number(default) and default.offset != declared.offset:
            written = sym.text.split("_")[0]
            raise LatexError(f"{sym.text}: {written} is declared a value of layer {default.offset}, but {letter} is "
                             f"declared a unit of layer {declared.offset} (index_layers): the two disagree; write "
                             f"the layer ({written}^{{({declared.offset})}}_{letter}), or use a letter of layer "
                             f"{default.offset} (or another name for layer {declared.offset}'s values)")
        return
    if _bare(sym.layer) and sym.layer.var not in notation.index_layers and sym.layer.var != "L" \
            and sym.layer.var not in notation.last_layers:  # (\delta^L_k: the output's, Zurada's delta_ok)
        base = sym.text.split("^")[0]
        raise LatexError(f"{sym.text}: its layer is written {sym.layer.var}, but {letter} is declared a unit of layer "
                         f"{declared.offset} (index_layers): the two disagree; if {sym.layer.var} is a layer, leave "
                         f"index_layers out of this equation's notation; if it is a pattern's number (as Kröse and "
                         f"van der Smagt write s^p_k), check one pattern and leave it out ({base}_{letter}), or in a "
                         f"batch give it to x, y, t and E only (y^{{({sym.layer.var})}})")
    if not _number(sym.layer):
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


def _output_conflict(sym: Sym, letter: Index, declared: int, notation: Notation) -> None:
    """The output y indexed by a letter declared a unit of a layer before another declared one (not the output's)."""
    if declared < max(i.offset for i in notation.index_layers.values() if _number(i)):
        written = sym.text.split("_")[0].split("^")[0]
        raise LatexError(f"{sym.text}: {written} is the output's, but {letter} is declared a unit of layer {declared} "
                         f"(index_layers): the two disagree; if {written} is any unit's value (as Kröse and van der "
                         f"Smagt write y_j), declare {{{written}: h}}")


def _example_errors(parsed: list) -> list:
    examples = {s.example.var for side in parsed for s in symbols(side) if _bare(s.example)}
    if not examples or not any(isinstance(n, Kronecker) for side in parsed for n in nodes(side)):
        return parsed

    def read(node):
        if isinstance(node, Kronecker) and _bare(node.first) and node.first.var in examples \
                and node.second.var not in examples:
            return Sym("delta", None, (node.second,), f"\\delta_{{{node.first}{node.second}}}", example=node.first,
                       written=node.written)
        if isinstance(node, Kronecker) and _bare(node.second) and node.second.var in examples \
                and node.first.var not in examples:  # Kelleher's \delta_{k,j}: unit k of example j
            return Sym("delta", None, (node.first,), f"\\delta_{{{node.first},{node.second}}}", example=node.second,
                       written=node.written)
        return node if isinstance(node, Sym) else None

    return [rebuilt(side, read) for side in parsed]
