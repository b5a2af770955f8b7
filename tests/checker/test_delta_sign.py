"""The sign of the error term: the derivation's \\delta = dE/dz by default, or, declared ``delta_sign: negative``,
Mitchell's (Machine Learning, ch. 4) and Haykin's (Neural Networks, ch. 4) \\delta = -dE/dz, whose update rule is
\\Delta w = +\\eta \\delta x. Declared, their equations as they type them hold and realistic mistakes are verdicts;
undeclared, an equation that holds only with \\delta negated is a question that names the declaration, never
"does not hold"; Rojas (ch. 7), who uses the derivation's sign, is unchanged. Table-driven, no site."""

from __future__ import annotations

import pytest

from bpdocs import check_equation

from .expect import expect

SHAPES = "2-3-2 3-4-2"
KEPT = {"weights": "to-from", "input_layer": 0, "weight_layer": "to", "jacobian": "numerator", "cdot": "dot"}
# Mitchell: o for a unit's output, net_j its input; i, h, k name the input, hidden and output units (Table 4.2)
MITCHELL = {"o": "h", "net": "z", "index_layers": {"i": 0, "h": 1, "k": 2}, "Delta": "update",
            "delta_sign": "negative", **KEPT}
# Haykin: v_j the induced local field, y_j a neuron's output, d_j the desired response, \varphi the activation
HAYKIN = {"v": "z", "y": "h", "d": "t", "varphi": "f", "index_layers": {"i": 0, "j": 1, "k": 2}, "Delta": "update",
          "delta_sign": "negative", **KEPT}
HAYKIN_OUT = {**HAYKIN, "index_layers": {"i": 0, "j": 1}}  # a single layer: j is an output neuron
MIT = dict(check=SHAPES, activation="sigmoid", notation=MITCHELL)
HAY = dict(check=SHAPES, activation="tanh", notation=HAYKIN)
HAY_OUT = dict(check="2-3 3-2", activation="tanh", notation=HAYKIN_OUT)

# (name, latex, keyword arguments, holds); with every convention declared, a mistake is a verdict
DECLARED = [
    ("Mitchell's output delta", r"\delta_k = o_k (1 - o_k)(t_k - o_k)", MIT, True),
    ("Mitchell's hidden delta", r"\delta_h = o_h (1 - o_h) \sum_{k} w_{kh}\, \delta_k", MIT, True),
    ("Mitchell's update, hidden layer", r"\Delta w_{hi} = \eta\, \delta_h\, x_i", MIT, True),
    ("Mitchell's update, output layer", r"\Delta w_{kh} = \eta\, \delta_k\, o_h", MIT, True),
    ("Mitchell's definition", r"\delta_k = -\frac{\partial E}{\partial net_k}", MIT, True),
    ("Mitchell's gradient descent", r"\Delta w_{kh} = -\eta \frac{\partial E}{\partial w_{kh}} = \eta\, \delta_k\, o_h",
     MIT, True),
    ("Haykin's local gradient, output", r"\delta_j = -\frac{\partial E}{\partial v_j} = (d_j - y_j)\, \varphi'(v_j)",
     HAY_OUT, True),
    ("Haykin's delta rule", r"\Delta w_{ji} = \eta\, \delta_j\, y_i", HAY_OUT, True),
    ("Haykin's local gradient, hidden", r"\delta_j = \varphi'(v_j) \sum_k \delta_k\, w_{kj}", HAY, True),
    ("Haykin's delta rule, hidden", r"\Delta w_{ji} = \eta\, \delta_j\, y_i", HAY, True),
    # realistic mistakes, each a verdict
    ("Mitchell's output delta, the error's sign flipped", r"\delta_k = o_k (1 - o_k)(o_k - t_k)", MIT, False),
    ("Mitchell's output delta, a missing factor", r"\delta_k = o_k (t_k - o_k)", MIT, False),
    ("Mitchell's hidden delta, a swapped index", r"\delta_h = o_h (1 - o_h) \sum_{k} w_{hk}\, \delta_k",
     dict(MIT, check="2-3-3"), False),
    ("Mitchell's hidden delta, the derivative missing", r"\delta_h = \sum_{k} w_{kh}\, \delta_k", MIT, False),
    ("Mitchell's update, the derivation's sign", r"\Delta w_{hi} = -\eta\, \delta_h\, x_i", MIT, False),
    ("Mitchell's update, the rate missing", r"\Delta w_{hi} = \delta_h\, x_i", MIT, False),
    ("Mitchell's update, a swapped index", r"\Delta w_{hi} = \eta\, \delta_i\, x_h", dict(MIT, check="3-3-2"), False),
    ("Mitchell's update, the wrong unit's output", r"\Delta w_{kh} = \eta\, \delta_k\, o_k",
     dict(MIT, check="2-3-3"), False),
    ("Haykin's local gradient, the derivative missing", r"\delta_j = d_j - y_j", HAY_OUT, False),
    ("Haykin's local gradient, a swapped index", r"\delta_j = \varphi'(v_j) \sum_k \delta_k\, w_{jk}",
     dict(HAY, check="2-3-3"), False),
    ("Haykin's delta rule, the input's index swapped", r"\Delta w_{ji} = \eta\, \delta_i\, y_j",
     dict(HAY_OUT, check="3-3"), False),
]


