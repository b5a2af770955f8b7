"""The checker's full reports equal those recorded from a trusted checker (tests/checker/golden.py): every
verdict, message, counterexample, count and number, on the table-driven tests' calls (textbook forms,
mutants, notations, fuzzed equations) and on every checked equation of this repository's docs pages."""

from __future__ import annotations

import re

import pytest

from .golden import call_data, load, site_data, site_key
from .site_equations import site_equations

GOLDEN = load()


def test_the_recorded_calls_give_the_same_reports():
    assert len(GOLDEN["calls"]) > 2000
    changed = [entry["call"] for entry in GOLDEN["calls"] if call_data(*entry["call"]) != entry["result"]]
    assert not changed, f"{len(changed)} reports changed, the first: {changed[0]}"


@pytest.fixture(scope="module")
def equations():
    return site_equations()


def test_the_site_equations_give_the_same_reports(equations):
    recorded = GOLDEN["site"]
    compared = [e for e in equations if site_key(e) in recorded]
    # the pages change (the golden keeps what they held when it was recorded): most must still be there
    assert len(compared) >= 0.8 * len(recorded), f"only {len(compared)} of {len(recorded)} recorded equations remain"
    changed = [e.name for e in compared if site_data(e) != recorded[site_key(e)]]
    assert not changed, f"reports changed for {', '.join(changed)}"


def test_no_message_shows_the_checkers_internals():
    """What an author reads quotes their TeX as written: not a tree's repr (``Op(op='*', ...``, ESL's g_k applied
    to a product), not a repr's doubled backslashes (``'\\\\ell'``). (The recorded reports are the current ones:
    the first test.)"""
    internals = re.compile(r"\b(?:Op|Sym|Index|Call|Reduce|Derivative|Component|Letter|Kronecker)\(|'\\\\")
    shown = [entry["result"]["message"] for entry in GOLDEN["calls"] if internals.search(entry["result"]["message"])]
    assert not shown, shown[:3]
    assert internals.search(r"'\\ell' cannot be an index") and not internals.search(r"'\ell' cannot be an index")


def test_a_changed_report_is_caught():
    """The comparison can fail: a report with one evaluation more is not the recorded one."""
    entry = next(e for e in GOLDEN["calls"] if e["result"]["holds"])
    result = call_data(*entry["call"])
    result["report"]["assignments"] += 1
    assert result != entry["result"]
