"""Hypothesis strategies for random networks and data, shared by the engine tests."""

import numpy as np
from hypothesis import strategies as st

from bpcore import Network

ACTIVATION_NAMES = ["identity", "sigmoid", "tanh", "relu", "softmax"]


@st.composite
def networks(draw, linear=False, max_layers=4, max_units=4, biases=None):
    sizes = draw(st.lists(st.integers(1, max_units), min_size=2, max_size=max_layers + 1))
    L = len(sizes) - 1
    if linear:
        activation = "identity"
    else:
        activation = draw(st.lists(st.sampled_from(ACTIVATION_NAMES), min_size=L, max_size=L))
    use_biases = draw(st.booleans()) if biases is None else biases
    loss = draw(st.sampled_from(["sum", "mean"]))
    seed = draw(st.integers(0, 2**32 - 1))
    l2 = draw(st.sampled_from([0.0, 0.0, 0.5]))
    if not linear and activation[-1] == "softmax" and draw(st.booleans()):
        loss = "categorical-cross-entropy"
    net = Network(sizes, activation, biases=use_biases, loss=loss, seed=seed, l2=l2)
    if use_biases:  # random biases, so their gradients are exercised away from zero
        rng = np.random.default_rng(seed + 1)
        for b in net.biases:
            b[:] = rng.normal(size=b.shape)
    return net


@st.composite
def data(draw, net):
    """(x, t) for ``net``: a single example or a batch of 1 to 5."""
    batch = draw(st.one_of(st.none(), st.integers(1, 5)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    lead = () if batch is None else (batch,)
    if net.loss_function.name == "categorical-cross-entropy":  # targets: a distribution over the outputs
        return rng.normal(size=lead + (net.sizes[0],)), rng.dirichlet(np.ones(net.sizes[-1]), size=lead or None)
    return rng.normal(size=lead + (net.sizes[0],)), rng.normal(size=lead + (net.sizes[-1],))
