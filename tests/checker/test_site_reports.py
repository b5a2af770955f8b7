"""The checker's full reports equal those recorded from a trusted checker (tests/checker/golden.py): every
verdict, message, counterexample, count and number, on the table-driven tests' calls (textbook forms,
mutants, notations, fuzzed equations) and on every checked equation of this repository's docs pages."""

from __future__ import annotations

import re

import pytest

from .golden import call_data, load, same, site_data, site_key
from .site_equations import site_equations

GOLDEN = load()


def test_the_recorded_calls_give_the_same_reports():
    assert len(GOLDEN["calls"]) > 2000
    changed = [entry["call"] for entry in GOLDEN["calls"] if not same(entry["result"], call_data(*entry["call"]))]
    assert not changed, f"{len(changed)} reports changed, the first: {changed[0]}"


@pytest.fixture(scope="module")
def equations():
    return site_equations()


def test_the_site_equations_give_the_same_reports(equations):
    recorded = GOLDEN["site"]
    compared = [e for e in equations if site_key(e) in recorded]
    # the pages change (the golden keeps what they held when it was recorded): most must still be there
    assert len(compared) >= 0.8 * len(recorded), f"only {len(compared)} of {len(recorded)} recorded equations remain"
    changed = [e.name for e in compared if not same(recorded[site_key(e)], site_data(e))]
    assert not changed, f"reports changed for {', '.join(changed)}"


def test_no_message_shows_the_checkers_internals():
    """What an author reads quotes their TeX as written: not a tree's repr (``Op(op='*', ...``, ESL's g_k applied
    to a product), not a repr's doubled backslashes (``'\\\\ell'``). (The recorded reports are the current ones:
    the first test.)"""
    internals = re.compile(r"\b(?:Op|Sym|Index|Call|Reduce|Derivative|Component|Letter|Kronecker)\(|['\"]\\\\")
    shown = [entry["result"]["message"] for entry in GOLDEN["calls"] if internals.search(entry["result"]["message"])]
    assert not shown, shown[:3]
    assert internals.search(r"'\\ell' cannot be an index") and not internals.search(r"'\ell' cannot be an index")
    assert internals.search(r'bind="\\Phi=my_function"') and not internals.search(r'bind="\Phi=my_function"')


def test_a_changed_report_is_caught():
    """The comparison can fail: a report with one evaluation more is not the recorded one."""
    entry = next(e for e in GOLDEN["calls"] if e["result"]["holds"])
    result = call_data(*entry["call"])
    assert same(entry["result"], result)
    result["report"]["assignments"] += 1
    assert not same(entry["result"], result)


@pytest.mark.parametrize("recorded, current, alike", [
    ({"largest": 0.0, "message": "largest difference 0.0e+00"},
     {"largest": 1.4e-17, "message": "largest difference 1.4e-17"}, True),  # another CPU's last bit
    ([0.30000000000000004, "x = -2.2e-16"], [0.3, "x = 0.0e+00"], True),
    ({"largest": 0.0}, {"largest": 1e-6}, False),  # a real difference in a number
    ({"message": "largest difference 0.0e+00"}, {"message": "largest difference 3.1e-05"}, False),
    ({"holds": True, "trials": 3}, {"holds": False, "trials": 3}, False),  # a verdict, exactly
    ({"trials": 3, "tried": [1, 2]}, {"trials": 3, "tried": [1, 2, 3]}, False),  # a count, exactly
])
def test_rounding_of_another_machine_is_the_same_report_and_nothing_else_is(recorded, current, alike):
    assert same(recorded, current) is alike
