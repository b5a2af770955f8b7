"""A fourth review's textbooks (Goodfellow, Bengio and Courville; Ng; CS231n; Murphy; UFLDL; Mitchell; Haykin;
Dive into Deep Learning): what they write, read as they mean it.

- A parenthesis after the error, ``\\nabla_{z^l} C \\, (a^{l-1})^T``, was read as the error's arguments (``C(a)``), so
  Goodfellow's and Nielsen's gradient of a layer's weights "did not hold" (the sides' shapes differed): after a space
  written in TeX, or with a transpose after it, it is a factor.
- Mitchell's ``x_{id}`` and ``t_{kd}`` (unit, then example d) in a sum over the examples, ``\\sum_{d=1}^{N}``, were read
  in Bishop's order (example, then unit): his batch gradient "did not hold". A sum to N runs over examples, so its
  letter is the example wherever it stands (and ``t_d`` alone is example d's).
- A sum over a letter that is also free in the equation (UFLDL's i) was judged as one reading of the two: refused.
- ``W^{2T}``, ``h^{1\\top}``: a layer without brackets, then the transpose, were refused (``cannot read '1T'``).
- A derivative by something not read quoted the rest of the equation after it, not the denominator alone."""

from __future__ import annotations

import pytest

from bpdocs import check_equation

from .expect import expect, expect_refused

NIELSEN = dict(check="2-3-2 1-2-2-1", activation="sigmoid", notation={"a": "h", "C": "E", "y": "t"}, where="l >= 1")

GRADIENT_THEN_FACTOR = [
    ("Nielsen's weights, a thin space", r"\nabla_{W^l} C = \nabla_{z^l} C \, (a^{l-1})^T", NIELSEN, True),
    ("Goodfellow 6.4", r"\nabla_{\boldsymbol{W}^{(k)}} J = \nabla_{\boldsymbol{a}^{(k)}} J \, "
                       r"(\boldsymbol{h}^{(k-1)})^{\top}", dict(check="2-3-2", notation={"a": "z", "J": "E"}), True),
    ("\\mathcal{L}, \\top", r"\nabla_{\mathbf{W}^2} \mathcal{L} = \nabla_{\mathbf{z}^2} \mathcal{L} \, "
                            r"(\mathbf{h}^1)^\top", dict(check="2-3-2", notation={r"\mathcal{L}": "E"}), True),
    ("no space, \\left( \\right)^\\top", r"\nabla_{W^1} E = \nabla_{z^1} E \left(x\right)^{\top}",
     dict(check="2-3-2"), True),
    ("a row of two", r"\nabla_{W^2} E = \nabla_{z^2} E \, (h^1)^T = \delta^2 (h^1)^T", dict(check="2-3-2"), True),
    ("a factor between the error and itself", r"\frac{\partial E}{\partial y_k} = E\, (y_k - t_k) / E",
     dict(check="1-2"), True),
    # the mistakes they could hide: the transpose left out, the wrong layer's values
    ("the transpose left out", r"\nabla_{W^2} E = \nabla_{z^2} E \, (h^1)", dict(check="2-3-2"), False),
    ("the wrong layer", r"\nabla_{W^l} C = \nabla_{z^l} C \, (a^{l})^T", NIELSEN, False),
    # and the error's own arguments are still its arguments
    ("UFLDL's J(W,b;x,y)", r"\nabla_{W^{(l)}} J(W,b;x,y) = \delta^{(l+1)} (a^{(l)})^T",
     dict(check="2-3-2 3-4-4-2", activation="sigmoid", biases=True, where="l < L",
          notation="a=h y=t J=E input_layer=1 weight_layer=from weights=to-from delta_sign=positive"), True),
]


@pytest.mark.parametrize("name, latex, settings, holds", GRADIENT_THEN_FACTOR, ids=[c[0] for c in GRADIENT_THEN_FACTOR])
def test_a_parenthesis_after_the_error_is_a_factor_when_spaced_or_transposed(name, latex, settings, holds):
    expect(check_equation(latex, **settings), holds, name)

