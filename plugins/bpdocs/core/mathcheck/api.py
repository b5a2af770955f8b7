"""The checker as a stable Python API, outside any site::

    from bpdocs import check_equation
    result = check_equation(r"\\delta^L_k = y_k - t_k", check="1-2 2-3-2", activation="identity")
    result.holds           # True / False
    result.readable        # False when the LaTeX could not be read or bound (then holds is False)
    result.message         # what a build would print, without the page:line prefix
    result.counterexample  # where it fails, as plain data (a :class:`Counterexample`), or None

    # against the page's own code: a namespace, and which symbol is which Python name
    check_equation(r"\\frac{\\partial E}{\\partial z_i} = p_i - t_i", check=namespace,
                   bind="p=softmax(z) E=cross_entropy(p, t)", inputs="z")

A build's ``math`` fences go through the same function.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from .binding import BindingError
from .cases import parse_shapes
from .caveats import one_unit_caveat
from .check import TRIALS, check, prepare_notation
from .counterexample import table_data
from .latex import parse_equation
from .report import CheckReport, Counterexample
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
    counterexample: Counterexample | None = None  # where it does not hold, as plain data
    found: dict | None = None  # what failed, as an erratum's table shows it (see .counterexample.table_data)
    caveat: str = ""  # what a check that holds could not have caught (see .caveats), or ""

    def __repr__(self) -> str:
        return f"EquationResult(holds={self.holds}, readable={self.readable}, message={self.headline!r})"


def _unreadable(headline: str, line: int = 0) -> EquationResult:
    return EquationResult(False, False, headline, headline, [], line)


def check_equation(latex: str, check: str | object = "1-1", *, activation: str = "identity", where: str | None = None,
                   notation: dict | str | None = None, loss: str = "squared", biases: bool = False,
                   trials: int = TRIALS, batch: int | None = None, reduction: str = "sum", l2: str | None = None,
                   bind: str | None = None, inputs: str | None = None, session: str = "") -> EquationResult:
    """Check ``latex`` against bpcore on the network shapes ``check`` (``"1-1-2 2-3-2"``), on a bpcore
    ``Network`` (or a list of them), or, when ``check`` is a namespace (a mapping of names to values, such as
    a session's or ``globals()``), against the values and functions it holds, bound by ``bind`` and redrawn
    at ``inputs``. Never raises for a bad equation: the result says what is wrong."""
    with collector_paused():
        return _check_equation(latex, check, activation=activation, where=where, notation=notation, loss=loss,
                               biases=biases, trials=trials, batch=batch, reduction=reduction, l2=l2, bind=bind,
                               inputs=inputs, session=session)


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector paused while an equation is checked, and resumed after (when it ran).

    A check makes ~10^5 short-lived objects (dual numbers, index assignments, the exceptions of indices that
    name nothing); the collections they trigger scan every object of the process, and a page's process holds
    ~10^5 (numpy's, matplotlib's, the page's own): a fifth of a check's time went to them. What a check
    leaves in reference cycles (few: an exception and the frames of its traceback) is collected after it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _whole(value):
    return int(value) if isinstance(value, str) and value.strip().isdigit() else value


def _check_equation(latex: str, check, *, activation, where, notation, loss, biases, trials, batch, reduction, l2,
                    bind, inputs, session) -> EquationResult:
    batch, trials = _whole(batch), _whole(trials)  # (a fence's "4" as 4)
    if not (isinstance(trials, int) and 1 <= trials <= 1000):
        return _unreadable(f'cannot check this equation: trials="{trials}" must be a whole number from 1 to 1000')
    if isinstance(check, Mapping):
        from .session.check import check_session

        return check_session(latex, check, bind=bind, inputs=inputs, where=where, trials=trials, session=session,
                             notation=notation)
    if bind or inputs:
        return _unreadable("bind and inputs are for a check against the page's own code (check=\"session\"); "
                           "on bpcore networks, declare names with notation instead")
    try:
        notation, _ = prepare_notation(notation, batch, l2)
        equation = parse_equation(latex, notation)
    except LatexError as exc:
        return _unreadable(f"cannot check this equation: {exc.message}", exc.line or 0)
    except ValueError as exc:
        return _unreadable(f"cannot check this equation: {exc}")
    except RecursionError:
        return _unreadable("cannot check this equation: it is nested too deeply")
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
        report = check_report(equation, shapes, activation=activation, trials=trials, networks=networks, where=where,
                              notation=notation, loss=loss, biases=biases, batch=batch, reduction=reduction, l2=l2)
    except (ValueError, LatexError) as exc:
        return _unreadable(getattr(exc, "message", None) or str(exc))
    except RecursionError:
        return _unreadable("cannot check this equation: it is nested too deeply")
    return result_of(equation, report)


def check_report(equation, shapes, **options) -> CheckReport:
    try:
        return check(equation, shapes, **options)
    except BindingError as exc:
        raise ValueError(str(exc)) from None


def result_of(equation, report: CheckReport) -> EquationResult:
    """The result of a finished check, as a build shows it."""
    if report.holds:
        caveat = "" if report.against else one_unit_caveat(equation, report.shapes)
        return EquationResult(True, True, report.summary(), report.summary(), [], 0, report, caveat=caveat)
    label = f"equation ({equation.tags[0]})" if equation.tags else "the equation"
    failure = report.failures[0]
    row = equation.rows[failure.row]
    details = failure.report(equation)
    headline = f"{label} does not hold" if failure.is_verdict else f"{label} cannot be checked"
    return EquationResult(False, failure.is_verdict, "\n".join([headline, *details]), headline, details,
                          row.lines[failure.step], report, failure.counterexample, table_data(failure, equation))
