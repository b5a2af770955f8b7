"""What \\Delta w means (a newcomer's review, item 2): the derivation's gradient dE/dw by default, or, declared with
``Delta: update``, the weight update -\\eta dE/dw most textbooks write (Nielsen, Goodfellow, Bishop, Rojas, CS231n).
Declared, the true update rules hold and realistic mistakes are verdicts; undeclared, an update rule that holds only
as an update is a question that names the declaration, never "does not hold". An update rule written as an
assignment (w <- w - eta g, w := ..., w^{(t+1)} = w^{(t)} - ...) is checked as one: test_update_rules_as_written.py.
Table-driven, no site."""

from __future__ import annotations

import pytest

from bpdocs import check_equation

from .expect import expect

DEEP = "2-3-2 1-2-2-1 2-3-3-2"
UPDATE = {"Delta": "update"}
NIELSEN = {"a": "h", "C": "E", "y": "t", "input_layer": 1, "Delta": "update"}
UFLDL = {"a": "h", "input_layer": 1, "weight_layer": "from", "Delta": "update", "learning_rate": "alpha"}

# (name, latex, keyword arguments, holds); a mistake here is a verdict, "does not hold"
CASES = [
    ("the update of a weight", r"\Delta w^l_{ji} = -\eta \frac{\partial E}{\partial w^l_{ji}}",
     dict(check=DEEP, notation=UPDATE), True),
    ("the update by the error term", r"\Delta w^l_{ji} = -\eta\, \delta^l_j\, h^{l-1}_i",
     dict(check=DEEP, activation="sigmoid", notation=UPDATE), True),
    ("the update of a weight matrix", r"\Delta W^l = -\eta\, \delta^l (h^{l-1})^T",
     dict(check=DEEP, activation="tanh", notation=UPDATE), True),
    ("the update of a bias", r"\Delta b^l_j = -\eta\, \delta^l_j", dict(check=DEEP, biases=True, notation=UPDATE), True),
    ("Nielsen's update of a bias vector", r"\Delta b^l = -\eta \frac{\partial C}{\partial b^l}",
     dict(check=DEEP, biases=True, activation="sigmoid", notation=NIELSEN), True),
    ("Rojas' rate gamma, weights from-to", r"\Delta w_{ij} = -\gamma\, \delta_j\, x_i",
     dict(check="2-3 3-2", notation={**UPDATE, "learning_rate": "gamma", "weights": "from-to"}), True),
    ("UFLDL's rate alpha, layers from 1", r"\Delta W^{(l)} = -\alpha\, \delta^{(l+1)} (a^{(l)})^T",
     dict(check=DEEP, activation="sigmoid", notation=UFLDL), True),
    ("a minibatch's averaged update", r"\Delta w^l_{kj} = -\frac{\eta}{N} \sum_n \frac{\partial E_n}{\partial w^l_{kj}}",
     dict(check="2-3-2 1-2-2", batch=4, reduction="mean", notation=UPDATE), True),
    ("an update with weight decay", r"\Delta w^l_{kj} = -\eta \left(\frac{\partial E_0}{\partial w^l_{kj}} + \lambda\, w^l_{kj}\right)",
     dict(check="2-3-2", l2=r"\frac{\lambda}{2}", notation=UPDATE), True),
    # realistic mistakes
    # (Mitchell's true rule when his \delta = -dE/dz: a verdict once the derivation's sign of \delta is declared)
    ("the update's sign flipped", r"\Delta w^l_{ji} = \eta\, \delta^l_j\, h^{l-1}_i",
     dict(check=DEEP, notation={**UPDATE, "delta_sign": "positive"}), False),
    ("the rate forgotten", r"\Delta w^l_{ji} = -\delta^l_j\, h^{l-1}_i", dict(check=DEEP, notation=UPDATE), False),
    ("the gradient for the update", r"\Delta w^l_{ji} = \frac{\partial E}{\partial w^l_{ji}}",
     dict(check=DEEP, notation=UPDATE), False),
    ("the update of the wrong layer's input", r"\Delta w^l_{ji} = -\eta\, \delta^l_j\, h^l_i",
     dict(check="2-2-2 1-1-1", notation=UPDATE), False),
    ("a minibatch's update without its 1/N", r"\Delta w^l_{kj} = -\eta \sum_n \frac{\partial E_n}{\partial w^l_{kj}}",
     dict(check="2-3-2", batch=4, reduction="mean", notation=UPDATE), False),
    ("weight decay with the wrong sign", r"\Delta w^l_{kj} = -\eta \frac{\partial E_0}{\partial w^l_{kj}} + \eta\lambda\, w^l_{kj}",
     dict(check="2-3-2", l2=r"\frac{\lambda}{2}", notation=UPDATE), False),
    ("a bias update by the unit", r"\Delta b^l_j = -\eta\, h^l_j", dict(check=DEEP, biases=True, notation=UPDATE), False),
    # the derivation's own reading is unchanged
    ("the derivation's gradient", r"\Delta w^l_{ji} = \frac{\partial E}{\partial w^l_{ji}} = \delta^l_j\, h^{l-1}_i",
     dict(check=DEEP), True),
    ("the derivation's gradient, declared", r"\Delta w^l_{ji} = \delta^l_j\, h^{l-1}_i",
     dict(check=DEEP, notation={"Delta": "gradient"}), True),
]


