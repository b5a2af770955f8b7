"""Python's cyclic garbage collector is paused while an equation is checked (its collections scanned the whole
process, a fifth of a check's time) and resumed after, whatever happens; a caller that paused it keeps it so."""

from __future__ import annotations

import gc

import pytest

import bpdocs.core.mathcheck.api as api
from bpdocs import check_equation

EQUATION = r"\frac{\partial E}{\partial w^l_{ji}} = \delta^l_j \, h^{l-1}_i"


@pytest.fixture
def seen(monkeypatch):
    states = []
    real = api._check_equation

    def recording(*args, **kwargs):
        states.append(gc.isenabled())
        if kwargs["activation"] == "fails":
            raise RuntimeError("a fault in the checker")
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "_check_equation", recording)
    return states


def test_paused_during_a_check_and_resumed_after(seen):
    assert gc.isenabled()
    assert check_equation(EQUATION, "2-3-2", activation="sigmoid").holds
    assert seen == [False] and gc.isenabled()


def test_resumed_after_a_check_that_raises(seen):
    with pytest.raises(RuntimeError):
        check_equation(EQUATION, "2-3-2", activation="fails")
    assert seen == [False] and gc.isenabled()


def test_left_paused_when_the_caller_paused_it(seen):
    gc.disable()
    try:
        assert check_equation(EQUATION, "2-3-2", activation="sigmoid").holds
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert seen == [False]
