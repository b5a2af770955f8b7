"""The checker's full reports, as plain data, for a golden comparison: a speed-up of the checker must change no
verdict, message, counterexample or number.

Two corpora, recorded from a checker trusted as it was (main at b0901b8):

- ``calls``: every ``check_equation`` call the table-driven checker tests make with JSON-ready arguments
  (textbook forms, mutants, notations, vocabulary, fuzzed equations; network shapes, not namespaces);
- ``site``: every checked equation of docs/*.md as the build runs it (:mod:`.site_equations`), by page and
  the fence's spec, with what ``run_math`` returns for it.

Regenerate only from a commit whose checker is trusted, and say so in its message:

    python -m tests.checker.golden calls.json   # calls.json: [[latex, check, kwargs], ...]
    python -m tests.checker.golden --site       # after the docs' checked equations or their code changed:
                                                # the site's part again, the calls' part kept (it must pass)
"""

from __future__ import annotations

import gzip
import json
import math
import re
import sys
from pathlib import Path

GOLDEN = Path(__file__).with_name("golden_reports.json.gz")

# Reports are compared to rounding, not bit for bit: numpy's and OpenBLAS's kernels are chosen by the CPU
# (AVX2, AVX-512), and they round differently in the last bit, so that a residual that is 0.0 on one machine is
# 1.4e-17 on another. Numbers agree within RELATIVE (or both within NOISE of zero); a number printed in a
# message at or below 1e-12 (or printed as 0.0e+00) reads as the same noise.
RELATIVE, NOISE = 1e-9, 1e-12
PRINTED_NOISE = re.compile(r"-?\d(?:\.\d+)?e-(?:1[2-9]|[2-9]\d|\d{3,})\b|-?0(?:\.0+)?e[+-]0+\b")


def same(recorded, current) -> bool:
    """``current`` is the ``recorded`` report, up to a CPU's rounding: verdicts, counts, keys and words exact."""
    if isinstance(recorded, bool) or isinstance(current, bool):
        return type(recorded) is type(current) and recorded == current
    if isinstance(recorded, (int, float)) and isinstance(current, (int, float)):
        if isinstance(recorded, int) and isinstance(current, int):
            return recorded == current
        return math.isclose(recorded, current, rel_tol=RELATIVE, abs_tol=NOISE)
    if isinstance(recorded, str) and isinstance(current, str):
        return recorded == current or PRINTED_NOISE.sub("~0", recorded) == PRINTED_NOISE.sub("~0", current)
    if isinstance(recorded, dict) and isinstance(current, dict):
        return recorded.keys() == current.keys() and all(same(recorded[k], current[k]) for k in recorded)
    if isinstance(recorded, list) and isinstance(current, list):
        return len(recorded) == len(current) and all(same(r, c) for r, c in zip(recorded, current))
    return recorded == current


def _plain(value):
    """JSON-ready, floats kept exactly (their repr), numpy scalars and arrays made plain."""
    if isinstance(value, float):
        return {"float": repr(value)} if not math.isfinite(value) else value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return _plain(value.tolist())
    return value


def failure_data(failure) -> dict:
    return _plain({
        "kind": failure.kind, "row": failure.row, "step": failure.step, "shape": failure.shape,
        "trial": failure.trial, "binding": failure.binding, "message": failure.message, "values": failure.values,
        "counterexample": failure.counterexample.as_dict() if failure.counterexample else None,
        "against": failure.against, "details": failure.details, "sides": failure.sides, "drawn": failure.drawn})


def result_data(result) -> dict:
    """Everything an :class:`EquationResult` says, its report's counts and failures included."""
    report = result.report
    return _plain({
        "holds": result.holds, "readable": result.readable, "message": result.message, "headline": result.headline,
        "details": result.details, "line": result.line, "found": result.found,
        "counterexample": result.counterexample.as_dict() if result.counterexample else None,
        "report": None if report is None else {
            "shapes": report.shapes, "trials": report.trials, "assignments": report.assignments,
            "tried": report.tried, "largest_error": report.largest_error, "against": report.against,
            "summary": report.summary(), "failures": [failure_data(f) for f in report.failures]}})


def call_data(latex: str, check: str, options: dict) -> dict:
    from bpdocs import check_equation

    return result_data(check_equation(latex, check, **options))


def site_data(equation) -> dict:
    """What the build gets for a site equation (``run_math``'s answer), and the result behind it."""
    from unittest import mock

    import bpdocs.core.mathcheck as mathcheck
    from bpdocs.core.run.cells import run_math

    results = []
    original = mathcheck.check_equation

    def recording(*args, **kwargs):
        results.append(original(*args, **kwargs))
        return results[-1]

    with mock.patch.object(mathcheck, "check_equation", recording):
        answer = run_math(equation.cell, equation.namespace, equation.page)
    return _plain({"run_math": answer, "results": [result_data(r) for r in results]})


def site_key(equation) -> str:
    return f"{equation.page} {equation.cell['source']}"


def load() -> dict:
    with gzip.open(GOLDEN, "rt") as file:
        return json.load(file)


def main(calls_file: str) -> None:
    from .site_equations import site_equations

    calls = []
    if calls_file == "--site":
        calls = load()["calls"]
    else:
        for latex, check, options in json.loads(Path(calls_file).read_text()):
            if [latex, check, options] not in [c["call"] for c in calls]:
                calls.append({"call": [latex, check, options], "result": call_data(latex, check, options)})
    site = {site_key(e): site_data(e) for e in site_equations()}
    with gzip.open(GOLDEN, "wt") as file:
        json.dump({"calls": calls, "site": site}, file, sort_keys=True, separators=(",", ":"))
    print(f"{len(calls)} calls, {len(site)} site equations -> {GOLDEN}")


if __name__ == "__main__":
    main(sys.argv[1])
