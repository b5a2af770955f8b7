"""More textbooks, typed as printed, from a review that read texts the checker had not seen: each true form holds, a
realistic mistake fails, and what the checker's numbering cannot say is refused with the fix, never judged.

Sources: Duda, Hart and Stork, *Pattern Classification* 6.3 (net_j, the sensitivity delta_k = -dJ/dnet_k, x_i
and y_j, w_{j0} the bias); Rumelhart, Hinton and Williams, "Learning representations by back-propagating errors"
(Nature, 1986: x_j the total input, y_j the output, d_j the desired output) and *PDP* vol. 1 ch. 8 (delta_{pj},
pattern p's error signal, beside t_{pj} and o_{pj}); Bishop and Bishop, *Deep Learning: Foundations and Concepts*
8.1 (a_j, z_j = h(a_j), the Jacobian recursion, Kronecker's delta_{kl}); Bishop, *PRML* (5.2); Zurada,
*Introduction to Artificial Neural Systems* 4 (delta_{ok}, o the output, d the desired output); Kubat,
*An Introduction to Machine Learning* 5 (layers numbered from the output)."""

from __future__ import annotations

import numpy as np
import pytest

from bpdocs import check_equation

from .expect import expect, expect_refused

DHS = dict(check="2-3-2 3-4-2", activation="sigmoid",
           notation={"y": "h", "z": "y", "net": "z", "J": "E", "delta_sign": "negative", "Delta": "update",
                     "index_layers": {"i": 0, "j": 1, "k": 2}, "d": "n_0", "c": "n_2", "weights": "to-from"})
NATURE = dict(check="2-3 3-2", activation="sigmoid",
              notation={"x": "z", "y": "h", "d": "t", "index_layers": {"i": 0, "j": 1}})
PDP = dict(check="2-3 3-2", activation="sigmoid", batch=3,
           notation={"delta_sign": "negative", "index_layers": {"i": 0, "j": 1}})
BB = dict(check="2-3-2 3-4-2", activation="tanh identity",
          notation={"a": "z", "z": "h", "h": "f", "index_layers": {"i": 0, "j": 1, "k": 2, "l": 2}})
BB_SIGMOID = dict(BB, activation="tanh sigmoid")
ZURADA = dict(check="2-3-2 3-4-2", activation="sigmoid",
              notation={"o": "y", "y": "h", "d": "t", "net": "z", "delta_sign": "negative",
                        "index_layers": {"i": 0, "j": 1, "k": 2}})
KUBAT = dict(check="2-2-2 3-3-3", activation="sigmoid",
             notation={"delta_sign": "negative", "index_layers": {"k": 0, "j": 1, "i": 2}})

CASES = [
    ("Duda (6.13)-(6.14)", r"\delta_k = -\frac{\partial J}{\partial net_k} = (t_k - z_k) f'(net_k)", DHS, True),
    ("Duda (6.14), the sign flipped", r"\delta_k = (z_k - t_k) f'(net_k)", DHS, False),
    ("Duda (6.20)", r"\delta_j = f'(net_j) \sum_{k=1}^{c} w_{kj} \delta_k", DHS, True),
    ("Duda (6.20), w_{jk} for w_{kj}", r"\delta_j = f'(net_j) \sum_{k=1}^{c} w_{jk} \delta_k",
     dict(DHS, check="3-3-3"), False),
    ("Duda (6.21)", r"\Delta w_{ji} = \eta \left[ \sum_{k=1}^{c} w_{kj} \delta_k \right] f'(net_j) x_i", DHS, True),
    ("Duda (6.21), f'(net_j) missing", r"\Delta w_{ji} = \eta \left[ \sum_{k=1}^{c} w_{kj} \delta_k \right] x_i",
     DHS, False),
    ("Rumelhart 1986 (1)", r"x_j = \sum_i y_i w_{ji}", NATURE, True),
    ("Rumelhart 1986 (5)", r"\frac{\partial E}{\partial x_j} = \frac{\partial E}{\partial y_j} \cdot y_j (1 - y_j)",
     NATURE, True),
    ("Rumelhart 1986 (5), y_j(1 - y_j) missing", r"\frac{\partial E}{\partial x_j} = \frac{\partial E}{\partial y_j}",
     NATURE, False),
    ("Rumelhart 1986 (6)", r"\frac{\partial E}{\partial w_{ji}} = \frac{\partial E}{\partial x_j} \cdot y_i", NATURE, True),
    # delta_{pj} beside t_{pj}, y_{pj}: pattern p's error signal (it was read as Kronecker's delta, 1 when p = j, and
    # this true equation judged wrong)
    ("PDP, delta_{pj} of pattern p", r"\delta_{pj} = (t_{pj} - y_{pj})\, y_{pj} (1 - y_{pj})", PDP, True),
    ("PDP, delta_{pj}, the sign flipped", r"\delta_{pj} = (y_{pj} - t_{pj})\, y_{pj} (1 - y_{pj})", PDP, False),
    ("PDP, o_{pj} the output", r"\delta_{pj} = (t_{pj} - o_{pj})\, o_{pj} (1 - o_{pj})",
     dict(PDP, notation={**PDP["notation"], "o": "y"}), True),
    ("PDP, batch as a fence gives it", r"\delta_{pj} = (t_{pj} - y_{pj})\, y_{pj} (1 - y_{pj})",
     dict(PDP, batch="3", trials="4"), True),  # (batch="3" was "not a whole number" from the API)
    ("Bishop 2024 (8.15)", r"\delta_j = h'(a_j) \sum_k w_{kj} \delta_k", BB, True),
    ("Bishop 2024, the Jacobian recursion",
     r"\frac{\partial y_k}{\partial a_j} = h'(a_j) \sum_l w_{lj} \frac{\partial y_k}{\partial a_l}", BB, True),
    ("Bishop 2024, the recursion without h'(a_j)",
     r"\frac{\partial y_k}{\partial a_j} = \sum_l w_{lj} \frac{\partial y_k}{\partial a_l}", BB, False),
    ("Bishop 2024, linear outputs: Kronecker's delta", r"\frac{\partial y_k}{\partial a_l} = \delta_{kl}", BB, True),
    ("Bishop 2024, sigmoid outputs", r"\frac{\partial y_k}{\partial a_l} = \delta_{kl} \sigma'(a_l)", BB_SIGMOID, True),
    ("Bishop 2024, sigmoid outputs, sigma' missing", r"\frac{\partial y_k}{\partial a_l} = \delta_{kl}", BB_SIGMOID,
     False),
    ("Zurada (4.?), the error", r"E = \frac{1}{2} \sum_{k=1}^{K} (d_k - o_k)^2", ZURADA, True),
    ("Kubat, without the layer superscripts", r"\delta_i = y_i (1 - y_i)(t_i - y_i)", KUBAT, True),
]


