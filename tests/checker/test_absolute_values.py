"""Absolute values and norms (a newcomer's review, item 10): |x| (also \\lvert x \\rvert, \\left| x \\right|) of a
number, \\|v\\|_1, \\|v\\|_2 and \\|W\\|_F are read, with sign(x) as the derivative of |x|; what could be read two ways
(|v| of a vector, \\|W\\|_1 of a matrix) is refused with the ways to write it, and so is a derivative through a kink
(|x| at 0), on a bpcore network as in a session. Table-driven, no site."""

from __future__ import annotations

import numpy as np
import pytest

from bpcore import Network
from bpdocs import check_equation

from .expect import expect

DEEP = "2-3-2 1-2-2-1"
LAMBDA = {"lambda": "constant"}

# (name, latex, keyword arguments, holds); a mistake here is a verdict, "does not hold"
CASES = [
    ("bars in three spellings", r"|y_1 - t_1| = \lvert t_1 - y_1 \rvert = \left| y_1 - t_1 \right|", dict(check="1-2"),
     True),
    ("a squared absolute value", r"E = \frac{1}{2} \sum_k |y_k - t_k|^2", dict(check="2-3 1-2-2"), True),
    ("the L1 norm", r"\|y - t\|_1 = \sum_k |y_k - t_k|", dict(check="2-3 1-2-2"), True),
    ("the L1 norm, \\lVert spelt", r"\lVert y - t \rVert_1 = \sum_k \left| t_k - y_k \right|", dict(check="2-3"), True),
    ("the L1 norm by its signs", r"\|h^1\|_1 = \operatorname{sign}(h^1)^T h^1", dict(check=DEEP, activation="tanh"), True),
    ("the L1 loss's gradient", r"\frac{\partial}{\partial y_k} \|y - t\|_1 = \operatorname{sign}(y_k - t_k)",
     dict(check="2-3"), True),
    ("the derivative of |w| is its sign", r"\frac{\partial}{\partial w^l_{kj}} \lambda |w^l_{kj}| = \lambda \operatorname{sgn}(w^l_{kj})",
     dict(check=DEEP, notation=LAMBDA), True),
    ("L1 regularisation's gradient",
     r"\frac{\partial}{\partial w^l_{kj}} \left(E + \lambda \sum_w |w|\right) = \frac{\partial E}{\partial w^l_{kj}} + \lambda\, \operatorname{sgn}(w^l_{kj})",
     dict(check=DEEP, activation="sigmoid", notation=LAMBDA), True),
    ("|z| / z is the sign", r"\frac{|z^1_j|}{z^1_j} = \operatorname{sgn}(z^1_j) = \sgn(z^1_j)", dict(check="2-3"), True),
    ("the derivative of |z| by z", r"\frac{\partial |z^1_j|}{\partial z^1_j} = \operatorname{sign}(z^1_j)",
     dict(check="2-3"), True),
    ("bars inside bars", r"\big| |y_1| - |t_1| \big| = \left|\, |t_1| - |y_1| \,\right|", dict(check="1-1"), True),
    ("the squared L2 norm by its subscript", r"\|h^1\|_2^2 = \|h^1\|^2_2 = (h^1)^T h^1", dict(check=DEEP), True),
    ("the Frobenius norm", r"\|W^1\|_F^2 = \sum_k \sum_j (w^1_{kj})^2", dict(check=DEEP), True),
    ("operatorname abs", r"\operatorname{abs}(y_1 - t_1) = |y_1 - t_1|", dict(check="1-1"), True),
    ("an L1 term's sum without an index", r"\lambda \sum |w| = \lambda \sum_w \lvert w \rvert = \lambda |w^1_{11}|",
     dict(check="1-1", notation=LAMBDA), True),
    ("L1 regularisation's gradient, the sum without an index",
     r"\frac{\partial}{\partial w^l_{kj}} \left(E + \lambda \sum |w|\right) = \frac{\partial E}{\partial w^l_{kj}} + \lambda \operatorname{sgn}(w^l_{kj})",
     dict(check=DEEP, activation="tanh", notation=LAMBDA), True),
    # realistic mistakes
    ("bars dropped", r"|y_1 - t_1| = y_1 - t_1", dict(check="1-2 2-3"), False),
    ("the L1 norm without its bars", r"\|y - t\|_1 = \sum_k (y_k - t_k)", dict(check="2-3"), False),
    ("the L1 gradient as the L2's", r"\frac{\partial}{\partial w^l_{kj}} \lambda |w^l_{kj}| = \lambda\, w^l_{kj}",
     dict(check=DEEP, notation=LAMBDA), False),
    ("the sign dropped from the L1 gradient", r"\frac{\partial}{\partial w^l_{kj}} \lambda |w^l_{kj}| = \lambda",
     dict(check=DEEP, notation=LAMBDA), False),
    ("L1 regularisation's gradient, the sign's argument wrong",
     r"\frac{\partial}{\partial w^l_{kj}} \left(E + \lambda \sum_w |w|\right) = \frac{\partial E}{\partial w^l_{kj}} + \lambda\, \operatorname{sgn}(\delta^l_k)",
     dict(check="2-3-2", notation=LAMBDA), False),
    ("an L1 term's sum without an index, for one weight", r"\sum |w| = |w^1_{11}|", dict(check="1-2"), False),
    ("L1 regularisation's gradient as the L2's, the sum without an index",
     r"\frac{\partial}{\partial w^l_{kj}} \left(E + \lambda \sum |w|\right) = \frac{\partial E}{\partial w^l_{kj}} + \lambda\, w^l_{kj}",
     dict(check=DEEP, notation=LAMBDA), False),
    ("the L1 norm's square for the L2's", r"\|h^1\|_1^2 = (h^1)^T h^1", dict(check="2-3-2"), False),
    ("the derivative of |z| with the sign flipped", r"\frac{\partial |z^1_j|}{\partial z^1_j} = -\operatorname{sgn}(z^1_j)",
     dict(check="2-3"), False),
    ("the reverse triangle inequality as an equality", r"\big| |y_1| - |t_1| \big| = |y_1 - t_1|",
     dict(check="1-1"), False),
]


