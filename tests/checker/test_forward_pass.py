"""The checker's forward pass, made cheaper, gives what the careful pass gives: the same arrays to the bit (a
seeded pass reusing the unseeded values, the whole pass under one errstate), and where the numbers overflow, the
same warnings and the same error."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from bpdocs.core.mathcheck.cases import draw_cases


def _same(first, second) -> bool:
    if isinstance(first, np.ndarray):
        return first.dtype == second.dtype and first.shape == second.shape and \
            np.array_equal(first, second, equal_nan=True) and np.array_equal(np.signbit(first), np.signbit(second))
    if isinstance(first, (list, tuple)):
        return len(first) == len(second) and all(_same(a, b) for a, b in zip(first, second))
    if first is None:
        return second is None
    return repr(first) == repr(second)  # E_n, a dual number (inf and nan included)


def _seeds(instance):
    sizes, L = instance.sizes, instance.L
    yield None
    for l in range(1, L + 1):
        yield from (("w", l, k, j) for k in range(1, sizes[l] + 1) for j in range(1, sizes[l - 1] + 1))
        if instance.biases:
            yield from (("b", l, k) for k in range(1, sizes[l] + 1))
    for l in range(L + 1):
        for n in range(1, instance.N + 1):
            yield from ((kind, l, j, n) for kind in ("h", "z") if kind == "h" or l > 0 for j in range(1, sizes[l] + 1))


@pytest.mark.parametrize("activation, loss", [
    ("identity", "squared"), ("sigmoid", "squared"), ("tanh", "squared"), ("relu", "squared"),
    ("sigmoid", "cross-entropy"), ("sigmoid softmax", "categorical-cross-entropy"), ("tanh identity", "squared")])
@pytest.mark.parametrize("biases", [False, True])
def test_every_seeded_pass_equals_the_careful_pass(activation, loss, biases):
    for case in draw_cases([[2, 3, 2], [1, 2, 2]], activation, 2, biases=biases, loss=loss, batch=2):
        instance = case.instance
        for seed in _seeds(instance):
            for example in (1, 2):
                assert _same(instance.forward(seed, example), instance._careful_pass(seed, example)), (seed, example)


def _outcome(run):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = ("result", run())
        except Exception as exc:  # noqa: BLE001 (what it raises is what is compared)
            result = ("raised", type(exc), str(exc))
    return result, [(w.category, str(w.message)) for w in caught]


@pytest.mark.parametrize("activation, scale", [("identity", 1e200), ("tanh", 1e200), ("sigmoid", 1e300),
                                               ("relu", 1e160)])
def test_an_overflowing_pass_warns_and_raises_as_the_careful_pass(activation, scale):
    for seed in (None, ("w", 1, 1, 1), ("w", 2, 1, 2), ("h", 0, 1, 1)):
        instance = draw_cases([[2, 3, 2]], activation, 1)[0].instance
        instance.net.weights = [W * scale for W in instance.net.weights]  # after bpcore's backward pass
        careful = _outcome(lambda: instance._careful_pass(seed, 1))
        fast = _outcome(lambda: instance.forward(seed, 1))
        assert fast[1] == careful[1], seed
        if careful[0][0] == "raised":
            assert fast[0] == careful[0], seed
        else:
            assert fast[0][0] == "result" and _same(fast[0][1], careful[0][1]), seed
