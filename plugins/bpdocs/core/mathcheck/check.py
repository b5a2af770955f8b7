"""Check an equation against bpcore: every side equal, for every free index, shape and trial.

For each network shape, several seeded random networks and examples (x, t)
are drawn. For each row of the equation, every assignment of its free indices
for which the left-hand side exists is tried; every other side must then exist
and be equal to it within a tight tolerance.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from bpcore import Network

from .binding import BindingError, EngineDisagrees, free_indices
from .dual import Instance
from .evaluate import Evaluator
from .latex import parse_equation
from .tree import Equation, LatexError, Sym

RTOL, ATOL = 1e-9, 1e-12
TRIALS = 5


@dataclass
class Failure:
    """Why an equation does not hold: a numeric mismatch or a symbol that does not exist."""

    kind: str  # "mismatch", "binding" (a symbol that does not exist) or "engine" (bpcore is inconsistent)
    row: int  # 0-based row of the equation
    step: int  # the side that disagrees with side 0
    shape: list[int]
    trial: int
    binding: dict
    message: str
    values: tuple[float, float] | None = None
    instance: Instance | None = None

    def report(self, equation: Equation) -> list[str]:
        row = equation.rows[self.row]
        lines = []
        if self.kind == "mismatch":
            lines.append(f"step: {row.texts[self.step]}")
            lines.append(f"  does not equal: {row.texts[self.step - 1] if self.step > 1 else row.texts[0]}")
        else:
            lines.append(f"in: {row.texts[self.step]}")
            lines.append(f"  {self.message}")
        lines.append(f"network {'-'.join(map(str, self.shape))}, trial {self.trial + 1}"
                     + (f", {', '.join(f'{k} = {v}' for k, v in self.binding.items())}" if self.binding else ""))
        if self.values is not None:
            lines.append(f"  left side = {self.values[0]:.10g}, right side = {self.values[1]:.10g}")
        if self.instance is not None:
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


def _check_where(where: str) -> None:
    import ast

    try:
        tree = ast.parse(where, mode="eval")
    except SyntaxError:
        raise ValueError(f"where={where!r} is not a condition like 'l < L'") from None
    allowed = (ast.Expression, ast.Compare, ast.BoolOp, ast.UnaryOp, ast.BinOp, ast.Name, ast.Load,
               ast.Constant, ast.And, ast.Or, ast.Not, ast.Add, ast.Sub, ast.Lt, ast.LtE, ast.Gt, ast.GtE,
               ast.Eq, ast.NotEq)
    for node in ast.walk(tree):
        if not isinstance(node, allowed):
            raise ValueError(f"where={where!r}: only comparisons of indices, L, K, I and numbers are allowed")


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


def instances(shape, activation: str, trials: int, seed: int = 0):
    for trial in range(trials):
        rng = np.random.default_rng([seed, trial, *shape])
        net = Network(shape, activation, rng=rng)
        yield trial, Instance(net, rng.normal(size=shape[0]), rng.normal(size=shape[-1]))


def check(equation: Equation | str, shapes, *, activation: str = "identity", trials: int = TRIALS,
          networks=None, where: str | None = None) -> CheckReport:
    """Check every row of ``equation`` on ``shapes`` (or on the given ``networks`` with random examples).

    ``where`` restricts the free indices, e.g. ``"l < L"`` (names: the indices, L, K, I).
    """
    if where is not None:
        _check_where(where)
    if isinstance(equation, str):
        equation = parse_equation(equation)
    report = CheckReport(shapes=[list(s) for s in shapes], trials=trials)
    cases = []
    if networks is not None:
        for net in networks:
            rng = np.random.default_rng(list(net.sizes))
            cases += [(list(net.sizes), trial, Instance(net, rng.normal(size=net.sizes[0]), rng.normal(size=net.sizes[-1])))
                      for trial in range(trials)]
    else:
        for shape in shapes:
            cases += [(list(shape), trial, inst) for trial, inst in instances(shape, activation, trials)]
    for row_number, row in enumerate(equation.rows):
        on_left = free_indices(row.sides[0])
        only_right = []
        for side in row.sides[1:]:
            only_right += [v for v in free_indices(side) if v not in on_left and v not in only_right]
        found_any, last_problem = False, None
        for shape, trial, inst in cases:
            evaluator = Evaluator(inst)
            top = max(max(shape), len(shape))
            for values in itertools.product(range(0, top + 1), repeat=len(on_left)):
                env = dict(zip(on_left, values))
                if where is not None and not _holds(where, env, inst):
                    continue
                try:
                    left = evaluator.value(row.sides[0], env).a
                except EngineDisagrees as exc:
                    report.failures.append(Failure("engine", row_number, 0, shape, trial, env, str(exc)))
                    return report
                except BindingError as exc:
                    last_problem = str(exc)
                    continue  # these values name nothing on the left: outside the equation's range
                try:
                    extras = list(_right_only_values(evaluator, row, only_right, env))
                except BindingError as exc:
                    report.failures.append(Failure("binding", row_number, 1, shape, trial, env, str(exc)))
                    return report
                for extra in extras:
                    found_any = True
                    failure = _compare(evaluator, row, row_number, {**env, **extra}, left, shape, trial, inst, report)
                    if failure:
                        report.failures.append(failure)
                        return report
        if not found_any:
            shapes_text = ", ".join("-".join(map(str, s)) for s in report.shapes)
            report.failures.append(Failure("binding", row_number, 0, report.shapes[0], 0, {},
                                           f"{row.texts[0]} names nothing in {shapes_text}"
                                           + (f": {last_problem}" if last_problem else "")))
            return report
    return report


def _right_only_values(evaluator: Evaluator, row, variables: list[str], env: dict):
    """Values for indices that appear only on the right: each over the range its role gives it."""
    if not variables:
        yield {}
        return
    from .binding import index_role
    from .tree import Reduce

    ranges = []
    for var in variables:
        side = next(s for s in row.sides[1:] if var in free_indices(s))
        if index_role(side, var) is None:
            raise BindingError(f"the bound {var} is not known (use numbers, L, K, I, or an index of the left side)")
        low, high = evaluator.bounds(Reduce("+", var, None, None, side), env)
        ranges.append(range(low, high + 1))
    for values in itertools.product(*ranges):
        yield dict(zip(variables, values))


def _compare(evaluator, row, row_number, env, left, shape, trial, inst, report):
    previous = left
    for step, side in enumerate(row.sides[1:], start=1):
        try:
            right = evaluator.value(side, env).a
        except (BindingError, EngineDisagrees) as exc:
            kind = "engine" if isinstance(exc, EngineDisagrees) else "binding"
            return Failure(kind, row_number, step, shape, trial, env, str(exc))
        except ZeroDivisionError:
            return Failure("binding", row_number, step, shape, trial, env, "a division by zero")
        error = abs(right - previous)
        report.assignments += 1
        if error > ATOL + RTOL * max(abs(right), abs(previous)):
            return Failure("mismatch", row_number, step, shape, trial, env, "the sides differ",
                           (previous, right), inst)
        report.largest_error = max(report.largest_error, error)
        previous = right
    return None


def _holds(where: str, env: dict, inst: Instance) -> bool:
    names = {**env, "L": inst.L, "K": inst.sizes[-1], "I": inst.sizes[0]}
    try:
        return bool(eval(compile(where, "<where>", "eval"), {"__builtins__": {}}, names))
    except NameError:
        return False  # a name not bound in this row: the condition does not apply to it


def _first_symbol(node) -> str | None:
    if isinstance(node, Sym):
        return node.text
    for attr in ("args", "body", "var", "arg"):
        child = getattr(node, attr, None)
        for c in child if isinstance(child, tuple) else [child] if child is not None else []:
            found = _first_symbol(c)
            if found:
                return found
    return None


__all__ = ["CheckReport", "Failure", "LatexError", "check", "parse_equation", "parse_shapes"]
