"""Backpropagation against central finite differences, on random networks."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcore import Network, gradcheck, numeric_gradients

from .strategies import data, networks


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_backward_matches_central_differences(draw):
    net = draw.draw(networks())
    x, t = draw.draw(data(net))
    report = gradcheck(net, x, t, rtol=1e-6, atol=1e-8)
    assert report.ok, report


def test_gradcheck_reports_where_a_wrong_gradient_is():
    net = Network([2, 3, 2], "tanh", seed=4)
    x, t = np.array([0.3, -0.7]), np.array([1.0, 0.0])
    honest = gradcheck(net, x, t)
    assert honest.ok and honest.max_abs_error < 1e-8 and honest.checked == 12

    # Corrupt backprop for one weight: gradcheck must notice and point at it.
    original = Network.backward

    def corrupted(self, x, t):
        result = original(self, x, t)
        result.weights[1][1, 2] += 1e-3
        return result

    try:
        Network.backward = corrupted
        report = gradcheck(net, x, t)
    finally:
        Network.backward = original
    assert not report.ok
    assert str(report.worst_abs) == "w^2_{23}"
    assert report.max_abs_error == pytest.approx(1e-3, rel=1e-4)


def test_numeric_gradients_restore_every_weight_exactly():
    net = Network([3, 2, 2], "sigmoid", biases=True, seed=1)
    before = [W.copy() for W in net.weights] + [b.copy() for b in net.biases]
    numeric_gradients(net, np.ones(3), np.zeros(2), eps=1e-3)
    after = net.weights + net.biases
    assert all(np.array_equal(a, b) for a, b in zip(before, after))


def test_batch_gradient_is_sum_of_example_gradients_and_mean_divides_it():
    net = Network([3, 4, 2], "sigmoid", biases=True, seed=7)
    rng = np.random.default_rng(0)
    X, T = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    batch = net.backward(X, T)
    singles = [net.backward(x, t) for x, t in zip(X, T)]
    for l in range(2):
        np.testing.assert_allclose(batch.weights[l], sum(s.weights[l] for s in singles), rtol=1e-12)
        np.testing.assert_allclose(batch.biases[l], sum(s.biases[l] for s in singles), rtol=1e-12)
        np.testing.assert_allclose(batch.deltas[l], np.stack([s.deltas[l] for s in singles]), rtol=1e-12)
    assert batch.loss == pytest.approx(sum(s.loss for s in singles), rel=1e-12)

    mean = Network([3, 4, 2], "sigmoid", biases=True, seed=7, reduction="mean").backward(X, T)
    assert mean.loss == pytest.approx(batch.loss / 4, rel=1e-12)
    np.testing.assert_allclose(mean.weights[0], batch.weights[0] / 4, rtol=1e-12)


def test_shapes_of_single_examples_and_batches():
    net = Network([3, 4, 2], seed=0)
    assert net.forward(np.zeros(3)).shape == (2,)
    assert net.forward(np.zeros((5, 3))).shape == (5, 2)
    assert [d.shape for d in net.deltas(np.zeros(3), np.zeros(2))] == [(4,), (2,)]
    assert [d.shape for d in net.deltas(np.zeros((5, 3)), np.zeros((5, 2)))] == [(5, 4), (5, 2)]
    assert [g.shape for g in net.gradients(np.zeros((5, 3)), np.zeros((5, 2)))] == [(4, 3), (2, 4)]
    trace = net.forward_pass(np.ones(3))
    assert len(trace.h) == 3 and len(trace.z) == 2 and trace.h[0].shape == (1, 3)


def test_output_delta_is_y_minus_t_at_a_linear_output():
    net = Network([2, 3, 2], ["sigmoid", "identity"], seed=2)
    x, t = np.array([0.1, 0.2]), np.array([0.5, -0.5])
    np.testing.assert_allclose(net.deltas(x, t)[-1], net.forward(x) - t, rtol=1e-15)


def test_weights_are_live_parameters():
    net = Network([1, 1, 2], seed=0)
    net.weights[0][0, 0] = 2.0
    net.weights[1][:] = [[3.0], [-1.0]]
    np.testing.assert_allclose(net.forward([0.5]), [3.0, -1.0])
    assert net.weight(2, 1, 1) == 3.0


def test_seeded_construction_is_reproducible_and_uses_no_global_state():
    state = np.random.get_state()[1].copy()
    a = Network([3, 5, 2], seed=11)
    b = Network([3, 5, 2], seed=11)
    c = Network([3, 5, 2], rng=np.random.default_rng(11))
    d = Network([3, 5, 2], seed=12)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights, b.weights))
    assert all(np.array_equal(p, q) for p, q in zip(a.weights, c.weights))
    assert not np.array_equal(a.weights[0], d.weights[0])
    assert np.array_equal(np.random.get_state()[1], state)


def test_explicit_weights_are_copied():
    W1, W2 = np.array([[0.5]]), np.array([[1.0], [2.0]])
    net = Network([1, 1, 2], weights=[W1, W2])
    W1[0, 0] = 99.0
    assert net.weight(1, 1, 1) == 0.5


def test_copy_is_independent():
    net = Network([2, 2, 1], "tanh", biases=True, seed=3)
    twin = net.copy()
    twin.weights[0][0, 0] += 1.0
    assert net.weights[0][0, 0] != twin.weights[0][0, 0]
    assert repr(twin) == repr(net)
