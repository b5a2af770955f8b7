"""What a check found: a report of the evaluations, and the first failure with what it needs to be shown.

A failure that is a verdict ("does not hold": a numeric mismatch, shapes that do not fit, a symbol that
names nothing where the left side exists) carries a :class:`Counterexample` as plain data; a refusal
("cannot be checked") says what was not read or bound and how to write or declare it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import NamedTuple

VERDICTS = ("mismatch", "shape", "range")  # the kinds of failure that mean "does not hold"


@dataclass(frozen=True)
class Counterexample:
    """Where an equation fails, as plain data (for a table: network, values, left side, right side).

    ``against``: what it was checked on, as words ("network 1-1-2", "session attn"); ``network``: the layer
    sizes (None for a session); ``session``: the session's name (None for a network); ``trial``: 1-based;
    ``indices``: the free indices' values; ``values``: the values the case was drawn with (weights, inputs,
    targets, constants; or the session's bound values), by name, numbers or nested lists; ``lhs``, ``rhs``:
    the two sides that differ (a number, or nested lists for a vector or matrix), ``left``, ``right``:
    their LaTeX; ``row``, ``step``: which row of the equation and which side of its chain (0-based).
    """

    against: str
    network: tuple | None
    session: str | None
    trial: int
    indices: dict
    values: dict
    lhs: object
    rhs: object
    left: str
    right: str
    row: int
    step: int

    def as_dict(self) -> dict:
        return asdict(self)


class _OneRow(NamedTuple):
    rows: dict  # (what Failure.report reads of an equation: its row's texts)


@dataclass
class Failure:
    """Why an equation does not hold, or cannot be checked."""

    kind: str  # a verdict: "mismatch", "shape", "range" (a layer or unit the network lacks); a refusal:
    # "binding" (a symbol that cannot be bound: unknown, ambiguous, unsupported), "unreadable" (a side with no
    # value: shapes that do not fit; or a transposed side), "undefined" (not a number here), "reading" (it holds
    # only in another reading: a convention to declare), "domain" (the left side exists where the right side,
    # through a free index, names nothing: a where condition is missing), "engine" (bpcore wrong)
    row: int  # 0-based row of the equation
    step: int  # the side that disagrees with the one before it
    shape: list[int] | None
    trial: int
    binding: dict
    message: str
    values: tuple | None = None  # the two sides, as shown
    counterexample: Counterexample | None = None
    against: str = ""  # "network 1-2-2" or "session attn"
    details: list[str] = field(default_factory=list)  # for "reading": the failure as read by default
    sides: tuple = ()  # the sides' values as plain data, where they were evaluated before it failed
    drawn: dict = field(default_factory=dict)  # the values its case was drawn with (see Counterexample.values)

    @property
    def is_verdict(self) -> bool:
        return self.kind in VERDICTS

    def overruling(self, verdict: "Failure | None", row) -> "Failure":
        """This refusal, which overrules ``verdict`` on the same row (no verdict on what cannot be read on every
        shape), with that verdict told after it: where the equation could be read, it did not hold (a newcomer's
        review: a missing transpose on 2-2-2-2 and 2-3-2 only said the shapes do not fit)."""
        if verdict is not None and not self.is_verdict and verdict is not self:
            self.details += [f"on {verdict.against or 'another case'}, where it can be read, it does not hold:"] + [
                f"  {line}" for line in verdict.report(_OneRow({verdict.row: row}))]
        return self

    def report(self, equation) -> list[str]:
        row = equation.rows[self.row]
        lines = []
        if self.kind == "mismatch":
            lines.append(f"step: {row.texts[self.step]}")
            lines.append(f"  does not equal: {row.texts[self.step - 1]}")
        else:
            lines.append(f"in: {row.texts[self.step]}")
            lines += [f"  {line}" for line in self.message.split("\n")]
        if self.against:
            lines.append(f"{self.against}, trial {self.trial + 1}"
                         + (f", {', '.join(f'{k} = {v}' for k, v in self.binding.items())}" if self.binding else ""))
        if self.values is not None:
            lines.append(f"  left side = {self.values[0]}, right side = {self.values[1]}")
        if self.kind == "mismatch" and self.message != "the sides differ":  # (how they differ, when it says more)
            lines.append(f"  {self.message}")
        if self.counterexample is not None and self.counterexample.values:
            lines.append(f"  values used: {shown_values(self.counterexample.values)}")
        lines += self.details
        return lines


def shown_values(values: dict, limit: int = 8) -> str:
    parts = [f"{name} = {_short(value)}" for name, value in values.items()]
    return ", ".join(parts[:limit]) + (", ..." if len(parts) > limit else "")


def _short(value, entries: int = 6) -> str:
    """A number to 4 digits; a vector or matrix as nested lists of those, cut after a few entries."""
    if isinstance(value, (int, float)):
        return f"{value:.4g}"
    if isinstance(value, list):
        entries = 3 if value and isinstance(value[0], list) else entries  # a matrix: its first rows
        inner = [_short(v) for v in value[:entries]]
        return "[" + ", ".join(inner) + (", ..." if len(value) > entries else "") + "]"
    return str(value)


@dataclass
class CheckReport:
    shapes: list[list[int]]
    trials: int
    assignments: int = 0  # evaluations compared
    tried: int = 0  # assignments of the free indices tried (most name nothing and are skipped)
    largest_error: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    against: str = ""  # what the summary says it was checked against

    @property
    def holds(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        if self.against:
            return self.against
        shapes = ", ".join("-".join(map(str, s)) for s in self.shapes)
        return (f"checked against bpcore on {shapes}: {self.trials} random networks each, "
                f"{self.assignments} evaluations, largest difference {self.largest_error:.1e}")
