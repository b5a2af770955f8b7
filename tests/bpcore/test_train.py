"""SGD and the training loop: they learn, they are reproducible, they print nothing."""

import numpy as np
import pytest

from bpcore import Network, sgd_step, train


def regression_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(32, 2))
    return X, X @ np.array([[1.5], [-0.5]])


def test_sgd_step_moves_against_the_gradient():
    net = Network([1, 1], weights=[[[0.5]]])
    before = sgd_step(net, [2.0], [3.0], lr=0.1)
    assert before == pytest.approx(0.5 * (3.0 - 1.0) ** 2)
    # w <- w - lr (y - t) x = 0.5 - 0.1 * (1 - 3) * 2
    assert net.weight(1, 1, 1) == pytest.approx(0.9)


def test_full_batch_training_reduces_the_loss_and_returns_its_history(capsys):
    X, T = regression_data()
    net = Network([2, 1], seed=3, reduction="mean")
    history = train(net, X, T, lr=0.2, epochs=50)
    assert len(history.losses) == 51
    assert history.final_loss < 1e-3 * history.losses[0]
    np.testing.assert_allclose(net.weights[0], [[1.5, -0.5]], atol=1e-2)
    assert capsys.readouterr() == ("", "")


def test_minibatch_training_is_reproducible_with_a_seeded_generator():
    X, T = regression_data()
    runs = []
    for _ in range(2):
        net = Network([2, 3, 1], "tanh", biases=True, seed=1, reduction="mean")
        runs.append(train(net, X, T, lr=0.05, epochs=10, batch_size=8, rng=np.random.default_rng(42)))
    np.testing.assert_array_equal(runs[0].losses, runs[1].losses)
    assert runs[0].final_loss < runs[0].losses[0]
    assert "epochs=10" in repr(runs[0])


def _losses_and_outcome(run, net):
    """What ``run(net)`` returned or raised, and where it left the network's parameters."""
    try:
        outcome = list(run(net))
    except Exception as exc:  # (a warning too: the tests make warnings errors)
        outcome = (type(exc), str(exc))
    return outcome, [p.copy() for p in net.weights + (net.biases or [])]


def _step_then_measure(X, T, lr, epochs):
    """What full-batch train() means, written out: a step, then the loss measured on the whole set."""
    def run(net):
        losses = [net.loss(X, T)]
        for _ in range(epochs):
            sgd_step(net, X, T, lr=lr)
            losses.append(net.loss(X, T))
        return losses
    return run


@pytest.mark.parametrize("activations, loss, biases, l2, lr", [
    ("sigmoid", "squared", True, 0.0, 0.3),
    (["tanh", "sigmoid"], "cross-entropy", False, 0.01, 0.3),
    (["relu", "softmax"], "categorical-cross-entropy", True, 0.0, 0.3),
    ("identity", "squared", True, 0.0, 40.0),  # diverges: stops at the same step, with the same error
])
def test_full_batch_training_is_one_forward_pass_an_epoch_and_the_same_as_step_then_measure(
        monkeypatch, activations, loss, biases, l2, lr):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(6, 2))
    T = rng.uniform(0.1, 0.9, size=(6, 2))
    if loss == "categorical-cross-entropy":
        T = T / T.sum(axis=1, keepdims=True)
    reference = Network([2, 3, 2], activations, biases=biases, seed=2, loss=loss, l2=l2)
    net = reference.copy()
    expected = _losses_and_outcome(_step_then_measure(X, T, lr, 60), reference)
    passes = []
    original = Network.forward_pass
    monkeypatch.setattr(Network, "forward_pass", lambda self, x: passes.append(1) or original(self, x))
    got = _losses_and_outcome(lambda n: train(n, X, T, lr=lr, epochs=60).losses, net)
    assert got[0] == expected[0]  # the same losses to the bit, or the same error
    for mine, theirs in zip(got[1], expected[1]):
        np.testing.assert_array_equal(mine, theirs)
    if isinstance(expected[0], list):
        assert len(passes) == 61  # one an epoch, and the last loss
    else:
        assert lr == 40.0 and expected[0][0].__name__ == "NonFiniteError" and len(passes) < 61
