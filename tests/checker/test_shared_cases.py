"""The equations of a process checked on the same shapes and options share their drawn cases: the same draws
(seeded as before), unchanged by a check; a user's networks are drawn afresh, as they may change."""

from __future__ import annotations

import numpy as np

from bpcore import Network
from bpdocs import check_equation
from bpdocs.core.mathcheck.cases import _shared, draw_cases, shared_cases

EQUATIONS = [r"\frac{\partial E}{\partial w^l_{ji}} = \delta^l_j \, h^{l-1}_i",
             r"\delta^l_j = \sigma'(z^l_j) \sum_k w^{l+1}_{kj} \, \delta^{l+1}_k",
             r"\frac{\partial E}{\partial W^l} = \delta^l (h^{l-1})^T"]


def _drawn(cases) -> list:
    return [(c.shape, c.trial, c.instance.describe()) for c in cases]


def test_the_same_options_share_the_same_draws():
    _shared.cache_clear()
    first = shared_cases([[2, 3, 2], [1, 2, 2, 1]], "sigmoid", 5, loss="squared", biases=True)
    again = shared_cases([[2, 3, 2], [1, 2, 2, 1]], "sigmoid", 5, loss="squared", biases=True)
    assert [c.instance for c in first] == [c.instance for c in again]  # the same objects
    assert _drawn(first) == _drawn(draw_cases([[2, 3, 2], [1, 2, 2, 1]], "sigmoid", 5, loss="squared", biases=True))
    other = shared_cases([[2, 3, 2], [1, 2, 2, 1]], "tanh", 5, loss="squared", biases=True)
    assert other[0].instance is not first[0].instance


def test_checks_leave_the_shared_cases_as_drawn():
    _shared.cache_clear()
    before = _drawn(shared_cases([[2, 3, 2], [3, 4, 4, 2]], "sigmoid", 5))
    results = [check_equation(latex, "2-3-2 3-4-4-2", activation="sigmoid", where="l < L" if "sum" in latex else None)
               for latex in EQUATIONS]
    assert all(r.holds for r in results), [r.message for r in results]
    shared = shared_cases([[2, 3, 2], [3, 4, 4, 2]], "sigmoid", 5)
    assert _drawn(shared) == before
    assert not any(c.instance._forward_cache for c in shared)  # their passes dropped: memory as before sharing
    _shared.cache_clear()
    assert [check_equation(latex, "2-3-2 3-4-4-2", activation="sigmoid", where="l < L" if "sum" in latex else None)
            .message for latex in EQUATIONS] == [r.message for r in results]


def test_a_users_network_is_drawn_afresh():
    net = Network([1, 2, 1], ["sigmoid", "identity"], rng=np.random.default_rng(1))
    first = shared_cases([[1, 2, 1]], "identity", 2, networks=[net])
    net.weights[0][0, 0] += 1.0  # the author changes the network between two checks
    second = shared_cases([[1, 2, 1]], "identity", 2, networks=[net])
    assert second[0].instance.net.weights[0][0, 0] == first[0].instance.net.weights[0][0, 0] + 1.0
