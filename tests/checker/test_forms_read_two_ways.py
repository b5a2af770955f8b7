"""A second review's textbooks (Mehlig, LeCun's "Efficient BackProp", Grosse's CSC321 notes, Geron 4, Goodfellow 6,
Hagan 11): forms that read two ways were judged in the wrong one, a true equation "does not hold"; now each is
refused with both readings and what to write (and the checker's own advice no longer leads into one), and a font
inside an accent reads as the accented letter."""

from __future__ import annotations

import pytest

from bpdocs import check_equation

from .expect import expect, expect_refused

GROSSE = dict(check="3-3-3", activation="sigmoid identity", notation={"bar": "gradient", "z": "z^1"})
HAGAN = dict(check="2-3-2 1-2-2-1", activation="sigmoid", biases=True, loss="sum-of-squares", where="m < L",
             notation={"n": "z", "a": "h", "s": "delta", "M": "L", "\\hat{F}": "E", "p": "x"})
LECUN = dict(check="2-3-2", activation="tanh", batch=3, reduction="mean", notation={"P": "N"})
GBC = dict(check="2-1 3-1", activation="sigmoid", loss="cross-entropy", notation={"J": "E", "y": "t", "z": "z^1"})
MEHLIG = dict(check="2-1 3-1", activation="tanh", notation={"H": "E", "Delta": "update"})
LOGISTIC = dict(check="3-1 2-1", activation="sigmoid", loss="cross-entropy")
MEHLIG_LAYERS = dict(check="2-3-1 1-2-1", activation="tanh", where="l >= 1",
                     notation={"b": "z", "V": "h", "O": "y", "\\Delta": "delta", "delta_sign": "negative",
                               "Delta": "update"})
GERON = dict(check="2-3 3-4", activation="softmax", loss="categorical-cross-entropy", batch=3, reduction="mean",
             notation={"J": "E", "\\theta": "w", "\\Theta": "W", "weights": "from-to", "m": "N", "y": "t",
                       "\\hat{p}": "y"})
GERON_ENTRY = (r"\frac{\partial J}{\partial \theta_{jk}} = \frac{1}{m} \sum_{i=1}^{m} "
               r"\left( \hat{p}_k^{(i)} - y_k^{(i)} \right) x_j^{(i)}")

CASES = [
    # a font inside the accent: \bar{\mathbf{h}} was refused (its bar taken for a name of its own) as \bar{h} is not
    ("Grosse, bold h-bar", r"\bar{\mathbf{h}} = \mathbf{W}^{(2)\top} \bar{\mathbf{y}}", GROSSE, True),
    ("Grosse, bold h-bar, no transpose", r"\bar{\mathbf{h}} = \mathbf{W}^{(2)} \bar{\mathbf{y}}",
     dict(GROSSE, notation={**GROSSE["notation"], "weights": "to-from"}), False),
    ("Hagan (11.45), bold dotted F", r"\mathbf{s}^m = \dot{\mathbf{F}}^m(\mathbf{n}^m) (\mathbf{W}^{m+1})^T "
     r"\mathbf{s}^{m+1}", HAGAN, True),
    ("Hagan (11.45), the font outside the dot", r"s^m = \mathbf{\dot{F}}^m(n^m) (W^{m+1})^T s^{m+1}", HAGAN, True),
    ("Hagan (11.45), the next layer's F", r"s^m = \mathbf{\dot{F}}^{m+1}(n^{m+1}) (W^{m+1})^T s^{m+1}",
     dict(HAGAN, check="2-2-2 3-3-3", notation={**HAGAN["notation"], "weights": "to-from"}), False),
    ("LeCun, example p's error as E^{(p)}", r"E = \frac{1}{P} \sum_{p=1}^{P} E^{(p)}", LECUN, True),
    ("LeCun, E_p", r"E = \frac{1}{P} \sum_{p=1}^{P} E_p", LECUN, True),
    ("Mehlig, the increment as the docs say to write it", r"\Delta w^{(l)}_{mn} = \eta \Delta^{(l)}_m V^{(l-1)}_n",
     MEHLIG_LAYERS, True),
    ("Mehlig, the increment without eta", r"\Delta w^{(l)}_{mn} = \Delta^{(l)}_m V^{(l-1)}_n", MEHLIG_LAYERS, False),
    ("Geron (4-23) entry by entry, as the docs say", GERON_ENTRY, GERON, True),
    ("Geron (4-23) entry by entry, p and y swapped", GERON_ENTRY.replace(r"\hat{p}_k^{(i)} - y_k^{(i)}",
                                                                         r"y_k^{(i)} - \hat{p}_k^{(i)}"), GERON, False),
    # logistic regression's weight from input j to the one output (Murphy's w_d, Geron's theta_j): was refused
    ("Murphy, logistic regression's gradient", r"\frac{\partial E}{\partial w_j} = (y - t) x_j", LOGISTIC, True),
    ("Murphy, the error's sign flipped", r"\frac{\partial E}{\partial w_j} = (t - y) x_j", LOGISTIC, False),
    ("Murphy, the linear part", r"y = \sigma\left(\sum_j w_j x_j\right)", LOGISTIC, True),  # (j over the inputs)
    ("Murphy, the linear part over too few inputs", r"y = \sigma\left(\sum_{j=1}^{2} w_j x_j\right)", LOGISTIC,
     False),
    ("Goodfellow, the cross-entropy for any target",
     r"J = -y \log \sigma(z) - (1 - y) \log(1 - \sigma(z))", GBC, True),
    ("Goodfellow, half the cross-entropy", r"J = -y \log \sigma(z)", GBC, False),  # (true at y = 1 only: a verdict)
    # with one trial of one unit, the targets 0 and 1 are each tried (all 0, this half was "true for 0 and 1")
    ("Goodfellow, the other half, one trial", r"J = -(1 - y) \log(1 - \sigma(z))", dict(GBC, trials=1), False),
    # inside a side, a bare delta before a weight is the product the derivation writes (only a side's start reads
    # as Mehlig's increment)
    ("the input's gradient, delta times w_j", r"\frac{\partial E}{\partial x_j} = \delta w_j", LOGISTIC, True),
    ("the input's gradient, w_j missing", r"\frac{\partial E}{\partial x_j} = \delta", dict(LOGISTIC, check="3-1"),
     False),
]


