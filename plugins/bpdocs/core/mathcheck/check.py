"""Check an equation against bpcore: every side equal, for every free index, shape and trial.

For each network shape, several seeded random networks and examples (x, t) are
drawn. For each row, every assignment of its free indices for which the left
side exists is tried; every other side must then exist, have the left side's
shape, and equal it within a tight tolerance.
"""

from __future__ import annotations

import itertools

import numpy as np

from .binding import BindingError, EngineDisagrees, OutOfRange, free_indices, index_role, symbols
from .cases import LOSSES, example, instances, parse_shapes
from .conditions import _holds, parse_where
from .dual import Dual, Instance, ShapeMismatch, Tensor, shape_text
from .evaluate import Evaluator
from .latex import parse_equation
from .notation import Notation, parse_notation
from .report import CheckReport, Failure
from .tree import Equation, Reduce

RTOL, ATOL = 1e-9, 1e-12
WHERE_HINT = (" (the left side exists here, so the right side must too; if the equation holds only for some "
              "indices, say which with where=\"...\", e.g. where=\"l < L\")")
TRIALS = 5


def check(equation: Equation | str, shapes, *, activation: str = "identity", trials: int = TRIALS,
          networks=None, where: str | None = None, notation: Notation | dict | str | None = None,
          loss: str = "squared", biases: bool = False) -> CheckReport:
    """Check every row of ``equation`` on ``shapes`` (or on the given ``networks`` with random examples).

    ``where`` restricts the free indices, e.g. ``"l < L"`` (names: the indices, L, K, I); a condition
    applies to the rows whose free indices it names.
    """
    if loss not in LOSSES:
        raise ValueError(f'loss="{loss}" is not one of {", ".join(LOSSES)}')
    conjuncts = parse_where(where)
    notation = parse_notation(notation)
    if isinstance(equation, str):
        equation = parse_equation(equation, notation)
    report = CheckReport(shapes=[list(s) for s in shapes], trials=trials)
    cases = []
    if networks is not None:
        for net in networks:
            rng = np.random.default_rng(list(net.sizes))
            cases += [(list(net.sizes), trial, Instance(net, *example(rng, net.sizes, net.loss_function.name)))
                      for trial in range(trials)]
    else:
        for shape in shapes:
            cases += [(list(shape), trial, inst) for trial, inst in
                      instances(shape, activation, trials, biases=biases, loss=loss)]
    rows_free = [set(free_indices(side)) for row in equation.rows for side in row.sides]
    for names, _ in conjuncts:
        unknown = names - set().union(*rows_free)
        if unknown:
            raise ValueError(f"where: {', '.join(sorted(unknown))} is not a free index of the equation")
    for row_number, row in enumerate(equation.rows):
        failure = _check_row(row, row_number, cases, conjuncts, notation, report)
        if failure is not None:
            report.failures.append(failure)
            return report
    return report


def _check_row(row, row_number, cases, conjuncts, notation, report) -> Failure | None:
    on_left = free_indices(row.sides[0])
    only_right = []
    for side in row.sides[1:]:
        only_right += [v for v in free_indices(side) if v not in on_left and v not in only_right]
    in_row = set(on_left) | set(only_right)
    applying = [(names, code) for names, code in conjuncts if names <= in_row]
    found_any, bound_any, last_problem = False, False, None  # last_problem: the last BindingError of the left side
    for shape, trial, inst in cases:
        evaluator = Evaluator(inst, notation)
        candidates = [_candidates(row.sides[0], var, shape) for var in on_left]
        for values in itertools.product(*candidates):
            env = dict(zip(on_left, values))
            try:
                left = evaluator.value(row.sides[0], env)
            except EngineDisagrees as exc:
                return Failure("engine", row_number, 0, shape, trial, env, str(exc))
            except BindingError as exc:
                last_problem = exc
                continue  # these values name nothing on the left: outside the equation's range
            except (ShapeMismatch, ZeroDivisionError, OverflowError) as exc:
                return Failure("shape" if isinstance(exc, ShapeMismatch) else "range", row_number, 0, shape,
                               trial, env, str(exc) if isinstance(exc, ShapeMismatch) else f"not a number here: {exc}")
            bound_any = True
            try:
                extras = list(_right_only_values(evaluator, row, only_right, env))
            except BindingError as exc:
                return Failure(_kind(exc), row_number, 1, shape, trial, env, str(exc))
            for extra in extras:
                full = {**env, **extra}
                if applying and not _holds(applying, full, inst):
                    continue
                found_any = True
                failure = _compare(evaluator, row, row_number, full, left, shape, trial, inst, report)
                if failure:
                    return failure
    if not found_any:
        shapes_text = ", ".join("-".join(map(str, s)) for s in report.shapes)
        if bound_any:  # the left side exists, but the condition left no case to check
            return Failure("binding", row_number, 0, report.shapes[0], 0, {},
                           f"{row.texts[0]}: the where condition excludes every case on {shapes_text}")
        reason = f": {last_problem}" if last_problem else ""
        return Failure(_kind(last_problem) if last_problem else "binding", row_number, 0, report.shapes[0], 0, {},
                       f"{row.texts[0]} names nothing in {shapes_text}{reason}")
    return None


