"""The path view of a linear network agrees with backpropagation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcore import BPCoreError, Network, path_gradients, path_sums, paths

from .strategies import data, networks


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_path_view_equals_backward_on_random_linear_networks(draw):
    net = draw.draw(networks(linear=True))
    x, t = draw.draw(data(net))
    expected = net.gradients(x, t)
    for enumerate_paths in (False, True):
        got = path_gradients(net, x, t, enumerate_paths=enumerate_paths)
        for g, e in zip(got, expected):
            np.testing.assert_allclose(g, e, rtol=1e-10, atol=1e-12)


def test_paths_of_a_1_2_2_2_network():
    net = Network([1, 2, 2, 2], seed=5)
    found = paths(net, 1, 1, 2)
    assert [p.units for p in found] == [(1, 1, 2), (1, 2, 2)]
    assert found[0].symbols() == ["w^2_{11}", "w^3_{21}"]
    assert found[0].product == pytest.approx(net.weight(2, 1, 1) * net.weight(3, 2, 1))
    total = sum(p.product for p in found)
    assert total == pytest.approx(path_sums(net, 1)[1, 0])


def test_path_view_refuses_non_linear_networks():
    with pytest.raises(BPCoreError, match="identity activations in every layer"):
        path_gradients(Network([1, 2, 1], "sigmoid"), [1.0], [0.0])
