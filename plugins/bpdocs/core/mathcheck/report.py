"""What a check found: a report of the evaluations, and the first failure with what it needs to be shown."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .dual import Instance
from .tree import Equation


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
