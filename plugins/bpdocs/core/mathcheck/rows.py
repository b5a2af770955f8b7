"""Checking the rows of an equation on cases (drawn networks, or a session's trials): every assignment of the
free indices for which the left side exists; the other sides must exist, have its shape, and equal it.

A case gives an ``evaluator`` (``value``, ``bounds``, ``constant``), ``candidates(side, var)``, ``describe()``
(its values, for a counterexample), ``against`` (what it is, in words), ``shape`` and ``trial``.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from fractions import Fraction

import numpy as np

from .binding import BindingError, EngineDisagrees, OutOfRange
from .conditions import holds_where
from .dual import Dual, Kink, ShapeMismatch, Tensor, shape_text, shown
from .hints import WHERE_HINT, by_free_index, domain_hint, out_of_range
from .report import VERDICTS, Counterexample, Failure
from .sidepairs import TRANSPOSED_GRADIENT, ZERO, transposed_gradient, zeros_like
from .tree import Derivative, Kronecker, Reduce, Sym
from .walk import free_indices, index_role, nodes, only_gradients

RTOL, ATOL = 1e-9, 1e-12
SHAPE_HINT = ("; this side has no value, so the equation cannot be checked (vectors are columns here, W^l is "
              "n_l x n_{l-1}: is a transpose missing, or are factors swapped?)")
FROM_TO_HINT = SHAPE_HINT.replace("n_l x n_{l-1}", "n_{l-1} x n_l, as weights: from-to declares")
ROWS = ("vectors are columns here", "vectors are rows here, as vectors: rows declares")
SHAPE_HINTS = {(False, False): SHAPE_HINT, (False, True): FROM_TO_HINT,  # (rows?, from-to?): Raschka's x W^T too
               (True, False): SHAPE_HINT.replace(*ROWS), (True, True): FROM_TO_HINT.replace(*ROWS)}
OWN_CODE_SHAPE_HINT = ("; this side has no value, so the equation cannot be checked (the shapes are your arrays': is a "
                       "transpose missing, or are factors swapped?)")
JACOBIAN_HINT = ("; this side has no value, so the equation cannot be checked (a derivative of a vector by a vector "
                 "is a Jacobian, a matrix: for the elementwise derivative write f'(z))")
UNDEFINED = (ZeroDivisionError, OverflowError, FloatingPointError)
VACUOUS = {"network": "is a side a derivative of something that does not change it (of the target t, declared or "
                      "read as y: is y the output here?)",
           "session": "is a side a derivative of something that does not change it, or 0 for every value drawn "
                      "(a ReLU layer whose inputs are all negative: draw inputs where it is alive)?"}


def check_rows(equation, cases, conjuncts, report, scan: bool = True) -> Failure | None:
    """The first failure of the equation's rows, or None. ``scan``: after a verdict, look on for what cannot be
    read (which turns it into a refusal); without it, stop at the first failure (to know only whether it holds)."""
    for row_number, row in enumerate(equation.rows):
        failure = _check_row(row, row_number, cases, conjuncts, report, scan)
        if failure is not None:
            return failure
    return None


def _failure(kind, row_number, step, case, env, message, **more) -> Failure:
    drawn = case.describe() if kind in VERDICTS and hasattr(case, "describe") else {}  # for an erratum's table
    return Failure(kind, row_number, step, case.shape, case.trial, env, message, against=case.against,
                   drawn=drawn, **more)


def _undefined(exc, own_code: bool = False) -> str:
    hint = "" if isinstance(exc, Kink) else (
        " (the inputs are drawn from a normal distribution: one that must be positive, a variance, can be bound as "
        "an expression that is, v=np.abs(v_raw), or left out of inputs)" if own_code else
        " (is the activation or the loss the one the text means?)")
    return f"not a number here ({exc}): the equation is not defined for these values, so it cannot be checked on them{hint}"


def _check_row(row, row_number, cases, conjuncts, report, scan: bool = True) -> Failure | None:
    """The row's first failure. After a verdict, the remaining assignments are still evaluated, and a construct
    that cannot be read at any of them turns the verdict into a refusal: no verdict on what is not read."""
    on_left = free_indices(row.sides[0])
    only_right = []
    for side in row.sides[1:]:
        only_right += [v for v in free_indices(side) if v not in on_left and v not in only_right]
    in_row = set(on_left) | set(only_right)
    applying = [(names, code) for names, code in conjuncts if names <= in_row]
    found_any, bound_any, last_problem = False, False, None  # last_problem: the last OutOfRange of the left side
    verdict = domain = None  # the first verdict; the first assignment outside the equation's implicit range
    ranges: dict = {}
    tested = [False]  # whether a side was other than 0 where they were compared
    for case in cases:
        if verdict is not None and case.trial > 0:
            continue  # what can be read depends on the shapes, not on the values drawn: one trial of each
        evaluator = case.evaluator
        shape_key = (tuple(case.shape or ()), getattr(case, "session", None), id(case) if case.shape is None else 0)
        if shape_key not in ranges:  # the same for every trial of a shape
            ranges[shape_key] = [case.candidates(row.sides[0], var) for var in on_left]
        for values in itertools.product(*ranges[shape_key]):
            report.tried += 1
            env = dict(zip(on_left, values))
            try:
                left = evaluator.value(row.sides[0], env)
            except OutOfRange as exc:
                last_problem = exc.with_traceback(None)  # (its frames would keep this check alive)
                continue  # these values name nothing on the left: outside the equation's range
            except (EngineDisagrees, BindingError, ShapeMismatch, *UNDEFINED) as exc:
                failure = _refusal(exc, row_number, 0, case, env, row.sides[0])
                if verdict is None or failure.kind in READING:
                    return failure.overruling(verdict, row)
                continue
            bound_any = True
            on_the_left = [(names, code) for names, code in applying if names <= set(on_left)]
            if on_the_left and not holds_where(on_the_left, env, evaluator):
                continue  # (before the right side's own indices get their ranges: at l = L, w^{l+1} has none)
            try:
                extras = list(_right_only_values(evaluator, row, only_right, env))
            except BindingError as exc:
                return _failure("binding", row_number, 1, case, env, str(exc))
            for extra in extras:
                full = {**env, **extra}
                if applying and not holds_where(applying, full, evaluator):
                    continue
                found_any = True
                failure = _compare(case, row, row_number, full, left, report, tested)
                if failure is None:
                    continue
                if failure.kind == "domain" and scan:
                    domain = domain or failure  # the equation's range, not its truth: look on
                    continue
                if not failure.is_verdict and (verdict is None or failure.kind in READING) or not scan:
                    return failure.overruling(verdict, row)
                verdict = verdict or failure
    if verdict is not None or domain is not None:
        return verdict or domain
    if found_any and not tested[0] and not any(_constant(side) for side in row.sides):
        against = ", ".join(dict.fromkeys(case.against for case in cases))
        own_code = any(getattr(case, "own_code", False) for case in cases)
        return Failure("vacuous", row_number, 0, None, 0, {}, f"both sides were 0 wherever they were compared "
                       f"({against}), so the check cannot tell this equation from a wrong one: "
                       f"{VACUOUS['session' if own_code else 'network']}")
    if not found_any:
        against = ", ".join(dict.fromkeys(case.against for case in cases))
        if bound_any:  # the left side exists, but the condition left no case to check
            return Failure("binding", row_number, 0, None, 0, {},
                           f"{row.texts[0]}: the where condition excludes every case on {against}")
        reason = f": {last_problem}" if last_problem else ""
        return Failure("binding", row_number, 0, None, 0, {}, f"{row.texts[0]} names nothing in {against}{reason}")
    return None


READING = ("binding", "unreadable", "engine")  # refusals about reading the equation, not about its values
SUM_RANGE_HINT = ("; a sum's index runs over the whole array here, and this term names an entry it does not have "
                  "(an initial state, h^{(0)}, that the array leaves out?): give the sum the bounds where every term "
                  "exists, \\sum_{t=2}^{T}, with the first term apart, or bind an array that has the entry")


def _vector_by_square(exc) -> bool:
    """A column times a square matrix, elementwise: often an elementwise derivative written as a Jacobian (Raschka's
    \\delta^{(h)} = (W^{(out)})^T \\delta^{(out)} \\odot \\partial\\phi(z^{(h)}) / \\partial z^{(h)})."""
    if getattr(exc, "what", "") != "an elementwise product":
        return False
    shapes = sorted(exc.shapes, key=lambda shape: shape[1])  # (the column first)
    return shapes[0][1] == 1 and shapes[1] == (shapes[0][0], shapes[0][0])


def _refusal(exc, row_number, step, case, env, side) -> Failure:
    """The failure for an error evaluating ``side``: a refusal (or, out of range on the right, a verdict)."""
    exc.with_traceback(None)  # a binding's error is kept for its next raise: not the frames of this one with it
    if isinstance(exc, EngineDisagrees):
        return _failure("engine", row_number, step, case, env, str(exc))
    if isinstance(exc, OutOfRange):
        if by_free_index(exc, env):
            return _failure("domain", row_number, step, case, env, str(exc) + domain_hint(exc, env, case))
        through_a_letter = any(index.vars for index in out_of_range(exc))  # (else no where="..." can help: a
        # layer a declared index letter fixes, \delta_i at layer 0 in Bishop's notation, is simply not there)
        if through_a_letter and getattr(case, "own_code", False):  # an array's entries summed: h^{(t-1)} at t = 1
            return _failure("binding", row_number, step, case, env, str(exc) + SUM_RANGE_HINT)
        return _failure("range", row_number, step, case, env, str(exc) + (WHERE_HINT if env and through_a_letter else ""))
    if isinstance(exc, BindingError):
        return _failure("binding", row_number, step, case, env, str(exc))
    if isinstance(exc, ShapeMismatch):
        jacobian = _vector_by_square(exc) and any(isinstance(n, Derivative) for n in nodes(side))
        hint = JACOBIAN_HINT if jacobian else OWN_CODE_SHAPE_HINT if getattr(case, "own_code", False) else \
            SHAPE_HINTS[getattr(case, "rows", False), getattr(case, "from_to", False)]
        return _failure("unreadable", row_number, step, case, env, str(exc) + hint)
    return _failure("undefined", row_number, step, case, env, _undefined(exc, getattr(case, "own_code", False)))


def _right_only_values(evaluator, row, variables: list[str], env: dict):
    """Values for indices that appear only on the right: each over the range its role gives it."""
    if not variables:
        yield {}
        return
    ranges = []
    for var in variables:
        side = next(s for s in row.sides[1:] if var in free_indices(s))
        role = index_role(side, var)
        if role is None:
            raise BindingError(evaluator.undeclared_bound(side, var, env) if hasattr(evaluator, "undeclared_bound")
                               else f"the bound {var} is not known: it is not an index of the left side, and nothing "
                               "gives its range (use numbers, L, K, I, n_l, or an index of the left side)")
        if role[1] == "layer":  # (no sum: nothing gives its range)
            raise BindingError(f"{role[0].text}: {var} is read as its layer, on the right side only, so nothing gives "
                               f"its range (a sum over it, or a layer the left side has)" + (
                                   "; if ^t is a transpose (Duda, Hart and Stork's \\mathbf{w}^t), write ^T (or "
                                   "\\top)" if var == "t" else ""))
        low, high = evaluator.bounds(Reduce("+", var, None, None, side), env)
        ranges.append(range(low, high + 1))
    for values in itertools.product(*ranges):
        yield dict(zip(variables, values))


class SidesDiffer(ShapeMismatch):
    """Two sides, each with a value, of different shapes: they are not equal."""


class Transposed(ShapeMismatch):
    """Two sides that are a column and a row (or a matrix and its transpose) with the same entries."""


class Diagonal(ShapeMismatch):
    """A square matrix, zero off its diagonal, and a vector that is its diagonal: an elementwise derivative
    (``\\partial \\phi(z) / \\partial z = \\phi'(z)``, Raschka's) that reads as a Jacobian."""


def _difference(previous, right) -> tuple[float, float]:
    """(largest absolute difference, scale) of two values; raises SidesDiffer if their shapes differ."""
    if isinstance(previous, Tensor) and isinstance(right, Tensor):
        if previous.shape != right.shape:
            if previous.shape == right.shape[::-1] and np.allclose(previous.a, right.a.T, rtol=1e-9, atol=1e-12):
                raise Transposed(f"the sides are {shape_text(previous.shape)} and {shape_text(right.shape)} with the "
                                 "same entries, one the transpose of the other: if your text writes gradients or "
                                 "vectors as rows, transpose one side; if it writes Jacobians in denominator layout, "
                                 "declare it (bpdocs_notation: {jacobian: denominator})")
            _diagonal(previous, right)
            raise SidesDiffer(f"the sides have shapes {shape_text(previous.shape)} and {shape_text(right.shape)}")
        return float(np.max(np.abs(previous.a - right.a))), float(max(np.max(np.abs(previous.a)),
                                                                      np.max(np.abs(right.a))))
    if isinstance(previous, Tensor) or isinstance(right, Tensor):
        tensor = previous if isinstance(previous, Tensor) else right
        if tensor.shape != (1, 1):
            raise SidesDiffer(f"one side is a number, the other {shape_text(tensor.shape)}")
        previous = previous.scalar() if isinstance(previous, Tensor) else previous
        right = right.scalar() if isinstance(right, Tensor) else right
    return abs(right.a - previous.a), max(abs(right.a), abs(previous.a))


def _diagonal(one: Tensor, other: Tensor) -> None:
    """Raise :class:`Diagonal` if one side is a diagonal matrix whose diagonal is the other side, a vector."""
    matrix, vector = (one, other) if one.shape[0] == one.shape[1] else (other, one)
    n = matrix.shape[0]
    if n > 1 and matrix.shape == (n, n) and vector.shape in ((n, 1), (1, n)) \
            and np.allclose(matrix.a, np.diag(vector.a.ravel()), rtol=1e-9, atol=1e-12):
        raise Diagonal(f"one side is a {shape_text(matrix.shape)} matrix, zero off its diagonal, and the other is its "
                       "diagonal: a derivative of a vector by a vector is a Jacobian (a matrix); for the elementwise "
                       "derivative write f'(z) (or \\operatorname{diag}(f'(z)) for the matrix)")


def _differ(left, right, squared: bool) -> str:
    """How two sides differ, when it says something: in sign alone (a sign flipped), or by a simple factor (with the
    squared error, a factor of 2 is an error without its 1/2)."""
    a, b = np.asarray(plain(left), dtype=float), np.asarray(plain(right), dtype=float)
    if a.shape != b.shape or not (np.all(np.abs(a) > 1e-9) and np.all(np.abs(b) > 1e-9)):
        return "the sides differ"
    elif np.allclose(a, -b, rtol=1e-9, atol=0):
        return "the sides differ in sign alone: is a sign flipped?"
    ratio, factor = (a / b).ravel(), Fraction(float((a / b).ravel()[0])).limit_denominator(12)
    if not (np.allclose(ratio, float(factor), rtol=1e-9, atol=0) and factor not in (0, 1)
            and -13 < factor.numerator < 13):
        return "the sides differ"
    if squared and factor in (2, Fraction(1, 2)):  # (also of one number: the loss's 1/2 is the likely cause; one
        # number's other simple ratios are often chance: a page's values are round)
        return ("the sides differ by a factor of 2: the squared error is E = \\frac{1}{2} \\sum_k (t_k - y_k)^2 here "
                "(loss=\"squared\"); for a text whose error has no \\frac{1}{2} (3Blue1Brown's (a - y)^2, Hagan's "
                "e^T e), check with loss=\"sum-of-squares\"")
    return "the sides differ" if ratio.size < 2 else f"the sides differ by a factor: left side = {factor} x right side"


def plain(value):
    """A side's value as plain data: a number, a list (a vector) or a list of lists (a matrix)."""
    if isinstance(value, Dual):
        return float(value.a)
    if isinstance(value, Tensor):
        return value.a[:, 0].tolist() if value.shape[1] == 1 else value.a.tolist()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return float(value)


