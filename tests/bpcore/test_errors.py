"""Every kind of bad input raises a ValueError that says what was wrong and what was expected."""

import numpy as np
import pytest

from bpcore import BPCoreError, Network, NonFiniteError, ShapeError, gradcheck, paths, train

NET = Network([2, 3, 1], seed=0)


def nan_weights():
    net = Network([1, 1, 2], seed=0)
    net.weights[1][1, 0] = np.nan
    return net.forward([1.0])


def reshaped_weights():
    net = Network([1, 1, 2], seed=0)
    net.weights[1] = np.zeros((3, 1))
    return net.forward([1.0])


def overflowing_gradient():
    net = Network([1, 1], weights=[[[1e200]]])
    return net.gradients([1e100], [0.0])  # z = 1e300 is finite; dE/dw = z x is not


def saturated_infinite_weight():
    """tanh(inf) = 1 and tanh'(inf) = 0: the infinity never reaches the output or a gradient, only z."""
    net = Network([2, 1, 1], "tanh", seed=0)
    net.weights[0][0, 0] = np.inf
    return net.gradients(np.array([1.0, 1.0]), np.array([0.0]))


def overflowing_forward():
    net = Network([1, 1], weights=[[[1e200]]])
    return net.gradients([1e200], [0.0])


BAD_INPUTS = [
    (lambda: Network([]), BPCoreError, r"at least an input and an output layer"),
    (lambda: Network([3]), BPCoreError, r"at least an input and an output layer"),
    (lambda: Network([2, 0, 1]), BPCoreError, r"layer 1 must have at least 1 unit, got sizes\[1\] = 0"),
    (lambda: Network([2, -1]), BPCoreError, r"layer 1 must have at least 1 unit"),
    (lambda: Network([2, 1.5]), BPCoreError, r"sizes\[1\] must be a whole number of units, got 1.5"),
    (lambda: Network("121"), BPCoreError, r"sizes must be a list of layer sizes"),
    (lambda: Network([1, 2], "softplus"), BPCoreError,
     r"unknown activation 'softplus'; expected one of: identity, sigmoid, tanh, relu"),
    (lambda: Network([1, 2, 1], ["tanh"]), BPCoreError, r"one entry per layer 1..2 \(2 entries\), got 1"),
    (lambda: Network([1, 2], loss="median"), BPCoreError, r"unknown loss 'median'"),
    (lambda: Network([1, 2], reduction="median"), BPCoreError, r"unknown loss reduction 'median'"),
    (lambda: Network([1, 2], loss="cross-entropy").loss([1.0], [1.0, 0.0]), BPCoreError,
     r"cross-entropy needs outputs strictly between 0 and 1"),
    (lambda: Network([1, 2], seed=1, rng=np.random.default_rng(1)), BPCoreError, r"either seed or rng"),
    (lambda: Network([1, 2], rng=np.random.RandomState(0)), BPCoreError, r"rng must be a numpy.random.Generator"),
    (lambda: Network([1, 2], weights=[np.zeros((1, 2))]), ShapeError,
     r"weights\[0\] \(layer 1\) must have shape \(2, 1\), got \(1, 2\)"),
    (lambda: Network([1, 2, 1], weights=[np.zeros((2, 1))]), BPCoreError,
     r"weights must be a list of 2 arrays \(one per layer\), got 1"),
    (lambda: Network([1, 1], weights=[[[np.inf]]]), NonFiniteError, r"weights\[0\] must be finite"),
    (lambda: Network([1, 1], biases=[np.zeros(2)]), ShapeError, r"biases\[0\] \(layer 1\) must have shape \(1,\)"),
    (lambda: NET.forward([1.0, 2.0, 3.0]), ShapeError, r"x must have shape \(2,\) or \(batch, 2\) with batch >= 1, got shape \(3,\)"),
    (lambda: NET.forward(np.zeros((4, 3))), ShapeError, r"x must have shape .* got shape \(4, 3\)"),
    (lambda: NET.forward(np.zeros((0, 2))), ShapeError, r"batch >= 1, got shape \(0, 2\)"),
    (lambda: NET.forward(np.zeros((1, 1, 2))), ShapeError, r"x must have shape \(2,\) or \(batch, 2\), got shape \(1, 1, 2\)"),
    (lambda: NET.forward(["a", "b"]), BPCoreError, r"x must be numeric"),
    (lambda: NET.forward([1.0, np.nan]), NonFiniteError, r"x must be finite, but x\[1\] is nan \(1 non-finite value\(s\) in shape \(2,\)\)"),
    (lambda: NET.loss([1.0, 2.0], [np.inf]), NonFiniteError, r"t must be finite"),
    (lambda: NET.loss([1.0, 2.0], [1.0, 2.0]), ShapeError, r"t must have shape \(1,\) or \(batch, 1\)"),
    (lambda: NET.loss(np.zeros((3, 2)), np.zeros((2, 1))), ShapeError, r"t must have shape \(3, 1\) to match x, got shape \(2, 1\)"),
    (lambda: NET.loss(np.zeros((1, 2)), np.zeros(1)), ShapeError, r"t must have shape \(1, 1\) to match x, got shape \(1,\)"),
    (nan_weights, NonFiniteError, r"W\^2 must be finite, but W\^2\[1, 0\] is nan"),
    (reshaped_weights, ShapeError, r"W\^2 \(weights\[1\]\) must have shape \(2, 1\), got \(3, 1\)"),
    (overflowing_gradient, NonFiniteError, r"dE/dW\^1 must be finite"),
    (overflowing_forward, NonFiniteError, r"z\^1 is not finite: the forward pass overflowed"),
    (saturated_infinite_weight, NonFiniteError, r"W\^1 must be finite, but W\^1\[0, 0\] is inf"),
    (lambda: NET.weight(3, 1, 1), BPCoreError, r"layer l must be 1..2"),
    (lambda: NET.weight(2, 2, 1), BPCoreError, r"w\^2_\{21\}: layer 2 has 1 unit\(s\), so k must be 1..1"),
    (lambda: paths(NET, 1, 4, 1), BPCoreError, r"layer 1 has 3 unit\(s\), so j must be 1..3, got 4"),
    (lambda: gradcheck(NET, [1.0, 1.0], [0.0], eps=0), BPCoreError, r"eps must be a positive finite number"),
    (lambda: train(NET, [1.0, 1.0], [0.0], lr=-1, epochs=1), BPCoreError, r"lr must be a positive finite number"),
    (lambda: train(NET, [1.0, 1.0], [0.0], lr=0.1, epochs=-2), BPCoreError, r"epochs must be a whole number >= 0"),
    (lambda: train(NET, [1.0, 1.0], [0.0], lr=0.1, epochs=1, batch_size=1), BPCoreError,
     r"minibatch training needs rng="),
    (lambda: train(NET, np.zeros((3, 2)), np.zeros((2, 1)), lr=0.1, epochs=1), BPCoreError,
     r"the same number of examples, got 3 and 2"),
]