@pytest.mark.parametrize("name, latex, kwargs, holds", CASES, ids=[c[0] for c in CASES])
def test_the_textbook_form_holds_and_the_mistake_fails(name, latex, kwargs, holds):
    expect(check_equation(latex, **kwargs), holds, name, verdict=True)


REFUSED = [
    # The bias as weight 0 of a constant input x_0 = 1: judged "does not hold" (w_{10} names nothing)
    ("PRML (5.2), + w_{j0}", r"a_j = \sum_{i=1}^{D} w_{ji}^{(1)} x_i + w_{j0}^{(1)}",
     dict(BB, biases=True, notation={**BB["notation"], "D": "n_0"}), ["unit 0 is not a unit", "b_{j}", "biases"]),
    # (PDP's o_{pj} declared {o: h}, any unit's output, is read since session 19: pattern p's unit j, of layer 1
    # as index_layers says; see test_sixth_textbook_review.py)
    # ... or as the weight of unit 0 times unit 0 (Bishop's 5.8, with z_0 = 1): "does not hold" (a weight and a unit
    # the network lacks); a weight from unit 0 in a product with anything else is a mistake, judged as one
    ("Bishop 5.8, w_{k0} h_0", r"y_k = w^2_{k0} h_0 + \sum_{j=1}^{3} w^2_{kj} h_j", dict(check="2-3-2"),
     ["unit 0 is not a unit", "b_{k}"]),
    # o declared the output and used as Zurada's label of the output layer: judged as Kronecker's delta_{ok}
    ("Zurada, delta_{ok}", r"\delta_{ok} = (d_k - o_k)(1 - o_k)\, o_k", ZURADA, ["o is declared", "not also an index"]),
    # Kubat's (1) is the output layer: the declared letter says layer 2; judged in the superscript's numbering
    ("Kubat, delta_i^{(1)}", r"\delta_i^{(1)} = y_i (1 - y_i)(t_i - y_i)", KUBAT, ["written 1", "layer 2",
                                                                                     "disagree"]),
    # y read as the target (once the checker's own advice): both sides derivatives of t, 0 everywhere, and this
    # wrong equation, times 17, passed
    ("Bishop 2024, y declared the target", r"\frac{\partial y_k}{\partial a_j} = 17 \sum_l w_{lj} "
     r"\frac{\partial y_k}{\partial a_l}", dict(BB, notation={**BB["notation"], "y": "t"}), ["both sides were 0"]),
]


@pytest.mark.parametrize("source, latex, kwargs, words", REFUSED, ids=[r[0] for r in REFUSED])
def test_what_the_numbering_cannot_say_is_refused_with_the_fix(source, latex, kwargs, words):
    expect_refused(check_equation(latex, **kwargs), words)


