"""The twelfth review of textbook notation (session 23): its wrong verdicts, each with the correct equation and
a mistake beside it, and the update rules it found refused. Table-driven, no site."""

import pytest

from bpdocs.core.mathcheck import check_equation

from .expect import expect


# AIMA's w_{3,5} and Kelleher's w_{i,k}: a declared entry with a comma in its subscript was silently ignored (the
# checker read w_{2,1} as the default entry), so the true equation failed and a wrong one held.
@pytest.mark.parametrize("latex, key, holds", [
    (r"\frac{\partial E}{\partial w_{2,1}} = (y_1 - t_1) x_1", "w_{2,1}", True),
    (r"\frac{\partial E}{\partial w_{2,1}} = (y_2 - t_2) x_1", "w_{2,1}", False),
    (r"\frac{\partial E}{\partial w_{2, 1}} = (y_1 - t_1) x_1", "w_{2,1}", True),
    (r"\frac{\partial E}{\partial w_{2,1}} = (y_1 - t_1) x_1", "w_{2, 1}", True),
    (r"\frac{\partial E}{\partial w_{2,1}} = (y_2 - t_2) x_1", "w_{2, 1}", False),
])
def test_a_declared_entry_with_a_comma_is_that_entry(latex, key, holds):
    expect(check_equation(latex, "1-2", notation={key: "w_{11}"}), holds, latex, verdict=True)


# A rate written as a number (Karpathy's micrograd post, Mazur's 0.5, a worked example's 0.1) always "did not
# hold": the left side was the step with a random eta the equation never mentions.
KARPATHY = dict(activation="tanh", notation={"L": "E"})
MAZUR = dict(activation="sigmoid", notation={"w_5": "w^2_{11}", "w_6": "w^2_{12}", "E_{total}": "E"})


@pytest.mark.parametrize("latex, check, kwargs, holds", [
    (r"w \leftarrow w - 0.01 \frac{\partial L}{\partial w}", "2-1", KARPATHY, True),
    (r"w \leftarrow w + 0.01 \frac{\partial L}{\partial w}", "2-1", KARPATHY, False),
    (r"w_5^{+} = w_5 - 0.5 \frac{\partial E_{total}}{\partial w_5}", "2-2-2", MAZUR, True),
    (r"w_5^{+} = w_5 - 0.5 \frac{\partial E_{total}}{\partial w_6}", "2-2-2", MAZUR, False),  # (another weight's)
    (r"\mathbf{w}^{(t+1)} = \mathbf{w}^{(t)} - 0.1 \nabla E(\mathbf{w}^{(t)})", "2-1 3-1", {}, True),
    (r"w \leftarrow w - \frac{1}{2}\frac{\partial E}{\partial w}", "1-1", {}, True),
    (r"w_{ji} \leftarrow w_{ji} - 0.5\, \delta_j x_i", "2-2", dict(notation={"index_layers": {"i": 0, "j": 1}}), True),
    (r"w_{ji} \leftarrow w_{ji} - 0.5\, \delta_i x_j", "2-2", dict(notation={"index_layers": {"i": 0, "j": 1}}),
     False),
    (r"W = W - 0.5\, dW", "2-2", dict(notation={"d": "gradient"}), True),
    (r"\Delta w = -0.1 \frac{\partial E}{\partial w}", "1-1", dict(notation={"Delta": "update"}), True),
    (r"\Delta w = 0.1 \frac{\partial E}{\partial w}", "1-1", dict(notation={"Delta": "update"}), False),
    (r"\Delta w_{ji} = 0.1\, \delta_j x_i", "2-2",
     dict(notation={"Delta": "update", "delta_sign": "negative", "index_layers": {"i": 0, "j": 1}}), True),
    (r"\Delta w_{ji} = -0.1\, \delta_j x_i", "2-2",
     dict(notation={"Delta": "update", "delta_sign": "negative", "index_layers": {"i": 0, "j": 1}}), False),
])
def test_a_rate_written_as_a_number_is_the_steps_rate(latex, check, kwargs, holds):
    expect(check_equation(latex, check, **kwargs), holds, latex, verdict=True)