MITCHELL = dict(check="3-1 2-1", activation="identity", batch=4, notation={"o": "y", "D": "N"})
MITCHELL_D = dict(MITCHELL, notation={"o": "y"})  # (D undeclared: Mitchell's set of training examples)
MITCHELL_K = dict(check="2-3-2 3-4-2", activation="sigmoid", batch=3, notation={"o": "y", "index_layers": {"k": 2}})

EXAMPLES_BY_THEIR_SUM = [
    ("Mitchell 4.6, the batch gradient", r"\frac{\partial E}{\partial w_i} = \sum_{d=1}^{N} (o_d - t_d)\, x_{id}",
     MITCHELL, True),
    ("a comma between", r"\frac{\partial E}{\partial w_i} = -\sum_{d=1}^{N} (t_d - o_d)\, x_{i,d}", MITCHELL, True),
    ("o^{(d)} beside x_{id}", r"\frac{\partial E}{\partial w_i} = \sum_{d=1}^{N} (o^{(d)} - t^{(d)})\, x_{id}",
     dict(MITCHELL, check="4-1"), True),
    ("Mitchell 4.2, two sums", r"E = \frac{1}{2} \sum_{d=1}^{N} \sum_{k \in outputs} (t_{kd} - o_{kd})^2",
     MITCHELL_K, True),
    ("Bishop's order is still his", r"E = \frac{1}{2} \sum_{n=1}^{N} \sum_{k=1}^{K} (y_{nk} - t_{nk})^2",
     MITCHELL_K, True),
    # Mitchell's own \sum_{d \in D}, D his training examples (it was refused: write the bounds), undeclared too
    ("Mitchell 4.2, the error", r"E = \frac{1}{2} \sum_{d \in D} (t_d - o_d)^2", MITCHELL, True),
    ("Mitchell 4.6, D undeclared", r"\frac{\partial E}{\partial w_i} = \sum_{d \in D} (t_d - o_d)(-x_{id})",
     MITCHELL_D, True),
    ("Mitchell 4.7, the update", r"\Delta w_i = \eta \sum_{d \in D} (t_d - o_d)\, x_{id}",
     dict(MITCHELL_D, notation={"o": "y", "Delta": "update", "eta": "constant"}), True),
    ("a set declared examples", r"\frac{\partial E}{\partial w_i} = \sum_{d \in S} (o_d - t_d)\, x_{id}",
     dict(MITCHELL_D, notation={"o": "y", "S": "examples"}), True),
    # the mistakes (and x_{di}, the same letters in Bishop's order, is still example d's input i: it holds)
    ("the sign", r"\frac{\partial E}{\partial w_i} = \sum_{d=1}^{N} (t_d - o_d)\, x_{id}", MITCHELL, False),
    ("the sign, over D", r"\frac{\partial E}{\partial w_i} = \sum_{d \in D} (t_d - o_d)\, x_{id}", MITCHELL_D, False),
    ("the target left out", r"\frac{\partial E}{\partial w_i} = \sum_{d=1}^{N} o_d\, x_{id}", MITCHELL, False),
    ("one example's input for all", r"\frac{\partial E}{\partial w_i} = \sum_{d=1}^{N} (o_d - t_d)\, x_{i1}",
     dict(MITCHELL, check="4-1"), False),
    ("one example's input for all, over D", r"\frac{\partial E}{\partial w_i} = \sum_{d \in D} (o_d - t_d)\, x_{i1}",
     dict(MITCHELL_D, check="4-1"), False),
]


@pytest.mark.parametrize("name, latex, settings, holds", EXAMPLES_BY_THEIR_SUM,
                         ids=[c[0] for c in EXAMPLES_BY_THEIR_SUM])
def test_a_sum_over_the_examples_says_which_index_is_the_example(name, latex, settings, holds):
    expect(check_equation(latex, **settings), holds, name, verdict=not holds)


@pytest.mark.parametrize("notation", [{"o": "y"}, {"o": "y", "D": "n_0"}], ids=["another-set", "D-the-inputs"])
def test_a_sum_over_another_set_says_how_to_write_it(notation):
    latex = r"E = \frac{1}{2} \sum_{d \in T} (t_d - o_d)^2".replace("T", "D" if "D" in notation else "T")
    result = check_equation(latex, **dict(MITCHELL, notation=notation))
    expect_refused(result, [r"\sum_{d \in D} (another set with {S: examples})", r"\sum_{d=1}^{n_l} over the units"])