@pytest.mark.parametrize("name, latex, kwargs, holds", CASES, ids=[c[0] for c in CASES])
def test_absolute_values_hold_and_their_mistakes_are_verdicts(name, latex, kwargs, holds):
    expect(check_equation(latex, **kwargs), holds, name, verdict=True)


# Forms with two readings: refused, with the ways to write each.
AMBIGUOUS = [
    (r"|h^1| = 1", "|...| of a 3x1 vector is not read: it could be a norm, or the absolute value of each entry; "
                   "write \\|v\\| (Euclidean) or \\|v\\|_1 for a norm, or |v_i| per entry"),
    (r"|W^1| = 1", "it could be a norm, a determinant, or the absolute value of each entry"),
    (r"\|W^1\|_1 = 1", "it could be the sum of the entries' absolute values, or the largest column sum"),
    (r"\|W^1\|_2 = 1", "it could be the spectral norm, or the Frobenius norm; write \\|W\\|_F"),
    (r"\|h^1\|_\infty = 1", "the checker reads \\|v\\|_1 (the sum of absolute values), \\|v\\|_2 (Euclidean) and "
                            "\\|W\\|_F (Frobenius)"),
    (r"y_1 = |x_1", "'|' is missing at its end"),
    (r"\sum |w_{kj}| = 1", "\\sum needs an index"),  # a sum without an index is over the bare weight w only
]


@pytest.mark.parametrize("latex, words", AMBIGUOUS, ids=[a[0] for a in AMBIGUOUS])
def test_what_could_be_read_two_ways_is_refused_with_both(latex, words):
    result = check_equation(latex, check="2-3-2")
    assert not result.holds and not result.readable, result.message
    assert words in result.message, result.message


# E_0 (Nielsen's C_0) without l2: the error without a penalty these networks do not have, so E_0 = E and an
# L1-regularised cost's true gradient would fail (regression: it was "does not hold"); refused with the way to write it.
NO_PENALTY = [
    (r"\frac{\partial E}{\partial w_{11}} = \frac{\partial E_0}{\partial w_{11}} + \lambda \operatorname{sgn}(w_{11})",
     LAMBDA),
    (r"C = C_0 + \lambda \sum_w |w|", {**LAMBDA, "C": "E"}),
    (r"E = E_0 + \frac{\lambda}{2} \sum_w w^2", LAMBDA),
]