def test_a_session_where_both_sides_are_0_for_every_draw_is_not_said_to_hold():
    """Prince 7.4's gradient on a ReLU layer dead for every input drawn: a transposed (wrong) outer product was 0 =
    0 everywhere and passed; the true one is no better tested. Both are refused; with a live layer they are judged."""
    rng = np.random.default_rng(7)
    session = {"W": rng.normal(size=(3, 3)), "V": rng.normal(size=(3, 3)), "x": rng.normal(size=3),
               "y": rng.normal(size=3), "relu": lambda v: np.maximum(v, 0.0)}
    bind = "h=relu(W@x+b) f=V@h \\ell=np.sum((f-y)**2)"
    wrong, right = r"\frac{\partial \ell}{\partial V} = h \frac{\partial \ell}{\partial f}^T", \
        r"\frac{\partial \ell}{\partial V} = \frac{\partial \ell}{\partial f} h^T"
    for latex in (wrong, right):
        dead = check_equation(latex, {**session, "np": np, "b": np.full(3, -100.0)}, bind=bind, inputs="x y")
        assert not dead.holds and not dead.readable and "both sides were 0" in dead.message, dead.message
    live = {**session, "np": np, "b": np.full(3, 100.0)}
    assert check_equation(right, live, bind=bind, inputs="x y").holds
    # the transposed outer product is the gradient in numerator layout (V is square): asked about, not judged
    # (session 25: as on a matrix that is not square, and on networks)
    judged = check_equation(wrong, live, bind=bind, inputs="x y")
    assert not judged.holds and not judged.readable and "each other's transpose" in judged.message, judged.message


def test_a_binding_that_reads_a_name_bound_after_it_is_refused_not_guessed():
    """bind="y=x**2 x=x+1": the session's x (y = 2.25, as the docs say) or the x bound after it? It was read as
    the later one and y = 2.25 judged wrong; the session's name bound after it is refused, other orders still work."""
    refused = check_equation("y = 2.25", {"x": 1.5}, bind="y=x**2 x=x+1")
    assert not refused.readable and "bound after it (x=x+1)" in refused.message, refused.message
    assert check_equation("y = 2.25", {"x": 1.5}, bind="x=x+0 y=x**2").holds
    assert check_equation("p = 2.25", {"x": 1.5}, bind="p=q**2 q=x").holds  # (q: no session name)



def test_a_numerical_derivative_that_is_0_is_0_to_within_its_rounding_noise():
    """A derivative that is exactly 0 comes out of a numerical derivative as rounding noise, the function's size
    times a few ulps over the step (-5.4e-12 for a loss of 1002 here, -1.2e-12 in Prince's network), and was judged
    against 0 to 1e-12: softmax's shift invariance, a textbook identity, "did not hold". The noise is the
    tolerance now; a derivative that is not 0 still fails."""
    session = {"np": np, "z": np.random.default_rng(0).normal(size=5) * 3 + 20, "c": 7.0}
    bind = r"\ell=np.log(np.sum(np.exp(z+c)))-(z[0]+c)+1000"
    result = check_equation(r"\frac{\partial \ell}{\partial c} = 0", session, bind=bind, inputs="z", trials=8)
    assert result.holds, result.message
    for wrong in ("10^{-6}", r"\frac{\partial \ell}{\partial z_1}"):
        judged = check_equation(rf"\frac{{\partial \ell}}{{\partial c}} = {wrong}", session, bind=bind, inputs="z")
        assert not judged.holds and judged.readable, judged.message


def test_an_indicator_written_with_mathbb_binds_as_a_name():
    """Prince's indicator \\mathbb{I}: bound to the page's function (the advice was to bind \\mathbb itself)."""
    session = {"np": np, "z": np.array([0.5, -1.0, 2.0]), "relu": lambda v: np.maximum(v, 0.0),
               "heaviside": lambda v: (np.asarray(v) > 0).astype(float)}
    latex = r"\frac{\partial r}{\partial z} = \operatorname{diag}(\mathbb{I}(z))"
    assert check_equation(latex, session, bind=r"r=relu(z) \mathbb{I}=heaviside", inputs="z").holds
    unbound = check_equation(latex, session, bind="r=relu(z)", inputs="z")
    assert not unbound.readable and r"\mathbb{I} is not bound: bind it to your function" in unbound.message, \
        unbound.message


def test_a_side_that_starts_with_a_wrapped_macro_is_quoted_whole():
    """Prince's \\boldsymbol{\\Omega}_2^T: the side's text (a counterexample's "step:", an erratum's table) was cut
    inside the braces, \\Omega}_2^T, unbalanced in the erratum's typeset box."""
    session = {"Omega": np.array([[1.0, 2.0], [3.0, 4.0]]), "d": np.array([1.0, -1.0])}
    result = check_equation(r"g = \boldsymbol{\Omega}^T \mathbf{d}", {**session, "g": np.array([0.0, 0.0])},
                            bind=r"\boldsymbol{\Omega}=Omega \mathbf{d}=d g=g")
    assert not result.holds and result.readable, result.message
    assert "step: \\boldsymbol{\\Omega}^T \\mathbf{d}\n" in result.message, result.message
