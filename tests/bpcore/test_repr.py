"""Every public object has a repr that says what it is."""

import numpy as np

from bpcore import Network, SquaredError, get_activation, gradcheck, paths


def test_reprs():
    net = Network([1, 1, 2], seed=0)
    assert repr(net) == "Network([1, 1, 2], activation='identity', biases=False, loss='squared', reduction='sum')"
    mixed = Network([2, 3, 1], ["tanh", "sigmoid"], biases=True, reduction="mean")
    assert repr(mixed) == "Network([2, 3, 1], activation=['tanh', 'sigmoid'], biases=True, loss='squared', reduction='mean')"
    assert repr(get_activation("Sigmoid")) == "Activation('sigmoid')"
    assert repr(SquaredError("mean")) == "SquaredError(reduction='mean')"
    result = net.backward([0.5], [1.0, -1.0])
    assert repr(result).startswith("Gradients(loss=") and "(1, 1), (2, 1)" in repr(result)
    assert repr(result.forward) == "ForwardPass(h shapes=[(1, 1), (1, 1), (1, 2)], single=True)"
    assert repr(gradcheck(net, [0.5], [1.0, -1.0])).startswith("GradcheckReport(ok=True")
    assert repr(paths(Network([1, 2, 1]), 0, 1, 1)[0]).startswith("Path(h^0_1 -> h^1_1 -> h^2_1")
    assert "linear" not in repr(net) and np.isfinite(result.loss)


def test_networks_pickle_and_copy_round_trip():
    # bpdocs checkpoints page sessions with pickle; a Network must survive it.
    import pickle

    net = Network([2, 3, 1], ["tanh", "relu"], biases=True, seed=2)
    twin = pickle.loads(pickle.dumps(net))
    assert repr(twin) == repr(net)
    x = np.array([0.3, -0.2])
    np.testing.assert_array_equal(twin.forward(x), net.forward(x))