@pytest.mark.parametrize("latex, notation", NO_PENALTY, ids=[n[0][:40] for n in NO_PENALTY])
def test_the_error_without_a_penalty_the_networks_lack_is_refused(latex, notation):
    result = check_equation(latex, check="1-1 2-3-2", notation=notation)
    assert not result.holds and not result.readable, result.message
    assert ("E_0 is the error without its regularisation term, and these networks have none: for L2, give the term's "
            "coefficient, l2=\"\\frac{\\lambda}{2}\"; an L1 (or another) penalty is written out with E") in result.message


def _network_with_a_zero_weight() -> Network:
    net = Network([1, 2], "identity", seed=3)
    net.weights[0][0, 0] = 0.0
    return net


KINKS = [
    (r"\frac{\partial}{\partial w_{11}} |w_{11}| = \operatorname{sign}(w_{11})", "|x| has no derivative at x = 0, a kink"),
    (r"\frac{\partial}{\partial w_{11}} \operatorname{sign}(w_{11}) = 0", "sign(x) has no derivative at x = 0, a jump"),
    (r"\frac{\partial}{\partial w_{11}} \|w_{11}\| = 1", "|x| has no derivative at x = 0, a kink"),
]


@pytest.mark.parametrize("latex, words", KINKS, ids=[k[1][:30] for k in KINKS])
def test_a_derivative_through_a_kink_is_refused(latex, words):
    result = check_equation(latex, check=_network_with_a_zero_weight())
    assert not result.holds and not result.readable, result.message
    assert f"not a number here ({words})" in result.message, result.message
    assert "activation or the loss" not in result.message  # a kink is not a wrong activation


def test_at_a_kink_the_values_themselves_are_read():
    net = _network_with_a_zero_weight()
    assert check_equation(r"|w_{11}| = 0 = \operatorname{sign}(w_{11})", check=net).holds
    assert check_equation(r"\frac{\partial}{\partial w_{21}} |w_{21}| = \operatorname{sign}(w_{21})", check=net).holds


def test_the_zero_vectors_norm_has_a_value_but_no_derivative():
    net = Network([2, 1], "identity", seed=1)
    net.weights[0][:] = 0.0
    assert check_equation(r"\|W^1\| = 0", check=net).holds
    result = check_equation(r"\frac{\partial}{\partial w_{11}} \|W^1\| = 1", check=net)
    assert not result.readable and "the norm has no derivative at the zero vector, a kink" in result.message


# In a session, the same readings; a kink is found by the numerical derivative.
SESSION = {"np": np, "z": np.array([0.5, -1.0, 2.0]), "u": 0.0, "W": np.arange(6.0).reshape(2, 3) - 2.5}
SESSION_CASES = [
    (r"\frac{\partial |z_i|}{\partial z_i} = \operatorname{sign}(z_i)", dict(inputs="z"), True),
    (r"\|z\|_1 = \sum_i |z_i|, \qquad \frac{\partial \|z\|_1}{\partial z} = \operatorname{sign}(z)", dict(inputs="z"),
     True),
    (r"\|W\|_F^2 = \sum_i \sum_j W_{ij}^2", dict(inputs="W"), True),
    (r"\frac{\partial |z_i|}{\partial z_i} = z_i", dict(inputs="z"), False),
    (r"\|z\|_1 = \sum_i z_i", dict(inputs="z"), False),
]


@pytest.mark.parametrize("latex, kwargs, holds", SESSION_CASES, ids=[c[0][:40] for c in SESSION_CASES])
def test_absolute_values_in_a_session(latex, kwargs, holds):
    expect(check_equation(latex, dict(SESSION), **kwargs), holds, latex, verdict=True)


SESSION_REFUSED = [
    (r"\frac{\partial |u|}{\partial u} = \operatorname{sign}(u)", "u",
     "the numerical derivative by u is not stable here"),
    (r"|z| = \|z\|", "z", "|...| of a 3-entry vector is not read"),
    (r"\|W\|_1 = 1", "W", "|_1 of a 2x3 matrix is not read"),
]


@pytest.mark.parametrize("latex, inputs, words", SESSION_REFUSED, ids=[r[2][:30] for r in SESSION_REFUSED])
def test_a_kink_or_an_ambiguous_bar_in_a_session_is_refused(latex, inputs, words):
    result = check_equation(latex, dict(SESSION), inputs=inputs)
    assert not result.holds and not result.readable, result.message
    assert words in result.message, result.message