@pytest.mark.parametrize("name, latex, kwargs, holds", CASES, ids=[c[0] for c in CASES])
def test_the_form_holds_and_the_mistake_fails(name, latex, kwargs, holds):
    expect(check_equation(latex, **kwargs), holds, name, verdict=True)


REFUSED = [
    # Mehlig's increment \delta w was read as delta times w: the update rule "did not hold" (shapes, or values)
    ("Mehlig, delta w", r"\delta w_{1k} = -\eta \frac{\partial H}{\partial w_{1k}}", MEHLIG,
     ["the change of w", "\\Delta w", "\\delta \\cdot w"]),
    ("Mehlig, delta w on a layer", r"\delta w_{mn} = -\eta \frac{\partial H}{\partial w_{mn}}",
     dict(MEHLIG, check="2-3 3-2"), ["the change of w"]),
    ("Mehlig, delta w after the advice {delta: delta^L}", r"\delta w^{(l)}_{mn} = \eta \Delta^{(l)}_m V^{(l-1)}_n",
     dict(MEHLIG_LAYERS, notation={**MEHLIG_LAYERS["notation"], "delta": "delta^L"}), ["the change of w"]),
    # {n: N} (the advice for n alone) and a sum over n: every term read example N's error
    ("E^n, n declared N", r"E = \frac{1}{N} \sum_{n=1}^{N} E^n", dict(LECUN, notation={"n": "N"}),
     ["n is declared ({n: N})", "not also a sum's index"]),
    # the advice {\bar: h^L} was taken as a declaration: \bar{h} read as the output's h, and judged wrong
    ("Grosse, {\\bar: h^L}", r"\bar{\mathbf{h}} = \mathbf{W}^{(2)\top} \bar{\mathbf{y}}",
     dict(GROSSE, notation={**GROSSE["notation"], "\\bar": "h^L"}), ["an accent alone names nothing"]),
    # Geron's class k: theta^{(k)} read as layer k, and the sides' shapes "did not hold"
    ("Geron (4-23)", r"\nabla_{\boldsymbol{\theta}^{(k)}} J(\boldsymbol{\Theta}) = \frac{1}{m} \sum_{i=1}^{m} "
     r"\left( \hat{p}_k^{(i)} - y_k^{(i)} \right) \mathbf{x}^{(i)}",
     GERON, ["k is a layer in", "a unit's index in"]),
    # Goodfellow's forms for y in {0, 1}, judged at targets between 0 and 1
    ("Goodfellow (6.27)", r"J = -\log \sigma((2y - 1) z)", GBC, ["holds where every target is 0 or 1"]),
    ("Goodfellow, the softplus form", r"J = \log(1 + \exp((1 - 2y) z))", GBC, ["0 or 1"]),
    ("Alpaydin's r^t_i", r"E = \frac{1}{2} \sum_t \sum_i (r^t_i - y^t_i)^2", dict(LECUN, notation={"r": "t"}),
     ["write r^{(t)} (and"]),  # (not r_t: unit t)
    ("Hertz, Krogh and Palmer's pattern mu", r"E = \sum_{\mu=1}^{p} E^\mu", LECUN, ["a Latin letter", "x^{(n)}"]),
    # messages that misnamed what they refused
    ("Werbos' ordered derivative", r"\frac{\partial^+ E}{\partial h_j} = \sum_k w_{kj} \delta_k", dict(check="2-3-2"),
     ["ordered (total) derivative"]),  # (was "second derivatives are not supported")
    ("Hagan's layer 1 as a bare superscript", r"\delta^1_j = \dot{f}^1(z^1_j) \sum_k w^2_{kj} \delta^2_k",
     dict(check="2-3-2"), ["f^{[1]}"]),  # (the advice said f^{[2]})
    ("Geron, J undeclared", r"J = -y \log \sigma(z)", dict(GBC, notation={"y": "t", "z": "z^1"}), ["{J: E}"]),
]


@pytest.mark.parametrize("source, latex, kwargs, words", REFUSED, ids=[r[0] for r in REFUSED])
def test_a_form_that_reads_two_ways_is_refused_with_what_to_write(source, latex, kwargs, words):
    expect_refused(check_equation(latex, **kwargs), words)
