"""Reading an equation in a text's conventions: the parsed tree rewritten into the derivation's own terms.

What is rewritten: layers (default layers, index letters that name layers, input numbered 1, weights
and biases numbered by the layer they leave), weight indices (from-to), ``\\Delta w`` as the update
``-\\eta dE/dw`` (``Delta: update``), ``\\delta`` as ``-dE/dz`` (``delta_sign: negative``), and, as another
reading only, ``y`` as the target (Nielsen's, UFLDL's, Ng's, whose output is ``a^L``; declared ``{y: t}``). A
convention the author did not declare is read the default way; :func:`alternatives` lists the other readings
worth trying when an equation fails, so that a failure that another convention explains is reported as a
question, never as a verdict.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from .notation import CONVENTIONS, LAYERED, MACRO_NAMES, Notation
from .tree import Call, Component, Derivative, Equation, Gradient, Index, Op, Reduce, Row, Sym
from .walk import nodes

LETTER_LAYERS = (Index(None, 0), Index(None, 1), Index("L", -1), Index("L", 0))


PER_EXAMPLE = ("x", "y", "t", "h", "z", "delta")
VECTORS = ("x", "y", "t", "h", "z", "b", "delta")  # the names of vectors (rows, with vectors: rows)


def read(equation: Equation, notation: Notation) -> Equation:
    """``equation`` with every symbol's layer and indices in the derivation's terms. In a batch, a row about one
    example (``\\frac{\\partial E_n}{\\partial w_{ji}} = \\delta_j z_i``, Bishop's) gives that example to
    the symbols written without one, as the text means."""
    rows = []
    regroup = notation.convention("products") == "right"
    for row in equation.rows:
        sides = [_rewrite(side, notation) for side in (row.regrouped if regroup and row.regrouped else row.sides)]
        example = _the_example(sides) if notation.batch else None
        if example is not None:
            sides = [with_example(side, example) for side in sides]
        rows.append(Row(sides, row.texts, row.tag, row.lines))
    return Equation(rows, equation.tags)


def _the_example(sides) -> Index | None:
    """The one example letter a row is about (used as an example, and summed nowhere), if there is one."""
    used = {n.example.var for side in sides for n in nodes(side) if isinstance(n, Sym) and n.example is not None
            and n.example.var and not n.example.more}
    summed = {n.var for side in sides for n in nodes(side) if isinstance(n, Reduce)}
    return Index(used.pop(), 0) if len(used) == 1 and not used & summed else None


def with_example(node, example: Index):
    if isinstance(node, Sym):
        return replace(node, example=example) if node.name in PER_EXAMPLE and node.example is None else node
    if isinstance(node, Op):
        return Op(node.op, tuple(with_example(a, example) for a in node.args))
    if isinstance(node, Derivative):
        return replace(node, body=with_example(node.body, example), var=with_example(node.var, example))
    if isinstance(node, Reduce):
        return Reduce(node.op, node.var, node.low, node.high, with_example(node.body, example))
    if isinstance(node, Call):
        return Call(node.name, with_example(node.arg, example), tuple(with_example(a, example) for a in node.more))
    if isinstance(node, Component):
        return Component(with_example(node.body, example), node.indices, node.text)
    return node


def _shift(index: Index | None, by: int) -> Index | None:
    return index if index is None or by == 0 else replace(index, offset=index.offset + by)


def _rewrite(node, notation: Notation, in_weight_sum: bool = False):
    if isinstance(node, Sym):
        symbol = _symbol(node, notation, in_weight_sum)
        if node.name == "delta" and notation.convention("delta_sign") == "negative":
            return Op("neg", (symbol,))  # Mitchell's and Haykin's error term: -dE/dz, the derivation's negated
        return symbol
    if isinstance(node, Op):
        return Op(node.op, tuple(_rewrite(a, notation, in_weight_sum) for a in node.args))
    if isinstance(node, Derivative):
        var = _symbol(node.var, notation, in_weight_sum)
        return Derivative(_rewrite(node.body, notation, in_weight_sum), _untransposed(var),
                          row=var is not _untransposed(var))
    if isinstance(node, Gradient):
        var = _symbol(node.var, notation, in_weight_sum)
        gradient = Gradient(_untransposed(var)) if node.of is None else \
            Derivative(_rewrite(node.of, notation, in_weight_sum), _untransposed(var))  # (one example's: E_n)
        gradient = Op("T", (gradient,)) if var is not _untransposed(var) else gradient
        if node.step or notation.convention("Delta") == "update":  # the step gradient descent takes: -rate dE/dw
            rate = node.rate if node.rate is not None else Sym(notation.learning_rate, None, (), notation.learning_rate)
            return Op("neg", (Op("*", (rate, gradient)),))
        return gradient
    if isinstance(node, Reduce):
        inside = in_weight_sum or node.var == "@w"
        return Reduce(node.op, node.var, *(None if b is None else _rewrite(b, notation, inside)
                                           for b in (node.low, node.high)), _rewrite(node.body, notation, inside))
    if isinstance(node, Call):
        name = node.name
        if notation.conventions.get("sigma") == "f" and name in LOGISTIC:  # another reading: \sigma the activation
            name = LOGISTIC[name]
        return Call(name, _rewrite(node.arg, notation, in_weight_sum),
                    tuple(_rewrite(a, notation, in_weight_sum) for a in node.more))
    if isinstance(node, Component):
        return Component(_rewrite(node.body, notation, in_weight_sum), node.indices, node.text)
    return node


LOGISTIC = {"sigma": "f", "sigma'": "f'"}  # (the undeclared \sigma's functions, and the activation's)


def _written_y(sym: Sym) -> bool:
    """Whether ``sym`` is the output written y (not a name declared for it)."""
    return sym.name == "y" and sym.text.lstrip("\\").split("_")[0].split("^")[0] == "y"


def _untransposed(node):
    return node.args[0] if isinstance(node, Op) and node.op == "T" else node


def _symbol(sym: Sym, notation: Notation, in_weight_sum: bool):
    """One symbol, :func:`_layered`; with ``vectors: rows``, a whole vector transposed, a row (d2l's x W + b)."""
    symbol = _layered(sym, notation, in_weight_sum)
    if notation.convention("vectors") == "rows" and sym.name in VECTORS and not sym.indices:
        return Op("T", (symbol,))
    return symbol


def _layered(sym: Sym, notation: Notation, in_weight_sum: bool):
    """One symbol: its layer filled in and numbered as the derivation numbers it; from-to weights swapped
    (a whole matrix of them transposed, an :class:`Op` ``T``)."""
    name = sym.name
    if notation.conventions.get("y") == "t" and _written_y(sym):
        return replace(sym, name="t")  # another reading: the y of a text whose output is a^L is its target
    if name == "n" and sym.indices and notation.convention("input_layer") == "1":
        return replace(sym, indices=(_shift(sym.indices[0], -1),))
    if name not in LAYERED or in_weight_sum and name in ("w", "W") and not sym.indices:
        return sym
    weights = name in ("w", "W")
    from_to = weights and notation.convention("weights") == "from-to"
    indices = sym.indices[::-1] if from_to and len(sym.indices) == 2 else sym.indices
    shift = -1 if notation.convention("input_layer") == "1" else 0
    layer = sym.layer
    if layer is not None:
        if (weights or name == "b") and notation.convention("weight_layer") == "from":
            shift += 1  # W^l and b^l lead out of layer l, into layer l+1
        layer = _shift(layer, shift)
    else:
        letter = indices[0].var if indices else None  # the unit (to-unit of a weight) names the layer
        default = notation.default_layer(sym)
        if default is not None and MACRO_NAMES.get(sym.written, sym.written) != name:
            layer = _shift(default, shift)  # a name of its own for one layer's (ESL's alpha: w^1): always that layer
        elif notation.index_layers is not None and letter in notation.index_layers:
            layer = _shift(notation.index_layers[letter], shift)
        elif default is not None:
            layer = _shift(default, shift)
    rewritten = replace(sym, layer=layer, indices=indices)
    return Op("T", (rewritten,)) if from_to and not sym.indices else rewritten


# -- the other readings ----------------------------------------------------------------------

def relevant(equation: Equation, notation: Notation) -> list[str]:
    """The undeclared conventions that could change what this equation says."""
    syms = [n for row in equation.rows for side in row.sides for n in nodes(side) if isinstance(n, Sym)]
    ops = [n for row in equation.rows for side in row.sides for n in nodes(side)]
    found = []
    if any(s.name in ("w", "W") for s in syms):
        found.append("weights")
    if any(s.name in LAYERED and s.layer is not None or s.name == "n" for s in syms):
        found.append("input_layer")
    if any(s.name in ("w", "W", "b") and s.layer is not None for s in syms):
        found.append("weight_layer")
    if any(isinstance(n, Derivative) and not n.var.indices and not (isinstance(n.body, Sym) and n.body.name in
                                                                     ("E", "E_0")) for n in ops):
        found.append("jacobian")
    if any(isinstance(n, Op) and n.op == "cdot" for n in ops):
        found.append("cdot")
    if any(row.regrouped for row in equation.rows):
        found.append("products")  # (Wikipedia's chains: taken from the right)
    if notation.constants and any(isinstance(n, Gradient) and not n.step for n in ops):
        found.append("Delta")  # the update needs its rate: one of the declared constants
    updates = notation.convention("Delta") == "update" or any(isinstance(n, Gradient) and n.step and n.rate is None
                                                              for n in ops)
    if updates and not notation.rate_declared and _other_rates(notation):
        found.append("learning_rate")  # an update, its rate not declared: \alpha, not \eta, may be the rate
    if any(s.name == "delta" for s in syms):
        found.append("delta_sign")  # \delta = -dE/dz in Mitchell and Haykin: their rules hold with it negated
    if any(s.name in VECTORS and not s.indices for s in syms) and any(s.name == "W" and not s.indices for s in syms):
        found.append("vectors")  # (a product of a vector and a matrix: in which order the text's vectors go)
    if "y" not in notation.declared and any(_written_y(s) for s in syms) and not any(s.name == "t" for s in syms):
        found.append("y")  # y the target (Nielsen, UFLDL, Ng, CS229), next to their a^L for the output
    if r"\sigma" not in notation.aliases and any(isinstance(n, Call) and n.name in LOGISTIC for n in ops):
        found.append("sigma")  # \sigma any activation (a text's "sigma, e.g. ReLU or tanh"), not the logistic
    return [name for name in found if name not in notation.conventions]


def unlayered_letters(equation: Equation, notation: Notation) -> list[str]:
    """Index letters of symbols written without a layer (``\\delta_j``, ``w_{kj}``), when the notation does not
    declare which layers its letters name."""
    if notation.index_layers is not None:
        return []
    letters: list[str] = []
    for row in equation.rows:
        for side in row.sides:
            for sym in (n for n in nodes(side) if isinstance(n, Sym)):
                if sym.name in LAYERED and sym.layer is None:
                    for index in sym.indices:
                        if index.var and index.var not in letters:
                            letters.append(index.var)
    return letters[:3]


def alternatives(equation: Equation, notation: Notation):
    """Other readings of ``equation`` (each a :class:`Notation`, and the words that say what it changes)."""
    conventions = relevant(equation, notation)
    for count in range(1, len(conventions) + 1):
        for chosen in itertools.combinations(conventions, count):
            for choices in itertools.product(*(_choices(name, notation) for name in chosen)):
                values = {key: value for choice in choices for key, value in choice.items()}
                yield notation.reading(**values), values
    letters = unlayered_letters(equation, notation)
    if letters:
        for layers in itertools.product(LETTER_LAYERS, repeat=len(letters)):
            yield notation.reading(index_layers=dict(zip(letters, layers))), {"index_layers": dict(zip(letters, layers))}


def _choices(name: str, notation: Notation) -> list[dict]:
    """The other readings of one convention; the update, with each declared constant as its rate."""
    if name == "Delta":
        return [{"Delta": "update", "learning_rate": rate} for rate in sorted(notation.constants)]
    if name == "learning_rate":
        return [{"learning_rate": rate} for rate in _other_rates(notation)]
    if name in ("y", "sigma"):
        return [{"y": "t"} if name == "y" else {"sigma": "f"}]
    return [{name: CONVENTIONS[name][1][0]}]


def _other_rates(notation: Notation) -> list[str]:
    """The declared constants other than the (undeclared, default) learning rate of a declared update."""
    return sorted(notation.constants - {notation.learning_rate})
