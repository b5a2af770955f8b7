"""The thirteenth review of textbook notation (session 24: Rumelhart, Hinton and Williams; Grosse; Shalev-Shwartz
and Ben-David; Clark's CS224n notes; Murphy's PML1; Bishop and Bishop; Strang; Hardt and Recht): its wrong verdicts,
each with the correct equation and a mistake beside it. Table-driven, no site."""

import pytest

from bpdocs.core.mathcheck import check_equation

from .expect import expect

# Shalev-Shwartz and Ben-David, Understanding Machine Learning 20.6: o_t the output of layer t, a_t its input
# (pre-activation), delta_t = d ell / d o_t, the derivative by the layer's OUTPUT, so their rules carry sigma'
# explicitly. Their true rules "did not hold": delta was always dE/dz. Now declared delta_of: h.
SSBD = {"o": "h", "a": "z", "T": "L", "y": "t", "\\ell": "E", "layers": "subscripts", "weight_layer": "from"}
SHAPES = "2-3-2 3-4-4-2"


@pytest.mark.parametrize("latex, where, holds", [
    (r"\delta_T = \mathbf{o}_T - \mathbf{y}", None, True),
    (r"\delta_T = \mathbf{y} - \mathbf{o}_T", None, "question"),  # the sign: delta_sign: negative, a question
    (r"\delta_T = (\mathbf{o}_T - \mathbf{y}) \odot \sigma'(\mathbf{a}_T)", None, False),  # the derivation's delta
    (r"\delta_t = W_t^\top (\delta_{t+1} \odot \sigma'(\mathbf{a}_{t+1}))", "t < L", True),
    (r"\delta_t = W_t^\top \delta_{t+1}", "t < L", False),  # sigma' left out
    (r"\delta_t = W_{t+1}^\top (\delta_{t+1} \odot \sigma'(\mathbf{a}_{t+1}))", "t < L - 1", "refused"),  # (shapes)
    (r"\frac{\partial \ell}{\partial W_{t-1}} = (\delta_t \odot \sigma'(\mathbf{a}_t))\, \mathbf{o}_{t-1}^\top",
     "t >= 1", True),
    (r"\frac{\partial \ell}{\partial W_{t-1}} = \delta_t \, \mathbf{o}_{t-1}^\top", "t >= 1", False),
    # their entries: the layer first, after it the units, with commas (it was "W takes two indices, not 3")
    (r"\frac{\partial \ell}{\partial W_{t-1, i, j}} = \delta_{t,i}\, \sigma'(a_{t,i})\, o_{t-1,j}", "t >= 1", True),
    (r"\frac{\partial \ell}{\partial W_{t-1, i, j}} = \delta_{t,i}\, \sigma'(a_{t,i})\, o_{t-1,i}", "t >= 1", False),
    (r"\frac{\partial \ell}{\partial W_{t-1, i, j}} = \delta_{t,i}\, o_{t-1,j}", "t >= 1", False),
    (r"o_{t,i} = \sigma(a_{t,i})", "t >= 1", True),
    (r"o_{t,i} = \sigma(a_{t-1,i})", "t >= 2", False),
])
def test_a_delta_by_the_layers_output_is_declared_delta_of_h(latex, where, holds):
    result = check_equation(latex, SHAPES, activation="sigmoid", where=where, notation={**SSBD, "delta_of": "h"})
    if holds in (None, "question", "refused"):  # (three-index weights: refused, never a verdict either way)
        assert not result.holds and not result.readable, result.message
        assert holds != "question" or "delta_sign: negative" in result.message, result.message
        return
    expect(result, holds, latex, verdict=True)


def test_undeclared_a_delta_by_the_output_is_a_verdict_with_a_note():
    """Undeclared, delta is dE/dz and SSBD's rule does not hold; a note says the reading under which it would, but
    it stays a verdict (not a question): the same equation is also the derivation's delta with f'(z) forgotten."""
    result = check_equation(r"\delta_T = \mathbf{o}_T - \mathbf{y}", SHAPES, activation="sigmoid", notation=SSBD)
    expect(result, False, "SSBD's delta_T undeclared", verdict=True)
    assert "delta_of: h only if your text defines" in result.message, result.message