@pytest.mark.parametrize("name, latex, kwargs, holds", DECLARED, ids=[c[0] for c in DECLARED])
def test_declared_negative_the_texts_hold_and_their_mistakes_are_verdicts(name, latex, kwargs, holds):
    expect(check_equation(latex, **kwargs), holds, name, verdict=True)


# Rojas' backpropagated error is the derivation's dE/dz: his forms hold as read by default, with nothing declared
# about the sign, and declaring the other sign makes them fail.
ROJAS = {"o": "h", "weights": "from-to", "Delta": "update", "learning_rate": "gamma"}
ROJAS_FORMS = [
    ("Rojas' output error", r"\delta^{(2)}_j = o^{(2)}_j (1 - o^{(2)}_j)(o^{(2)}_j - t_j)"),
    ("Rojas' hidden error", r"\delta^{(1)}_j = o^{(1)}_j (1 - o^{(1)}_j) \sum_{q} w^{(2)}_{jq}\, \delta^{(2)}_q"),
    ("Rojas' update", r"\Delta w^{(2)}_{ij} = -\gamma\, o^{(1)}_i\, \delta^{(2)}_j"),
]


@pytest.mark.parametrize("name, latex", ROJAS_FORMS, ids=[r[0] for r in ROJAS_FORMS])
def test_rojas_sign_is_the_default(name, latex):
    kwargs = dict(check="2-3-2 3-4-2", activation="sigmoid")
    assert (result := check_equation(latex, notation=ROJAS, **kwargs)).holds, result.message
    assert check_equation(latex, notation={**ROJAS, "delta_sign": "positive"}, **kwargs).holds
    if "hidden" not in name:  # the recursion is linear in \delta: it holds with either sign, as it should
        wrong = check_equation(latex, notation={**ROJAS, "delta_sign": "negative"}, **kwargs)
        assert not wrong.holds and wrong.readable and wrong.headline == "the equation does not hold", wrong.message


def _undeclared(notation: dict) -> dict:
    return {k: v for k, v in notation.items() if k != "delta_sign"}


