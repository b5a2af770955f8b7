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