def _candidates(side, var: str, shape) -> range:
    """The values to try for a free index of the left side: a layer 0..L, a unit 1..n (the widest layer).
    Values that name nothing are then skipped, so these only need to cover every value that might."""
    as_layer = as_unit = False
    for sym in symbols(side):
        as_layer = as_layer or sym.layer is not None and sym.layer.var == var
        as_unit = as_unit or any(index.var == var for index in sym.indices)
    if as_layer and not as_unit:
        return range(0, len(shape))
    return range(0 if as_layer or not as_unit else 1, max(max(shape), len(shape)) + 1)


def _kind(exc: BindingError) -> str:
    return "range" if isinstance(exc, OutOfRange) else "binding"


def _right_only_values(evaluator: Evaluator, row, variables: list[str], env: dict):
    """Values for indices that appear only on the right: each over the range its role gives it."""
    if not variables:
        yield {}
        return
    ranges = []
    for var in variables:
        side = next(s for s in row.sides[1:] if var in free_indices(s))
        if index_role(side, var) is None:
            raise BindingError(f"the bound {var} is not known: it is not an index of the left side, and nothing "
                               "gives its range (use numbers, L, K, I, n_l, or an index of the left side)")
        low, high = evaluator.bounds(Reduce("+", var, None, None, side), env)
        ranges.append(range(low, high + 1))
    for values in itertools.product(*ranges):
        yield dict(zip(variables, values))


def _difference(previous, right) -> tuple[float, float]:
    """(largest absolute difference, scale) of two values; raises ShapeMismatch if their shapes differ."""
    if isinstance(previous, Tensor) and isinstance(right, Tensor):
        if previous.shape != right.shape:
            raise ShapeMismatch(f"the sides have shapes {shape_text(previous.shape)} and {shape_text(right.shape)}")
        return float(np.max(np.abs(previous.a - right.a))), float(max(np.max(np.abs(previous.a)),
                                                                      np.max(np.abs(right.a))))
    if isinstance(previous, Tensor) or isinstance(right, Tensor):
        tensor = previous if isinstance(previous, Tensor) else right
        if tensor.shape != (1, 1):
            raise ShapeMismatch(f"one side is a number, the other {shape_text(tensor.shape)}")
        previous = previous.scalar() if isinstance(previous, Tensor) else previous
        right = right.scalar() if isinstance(right, Tensor) else right
    return abs(right.a - previous.a), max(abs(right.a), abs(previous.a))


def _shown(value) -> str:
    if isinstance(value, Dual):
        return f"{value.a:.10g}"
    return np.array2string(value.a.ravel() if value.shape[1] == 1 else value.a, precision=6)


def _compare(evaluator, row, row_number, env, left, shape, trial, inst, report):
    previous = left
    for step, side in enumerate(row.sides[1:], start=1):
        try:
            right = evaluator.value(side, env)
            error, scale = _difference(previous, right)
        except (BindingError, EngineDisagrees, ShapeMismatch) as exc:
            kind = {EngineDisagrees: "engine", ShapeMismatch: "shape"}.get(type(exc)) or _kind(exc)
            hint = WHERE_HINT if kind == "range" and env else ""
            return Failure(kind, row_number, step, shape, trial, env, str(exc) + hint)
        except (ZeroDivisionError, OverflowError) as exc:
            return Failure("range", row_number, step, shape, trial, env, f"not a number here ({exc})")
        report.assignments += 1
        if error > ATOL + RTOL * scale:
            return Failure("mismatch", row_number, step, shape, trial, env, "the sides differ",
                           (_shown(previous), _shown(right)), inst)
        report.largest_error = max(report.largest_error, error)
        previous = right
    return None


__all__ = ["CheckReport", "Failure", "check", "parse_equation", "parse_shapes"]
