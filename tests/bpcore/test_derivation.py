"""The closed forms of the derivation hold on the networks it draws (1-1, 1-2, 1-1-2, 1-1-1-2)."""

import numpy as np
import pytest

from bpcore import Network

RNG_SEEDS = range(5)


def example(sizes, seed):
    rng = np.random.default_rng(seed)
    net = Network(sizes, rng=rng)
    return net, rng.normal(size=sizes[0]), rng.normal(size=sizes[-1])


@pytest.mark.parametrize("seed", RNG_SEEDS)
@pytest.mark.parametrize("outputs", [1, 2, 3])
def test_single_layer_delta_w_k_is_output_error_times_input(seed, outputs):
    # eq. (1)-(2): Delta w_k = (y_k - t_k) x_1 = delta_k x_1
    net, x, t = example([1, outputs], seed)
    y = net.forward(x)
    (grad,) = net.gradients(x, t)
    for k in range(outputs):
        assert grad[k, 0] == pytest.approx((y[k] - t[k]) * x[0], rel=1e-12)
    np.testing.assert_allclose(net.deltas(x, t)[0], y - t, rtol=1e-15)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_three_layer_first_weight(seed):
    # Delta w^1_{11} = x_1 sum_k (y_k - t_k) w^2_{k1};  Delta w^2_{k1} = (y_k - t_k) h_1
    net, x, t = example([1, 1, 2], seed)
    y = net.forward(x)
    h1 = net.forward_pass(x).h[1][0, 0]
    grads = net.gradients(x, t)
    closed = x[0] * sum((y[k - 1] - t[k - 1]) * net.weight(2, k, 1) for k in (1, 2))
    assert grads[0][0, 0] == pytest.approx(closed, rel=1e-12)
    for k in (1, 2):
        assert grads[1][k - 1, 0] == pytest.approx((y[k - 1] - t[k - 1]) * h1, rel=1e-12)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_four_layer_first_weight_follows_the_single_path(seed):
    # 1-1-1-2: Delta w^1_{11} = x_1 sum_k (y_k - t_k) w^3_{k1} w^2_{11}
    net, x, t = example([1, 1, 1, 2], seed)
    y = net.forward(x)
    closed = x[0] * sum((y[k - 1] - t[k - 1]) * net.weight(3, k, 1) * net.weight(2, 1, 1)
                        for k in (1, 2))
    assert net.gradients(x, t)[0][0, 0] == pytest.approx(closed, rel=1e-12)
    # and the chain of eq. (4) extended: dy_1/dw^1_{11} = w^3_{11} w^2_{11} x_1
    eps = 1e-6
    net.weights[0][0, 0] += eps
    y_plus = net.forward(x)[0]
    net.weights[0][0, 0] -= 2 * eps
    y_minus = net.forward(x)[0]
    assert (y_plus - y_minus) / (2 * eps) == pytest.approx(
        net.weight(3, 1, 1) * net.weight(2, 1, 1) * x[0], rel=1e-6)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_derivation_eq5_as_printed_does_not_hold_in_general(seed):
    # The original eq. (5) pairs w^h_{kj} with one index pair per layer. On a
    # 1-2-2 network that is x_1 sum_k delta_k w^2_{k1} for w^1_{11} -- which is
    # right there -- but on 1-2-2-2 the product of w^h_{kj} over layers skips
    # the paths through h^2_2, so it differs from the true gradient.
    net, x, t = example([1, 2, 2, 2], seed)
    y = net.forward(x)
    delta = y - t
    printed = x[0] * sum(delta[k - 1] * net.weight(2, k, 1) * net.weight(3, k, 1) for k in (1, 2))
    true = net.gradients(x, t)[0][0, 0]
    assert printed != pytest.approx(true, rel=1e-6)
