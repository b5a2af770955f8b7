"""The float path for one example of a small network (bpcore.small) gives the array path's numbers."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcore import Network, small

from .strategies import ACTIVATION_NAMES


@st.composite
def small_cases(draw):
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=5).filter(
        lambda s: sum(a * b for a, b in zip(s, s[1:])) <= small.SMALL))
    L = len(sizes) - 1
    # the float path's activations (softmax, like categorical cross-entropy and L2, takes the array path)
    activation = draw(st.lists(st.sampled_from([a for a in ACTIVATION_NAMES if a in small.FUNCTIONS]),
                               min_size=L, max_size=L))
    loss = draw(st.sampled_from(["squared", "cross-entropy"]))
    if loss == "cross-entropy":
        activation[-1] = draw(st.sampled_from(["sigmoid", "identity"]))  # identity: outputs may leave (0, 1)
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    biases = [rng.normal(size=n) for n in sizes[1:]] if draw(st.booleans()) else False
    net = Network(sizes, activation, biases=biases, loss=loss, seed=seed)
    x = rng.normal(size=sizes[0])
    t = rng.uniform(0.05, 0.95, size=sizes[-1]) if loss == "cross-entropy" else rng.normal(size=sizes[-1])
    return net, x, t


@settings(max_examples=300, deadline=None)
@given(small_cases())
def test_the_float_path_gives_the_array_paths_gradients(case):
    net, x, t = case
    try:
        arrays = net._backward(x, t, everything=False)
    except ValueError as exc:  # e.g. cross-entropy of an output outside (0, 1)
        with pytest.raises(type(exc), match=str(exc)[:30].replace("(", r"\(").replace(")", r"\)")):
            net.gradients(x, t)
        return
    assert net._weight_count <= small.SMALL and net._small(x, t) is not None
    floats = net.gradients(x, t)
    assert [g.shape for g in floats] == [g.shape for g in arrays]
    for a, b in zip(floats, arrays):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    grads, deltas, E, hs, zs = net._small(x, t)
    result = net.backward(x, t)
    assert E == pytest.approx(result.loss, rel=1e-12, abs=1e-14)
    for d, ref in zip(deltas, result.deltas):
        np.testing.assert_allclose(d, ref, rtol=1e-12, atol=1e-14)


def test_the_float_path_is_only_for_single_examples_of_small_networks():
    net = Network([2, 3, 2], seed=0)
    x, t = np.array([0.5, -1.0]), np.array([1.0, 0.0])
    assert net._small(x, t) is not None
    assert net._small(np.array([[0.5, -1.0]]), np.array([[1.0, 0.0]])) is None  # a batch
    assert net._small([0.5, -1.0], [1.0, 0.0]) is None  # lists take the array path (it converts them)
    assert Network([5, 5, 5], seed=0)._small(np.ones(5), np.ones(5)) is None  # 50 weights
    net.weights[0] = np.ones((2, 2))  # replaced with the wrong shape: the array path says so
    assert net._small(x, t) is None
    with pytest.raises(ValueError, match=r"W\^1 \(weights\[0\]\) must have shape \(3, 2\)"):
        net.gradients(x, t)


def test_non_finite_input_leaves_the_float_path_for_the_exact_message():
    net = Network([2, 1], seed=0)
    assert net._small(np.array([np.nan, 1.0]), np.array([0.0])) is None
    with pytest.raises(ValueError, match=r"x must be finite, but x\[0\] is nan"):
        net.gradients(np.array([np.nan, 1.0]), np.array([0.0]))
    with pytest.raises(ValueError, match=r"t must be finite"):
        net.gradients(np.array([1.0, 1.0]), np.array([np.inf]))


@pytest.mark.parametrize("kwargs", [dict(activation="softmax"), dict(loss="categorical-cross-entropy",
                                     activation=["tanh", "softmax"]), dict(l2=0.5)])
def test_softmax_categorical_and_l2_take_the_array_path(kwargs):
    net = Network([2, 2, 2], seed=1, **kwargs)
    x, t = np.array([0.3, -0.2]), np.array([0.25, 0.75])
    assert net._small(x, t) is None
    for g, a in zip(net.gradients(x, t), net._backward(x, t, everything=False)):
        np.testing.assert_array_equal(g, a)