# The same true forms with the sign undeclared: a question naming delta_sign, never "does not hold".
UNDECLARED = [
    ("Mitchell's output delta", r"\delta_k = o_k (1 - o_k)(t_k - o_k)", MIT),
    ("Mitchell's update", r"\Delta w_{hi} = \eta\, \delta_h\, x_i", MIT),
    ("Mitchell's definition", r"\delta_k = -\frac{\partial E}{\partial net_k}", MIT),
    ("Haykin's local gradient", r"\delta_j = (d_j - y_j)\, \varphi'(v_j)", HAY_OUT),
    ("Haykin's delta rule", r"\Delta w_{ji} = \eta\, \delta_j\, y_i", HAY),
    ("the update by a vector of deltas", r"\Delta W^l = \eta\, \delta^l (h^{l-1})^T",
     dict(check="2-3-2 1-2-2-1", activation="tanh", notation={"Delta": "update"})),
]


@pytest.mark.parametrize("name, latex, kwargs", UNDECLARED, ids=[u[0] for u in UNDECLARED])
def test_undeclared_a_form_true_with_delta_negated_is_a_question_naming_the_declaration(name, latex, kwargs):
    result = check_equation(latex, **{**kwargs, "notation": _undeclared(kwargs["notation"])})
    assert not result.holds and not result.readable, result.message
    assert result.headline == "the equation cannot be checked", result.message
    assert ("it does not hold as read by default, but it holds if the error term is \\delta = -\\frac{\\partial E}"
            "{\\partial z} (as Mitchell and Haykin define it") in result.message, result.message
    assert "{delta_sign: negative}" in result.message, result.message
    assert "{delta_sign: positive} to keep the default reading and get a verdict" in result.message
    assert result.counterexample is None  # a question, not a verdict with a counterexample
    kept = check_equation(latex, **{**kwargs, "notation": {**kwargs["notation"], "delta_sign": "positive"}})
    assert not kept.holds and kept.readable and kept.headline == "the equation does not hold", kept.message


def test_undeclared_update_and_sign_together_name_both_declarations():
    """Mitchell's rule with only the rate declared: it holds as an update with his \\delta, and only so."""
    result = check_equation(r"\Delta w_{hi} = \eta\, \delta_h\, x_i", check=SHAPES, activation="sigmoid",
                            notation={"o": "h", "index_layers": {"i": 0, "h": 1, "k": 2}, "eta": "constant", **KEPT})
    assert not result.readable, result.message
    assert "{Delta: update, delta_sign: negative}" in result.message, result.message
    assert "{Delta: gradient, delta_sign: positive} to keep the default reading" in result.message


# Mistakes that no reading explains stay verdicts, the sign undeclared.
STILL_WRONG = [
    ("a missing factor", r"\delta_k = o_k (t_k - o_k)", MIT),
    ("the derivative missing", r"\delta_h = \sum_{k} w_{kh}\, \delta_k", MIT),
    ("the rate missing", r"\Delta w_{hi} = \delta_h\, x_i", MIT),
    ("the derivative missing (Haykin)", r"\delta_j = d_j - y_j", HAY_OUT),
]


@pytest.mark.parametrize("name, latex, kwargs", STILL_WRONG, ids=[s[0] for s in STILL_WRONG])
def test_undeclared_a_mistake_no_sign_explains_is_still_a_verdict(name, latex, kwargs):
    result = check_equation(latex, **{**kwargs, "notation": _undeclared(kwargs["notation"])})
    assert not result.holds and result.readable and result.headline == "the equation does not hold", result.message


def test_the_counterexample_shows_the_sign_as_declared():
    wrong = check_equation(r"\delta_k = o_k (1 - o_k)(o_k - t_k)", **MIT)
    assert wrong.counterexample.lhs == pytest.approx(-wrong.counterexample.rhs)  # only the sign is wrong


def test_mitchells_two_index_input_is_refused_with_how_to_write_it():
    result = check_equation(r"\Delta w_{ji} = \eta\, \delta_j\, x_{ji}", check="2-3",
                            notation={"Delta": "update", "delta_sign": "negative"})
    assert not result.readable and "cannot check this equation: x_{ji}" in result.message, result.message
    assert "the input from unit i into unit j (Mitchell's), write the unit it comes from: x_i" in result.message
