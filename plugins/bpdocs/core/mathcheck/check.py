"""Check an equation against bpcore: every side equal, for every free index, shape and trial.

For each network shape, several seeded random networks and examples (x, t) are
drawn. For each row, every assignment of its free indices for which the left
side exists is tried; every other side must then exist, have the left side's
shape, and equal it within a tight tolerance. "Does not hold" comes only from a
complete binding; when another reading of an undeclared convention would make
the equation hold, the check asks for the declaration instead (:mod:`.readings`).
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from .cases import LOSSES, REDUCTIONS, Case, shared_cases
from .conditions import parse_where
from .counterexample import in_declared_names
from .declarations import ELL
from .einstein import summed_reading
from .evaluate import Evaluator
from .instance import Instance
from .latex import parse_equation
from .notation import CONVENTIONS, LEARNING_RATE, Notation, parse_notation
from .parser import parse_side
from .readings import alternatives, read
from .report import CheckReport, Failure
from .rows import check_rows
from .tree import Equation, Gradient, LatexError, Num, Op, Row, Sym
from .walk import free_indices, nodes, rebuilt

TRIALS = 5
WORDS = {
    "weights": "w_{ij} is the weight from unit i to unit j (Rojas' convention)",
    "input_layer": "the input is layer 1 (as Nielsen, UFLDL and Ng number layers)",
    "weight_layer": "W^l and b^l lead out of layer l, into layer l+1 (as UFLDL and Ng number them)",
    "jacobian": "a derivative of a vector by a vector is the transposed Jacobian (denominator layout)",
    "cdot": "\\cdot between two vectors is the elementwise product",
    "vectors": "vectors are rows, 1 x n (as d2l writes h = \\sigma(x W + b))",
    "products": "products written with operators are taken from the right (as Wikipedia's W^T \\cdot f' \\circ "
                "\\nabla C is W^T (f' \\circ \\nabla C); read by default, \\cdot binds tighter than \\circ)",
    "Delta": "\\Delta w is the weight update -{rate} \\frac{{\\partial E}}{{\\partial w}} with the learning rate {rate} "
             "(as most textbooks write it; read by default, it is the gradient \\frac{{\\partial E}}{{\\partial w}})",
    "delta_sign": "the error term is \\delta = -\\frac{\\partial E}{\\partial z} (as Mitchell and Haykin define it; read by "
                  "default, \\delta = \\frac{\\partial E}{\\partial z})",
    "sigma": "\\sigma is the activation f (as texts that write \\sigma for any activation; read by default, it is the "
             "logistic function)",
    "y": "y is the target (as Nielsen, UFLDL, Ng and CS229 write it, next to a^L for the output; read by default, y is "
         "the output)",
}


class BpcoreCase:
    """A drawn network and its examples, as the row check sees a case."""

    def __init__(self, case: Case, notation: Notation, bound: dict | None = None):
        self.shape, self.trial, self.instance = case.shape, case.trial, case.instance
        self.against = f"network {'-'.join(map(str, case.shape))}"
        self.session = None
        self.evaluator = Evaluator(case.instance, notation, bound)
        self.notation = notation
        self.shift = (notation.convention("input_layer") == "1", notation.convention("weight_layer") == "from")
        self.from_to = notation.convention("weights") == "from-to"  # (w_{ij}: from unit i to unit j)
        self.rows = notation.convention("vectors") == "rows"  # (for the shape hint)
        self._described = None

    def describe(self) -> dict:
        """The drawn values, weights and biases numbered as the text numbers their layers and indexes its weights,
        named as it names them (made once: a check may describe a case for every reading it tries)."""
        if self._described is None:
            values = self.instance.describe()
            shift = int(self.shift[0]) - int(self.shift[1])
            if shift:
                values = {re.sub(r"^([wb])\^(\d+)", lambda m: f"{m[1]}^{int(m[2]) + shift}", name): value
                          for name, value in values.items()}
            if self.from_to:
                values = {re.sub(r"^(w\^\d+_)\{(\d)(\d)\}$", r"\1{\3\2}", name): value
                          for name, value in values.items()}
            self._described = in_declared_names(values, self.notation)
        return dict(self._described)

    def candidates(self, side, var: str) -> list[int]:
        return candidates(side, var, self.instance.sizes, self.instance.N)


def bpcore_cases(drawn: list[Case], notation: Notation) -> list[BpcoreCase]:
    """The drawn cases as the row check sees them; the trials of a shape share what their symbols are bound
    to (it depends on the network's shape, examples, biases and constants, not on the values drawn)."""
    bound: dict = {}
    return [BpcoreCase(case, notation, bound.setdefault(_binding_key(case.instance), {})) for case in drawn]


def _binding_key(instance) -> tuple:
    return tuple(instance.sizes), instance.N, instance.batch, instance.biases, tuple(sorted(instance.constants))


def candidates(side, var: str, sizes, examples: int = 1) -> list[int]:
    """The values to try for a free index of the left side: those that make it a layer 0..L (one more when
    the input is layer 1), a unit 1..n (of the widest layer) or an example 1..N where it is used, offsets
    (``l+1``) included. Values that name nothing are then skipped, so these only need to cover every value
    that might; they cover no more, so that a deep network's layers are not also tried as units (that grew
    with the cube of the depth)."""
    from .walk import index_uses

    values: set[int] = set()
    for _, slot, offset in index_uses(side, var):
        offset = offset or 0  # in a sum of letters (i+k), a generous range: what names nothing is skipped
        if slot == "layer":
            values.update(range(-offset, len(sizes) + 1 - offset))
        elif slot == "example":
            values.update(range(1 - offset, examples + 1 - offset))
        else:
            values.update(range(1 - offset, max(sizes) + 1 - offset))
    if not values:  # a bare letter, e.g. in a bound
        values.update(range(0, max(max(sizes), len(sizes)) + 1))
    return sorted(values)


def check(equation: Equation | str, shapes, *, activation: str = "identity", trials: int = TRIALS,
          networks=None, where: str | None = None, notation: Notation | dict | str | None = None,
          loss: str = "squared", biases: bool = False, batch: int | None = None, reduction: str = "sum",
          l2: str | None = None) -> CheckReport:
    """Check every row of ``equation`` on ``shapes`` (or on the given ``networks`` with random examples).

    ``where`` restricts the free indices, e.g. ``"l < L"`` (names: the indices, L, K, I, N); a condition
    applies to the rows whose free indices it names. ``batch``: check on that many examples at once (E is
    their errors' sum, or mean with ``reduction="mean"``); ``l2``: the L2 term's coefficient in LaTeX
    (``\\frac{\\lambda}{2}``), its letters constants drawn for every trial.
    """
    if loss not in LOSSES:
        raise ValueError(f'loss="{loss}" is not one of {", ".join(LOSSES)}')
    if reduction not in REDUCTIONS:
        raise ValueError(f'reduction="{reduction}" is not one of {", ".join(REDUCTIONS)}')
    if batch is not None and not (isinstance(batch, int) and 1 <= batch <= 100):
        raise ValueError(f'batch="{batch}" must be a whole number from 1 to 100')
    if not (isinstance(trials, int) and 1 <= trials <= 1000):
        raise ValueError(f"trials={trials!r} must be a whole number from 1 to 1000")
    notation, coefficient = prepare_notation(notation, batch, l2)
    conjuncts = parse_where(where, tuple(notation.last_layers))  # (CS229's {r: L}: where="k <= r" says k <= L)
    if isinstance(equation, str):
        equation = parse_equation(equation, notation)
    if any(isinstance(n, Gradient) and n.step and n.rate is None for row in equation.rows for side in row.sides
           for n in nodes(side)):
        notation = notation.stepping()  # an update rule's rate: a constant, drawn for every trial (unless a number)
    report = CheckReport(shapes=[list(s) for s in shapes], trials=trials)
    drawn = shared_cases(shapes, activation, trials, biases=biases, loss=loss, batch=batch, reduction=reduction,
                         constants=tuple(sorted(notation.constants)), l2=coefficient, networks=networks)
    reading = read(equation, notation)
    rows_free = [set(free_indices(side)) for row in reading.rows for side in row.sides]
    for names, _ in conjuncts:
        unknown = names - set().union(*rows_free)
        if unknown:
            ell = " (the equation writes \\ell: so may where)" * ("l" in unknown and ELL in set().union(*rows_free))
            raise ValueError(f"where: {', '.join(sorted(unknown))} is not a free index of the equation{ell}")
    try:
        failure = check_rows(reading, bpcore_cases(drawn, notation), conjuncts, report)
        if failure is not None and (failure.is_verdict or failure.kind in ("unreadable", "domain")):  # a convention
            failure = _another_reading(equation, notation, drawn, conjuncts, failure) or failure  # may explain it
        if failure is not None and failure.is_verdict and loss == "cross-entropy":
            failure = _binary_targets(reading, notation, drawn, conjuncts, failure) or failure
        if failure is not None and failure.is_verdict:
            failure = _summed_indices(reading, notation, drawn, conjuncts, failure) or failure
        if failure is not None and failure.is_verdict:
            _delta_by_the_output(equation, notation, drawn, conjuncts, failure)
    finally:  # the cases are shared with later checks, their passes not: a check holds the memory it did
        for case in drawn:
            case.instance.forget_passes()
    if failure is not None:
        report.failures.append(failure)
    return report


def prepare_notation(notation, batch: int | None = None, l2: str | None = None):
    """The notation for a check (batch or not; the L2 coefficient's constants declared), and the coefficient."""
    notation = replace(parse_notation(notation), batch=batch is not None)
    if not l2:
        return notation, None
    coefficient, notation = _l2_coefficient(l2, notation)
    return notation, coefficient


def _l2_coefficient(l2: str, notation: Notation):
    """The L2 coefficient parsed, its letters (other than N) declared as constants of the notation."""
    from .lexer import tokenize

    letters = {t.text for t in tokenize(l2) if t.kind in ("name", "macro", "word") and t.text != r"\frac"
               and notation.canonical(t.text) != "N"}
    notation = replace(notation, constants=notation.constants | letters)
    try:
        tree = parse_side(l2, notation)
    except LatexError as exc:
        raise LatexError(f"l2=\"{l2}\": {exc.message}") from None
    if any(getattr(n, "name", None) in ("x", "y", "t", "h", "z", "w", "W", "b", "E", "delta") for n in nodes(tree)):
        raise LatexError(f"l2=\"{l2}\": the coefficient is made of numbers, constants and N")
    return tree, notation


def _holds(equation, cases, conjuncts) -> bool:
    """Whether ``equation`` (a reading of it) holds on ``cases``, compared at least once: to know, not to report."""
    report = CheckReport(shapes=[], trials=0)
    return check_rows(equation, cases, conjuncts, report, scan=False) is None and bool(report.assignments)


def _binary_targets(reading, notation, drawn, conjuncts, failure: Failure) -> Failure | None:
    """A refusal if the equation holds where every target is 0 or 1 (Goodfellow's -\\log \\sigma((2y-1)z), a form of
    the binary cross-entropy true only there, as the text's y is), or where every target is -1 or +1 (Hardt and
    Recht's, Shalev-Shwartz's, Mohri's \\log(1 + e^{-y w^T x}): their y is 2t - 1), else None: the checker draws
    targets in (0, 1)."""
    def zeros_and_ones(case, flip: int):  # each unit's target 0 in some cases, 1 in the others (-t \\log y is no form)
        return (np.indices(case.instance.T.shape).sum(axis=0) + case.trial + flip) % 2 * 1.0

    def label(node):  # the text's label, -1 or +1, from bpcore's target, 0 or 1
        return Op("-", (Op("*", (Num(2.0), node)), Num(1.0))) if isinstance(node, Sym) and node.name == "t" else None

    signed = Equation([Row([rebuilt(side, label) for side in row.sides], row.texts, row.tag, row.lines)
                       for row in reading.rows], reading.tags)
    flipped = [[replace(case, instance=Instance(case.instance.net, case.instance.X, zeros_and_ones(case, flip),
                                                batch=case.instance.batch, constants=case.instance.constants))
                 for case in drawn] for flip in (0, 1)]  # (and every case's the other way: one unit sees both)
    for equation, labels in ((reading, "0 or 1"), (signed, "-1 or +1")):
        for binary in flipped:
            if not _holds(equation, bpcore_cases(binary, notation), conjuncts):
                break
        else:
            break
    else:
        return None
    text = ("a text's y \\in \\{0, 1\\}" if labels == "0 or 1" else
            "labels y \\in \\{-1, +1\\}, the margin form \\log(1 + e^{-y z}), where the target t is (y + 1)/2")
    message = (f"it does not hold for targets between 0 and 1, but it holds where every target is {labels}: a form "
               f"of the cross-entropy true only for such targets ({text}) is not checked; "
               "write the loss for any target, -t \\log y - (1 - t) \\log(1 - y)")
    return Failure("reading", failure.row, failure.step, failure.shape, failure.trial, failure.binding, message,
                   against=failure.against, details=["for a target between 0 and 1:"] +
                   [f"  {line}" for line in failure.report(reading)])


def _summed_indices(reading, notation, drawn, conjuncts, failure: Failure) -> Failure | None:
    """A refusal if the equation holds with each index of its right side only, repeated in a product, summed
    (Einstein's convention), else None."""
    summed = summed_reading(reading)
    if summed is None:
        return None
    equation, letters = summed
    kept = [(names, code) for names, code in conjuncts if not names & set(letters)]
    if not _holds(equation, bpcore_cases(drawn, notation), kept):
        return None
    shown = ", ".join(letters)
    message = (f"{shown} is on the right side only, repeated in a product: read for every {shown}, as written, it "
               f"does not hold, but summed over {shown} (Einstein's convention) it holds; write the sum, "
               f"\\sum_{{{letters[0]}}} ..., which is checked (the checker sums only what is written)")
    return Failure("reading", failure.row, failure.step, failure.shape, failure.trial, failure.binding, message,
                   against=failure.against, details=["read for every value:"] + [
                       f"  {line}" for line in failure.report(reading)])


def _delta_by_the_output(equation, notation, drawn, conjuncts, failure: Failure) -> None:
    """A note on a verdict if the equation holds with \\delta the error's derivative by a layer's output h
    (Shalev-Shwartz and Ben-David's). Not another reading that makes it a question: that reading is also the
    derivation's \\delta with its f'(z) forgotten (\\delta^L = y - t), the commonest mistake, a verdict."""
    if "delta_of" in notation.conventions or not any(isinstance(n, Sym) and n.name == "delta" for row in equation.rows
                                                     for side in row.sides for n in nodes(side)):
        return
    other = notation.reading(delta_of="h")
    if _holds(read(equation, other), bpcore_cases(drawn, other), conjuncts):
        failure.details.append("  (\\delta is read here as \\frac{\\partial E}{\\partial z}, by the pre-activation; as "
                               "\\frac{\\partial E}{\\partial h}, by the layer's output h, it holds: declare "
                               "delta_of: h only if your text defines \\delta so, as Shalev-Shwartz and Ben-David do; "
                               "otherwise a factor f'(z) is missing or extra)")


def _another_reading(equation, notation, drawn, conjuncts, failure: Failure) -> Failure | None:
    """A refusal if other readings of undeclared conventions make the equation hold (the smallest ones, up to
    three), else None."""
    holding: list[dict] = []
    for other, changed in alternatives(equation, notation):
        if len(holding) == 3 or any(set(found) <= set(changed) and all(found[k] == changed[k] for k in found)
                                    for found in holding):
            continue  # a reading that only adds to one that holds says nothing more
        if _holds(read(equation, other), bpcore_cases(drawn, other), conjuncts):
            holding.append(changed)
    if not holding:
        return None
    readings, declarations = [], []
    for changed in holding:
        words, declare = [], []
        for name, value in changed.items():
            if name == "index_layers":
                layers = ", ".join(f"{letter}: {index}" for letter, index in value.items())
                words.append(f"the index letters name layers ({layers})")
                declare.append(f"index_layers: {{{layers}}}")
            elif name == "learning_rate":
                if "Delta" not in changed:  # the update declared: another constant as its rate
                    words.append(f"the learning rate of the update is {value}")
                if value != LEARNING_RATE or "Delta" not in changed:
                    declare.append(f"learning_rate: {value.lstrip(chr(92))}")
            elif name == "Delta":
                words.append(WORDS[name].format(rate=changed["learning_rate"]))
                declare.append(f"{name}: {value}")
            else:
                words.append(WORDS[name])
                declare.append(f"{name}: {value}")
        readings.append(" and ".join(words))
        declarations.append("{" + ", ".join(declare) + "}")
    keep = sorted({name for changed in holding for name in changed})
    rates = any("learning_rate" in changed and "Delta" not in changed for changed in holding)
    kept = ", ".join("index_layers: {}" if name == "index_layers" else
                     f"learning_rate: {notation.learning_rate.lstrip(chr(92))}" if name == "learning_rate" else
                     "y: y" if name == "y" else "sigma: sigma" if name == "sigma" else
                     f"{name}: {CONVENTIONS[name][0]}" for name in keep if name != "learning_rate" or rates)
    message = (f"it does not hold as read by default, but it holds if {'; or if '.join(readings)}; declare which your "
               f"text means in bpdocs_notation: {' or '.join(declarations)}, or {{{kept}}} to keep the default "
               "reading and get a verdict")
    default = failure.report(read(equation, notation))
    return Failure("reading", failure.row, failure.step, failure.shape, failure.trial, failure.binding, message,
                   against=failure.against, details=["as read by default:"] + [f"  {line}" for line in default])


__all__ = ["CheckReport", "Failure", "check", "parse_equation"]
