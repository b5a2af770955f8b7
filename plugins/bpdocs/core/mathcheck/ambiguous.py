"""Forms that read two ways, each of which a text uses: refused with both readings and what to write, never judged
(read one way, a true equation of the other kind was "does not hold")."""

from __future__ import annotations

import re

from .binding import written_letter
from .lexer import Token
from .tree import LatexError, Reduce
from .walk import free_indices, nodes, symbols


def no_increment(tokens: list[Token], at: int, text: str, notation) -> None:
    """A bare ``\\delta`` (no layer, no unit) starting the left side, right before a weight or a bias at
    ``tokens[at]``: Mehlig's ``\\delta w_{mn} = ...``, the weight's increment, as much as delta times the weight.
    (On a right side, ``= \\delta w_j``, it is a product, as the derivation's own right sides write it.)"""
    while at < len(tokens) and tokens[at].kind == "space":
        at += 1
    following = tokens[at] if at < len(tokens) else None
    if following is None or following.kind != "name" or notation.canonical(following.text) not in ("w", "W", "b"):
        return
    name = following.text
    raise LatexError(f"{text} {name}: the change of {name} (an increment, as Mehlig writes it), or {text} times "
                     f"{name}? for the change write \\Delta {name} with bpdocs_notation {{Delta: update}}; for a "
                     f"product give {text} its unit and layer ({text}^l_k {name}) or write {text} \\cdot {name}",
                     following.position)


def example_letter(text: str, notation) -> bool:
    """Bishop's E^n: one lower-case letter the notation does not declare (E^{\\mathrm{train}} is a name, E^N...)."""
    return len(text) == 1 and text.islower() and not notation.declares(text)


def sum_index_as_power(base: str, letter: str, position: int, error: bool, summed: bool = True) -> LatexError:
    """``E^p`` inside a sum over p (LeCun's, Alpaydin's ``r^t_i``), or the error to a letter's power (Bishop's
    ``E^n``): example p's, not a power."""
    written = f"{base}^{{({letter})}}" + (f" or {base}_{letter}" if error else "")  # (r_t would be unit t)
    why = f"{letter} is the sum's index, so this is no power:" if summed else \
        f"the error to the power {letter}, or example {letter}'s error (Bishop's E^n)?"
    return LatexError(f"{base}^{letter}: {why} for example {letter}'s value write {written} (and check with a "
                      f"batch, e.g. batch=\"4\")", position)


def no_layer_as_unit(sides) -> None:
    """A letter that is a layer in brackets in one place and a unit's index in another (Géron's class k: the
    parameters \\theta^{(k)} beside \\hat{p}_k): a class's or example's number as much as a layer. (Not a bare
    superscript: \\delta^j_j beside w^l_{jk} is an index written in the wrong place, and does not hold.)"""
    layers, units = {}, {}
    for side in sides:
        for sym in symbols(side):
            for var in sym.layer.vars if sym.layer is not None else ():
                if re.search(r"\^\s*\{?\s*[(\[]\s*" + var + r"\b", sym.text):
                    layers.setdefault(var, sym.text)
            for index in sym.indices if sym.name != "n" else ():  # (a width's, n_l, is a layer's)
                for var in index.vars:
                    units.setdefault(var, sym.text)
    both = sorted(set(layers) & set(units) - {"L"})
    if both:
        letter = both[0]
        raise LatexError(f"{letter} is a layer in {layers[letter]} and a unit's index in {units[letter]}: one letter "
                         f"cannot be both; if {layers[letter]} is not a layer's (Géron's class k), write it as a "
                         f"unit's ({layers[letter].split('^')[0]}_{letter}), else name the layer with another letter, "
                         "e.g. l")


def no_layer_as_example(sides) -> None:
    """A letter in brackets that is an example's on x, y, t or E (``y^{(n)}``) and a layer's on another symbol
    (``\\delta^{(n)}``, ``z^{(n)}``): Hertz, Krogh and Palmer's pattern mu on every quantity of the pattern. In a
    batch only x, y, t and E carry an example; the others read it as layer n, and judged a true equation."""
    examples: dict = {}
    for sym in (sym for side in sides for sym in symbols(side) if sym.example is not None):
        for var in sym.example.vars:
            examples.setdefault(var, sym.text)
    for side in sides:
        for sym in symbols(side):
            for var in sym.layer.vars if sym.layer is not None and examples else ():
                if var in examples and re.search(r"\^\s*\{?\s*[(\[]\s*" + var + r"\b", sym.text):
                    written = written_letter(sym.text)
                    own = f"; if {written} is the output, declare {{{written}: y}}" \
                        if sym.name == "h" and written != "h" else ""  # (Nielsen's a)
                    raise LatexError(f"{var} is an example's in {examples[var]} and a layer's in {sym.text}: one "
                                     "letter cannot be both; in a batch only x, y, t and E carry one (x^{(n)}, "
                                     "y^{(n)}_k, t_{nk}, E_n), a hidden layer's values are not read per example"
                                     f"{own}; for one pattern's error terms, check one example without batch and "
                                     f"leave ({var}) out")


def no_shadowed_index(sides) -> None:
    """A sum over a letter that is also free in the equation, ``\\frac{\\partial E}{\\partial y_k} = \\sum_k ...``,
    UFLDL's ``\\frac{\\partial}{\\partial W^{(l)}_{ij}} J = \\frac{1}{m} \\sum_{i=1}^m ...``: inside the sum the letter
    is the sum's, outside it is the equation's, and a text that writes it means both (or forgot to rename one)."""
    free = {var for side in sides for var in free_indices(side)}
    for sum_node in (node for side in sides for node in nodes(side) if isinstance(node, Reduce)):
        if sum_node.var in free:
            operator = "\\sum" if sum_node.op == "+" else "\\prod"
            raise LatexError(f"{operator}_{sum_node.var}: {sum_node.var} is the sum's index, and also an index of the "
                             f"equation outside the sum: inside it, which {sum_node.var} is meant? sum over another "
                             f"letter")