@pytest.mark.parametrize("call, error, message", BAD_INPUTS, ids=[m[:40] for _, _, m in BAD_INPUTS])
def test_bad_input_raises_a_value_error_that_says_what_is_wrong(call, error, message):
    assert issubclass(error, ValueError)
    with np.errstate(over="ignore", invalid="ignore"):
        with pytest.raises(error, match=message):
            call()


@pytest.mark.parametrize("shape", [(3,), (2, 3), (1, 2, 2)])
def test_all_finite_tells_nan_and_infinity_from_huge_numbers_without_a_warning(shape):
    from bpcore.errors import all_finite

    huge = np.full(shape, 1e200)  # its squares overflow: the quick test cannot decide, and must not warn
    assert all_finite(huge) and all_finite(-huge) and all_finite(np.zeros(shape))
    for bad in (np.nan, np.inf, -np.inf):
        array = huge.copy()
        array.flat[-1] = bad
        assert not all_finite(array)
        array = np.ones(shape)
        array.flat[0] = bad
        assert not all_finite(array)


def test_training_that_diverges_says_so_once_without_a_warning_from_inside_bpcore():
    rng = np.random.default_rng(5)
    X, T = rng.normal(size=(6, 2)), rng.uniform(0.1, 0.9, size=(6, 2))
    net = Network([2, 3, 2], biases=True, seed=2)
    with pytest.raises(NonFiniteError, match="E is not finite"):  # (the tests make any warning an error)
        train(net, X, T, lr=40.0, epochs=60)
