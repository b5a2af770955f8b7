"""The checker as a stable Python API, outside any site::

    from bpdocs import check_equation
    result = check_equation(r"\\delta^L_k = y_k - t_k", check="1-2 2-3-2", activation="identity")
    result.holds      # True / False
    result.readable   # False when the LaTeX could not be read or bound (then holds is False)
    result.message    # what a build would print, without the page:line prefix

A build's ``math`` fences go through the same function.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .binding import BindingError
from .cases import parse_shapes
from .check import TRIALS, check
from .report import CheckReport
from .latex import parse_equation
from .notation import parse_notation
from .tree import LatexError


@dataclass(frozen=True)
class EquationResult:
    holds: bool
    readable: bool
    message: str  # the first line and the details, as a build prints them after page:line
    headline: str = ""
    details: list[str] = field(default_factory=list)
    line: int = 0  # 0-based line, in the LaTeX, of the row or side that failed
    report: CheckReport | None = None

    def __repr__(self) -> str:
        return f"EquationResult(holds={self.holds}, readable={self.readable}, message={self.headline!r})"


def _unreadable(headline: str, line: int = 0) -> EquationResult:
    return EquationResult(False, False, headline, headline, [], line)


def check_equation(latex: str, check: str | object = "1-1", *, activation: str = "identity", where: str | None = None,
                   notation: dict | str | None = None, loss: str = "squared", biases: bool = False,
                   trials: int = TRIALS) -> EquationResult:
    """Check ``latex`` against bpcore on the network shapes ``check`` (``"1-1-2 2-3-2"``), or on a bpcore
    ``Network`` (or a list of them). Never raises for a bad equation: the result says what is wrong."""
    try:
        notation = parse_notation(notation)
        equation = parse_equation(latex, notation)
    except LatexError as exc:
        return _unreadable(f"cannot check this equation: {exc.message}")
    except RecursionError:
        return _unreadable("cannot check this equation: it is nested too deeply")
    label = f"equation ({equation.tags[0]})" if equation.tags else "the equation"
    networks = None
    if isinstance(check, str):
        try:
            shapes = parse_shapes(check)
        except ValueError as exc:
            return _unreadable(f"check={check!r}: {exc}")
    else:
        networks = list(check) if isinstance(check, (list, tuple)) else [check]
        shapes = [list(n.sizes) for n in networks]
    try:
        report = _run(equation, shapes, networks, activation, where, notation, loss, biases, trials)
    except (ValueError, LatexError) as exc:
        return _unreadable(getattr(exc, "message", None) or str(exc))
    except RecursionError:
        return _unreadable("cannot check this equation: it is nested too deeply")
    if report.holds:
        return EquationResult(True, True, report.summary(), report.summary(), [], 0, report)
    failure = report.failures[0]
    row = equation.rows[failure.row]
    details = failure.report(equation)
    readable = failure.kind not in ("binding",)
    headline = f"{label} does not hold" if readable else f"{label} cannot be checked"
    return EquationResult(False, readable, "\n".join([headline, *details]), headline, details,
                          row.lines[failure.step], report)


def _run(equation, shapes, networks, activation, where, notation, loss, biases, trials) -> CheckReport:
    try:
        return check(equation, shapes, activation=activation, trials=trials, networks=networks, where=where,
                     notation=notation, loss=loss, biases=biases)
    except BindingError as exc:
        raise ValueError(str(exc)) from None