def test_a_numeric_rate_is_named_in_the_verdict_and_no_eta_is_drawn():
    result = check_equation(r"w \leftarrow w + 0.01 \frac{\partial L}{\partial w}", "2-1", **KARPATHY)
    assert "(0.01 its learning rate)" in result.message and "\\eta" not in result.message, result.message


def test_a_weight_given_itself_with_no_rate_is_still_no_update():
    result = check_equation(r"W = W + 0", "2-2")
    assert not result.readable and "with no learning rate beside it" in result.message, result.message


# PRML 5.43, the online step on one example's error E_n: in a batch check the left side was the whole batch's
# step, so the true update "did not hold". It is that example's step now; under \sum_n, the batch's.
@pytest.mark.parametrize("latex, holds", [
    (r"\mathbf{w}^{(\tau+1)} = \mathbf{w}^{(\tau)} - \eta \nabla E_n(\mathbf{w}^{(\tau)})", True),
    (r"\mathbf{w}^{(\tau+1)} = \mathbf{w}^{(\tau)} + \eta \nabla E_n(\mathbf{w}^{(\tau)})", False),
    (r"w_{kj} \leftarrow w_{kj} - \eta \frac{\partial E_n}{\partial w_{kj}}", True),
    (r"w_{kj} \leftarrow w_{kj} - \eta \sum_n \frac{\partial E_n}{\partial w_{kj}}", True),
    (r"w_{kj} \leftarrow w_{kj} - \eta \sum_n (y_{nk} - t_{nk}) x_{nj}", True),
    (r"w_{kj} \leftarrow w_{kj} - \eta \sum_n (y_{nk} - t_{nk}) x_{nk}", False),
])
def test_an_online_step_in_a_batch_is_that_examples_step(latex, holds):
    expect(check_equation(latex, "2-1 3-2", batch=3), holds, latex, verdict=True)


# Prince, Understanding Deep Learning 7: f_K, his last layer's pre-activation (K hidden layers). K was read as the
# number of outputs, so the equation held only where the two coincide (2-3-3-2) and failed elsewhere.
PRINCE = {"f": "z^{l+1}", r"\Omega": "W", r"\beta": "b", "a": "f", r"\ell": "E", "weight_layer": "from",
          "layers": "subscripts", "example": "i", "y": "t", "weights": "to-from"}
DEEP = dict(activation="relu relu relu identity", loss="sum-of-squares")


@pytest.mark.parametrize("latex, last, holds", [
    (r"\frac{\partial \ell_i}{\partial \mathbf{f}_K} = 2(\mathbf{f}_K - \mathbf{y}_i)", "L-1", True),
    (r"\frac{\partial \ell_i}{\partial \mathbf{f}_K} = 2(\mathbf{f}_K - \mathbf{y}_i)", "L - 1", True),
    (r"\frac{\partial \ell_i}{\partial \mathbf{f}_K} = (\mathbf{f}_K - \mathbf{y}_i)", "L-1", False),
    (r"\frac{\partial \ell_i}{\partial \mathbf{f}_{K-1}} = \boldsymbol\Omega_K^T (2(\mathbf{f}_K - \mathbf{y}_i)) "
     r"\odot \mathbb{I}[\mathbf{f}_{K-1} > 0]", "L-1", True),
    (r"\frac{\partial \ell_i}{\partial \mathbf{f}_{K-1}} = \boldsymbol\Omega_K^T (\mathbf{f}_K - \mathbf{y}_i) "
     r"\odot \mathbb{I}[\mathbf{f}_{K-1} > 0]", "L-1", False),
])
def test_princes_last_layer_k_declared(latex, last, holds):
    for check in ("2-3-4-2-2", "2-3-3-3-2"):
        expect(check_equation(latex, check, **DEEP, notation={**PRINCE, "K": last}), holds, latex, verdict=True)


@pytest.mark.parametrize("latex, check, kwargs", [
    (r"\frac{\partial \ell_i}{\partial \mathbf{f}_K} = 2(\mathbf{f}_K - \mathbf{y}_i)", "2-3-3-2",
     dict(activation="relu relu identity", loss="sum-of-squares", notation=PRINCE)),
    (r"\frac{\partial E}{\partial z^K} = z^K - t", "2-3-4-2-2", {}),
])
def test_k_as_a_layer_undeclared_is_refused_with_the_declaration(latex, check, kwargs):
    result = check_equation(latex, check, **kwargs)
    assert not result.readable, result.message
    assert "K as a layer? K is the number of output units" in result.message and "{K: L-1}" in result.message