@pytest.mark.parametrize("latex, notation", [
    (r"\delta^L_k = y_k - t_k", None),  # the commonest mistake: f'(z^L) forgotten
    (r"\delta_j = d_j - y_j", {"d": "t", "y": "h", "delta_sign": "negative", "index_layers": {"j": 1}}),  # Haykin's
])
def test_a_forgotten_derivative_stays_a_verdict(latex, notation):
    result = check_equation(latex, "2-2 2-3", activation="sigmoid", notation=notation)
    expect(result, False, latex, verdict=True)


def test_delta_of_h_is_the_outputs_derivative_at_every_layer_and_example():
    """dE_n/dh^l against finite differences of the error by each unit's output, in a batch, with biases."""
    holds = check_equation(r"\delta^l_j = \frac{\partial E_n}{\partial h^{l}_j}", "2-3-2", activation="tanh",
                           biases=True, batch=3, notation={"delta_of": "h"})
    assert holds.holds, holds.message
    wrong = check_equation(r"\delta^l_j = \frac{\partial E_n}{\partial z^{l}_j}", "2-3-2", activation="tanh",
                           biases=True, batch=3, notation={"delta_of": "h"})
    expect(wrong, False, "dE/dz with delta_of: h", verdict=True)


# A newcomer's review of a real KaTeX site whose sigma is "the element-wise activation, e.g. ReLU / sigmoid / tanh":
# its correct definition a = sigma(z) "did not hold" on a tanh network (sigma always the logistic), with no word on
# why. Undeclared, sigma as the activation is now another reading: a question naming {sigma: f} (or {sigma: sigma}).
@pytest.mark.parametrize("latex, activation, notation, outcome", [
    (r"\mathbf{a}^{\ell} = \sigma(\mathbf{z}^{\ell})", "tanh", {"a": "h"}, "question"),
    (r"\delta^L = (y - t) \odot \sigma'(z^L)", "relu", None, "question"),
    (r"\mathbf{a}^{\ell} = \sigma(\mathbf{z}^{\ell})", "tanh", {"a": "h", "sigma": "f"}, "holds"),
    (r"\mathbf{a}^{\ell} = \sigma(\mathbf{z}^{\ell})", "tanh", {"a": "h", "sigma": "sigma"}, "fails"),
    (r"\mathbf{a}^{\ell} = \sigma(\mathbf{z}^{\ell})", "sigmoid", {"a": "h"}, "holds"),
    (r"\mathbf{a}^{\ell} = \sigma(\mathbf{z}^{\ell - 1})", "tanh", {"a": "h"}, "fails"),  # no reading saves it
    (r"\delta^L = (y - t) \odot \sigma(z^L)", "tanh", {"sigma": "f"}, "fails"),  # f for f'
])
def test_an_undeclared_sigma_may_be_the_activation(latex, activation, notation, outcome):
    result = check_equation(latex, "2-3-2", activation=activation, notation=notation, where=r"\ell \ge 1"
                            if r"\ell" in latex else None)
    if outcome == "question":
        assert not result.holds and not result.readable, result.message
        assert "{sigma: f}, or {sigma: sigma} to keep" in result.message, result.message
    else:
        expect(result, outcome == "holds", latex, verdict=True)


# Clark's CS224n notes name two error vectors delta_1 and delta_2 and index their entries delta_{1,k}: with the two
# declared, delta_{1,k} was read as Kronecker's delta (1 where k = 1), so the true equations "did not hold" (and
# an equation about Kronecker's delta could have held). It is entry k of the declared delta_1 now.
CS224N = dict(activation="relu softmax", loss="categorical-cross-entropy",
              notation={"\\delta_1": "delta^2", "\\delta_2": "delta^1", "\\hat{y}": "y", "y": "t", "J": "E",
                        "U": "W^2", "W": "W^1", "z": "z^1", "h": "h^1"})


