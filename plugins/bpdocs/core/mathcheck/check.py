"""Check an equation against bpcore: every side equal, for every free index, shape and trial.

For each network shape, several seeded random networks and examples (x, t) are
drawn. For each row, every assignment of its free indices for which the left
side exists is tried; every other side must then exist, have the left side's
shape, and equal it within a tight tolerance.
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass, field

import numpy as np

from bpcore import Network

from .binding import CONSTANTS, BindingError, EngineDisagrees, OutOfRange, free_indices, index_role, symbols
from .dual import Dual, Instance, ShapeMismatch, Tensor, shape_text
from .evaluate import Evaluator
from .latex import parse_equation
from .notation import Notation, parse_notation
from .tree import Equation, Reduce

RTOL, ATOL = 1e-9, 1e-12
WHERE_HINT = (" (the left side exists here, so the right side must too; if the equation holds only for some "
              "indices, say which with where=\"...\", e.g. where=\"l < L\")")
TRIALS = 5
ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu")
LOSSES = ("squared", "cross-entropy")


@dataclass
class Failure:
    """Why an equation does not hold: a numeric mismatch, a shape mismatch, or a symbol that does not exist."""

    kind: str  # "mismatch", "shape", "range" (a layer or unit the network lacks), "binding" (a symbol that
    # cannot be bound: unknown, ambiguous, unsupported) or "engine" (bpcore is inconsistent)
    row: int  # 0-based row of the equation
    step: int  # the side that disagrees with the one before it
    shape: list[int]
    trial: int
    binding: dict
    message: str
    values: tuple | None = None
    instance: Instance | None = None
    sides: tuple = ()  # the evaluated sides where known: (left,) or (left, right), Dual or Tensor

    def report(self, equation: Equation) -> list[str]:
        row = equation.rows[self.row]
        lines = []
        if self.kind == "mismatch":
            lines.append(f"step: {row.texts[self.step]}")
            lines.append(f"  does not equal: {row.texts[self.step - 1]}")
        else:
            lines.append(f"in: {row.texts[self.step]}")
            lines.append(f"  {self.message}")
        lines.append(f"network {'-'.join(map(str, self.shape))}, trial {self.trial + 1}"
                     + (f", {', '.join(f'{k} = {v}' for k, v in self.binding.items())}" if self.binding else ""))
        if self.values is not None:
            lines.append(f"  left side = {self.values[0]}, right side = {self.values[1]}")
        if self.instance is not None and self.kind == "mismatch":
            lines.append(f"  values used: {describe_instance(self.instance)}")
        return lines


@dataclass
class CheckReport:
    shapes: list[list[int]]
    trials: int
    assignments: int = 0
    largest_error: float = 0.0
    failures: list[Failure] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        shapes = ", ".join("-".join(map(str, s)) for s in self.shapes)
        return (f"checked against bpcore on {shapes}: {self.trials} random networks each, "
                f"{self.assignments} evaluations, largest difference {self.largest_error:.1e}")


def describe_instance(inst: Instance, limit: int = 8) -> str:
    parts = []
    for l, W in enumerate(inst.net.weights, start=1):
        for (k, j), v in np.ndenumerate(W):
            parts.append(f"w^{l}_{{{k + 1}{j + 1}}} = {v:.4g}")
    parts += [f"x_{i + 1} = {v:.4g}" for i, v in enumerate(inst.x)]
    parts += [f"t_{k + 1} = {v:.4g}" for k, v in enumerate(inst.t)]
    return ", ".join(parts[:limit]) + (", ..." if len(parts) > limit else "")


# -- conditions ----------------------------------------------------------------------

ALLOWED = (ast.Expression, ast.Compare, ast.BoolOp, ast.UnaryOp, ast.BinOp, ast.Name, ast.Load, ast.Constant,
           ast.And, ast.Or, ast.Not, ast.Add, ast.Sub, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)


def parse_where(where: str | None) -> list[tuple[set[str], object]]:
    """``where`` as conjuncts, each with the index names it uses: ``"l < L and k != 1"``."""
    if where is None or not where.strip():
        return []
    try:
        tree = ast.parse(where.strip(), mode="eval")
    except SyntaxError:
        raise ValueError(f"where={where!r} is not a condition like 'l < L'") from None
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED):
            raise ValueError(f"where={where!r}: only comparisons of indices, L, K, I and numbers are allowed")
    body = tree.body
    if not isinstance(body, (ast.Compare, ast.BoolOp, ast.UnaryOp)):
        raise ValueError(f"where={where!r} is not a condition like 'l < L'")
    parts = body.values if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And) else [body]
    conjuncts = []
    for part in parts:
        names = {n.id for n in ast.walk(part) if isinstance(n, ast.Name)} - set(CONSTANTS)
        conjuncts.append((names, compile(ast.Expression(part), "<where>", "eval")))
    return conjuncts


def _holds(conjuncts, env: dict, inst: Instance) -> bool:
    names = {**env, "L": inst.L, "K": inst.sizes[-1], "I": inst.sizes[0]}
    return all(bool(eval(code, {"__builtins__": {}}, names)) for _, code in conjuncts)


# -- networks -------------------------------------------------------------------------

def parse_shapes(text: str) -> list[list[int]]:
    """``"1-1-2 1-2-2"`` into ``[[1, 1, 2], [1, 2, 2]]``."""
    shapes = []
    for word in text.split():
        try:
            sizes = [int(n) for n in word.split("-")]
        except ValueError:
            raise ValueError(f"{word!r} is not a network shape like 1-1-2") from None
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"{word!r} is not a network shape like 1-1-2 (two or more layers, each >= 1 unit)")
        shapes.append(sizes)
    if not shapes:
        raise ValueError("check needs at least one network shape, e.g. check=\"1-1-2\"")
    return shapes


def activations_for(activation: str, depth: int) -> list[str]:
    """``"tanh"`` for every layer, or ``"tanh identity"``: one name per layer 1..L."""
    names = activation.replace(",", " ").split() or ["identity"]
    for name in names:
        if name not in ACTIVATIONS:
            raise ValueError(f'activation="{activation}": {name!r} is not one of {", ".join(ACTIVATIONS)}')
    if len(names) == 1:
        return names * depth
    if len(names) != depth:
        raise ValueError(f'activation="{activation}" names {len(names)} layers, but a network of this shape '
                         f"has {depth} (one name for all, or one per layer 1..L)")
    return names


def example(rng: np.random.Generator, sizes, loss: str):
    x = rng.normal(size=sizes[0])
    t = rng.uniform(0.05, 0.95, size=sizes[-1]) if loss == "cross-entropy" else rng.normal(size=sizes[-1])
    return x, t


def instances(shape, activation: str, trials: int, *, biases: bool = False, loss: str = "squared", seed: int = 0):
    for trial in range(trials):
        rng = np.random.default_rng([seed, trial, *shape])
        net = Network(shape, activations_for(activation, len(shape) - 1), loss=loss, rng=rng,
                      biases=[rng.normal(size=n) for n in shape[1:]] if biases else False)
        yield trial, Instance(net, *example(rng, shape, loss))


# -- the check ------------------------------------------------------------------------

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
                return Failure(_kind(exc), row_number, 1, shape, trial, env, str(exc), instance=inst, sides=(left,))
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
            return Failure(kind, row_number, step, shape, trial, env, str(exc) + hint, instance=inst, sides=(previous,))
        except (ZeroDivisionError, OverflowError) as exc:
            return Failure("range", row_number, step, shape, trial, env, f"not a number here ({exc})", instance=inst,
                           sides=(previous,))
        report.assignments += 1
        if error > ATOL + RTOL * scale:
            return Failure("mismatch", row_number, step, shape, trial, env, "the sides differ",
                           (_shown(previous), _shown(right)), inst, (previous, right))
        report.largest_error = max(report.largest_error, error)
        previous = right
    return None


__all__ = ["CheckReport", "Failure", "check", "parse_equation", "parse_shapes"]