# Bishop and Bishop 2024 (7.18) and the Adam paper: the step from the one before, w^{(t)} = w^{(t-1)} - ...; it
# was refused "with no learning rate beside it" with the rate right there.
@pytest.mark.parametrize("latex, kwargs, holds", [
    (r"\mathbf{w}^{(t)} = \mathbf{w}^{(t-1)} - \eta \nabla E(\mathbf{w}^{(t-1)})", {}, True),
    (r"\mathbf{w}^{(t)} = \mathbf{w}^{(t-1)} + \eta \nabla E(\mathbf{w}^{(t-1)})", {}, False),
    (r"\mathbf{w}^{(\tau)} = \mathbf{w}^{(\tau-1)} - \eta \nabla E(\mathbf{w}^{(\tau-1)})", {}, True),
    (r"\theta_t \leftarrow \theta_{t-1} - \alpha \nabla_\theta E(\theta_{t-1})",
     dict(notation={"theta": "w", "learning_rate": "alpha"}), True),
    (r"W(k) = W(k-1) - \alpha \frac{\partial E}{\partial W}", dict(notation={"learning_rate": "alpha"}), True),
    (r"w^{(t)}_{kj} = w^{(t-1)}_{kj} - \eta (y_k - t_k) x_j", {}, True),
    (r"w^{(t)}_{kj} = w^{(t-1)}_{kj} - \eta (y_k - t_k) x_k", {}, False),
])
def test_a_step_from_the_one_before(latex, kwargs, holds):
    expect(check_equation(latex, "2-2", **kwargs), holds, latex, verdict=True)


@pytest.mark.parametrize("latex, said", [
    (r"\mathbf{w}^{(t)} = \mathbf{w}^{(t-1)} - \eta \nabla E(\mathbf{w}^{(t)})", "a value at the new step"),
    (r"\mathbf{w}^{(t)} = \mathbf{w}^{(t-1)} - \eta \nabla E(\mathbf{w}^{(t-1)}) + \alpha(\mathbf{w}^{(t-1)} - "
     r"\mathbf{w}^{(t-2)})", "t-2: the value at the step before, beside the step (a momentum term"),
    (r"w_j = w_{j-1} - \eta x_j", "\\eta is not supported"),  # (a unit's index, never a step: no update read)
])
def test_a_step_from_the_one_before_refused_where_it_is_none(latex, said):
    result = check_equation(latex, "2-2")
    assert not result.readable and said in result.message, result.message


# Nielsen ch. 2's algorithm, per example: \delta^{x,l} (example x, then the layer) was refused ("cannot read 'x,l'
# as the layer of \delta"); and his mini-batch's C_{X_j}, Higham's C_{x^{\{i\}}}: the error of example j (i).
NIELSEN = {"a": "h", "C": "E", "y": "t", "input_layer": 1, "m": "N"}
CHAPTER_ONE = dict(check="2-3", notation={"C": "E", "m": "N"})  # (his ch. 1: b_l, a bias by its unit)
NIELSEN_CHECK = dict(check="2-3-2 1-2-2-1 3-4-4-2", activation="sigmoid", biases=True, batch=3, reduction="mean")


