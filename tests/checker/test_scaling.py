"""Checking grows at most quadratically with depth (issue 17, item 5), counted, not timed (bench/checks.py times
it): the index assignments tried, and the forward passes computed times their length."""

from __future__ import annotations

import pytest

from bpdocs import check_equation
from bpdocs.core.mathcheck.cases import _shared
from bpdocs.core.mathcheck.forward import ForwardPass

EQUATIONS = [
    (r"\frac{\partial E}{\partial w^l_{ji}} = \delta^l_j \, h^{l-1}_i", {}),
    (r"\delta^l_j = \sigma'(z^l_j) \sum_k w^{l+1}_{kj} \, \delta^{l+1}_k", {"where": "l < L"}),
    (r"\frac{\partial E}{\partial W^l} = \delta^l (h^{l-1})^T", {}),
]


@pytest.mark.parametrize("latex, kwargs", EQUATIONS, ids=["dE/dw", "recursion", "dE/dW"])
def test_work_grows_at_most_with_the_square_of_the_depth(monkeypatch, latex, kwargs):
    passes = []
    for name in ("_layers", "_derivatives"):  # a pass of values and derivatives, or of derivatives alone
        original = getattr(ForwardPass, name)
        monkeypatch.setattr(ForwardPass, name, lambda *a, original=original: passes.append(1) or original(*a))
    work, tried = {}, {}
    for depth in (10, 30):
        passes.clear()
        _shared.cache_clear()  # cases drawn afresh, none of their passes computed by an earlier check
        result = check_equation(latex, check="-".join(["1"] * (depth + 1)), activation="sigmoid", **kwargs)
        assert result.holds, result.message
        work[depth], tried[depth] = len(passes) * depth, result.report.tried
        assert passes, "no forward pass was counted"
    assert tried[30] <= 9 * tried[10], tried  # three times deeper: at most nine times the work
    assert work[30] <= 9 * work[10], work