@pytest.mark.parametrize("latex, holds", [
    (r"\delta_{1,k} = \hat{y}_k - y_k", True),
    (r"\delta_{2,k} = \hat{y}_k - y_k", False),
    (r"\frac{\partial J}{\partial W_{ij}} = \delta_{2,i}\, x_j", True),
    (r"\frac{\partial J}{\partial W_{ij}} = \delta_{2, i}\, x_j", True),
    (r"\frac{\partial J}{\partial U_{ij}} = \delta_{1,i}\, h_j", True),
    (r"\frac{\partial J}{\partial U_{ij}} = \delta_{2,i}\, h_j", False),
    (r"\frac{\partial J}{\partial U_{ij}} = (\delta_1)_i\, h_j", True),
])
def test_a_declared_subscripted_name_then_an_entry_after_a_comma(latex, holds):
    expect(check_equation(latex, "3-4-3 2-5-4", **CS224N), holds, latex, verdict=True)


def test_kroneckers_delta_with_a_comma_is_still_kroneckers():
    assert check_equation(r"\sum_j \delta_{i,j} x_j = x_i", "3-4-3", where="i <= 3").holds


def test_a_refusal_on_one_shape_tells_the_verdict_of_another():
    """A newcomer's review: a missing transpose checked on 2-2-2-2 alone "does not hold"; on 2-2-2-2 and 2-3-2 it
    was only "cannot be checked" (the product's shapes do not fit on 2-3-2), the counterexample thrown away. The
    refusal stands (no verdict on what cannot be read on every shape), and tells the other shape's verdict."""
    latex = (r"\boldsymbol{\delta}^{\ell-1} = \mathbf{W}^{\ell} \boldsymbol{\delta}^{\ell} \odot "
             r"\sigma'(\mathbf{z}^{\ell-1})")
    alone = check_equation(latex, "2-2-2-2", activation="sigmoid", where=r"\ell > 1")
    expect(alone, False, latex, verdict=True)
    both = check_equation(latex, "2-2-2-2 2-3-2", activation="sigmoid", where=r"\ell > 1")
    assert not both.readable and "is a transpose missing" in both.message, both.message
    told = both.message.split("on network 2-2-2-2, where it can be read, it does not hold:\n", 1)
    assert len(told) == 2 and alone.details[-1].strip() in told[1], both.message


# A newcomer's review: where the right side names nothing at some index values, the refusal's example was always
# where="l < L" or where="l > 1": for an equation written with \ell, following it failed ("l is not a free index"),
# and for a recursion whose range is 1 < \ell <= L neither fitted. The example now leaves out the failing value, in
# the equation's own letter; following it, the equation is checked.
@pytest.mark.parametrize("latex, kwargs, advice", [
    (r"\delta^{\ell-1} = (W^{\ell})^T \delta^{\ell} \odot \sigma'(z^{\ell-1})", {}, r"\ell \le L"),
    (r"\delta^{l} = (W^{l+1})^T \delta^{l+1} \odot \sigma'(z^{l})", {}, "l < L"),
    (r"\delta^{l} = (W^{l+1})^T \delta^{l+1} \odot \sigma'(z^{l})", {"notation": {"input_layer": 1}}, "l < L"),
    (r"h^{l} = f(W^{l} h^{l-1})", {}, "l > 0"),
])
def test_the_where_advice_leaves_out_the_values_that_name_nothing(latex, kwargs, advice):
    refused = check_equation(latex, "2-2-2", activation="sigmoid", **kwargs)
    assert not refused.readable and f'e.g. where="{advice}"' in refused.message, refused.message
    followed = check_equation(latex, "2-2-2", activation="sigmoid", where=advice, **kwargs)
    assert followed.holds, followed.message


# Hardt and Recht, Shalev-Shwartz and Ben-David, Mohri: the logistic loss with labels y in {-1, +1},
# log(1 + e^{-y w^T x}). True there, it "did not hold" (targets are drawn between 0 and 1); it is refused now, as
# Goodfellow's form for targets 0 and 1 is, and the same forms with a sign flipped are still verdicts.
MARGIN = dict(activation="sigmoid", loss="cross-entropy", notation={"weights": "from-to", "y": "t"})