@pytest.mark.parametrize("latex, kwargs, holds", [
    (r"z^{x,l} = w^l a^{x,l-1} + b^l, \qquad a^{x,l} = \sigma(z^{x,l})", dict(where="l >= 2"), True),
    (r"z^{x,l} = w^l a^{x,l-1} - b^l", dict(where="l >= 2"), False),
    (r"\delta^{x,L} = \nabla_a C_x \odot \sigma'(z^{x,L})", dict(notation={**NIELSEN, "a": "h^L"}), True),
    (r"\delta^{x,l} = ((w^{l+1})^T \delta^{x,l+1}) \odot \sigma'(z^{x,l})", dict(where="l >= 2 and l < L"), True),
    (r"w^l \rightarrow w^l-\frac{\eta}{m} \sum_x \delta^{x,l} (a^{x,l-1})^T", dict(where="l >= 2"), True),
    (r"b^l \rightarrow b^l-\frac{\eta}{m} \sum_x \delta^{x,l}", dict(where="l >= 2"), True),
    (r"b^l \rightarrow b^l-\eta \sum_x \delta^{x,l}", dict(where="l >= 2"), False),
    (r"b_l \rightarrow b_l' = b_l-\frac{\eta}{m}\sum_j \frac{\partial C_{X_j}}{\partial b_l}", CHAPTER_ONE, True),
    (r"b_l \rightarrow b_l' = b_l-\eta\sum_j \frac{\partial C_{X_j}}{\partial b_l}", CHAPTER_ONE, False),
    (r"C = \frac{1}{N}\sum_{i=1}^N C_{x^{\{i\}}}", {}, True),
    (r"C = \sum_{i=1}^N C_{x^{(i)}}", {}, False),
    (r"C = \frac{1}{N} \sum_{i=1}^N \frac{1}{2} \|y(x^{\{i\}}) - a^{[L]}(x^{\{i\}})\|^2", {}, True),
    (r"C = \frac{1}{N} \sum_{i=1}^N \|y(x^{\{i\}}) - a^{[L]}(x^{\{i\}})\|^2", {}, False),
])
def test_nielsens_and_highams_examples_as_printed(latex, kwargs, holds):
    kwargs = {**NIELSEN_CHECK, "notation": NIELSEN, **kwargs}
    expect(check_equation(latex, **kwargs), holds, latex, verdict=True)


# CS231n's snake_case rate, \text{learning\_rate} and \text{step\_size}: refused ("'step_size' is not a name";
# undeclared, "the expression is incomplete after '-'", the rate dropped as prose)
@pytest.mark.parametrize("latex, rate, holds", [
    (r"w \leftarrow w - \text{step\_size} \frac{\partial E}{\partial w}", "step_size", True),
    (r"w \leftarrow w + \text{step\_size} \frac{\partial E}{\partial w}", "step_size", False),
    (r"W \leftarrow W - \text{learning\_rate} \cdot \frac{\partial E}{\partial W}", "learning_rate", True),
])
def test_a_snake_case_rate(latex, rate, holds):
    expect(check_equation(latex, "2-1", notation={"learning_rate": rate}), holds, latex, verdict=True)


@pytest.mark.parametrize("latex, said", [
    (r"w \leftarrow w - \text{step\_size} \frac{\partial E}{\partial w}",
     "step_size: the learning rate of this update? declare it, bpdocs_notation: {learning_rate: step_size}"),
    # the layer's Greek letter: "'\tau' cannot be an index of the layer of w (a Greek unit index, Marsland's the
    # layer of w_\zeta, ...)", a sentence for a unit index filled with a layer's words
    (r"w^{(\tau)} = x", r"'\tau' cannot be the layer of w (a Greek letter is not read as the layer: write it with "
                        "a Latin letter)"),
    # d2l's \partial_{\mathbf w} l(\mathbf w, b): said what to write instead
    (r"\partial_{\mathbf{w}} l(\mathbf{w}, b) = \mathbf{x}(\mathbf{w}^\top \mathbf{x} + b - y)",
     r"write the derivative as a fraction, \frac{\partial l}{\partial \mathbf{w}}, or a gradient by what it names"),
])
def test_refusals_that_say_what_to_write(latex, said):
    result = check_equation(latex, "2-1", notation={"l": "E", "y": "t"} if "partial_" in latex else None)
    assert not result.readable and said in result.message, result.message


# d2l 3.1's minibatch step, \frac{\eta}{|\mathcal{B}|} \sum_{i \in \mathcal{B}}: with the set declared the examples,
# |\mathcal{B}| was "not part of the notation ... declare {\mathcal{B}: E}" (B, "an index (m_{i \in B})")
D2L = dict(check="3-1", biases=True, batch=3, reduction="mean")