@pytest.mark.parametrize("name, latex, kwargs, holds", CASES, ids=[c[0] for c in CASES])
def test_the_declared_update_holds_and_its_mistakes_are_verdicts(name, latex, kwargs, holds):
    expect(check_equation(latex, **kwargs), holds, name, verdict=True)


def test_the_update_is_drawn_with_its_rate_and_shows_it():
    wrong = check_equation(r"\Delta w^l_{ji} = \eta\, \delta^l_j\, h^{l-1}_i", check="2-3-2",
                           notation={**UPDATE, "delta_sign": "positive"})
    assert r"\eta" in wrong.counterexample.values  # the rate drawn for the trial, in the erratum's table
    left, right = wrong.counterexample.lhs, wrong.counterexample.rhs
    assert left == pytest.approx(-right)  # the sign, and only the sign, is wrong


# True update rules, the rate declared as a constant but \Delta undeclared: refused with the declaration.
UNDECLARED = [
    ("the review's rule", r"\Delta w^l_{ji} = -\eta \frac{\partial E}{\partial w^l_{ji}}",
     dict(check="2-3-2", notation="eta=constant"), "{Delta: update}"),
    ("by the error term", r"\Delta w^l_{ji} = -\eta\, \delta^l_j\, h^{l-1}_i",
     dict(check=DEEP, notation={"eta": "constant"}), "{Delta: update}"),
    ("a matrix", r"\Delta W^l = -\eta\, \delta^l (h^{l-1})^T", dict(check=DEEP, notation={"eta": "constant"}),
     "{Delta: update}"),
    ("Rojas' gamma", r"\Delta w_{ij} = -\gamma\, \delta_j\, x_i",
     dict(check="2-3", notation={"gamma": "constant", "weights": "from-to"}), "{Delta: update, learning_rate: gamma}"),
    ("the rate among other constants", r"\Delta w^l_{kj} = -\eta \left(\frac{\partial E_0}{\partial w^l_{kj}} + \lambda\, w^l_{kj}\right)",
     dict(check="2-3-2", l2=r"\frac{\lambda}{2}", notation={"eta": "constant"}), "{Delta: update}"),
]


@pytest.mark.parametrize("name, latex, kwargs, declaration", UNDECLARED, ids=[u[0] for u in UNDECLARED])
def test_an_undeclared_update_is_a_question_that_names_the_declaration(name, latex, kwargs, declaration):
    result = check_equation(latex, **kwargs)
    assert not result.holds and not result.readable, result.message
    assert result.headline.endswith("cannot be checked")
    assert "it does not hold as read by default, but it holds if \\Delta w is the weight update" in result.message
    assert declaration in result.message and "{Delta: gradient} to keep the default reading" in result.message
    assert "learning_rate: lambda" not in result.message  # only the constant that makes it hold is the rate


# The update declared, its rate not: the default rate is \\eta, so a rule written with another declared constant as
# its rate is a question naming learning_rate (regression: it was "does not hold", \\eta drawn apart from \\alpha).
OTHER_RATE = [
    ("Ng's alpha", r"\Delta w_{ij} = -\alpha \frac{\partial E}{\partial w_{ij}}", dict(check="2-3"),
     {"Delta": "update", "alpha": "constant"}, "{learning_rate: alpha}"),
    ("a matrix, by its error term", r"\Delta W^l = -\alpha\, \delta^l (h^{l-1})^T", dict(check=DEEP, activation="tanh"),
     {"Delta": "update", "alpha": "constant", "lambda": "constant"}, "{learning_rate: alpha}"),
]


@pytest.mark.parametrize("name, latex, kwargs, notation, declaration", OTHER_RATE, ids=[o[0] for o in OTHER_RATE])
def test_a_declared_update_with_another_constant_as_its_rate_is_a_question(name, latex, kwargs, notation, declaration):
    result = check_equation(latex, notation=notation, **kwargs)
    assert not result.holds and not result.readable, result.message
    assert "it holds if the learning rate of the update is \\alpha" in result.message, result.message
    assert declaration in result.message and "{learning_rate: eta} to keep the default reading" in result.message
    assert "learning_rate: lambda" not in result.message
    named = check_equation(latex, notation={**notation, "learning_rate": "alpha"}, **kwargs)
    assert named.holds, named.message
    kept = check_equation(latex, notation={**notation, "learning_rate": "eta"}, **kwargs)
    assert not kept.holds and kept.readable and kept.headline == "the equation does not hold"