@pytest.mark.parametrize("latex, outcome", [
    (r"E = \log(1 + e^{-y w^T x})", "refused"),
    (r"\nabla_w E = -\frac{y x}{1 + e^{y w^T x}}", "refused"),
    (r"E = \log(1 + e^{y w^T x})", "fails"),
    (r"\nabla_w E = \frac{y x}{1 + e^{y w^T x}}", "fails"),
    (r"E = -y \log \sigma(w^T x) - (1 - y) \log(1 - \sigma(w^T x))", "holds"),
])
def test_the_logistic_loss_with_labels_minus_one_and_one(latex, outcome):
    result = check_equation(latex, "3-1 2-1", **MARGIN)
    if outcome == "refused":
        assert not result.readable and "holds where every target is -1 or +1" in result.message, result.message
    else:
        expect(result, outcome == "holds", latex, verdict=True)


# Murphy's PML1 13.3 writes each layer's activation with the layer as a subscript, z_l = phi_l(b_l + W_l z_{l-1}):
# with layers: subscripts declared, phi_l is layer l's activation (as f^{(l)} is with superscripts); it was read as
# unit l's, and refused. A layer other than its argument's is refused, as f^{l-1}(z^l) is.
MURPHY = {"layers": "subscripts", "z": "h", "a": "z"}


@pytest.mark.parametrize("latex, outcome", [
    (r"\mathbf{z}_l = \varphi_l(\mathbf{b}_l + \mathbf{W}_l \mathbf{z}_{l-1})", "holds"),
    (r"\mathbf{z}_l = f_l(\mathbf{b}_l + \mathbf{W}_l \mathbf{z}_{l-1})", "holds"),
    (r"\boldsymbol\delta_l = \varphi_l'(\mathbf{a}_l) \odot \mathbf{W}_{l+1}^T \boldsymbol\delta_{l+1}", "holds"),
    (r"\boldsymbol\delta_l = \varphi_l(\mathbf{a}_l) \odot \mathbf{W}_{l+1}^T \boldsymbol\delta_{l+1}", "fails"),
    (r"\mathbf{z}_l = \varphi_{l-1}(\mathbf{b}_l + \mathbf{W}_l \mathbf{z}_{l-1})", "refused"),
])
def test_a_layers_activation_with_the_layer_as_a_subscript(latex, outcome):
    where = "l < L" if r"\delta" in latex else "l >= 1"
    result = check_equation(latex, "2-3-2", activation="tanh sigmoid", biases=True, where=where, notation=MURPHY)
    if outcome == "refused":
        assert not result.readable and "its argument is of another layer" in result.message, result.message
    else:
        expect(result, outcome == "holds", latex, verdict=True)


@pytest.mark.parametrize("latex, kwargs, words", [
    # Clark's identity matrix: declaring I a unit's value ({I: h}) was the advice
    (r"\frac{\partial \mathbf{h}}{\partial \mathbf{h}} = \mathbf{I}", {}, "an identity matrix is not read"),
    # Hinton's example n as a superscript, in a derivative's denominator
    (r"\frac{\partial E_n}{\partial y^n} = y^n - t^n", {"batch": 3}, "written in parentheses, y^{(n)}"),
    # Murphy's Heaviside step H(z), the ReLU's derivative (the advice was to declare H the activation)
    (r"\frac{\partial E}{\partial z^L} = (y - t) \odot H(z^L)", {}, "if it is the Heaviside step"),
    # PDP's pattern p on Delta (it said Delta stands before a weight, which it does)
    (r"\Delta_p w_{ji} = \eta \delta_{pj} o_{pi}", {"batch": 3, "notation": {"o": "h", "Delta": "update"}},
     "a subscript on \\Delta (\\Delta_p w: one pattern's change) is not read"),
])
def test_refusals_that_say_what_is_meant(latex, kwargs, words):
    result = check_equation(latex, "2-3-2", **kwargs)
    assert not result.readable and words in result.message and "{I: h}" not in result.message, result.message