@pytest.mark.parametrize("latex, name, holds", [
    (r"\mathbf{w} \leftarrow \mathbf{w} - \frac{\eta}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} \mathbf{x}^{(i)} "
     r"\left(\mathbf{w}^\top \mathbf{x}^{(i)} + b - y^{(i)}\right)", r"\mathcal{B}", True),
    (r"\mathbf{w} \leftarrow \mathbf{w} - \eta \sum_{i \in \mathcal{B}} \mathbf{x}^{(i)} "
     r"\left(\mathbf{w}^\top \mathbf{x}^{(i)} + b - y^{(i)}\right)", r"\mathcal{B}", False),
    (r"\mathbf{w} \leftarrow \mathbf{w} - \frac{\eta}{|B|} \sum_{i \in B} \mathbf{x}^{(i)} "
     r"\left(\mathbf{w}^\top \mathbf{x}^{(i)} + b - y^{(i)}\right)", "B", True),
    (r"E = \frac{1}{|D|} \sum_{d \in D} E_d", "D", True),
    (r"E = \frac{1}{|D|^2} \sum_{d \in D} E_d", "D", False),
])
def test_the_size_of_a_declared_set_of_examples(latex, name, holds):
    notation = {"y": "t", name: "examples", "weights": "from-to"}
    expect(check_equation(latex, **D2L, notation=notation), holds, latex, verdict=True)


# Hagan's widths as superscripts, S^{m-1} with {S: n} declared: "the width of layer m-1, or a power?" though S is
# declared a width (a width's power means nothing); n^2 alone stays a question
HAGAN = {"n": "z", "a": "h", "s": "delta", "M": "L", "p": "x", "S": "n"}


@pytest.mark.parametrize("latex, holds", [
    (r"n^m_i = \sum_{j=1}^{S^{m-1}} w^m_{i,j} a^{m-1}_j + b^m_i", True),
    (r"n^m_i = \sum_{j=1}^{S^{m-1}} w^m_{j,i} a^{m-1}_j + b^m_i", False),
])
def test_a_declared_widths_superscript_is_its_layer(latex, holds):
    result = check_equation(latex, "2-3-2 3-3-3", biases=True, notation={**HAGAN, "weights": "to-from"},
                            where="m >= 1")
    expect(result, holds, latex, verdict=True)


def test_ns_superscript_alone_is_still_a_question():
    result = check_equation(r"\sum_{j=1}^{n^{2}} x_j = 1", "2-3-2")
    assert not result.readable and "the width of layer 2, or a power?" in result.message, result.message


def test_a_superscript_unit_index_is_told_as_one():
    """Gurney's \\delta^j = \\sigma'(a^j)(t^j - y^j): "j is not part of the notation ... declare {j: h}" (an index
    letter taken for a quantity); now what the superscript is read as, and how the unit is written."""
    result = check_equation(r"\delta^j = \sigma'(a^j)(t^j - y^j)", "2-3", activation="sigmoid", notation={"a": "z"})
    assert not result.readable and "{j: h}" not in result.message, result.message
    assert "t^j: a superscript on t is a power, and j is not part of the notation; a unit's index is a subscript, " \
           "t_j" in result.message, result.message


# An adversarial review of the readings above (helper, 230 cases): the wrong verdicts it found
@pytest.mark.parametrize("latex, kwargs, holds", [
    # a rate of 0 made any step hold
    (r"w \leftarrow w - 0\, x_1", KARPATHY, False),
    (r"w \leftarrow w - 0 \frac{\partial L}{\partial w}", KARPATHY, False),
    # a numeric rate written otherwise than as the first factor was read with eta (true ones failed)
    (r"w \leftarrow w - 0.01 \cdot \frac{\partial L}{\partial w}", KARPATHY, True),
    (r"w \leftarrow w - 10^{-3} \frac{\partial L}{\partial w}", KARPATHY, True),
    (r"w \leftarrow w - 1 \times 10^{-3} \frac{\partial L}{\partial w}", KARPATHY, True),
    (r"w \leftarrow w - 0.1 \cdot \frac{1}{2} \frac{\partial L}{\partial w}", KARPATHY, True),
    (r"w \leftarrow w - \frac{\partial L}{\partial w} \, 0.01", KARPATHY, True),
    (r"w \leftarrow w + 0.01 \cdot (-\frac{\partial L}{\partial w})", KARPATHY, True),
    (r"w \leftarrow w + 0.01 \cdot \frac{\partial L}{\partial w}", KARPATHY, False),
    (r"\Delta w = -0.1 \cdot \frac{\partial E}{\partial w}", dict(notation={"Delta": "update"}), True),
    (r"w \leftarrow w - \frac{0.1}{N} \sum_n \frac{\partial E_n}{\partial w}", dict(batch=3, reduction="mean"), True),
    (r"w \leftarrow w - \frac{0.1}{N} \sum_n \frac{\partial E_n}{\partial w}", dict(batch=3), False),
])
def test_numeric_rates_as_written(latex, kwargs, holds):
    expect(check_equation(latex, "2-1", **kwargs), holds, latex, verdict=True)