def test_a_declared_update_with_an_undeclared_rate_names_it_the_rate():
    result = check_equation(r"\Delta w_{ij} = -\alpha \frac{\partial E}{\partial w_{ij}}", check="2-3",
                            notation={"Delta": "update"})
    assert not result.readable, result.message
    assert "name it the rate (bpdocs_notation: {Delta: update, learning_rate: alpha}" in result.message
    assert "declare what \\Delta w means" not in result.message


def test_declaring_the_gradient_keeps_the_default_and_gives_a_verdict():
    result = check_equation(r"\Delta w^l_{ji} = -\eta \frac{\partial E}{\partial w^l_{ji}}", check="2-3-2",
                            notation="eta=constant Delta=gradient")
    assert not result.holds and result.readable and result.headline == "the equation does not hold"


# The rule written with an undeclared rate: refused, with how to write and declare it.
REFUSED = [
    (r"\Delta w^l_{ji} = -\eta \frac{\partial E}{\partial w^l_{ji}}", {},
     "if it is the learning rate of the weight update \\Delta w = -\\eta \\frac{\\partial E}{\\partial w}, declare "
     "what \\Delta w means (bpdocs_notation: {Delta: update}"),
    (r"\Delta w_{ij} = -\gamma\, \delta_j x_i", {}, "{Delta: update, learning_rate: gamma}"),
    (r"\Delta z^l_j = 0", {}, "\\Delta stands before a weight or a bias"),
    # (an assignment that is no step of a weight or bias from its old value: no update rule)
    (r"\Delta w_{kj} \leftarrow \Delta w_{kj} + \eta\, \delta_k h_j", {"eta": "constant"},
     "\\leftarrow: an assignment is checked as an update only"),
    (r"w^l_{kj} \leftarrow 0", {}, "\\leftarrow: an assignment is checked as an update only"),
    (r"w^l_{kj} \leftarrow -\eta \frac{\partial E}{\partial w^l_{kj}}", {"eta": "constant"},
     "\\leftarrow: an assignment is checked as an update only"),
    (r"-w^l_{kj} \leftarrow -w^l_{kj} - \eta\, \delta^l_k h^{l-1}_j", {"eta": "constant"},
     "\\leftarrow: an assignment is checked as an update only"),
    # (the step's rate a letter nobody declared: named, as the rate to declare)
    (r"w^l_{kj} \leftarrow w^l_{kj} - \alpha \frac{\partial E}{\partial w^l_{kj}}", {},
     "\\alpha: the learning rate of this update? declare it, bpdocs_notation: {learning_rate: alpha}"),
    # another step's value, not on an update's left side
    (r"\delta^l_j(k+1) = \delta^l_j(k)", {},
     "(k+1): the value at another step than k? only an update rule's left side"),
]


@pytest.mark.parametrize("latex, notation, words", REFUSED, ids=[r[0][:40] for r in REFUSED])
def test_what_is_no_update_rule_is_refused_with_how_to_write_it(latex, notation, words):
    for check in ("2-2-2", "1-3"):
        result = check_equation(latex, check=check, notation=notation, biases=True)
        assert not result.holds and not result.readable, result.message
        assert words in result.message, result.message


def test_definitions_and_identities_are_still_checked():
    assert check_equation(r"E := \frac{1}{2} \sum_k (y_k - t_k)^2", check="2-3").holds
    wrong = check_equation(r"E \coloneqq \frac{1}{2} \sum_k (y_k + t_k)^2", check="2-3")
    assert not wrong.holds and wrong.readable  # a wrong definition is a verdict
    assert check_equation(r"w^2_{11} = w^2_{11}", check="1-1-2").holds  # the symbol alone: an identity


NOTATIONS = [
    ("delta=update", "delta is the error term \\delta; for what \\Delta w means, declare Delta: update"),
    ("Delta=update learning_rate=t", "also a name of the notation"),
    ("Delta=step", "is not one of gradient, update"),
    ("delta=negative", "for the sign of the error term \\delta, declare delta_sign: negative"),
    ("delta=descent", "declare delta_sign: negative"),
    ("delta_sign=minus", "is not one of positive, negative"),
]


@pytest.mark.parametrize("notation, words", NOTATIONS, ids=[n[0] for n in NOTATIONS])
def test_a_wrong_declaration_is_refused_with_its_fix(notation, words):
    result = check_equation(r"\Delta w_{11} = 0", check="1-1", notation=notation)
    assert not result.readable and words in result.message, result.message
