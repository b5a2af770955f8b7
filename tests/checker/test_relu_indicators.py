"""The ReLU, its derivative and a function's power as textbooks write them (the fourth review's list: CS231n,
Ng, Dive into Deep Learning), read as they mean it, in a check against bpcore and against a page's own code:

- ``h = \\max(0, z)`` (CS231n), ``\\max\\{z, 0\\}``: the ReLU;
- its derivative as an indicator of a condition, ``\\mathbb{1}(z > 0)``, ``\\mathbb{1}\\{z \\geq 0\\}``,
  ``1\\{z > 0\\}``, ``\\mathbb{1}_{z > 0}``, ``\\mathbb{I}[z > 0]``, Iverson's ``[z > 0]``: 1 where it holds, else 0;
- ``1 - \\tanh^2(z)`` of a vector (Ng): the power of a function, entry by entry;
- ``... = \\frac{\\partial L}{\\partial o} \\in \\mathbb{R}^q`` (D2L): the set after the last side says its shape.

Each was refused before ("\\max(...) is a function the checker does not know", "a power of a 3x1 vector is not
read", "\\in is not read"). The mistakes they could hide fail: the condition turned round, the wrong layer, a sign,
a factor."""

from __future__ import annotations

import numpy as np
import pytest

from bpdocs import check_equation

from .expect import expect, expect_refused

CS231N = dict(check="2-3-3 3-4-2", activation="relu softmax", loss="categorical-cross-entropy", biases=True)
RELU_NO_BIASES = dict(check="2-3-3-2 1-2-2-1", activation="relu relu identity")  # (a unit's input can be 0 exactly)
NG = dict(check="2-3-1 3-4-1", activation="tanh sigmoid", loss="cross-entropy", biases=True,
          notation="a=h y=t d=gradient star=elementwise")
TANH = dict(check="2-3-2 3-4-2", activation="tanh identity")
D2L = dict(check="2-3-2 3-4-2", activation="tanh identity", notation={"o": "y", "J": "E", "L": "E"})
DELTA = r"\frac{\partial E}{\partial z^1_j} = \frac{\partial E}{\partial h^1_j} \, "

READ = [
    ("CS231n's max(0, x)", r"h^1 = \max(0, z^1)", CS231N, True),
    ("max, 0 second, one unit", r"h^1_j = \max(z^1_j, 0)", CS231N, True),
    ("max in braces", r"h^1 = \max\{0, z^1\}", CS231N, True),
    ("\\mathbb{1}(z > 0)", DELTA + r"\mathbb{1}(z^1_j > 0)", CS231N, True),
    ("\\mathbb{1}\\{z \\geq 0\\}", DELTA + r"\mathbb{1}\{z^1_j \geq 0\}", CS231N, True),
    ("1\\{z > 0\\}", DELTA + r"1\{z^1_j > 0\}", CS231N, True),
    ("\\mathbb{1}_{z > 0}", DELTA + r"\mathbb{1}_{z^1_j > 0}", CS231N, True),
    ("\\mathbb{I}[z > 0]", DELTA + r"\mathbb{I}[z^1_j > 0]", CS231N, True),
    ("Iverson's bracket", DELTA + r"[z^1_j > 0]", CS231N, True),
    ("0 < z", DELTA + r"\mathbb{1}(0 < z^1_j)", CS231N, True),
    ("a vector's indicator, elementwise", r"\frac{\partial E}{\partial z^1} = \frac{\partial E}{\partial h^1} \odot "
                                          r"\mathbb{1}(z^1 > 0)", CS231N, True),
    # on the boundary (no biases: a unit whose inputs are all 0 has z = 0 exactly), bpcore's relu'(0) = 0 is > 's
    ("> where z can be 0", r"\frac{\partial E}{\partial z^2} = \frac{\partial E}{\partial h^2} \odot "
                           r"\mathbb{1}(z^2 > 0)", RELU_NO_BIASES, True),
    ("Ng's 1 - tanh^2 of a vector", r"g^{[1]\prime}(z^{[1]}) = 1 - \tanh^2(z^{[1]})", NG, True),
    ("tanh^2, one unit", r"f'(z^1_j) = 1 - \tanh^2(z^1_j)", TANH, True),
    ("a vector's tanh^2", r"f'(z^1) = 1 - \tanh^2(z^1)", TANH, True),
    ("D2L's shape after the side", r"\frac{\partial J}{\partial \mathbf{o}} = \frac{\partial L}{\partial \mathbf{o}}"
                                   r" \in \mathbb{R}^q", D2L, True),
    ("a matrix's shape", r"\frac{\partial E}{\partial W^2} = \delta^2 (h^1)^T \in \mathbb{R}^{n_2 \times n_1}",
     TANH, True),
    ("the real numbers", r"E = \frac{1}{2} \sum_k (y_k - t_k)^2 \in \mathbb{R}", TANH, True),
    # the mistakes they could hide
    ("the ReLU's output, always >= 0", DELTA + r"\mathbb{1}(h^1_j \geq 0)", CS231N, False),
    ("a max's output, always >= 0", DELTA + r"\mathbb{1}(\max(0, z^1_j) \geq 0)", CS231N, False),
    ("the condition turned round", DELTA + r"\mathbb{1}(z^1_j < 0)", CS231N, False),
    ("Iverson's, turned round", DELTA + r"[z^1_j \leq 0]", CS231N, False),
    ("the indicator of the wrong layer", DELTA + r"\mathbb{1}(z^2_j > 0)", CS231N, False),
    ("max of the wrong layer", r"h^1 = \max(0, z^2)", CS231N, False),
    ("1 + tanh^2", r"g^{[1]\prime}(z^{[1]}) = 1 + \tanh^2(z^{[1]})", NG, False),
    ("tanh^3", r"f'(z^1) = 1 - \tanh^3(z^1)", TANH, False),
    ("a factor before \\in", r"\frac{\partial J}{\partial \mathbf{o}} = 2 \frac{\partial L}{\partial \mathbf{o}}"
                             r" \in \mathbb{R}^q", D2L, False),
]