@pytest.mark.parametrize("latex, kwargs, holds", [
    # E_k beside w_{kj}: k is a unit's index, never example k (it held as an online step)
    (r"w_{kj} \leftarrow w_{kj} - \eta \frac{\partial E_k}{\partial w_{kj}}", {}, False),
    (r"w_{kj} \leftarrow w_{kj} - \eta \frac{\partial E_j}{\partial w_{kj}}", {}, False),
    # the online step as a change, \Delta w with Delta: update (true ones failed)
    (r"\Delta w_{kj} = -\eta \frac{\partial E_n}{\partial w_{kj}}", dict(notation={"Delta": "update"}), True),
    (r"\Delta w_{kj} = -0.1 \frac{\partial E_n}{\partial w_{kj}}", dict(notation={"Delta": "update"}), True),
    (r"\Delta w_{kj} = 0.1 \frac{\partial E_n}{\partial w_{kj}}", dict(notation={"Delta": "update"}), False),
])
def test_online_steps_and_unit_indices(latex, kwargs, holds):
    expect(check_equation(latex, "2-1 3-2", batch=3, **kwargs), holds, latex, verdict=True)


@pytest.mark.parametrize("latex, kwargs", [
    # a step's subscript (w_t, \theta_t) let the gradient at the new or a later step through
    (r"w_t = w_{t-1} - \eta \nabla E(w_t)", {}),
    (r"\mathbf{w}_t = \mathbf{w}_{t-1} - \eta \nabla E(\mathbf{w}_t)", {}),
    (r"\theta_t = \theta_{t-1} - \alpha \nabla_\theta E(\theta_t)",
     dict(notation={"theta": "w", "learning_rate": "alpha"})),
    (r"\theta_t \leftarrow \theta_{t-1} - \alpha \nabla_\theta E(\theta_{t+1})",
     dict(notation={"theta": "w", "learning_rate": "alpha"})),
    (r"\theta_t \leftarrow \theta_{t-1} - \alpha \frac{\partial E(\theta_t)}{\partial \theta}",
     dict(notation={"theta": "w", "learning_rate": "alpha"})),
    (r"w_{t+1} = w_t - \eta \nabla E(w_{t+1})", {}),
])
def test_a_gradient_at_the_new_step_is_refused_whatever_marks_the_step(latex, kwargs):
    result = check_equation(latex, "2-2", **kwargs)
    assert not result.readable and "a value at the new step" in result.message, result.message


def test_the_review_of_the_readings_messages():
    hagan = check_equation(r"\hat{F} = \sum_{i=1}^{S^M} (t_i - a^M_i)^2", "2-3-2", loss="sum-of-squares",
                           notation={**HAGAN, "\\hat{F}": "E"})
    assert hagan.holds, hagan.message  # (his S^M, {M: L}: "a layer size can only be a bound of a sum")
    inputs = check_equation(r"z^I = 1", "2-3-2")
    assert "I is the number of inputs (Bishop's \\sum_{i=1}^{I})" in inputs.message, inputs.message
    word = check_equation(r"w \leftarrow w - \text{grad\_W}", "2-1")
    assert "learning rate" not in word.message, word.message  # (grad_W was offered as the rate)
    chain = check_equation(r"\Delta w = -0.1 \frac{\partial E}{\partial w} = -0.2 \frac{\partial E}{\partial w}",
                           "1-1", notation={"Delta": "update"})
    assert not chain.holds and "sum-of-squares" not in chain.message, chain.message  # (no loss makes two steps one)
    unit = check_equation(r"\delta^{k,l}_k = 1", "2-3-2", batch=3)
    assert not unit.readable and "'k,l'" in unit.message, unit.message  # (k, a unit, is no example)