def _constant(side) -> bool:
    """Whether a side is made of numbers alone (``= 0`` says the other side is 0: a claim the check tests)."""
    return not any(isinstance(node, (Sym, Derivative, Kronecker)) for node in nodes(side))


def _compare(case, row, row_number, env, left, report, tested):
    previous = left
    evaluator = case.evaluator
    for step, side in enumerate(row.sides[1:], start=1):
        try:
            right = evaluator.value(side, env)
        except (EngineDisagrees, BindingError, ShapeMismatch, *UNDEFINED) as exc:
            return replace(_refusal(exc, row_number, step, case, env, side), sides=(plain(previous),))
        if side == ZERO or row.sides[step - 1] == ZERO:  # grad L(w^*) = 0: every entry (a zero vector written 0)
            previous, right = zeros_like(right, previous), zeros_like(previous, right)
        try:
            error, scale = evaluator.difference(previous, right) if hasattr(evaluator, "difference") else \
                _difference(previous, right)
        except Diagonal as exc:  # the elementwise reading holds: a question, not a verdict
            return _failure("unreadable", row_number, step, case, env, str(exc))
        except Transposed as exc:
            if not getattr(evaluator, "layout_declared", False):  # a convention it may be: ask
                return _failure("unreadable", row_number, step, case, env, str(exc))
            return _failure("shape", row_number, step, case, env, str(exc).split(":")[0])
        except ShapeMismatch as exc:
            return _failure("shape", row_number, step, case, env, str(exc))
        report.assignments += 1
        rtol, atol = getattr(evaluator, "rtol", RTOL), getattr(evaluator, "atol", ATOL)
        if error > atol + rtol * scale:
            if transposed_gradient(case, row, previous, right, atol, rtol):
                return _failure("unreadable", row_number, step, case, env, TRANSPOSED_GRADIENT)
            counterexample = Counterexample(case.against, tuple(case.shape) if case.shape else None, case.session,
                                            case.trial + 1, dict(env), case.describe(), plain(previous), plain(right),
                                            row.texts[step - 1], row.texts[step], row_number, step)
            squared = getattr(getattr(evaluator, "instance", None), "loss", None) == "squared" and any(
                isinstance(node, Derivative) or isinstance(node, Sym) and node.name in ("E", "E_0", "delta")
                for side in row.sides for node in nodes(side)) and not all(
                only_gradients(side) for side in row.sides[step - 1:step + 1])  # (about the error; not -0.1g = -0.2g)
            return _failure("mismatch", row_number, step, case, env, _differ(previous, right, squared),
                            values=(shown(previous), shown(right)), counterexample=counterexample,
                            sides=(plain(previous), plain(right)))
        report.largest_error = max(report.largest_error, error)
        tested[0] = tested[0] or scale > atol
        previous = right
    return None