@pytest.mark.parametrize("latex, settings", [
    (r"\frac{\partial E}{\partial y_k} = \sum_k (y_k - t_k)", dict(check="1-2")),
    (r"\frac{\partial E}{\partial y_k} = \sum_k (y_k - t_k)", dict(check="1-1")),  # (where it would have "held")
    (r"\delta_j = o_k (1 - o_k) \sum_k \delta_k w_{kj}",  # Zurada's slip: the output's o_k for y_j, k free
     dict(check="2-3-2 3-4-2", activation="sigmoid", notation={"o": "y", "y": "h^1", "d": "t", "delta_sign": "negative",
                                                              "index_layers": {"i": 0, "j": 1, "k": 2}})),
    (r"\frac{\partial}{\partial W_{ij}^{(l)}} E = "
     r"\frac{1}{N} \sum_{i=1}^{N} \frac{\partial E_i}{\partial W_{ij}^{(l)}}",
     dict(check="2-3-2", batch=3, where="l >= 1")),
])
def test_a_sum_over_a_free_index_is_refused(latex, settings):
    expect_refused(check_equation(latex, **settings), ["is the sum's index, and also an index of the equation"])


@pytest.mark.parametrize("latex, holds", [
    (r"\nabla_{W^2} E = \delta^2 h^{1\top}", True),
    (r"\nabla_{W^2} E = \delta^2 h^{1T}", True),
    (r"\delta^1 = W^{2T} \delta^2 \odot f'(z^1)", True),
    (r"\delta^1 = W^{2\,T} \delta^2 \odot f'(z^1)", True),
    (r"\delta^1 = W^{1T} \delta^2 \odot f'(z^1)", False),  # the wrong layer, transposed
])
def test_a_layer_without_brackets_then_a_transpose(latex, holds):
    expect(check_equation(latex, check="2-3-2 3-4-2", activation="sigmoid"), holds, latex)


def test_a_derivative_not_read_quotes_its_denominator_alone():
    result = check_equation(r"\frac{\partial \mathcal{E}(n)}{\partial \delta_{ij}(n)} = 1", check="2-3-2",
                            notation={r"\mathcal{E}": "E", "e": "error", "iteration": "n"})
    expect_refused(result, [r"a derivative by '\partial \delta_{ij}(n)' is not read"])


HAYKIN_SIGNAL = dict(check="2-3 3-2", activation="tanh", notation={
    "v": "z", "y": "h", "d": "t", "e": "error", "iteration": "n", r"\mathcal{E}": "E", "delta_sign": "negative",
    "index_layers": {"i": 0, "j": 1}})


@pytest.mark.parametrize("latex, holds", [
    (r"\frac{\partial \mathcal{E}(n)}{\partial e_j(n)} = e_j(n)", True),  # 4.14
    (r"\frac{\partial \mathcal{E}(n)}{\partial w_{ji}(n)} = \frac{\partial \mathcal{E}(n)}{\partial e_j(n)} "
     r"\frac{\partial e_j(n)}{\partial y_j(n)} \frac{\partial y_j(n)}{\partial v_j(n)} "
     r"\frac{\partial v_j(n)}{\partial w_{ji}(n)}", True),  # 4.13, the chain rule
    (r"\frac{\partial e_j(n)}{\partial e_j(n)} = 1", True),
    (r"\frac{\partial \mathcal{E}(n)}{\partial e_j(n)} = -e_j(n)", False),  # the sign
    (r"\frac{\partial \mathcal{E}(n)}{\partial w_{ji}(n)} = \frac{\partial \mathcal{E}(n)}{\partial e_j(n)} "
     r"\frac{\partial y_j(n)}{\partial v_j(n)} \frac{\partial v_j(n)}{\partial w_{ji}(n)}", False),  # de/dy left out
])
def test_a_derivative_by_an_error_signal(latex, holds):
    """Haykin 4.13-4.14 differentiate by the error signal e_j(n) = d_j(n) - y_j(n) (the target fixed: d/de_j is
    -d/dy_j): it was refused, "a derivative by '\\partial e_j(n)' is not read"."""
    expect(check_equation(latex, **HAYKIN_SIGNAL), holds, latex, verdict=not holds)