@pytest.mark.parametrize("name, latex, kwargs, holds", READ, ids=[row[0] for row in READ])
def test_read_as_textbooks_mean_it(name, latex, kwargs, holds):
    expect(check_equation(latex, **kwargs), holds, name, verdict=not holds)


@pytest.mark.parametrize("latex, words", [
    (r"h^1 = \max(1, z^1)", ["\\max is read as the ReLU", "one of its two arguments is 0"]),
    (r"h^1 = \max(0, z^1, z^1)", ["of two arguments"]),
    (r"h^1 = \max z^1", ["give its arguments in parentheses"]),
    (DELTA + r"\mathbb{1}(0 < z^1_j < 1)", ["two relations"]),
    (r"f'(z^1) = 1 - \tanh(z^1)^2", ["a power of a 3x1 vector is not read"]),  # (v^2 of a vector: ambiguous)
    (r"x \in \mathbb{R}^2", ["has no '='"]),
    (r"h^1 = f(z^1) \in \mathbb{R}^3 = z^2", ["\\in is not read"]),  # (a side after it: not a shape)
    (r"h^1 = f(z^1) \in \mathbb{R}^7", ["\\in is not read"]),  # (a size in numbers: never checked)
    (r"h^1 = f(z^1) \in S", ["\\in is not read"]),
    (DELTA + r"\mathbb{1}_{>0}(z^1_j)", ["needs a side before and after it"]),
])
def test_what_stays_unread_says_so(latex, words):
    kwargs = TANH if "tanh" in latex or "mathbb{R}" in latex else CS231N
    expect_refused(check_equation(latex, **kwargs), words)


def test_on_the_boundary_geq_is_not_bpcores_relu_derivative():
    """Without biases a unit whose inputs are all 0 has z = 0 exactly: \\mathbb{1}(z \\geq 0) is 1 there, bpcore's
    relu'(0) is 0, as \\mathbb{1}(z > 0) is (which holds: see the table)."""
    result = check_equation(r"\frac{\partial E}{\partial z^2} = \frac{\partial E}{\partial h^2} \odot "
                            r"\mathbb{1}(z^2 \geq 0)", **RELU_NO_BIASES)
    assert not result.holds and "left side = [0. 0.]" in result.message, result.message


def relu(z):
    return np.maximum(z, 0.0)


def test_against_a_pages_own_relu():
    session = {"relu": relu, "z": np.array([0.7, -1.2, 0.3]), "np": np}
    for latex, holds in [(r"h = \max(0, z)", True), (r"h_i = \max(z_i, 0)", True),
                         (r"\frac{\partial h_i}{\partial z_i} = \mathbb{1}(z_i > 0)", True),
                         (r"\frac{\partial h}{\partial z} = \operatorname{diag}([z > 0])", True),
                         (r"\frac{\partial h_i}{\partial z_i} = \mathbb{1}(z_i < 0)", False),
                         (r"\tanh^2(z) = \tanh(z) \odot \tanh(z)", True), (r"\tanh^2(z) = \tanh(z)", False)]:
        result = check_equation(latex, session, bind="h=relu(z)", inputs="z")
        expect(result, holds, latex, verdict=not holds)


def test_a_pages_own_max_is_called_not_read_as_the_relu():
    session = {"np": np, "z": np.array([0.7, -1.2, 0.3]), "larger": np.maximum}
    result = check_equation(r"h = \max(0.5, z)", session, bind="h=larger(0.5, z) \\max=larger", inputs="z")
    assert result.holds, result.message
