"""A third review's textbooks (Hertz, Krogh and Palmer; Kröse and van der Smagt; Zurada): a symbol's layer said two
ways, by an index letter declared a layer (``index_layers``) and by something else, was read one way without a word:
two true equations "did not hold" and a wrong one passed. Each is now refused with what to write, and what it says to
write holds (or, for the mistake, fails). And three forms of the same texts that were refused are read (Zurada's
\\partial (net_k), Bishop's \\left\\{ \\right\\}, x^{(n)T})."""

from __future__ import annotations

import pytest

from bpdocs import check_equation

from .expect import expect, expect_refused

TWO_LAYERS = dict(check="2-3-2 3-4-2", notation={"index_layers": {"j": 1, "k": 2}})
KROSE = dict(check="2-3-2 3-4-2", activation="sigmoid", biases=True,
             notation={"s": "z", "y": "h", "\\theta": "b", "weights": "from-to", "index_layers": {"j": 1, "k": 2}})
ZURADA = dict(check="2-3-2 3-4-2", activation="sigmoid",
              notation={"o": "y", "y": "h^1", "d": "t", "delta_sign": "negative",
                        "index_layers": {"i": 0, "j": 1, "k": 2}})
HKP_BATCH = dict(check="2-2-2", batch=3, activation="sigmoid")

REFUSED = [
    # Kröse and van der Smagt's pattern p: s^p_k was read as layer p (p = 1: z^1_k, not layer 2's), "does not hold"
    ("Kröse, the pattern p", r"s^p_k = \sum_j w_{jk} y^p_j + \theta_k", KROSE,
     ["its layer is written p, but k is declared a unit of layer 2", "s_k"]),
    # and a general formula's layer l beside letters declared layers: one says layer l, the other layer 1
    ("a layer l beside index_layers", r"\delta^l_j = \sum_k w^{l+1}_{kj} \delta^{l+1}_k",
     dict(TWO_LAYERS, where="l < L"),
     ["its layer is written l, but j is declared a unit of layer 1", "leave index_layers out"]),
    # Kröse's y_j, any unit's output, read as the network's output y (j = 1: the output's unit 1), "does not hold"
    ("Kröse, y_j undeclared", r"\frac{\partial E}{\partial w_{kj}} = \delta_k y_j", TWO_LAYERS,
     ["y is the output's, but j is declared a unit of layer 1", "{y: h}"]),
    # Zurada's slip, the hidden y(1 - y) in the output's delta: y declared h^1, k layer 2 won, and it passed
    ("Zurada, y_k with y declared h^1", r"\delta_k = (d_k - o_k)\, y_k (1 - y_k)", ZURADA,
     ["y is declared a value of layer 1, but k is declared a unit of layer 2"]),
    # Fausett's bias update, the weight from unit 0: "names nothing" with a unit the network lacks, no word of the bias
    ("Fausett, the bias update w_{0k}", r"\Delta w_{0k} = \alpha \delta_k",
     dict(check="2-3-2", biases=True, activation="sigmoid", notation={"Delta": "update", "learning_rate": "alpha",
                                                                      "weights": "from-to", "index_layers": {"k": 2}}),
     ["unit 0 is not a unit of the network", "write the bias apart, b_{k}"]),
    ("Bishop, the bias's derivative as w_{k0}'s", r"\frac{\partial E}{\partial w_{k0}} = \delta_k",
     dict(TWO_LAYERS, biases=True), ["write the bias apart, b_{k}"]),
    # Hertz, Krogh and Palmer's pattern on every quantity: (n) a layer on delta and z, an example on y and t
    ("HKP, the pattern on every quantity", r"\delta^{(n)} = \sigma'(z^{(n)}) \odot (y^{(n)} - t^{(n)})", HKP_BATCH,
     ["n is an example's in y^{(n)} and a layer's in \\delta^{(n)}", "a hidden layer's values are not read per example",
      "check one example without batch"]),
]


REFUSED += [  # advice that did not fit what it refused
    ("Aggarwal's \\Phi'", r"\delta_k = \Phi'(z_k) (y_k - t_k)", dict(check="2-2", activation="sigmoid"),
     ["if \\Phi is the activation, declare it (bpdocs_notation: {Phi: f})"]),  # (was: define a macro)
    ("Haykin's \\Phi'_k", r"\delta_k = \Phi'_k(z_k) (y_k - t_k)", dict(check="2-2", activation="sigmoid"),
     ["if \\Phi is the activation, declare it (bpdocs_notation: {Phi: f})"]),
    ("\\Phi^{\\prime}", r"\delta_k = \Phi^{\prime}(z_k) (y_k - t_k)", dict(check="2-2", activation="sigmoid"),
     ["if \\Phi is the activation, declare it (bpdocs_notation: {Phi: f})"]),
    ("Bishop 1995's \\sum_{k'}", r"y_k = \frac{\exp(z_k)}{\sum_{k'} \exp(z_{k'})}",
     dict(check="2-3", activation="softmax"),
     ["a primed index is not read; sum over another letter"]),  # (was: write \sum_{k=1}, k being free)
    ("\\sum_{k'=1}^{K}", r"y_k = \frac{\exp(z_k)}{\sum_{k'=1}^{K} \exp(z_{k'})}",
     dict(check="2-3", activation="softmax"),
     ["a primed index is not read; sum over another letter"]),
    ("a named error, E^{\\mathrm{train}}", r"E^{\mathrm{train}} = E", dict(check="1-1"),
     ["train is not part of the notation"]),  # (no power nor example: a name, as before)
    ("a momentum term", r"\Delta w_{ij}(t) = -\eta \frac{\partial E}{\partial w_{ij}} + \alpha \Delta w_{ij}(t-1)",
     dict(check="2-2", notation={"Delta": "update", "iteration": "t", "alpha": "constant"}),
     ["a momentum term", "check the update without it"]),  # (was: "write the change", which it was)
    ("Bishop 1995's E^n outside a sum", r"E^n = \frac{1}{2} \sum_k (y_k - t_k)^2", dict(check="2-2"),
     ["example n's error (Bishop's E^n)?", "write E^{(n)} or E_n"]),  # (was: "n alone: the number of units")
]


@pytest.mark.parametrize("source, latex, kwargs, words", REFUSED, ids=[r[0] for r in REFUSED])
def test_a_layer_said_two_ways_is_refused_with_what_to_write(source, latex, kwargs, words):
    expect_refused(check_equation(latex, **kwargs), words)


CASES = [  # what the refusals say to write, and the forms that say one layer one way
    ("Kröse, one pattern", r"s_k = \sum_j w_{jk} y_j + \theta_k", KROSE, True),
    ("Kröse, one pattern, the weight's indices swapped", r"s_k = \sum_j w_{kj} y_j + \theta_k",
     dict(KROSE, check="2-3-3 3-4-4"), False),
    ("a layer l without index_layers", r"\delta^l_j = \sum_k w^{l+1}_{kj} \delta^{l+1}_k",
     dict(check="2-3-2 3-4-2", where="l < L"), True),
    ("Kröse, y declared any unit's", r"\frac{\partial E}{\partial w_{kj}} = \delta_k y_j",
     dict(TWO_LAYERS, notation={**TWO_LAYERS["notation"], "y": "h"}), True),
    ("Kröse, y declared, the wrong unit", r"\frac{\partial E}{\partial w_{kj}} = \delta_k y_k",
     dict(TWO_LAYERS, notation={**TWO_LAYERS["notation"], "y": "h"}), False),
    ("the output y_k, k the output's letter", r"\frac{\partial E}{\partial y_k} = y_k - t_k", TWO_LAYERS, True),
    ("the input x_j for h_j, a mistake judged", r"\frac{\partial E}{\partial w_{kj}} = \delta_k x_j", TWO_LAYERS,
     False),
    ("Zurada's output delta", r"\delta_k = (d_k - o_k)\, o_k (1 - o_k)", ZURADA, True),
    ("Zurada's output delta as the docs write it, \\delta^L_k", r"\delta^L_k = (d_k - o_k)\, o_k (1 - o_k)", ZURADA,
     True),  # (L: the output's layer, not a letter the index letter contradicts)
    ("Zurada's output delta, \\delta^L_k, the slope of the hidden layer", r"\delta^L_k = (d_k - o_k)\, y_j (1 - y_j)",
     ZURADA, False),
    ("Zurada's hidden delta, y_j of layer 1", r"\delta_j = y_j (1 - y_j) \sum_k \delta_k w_{kj}", ZURADA, True),
    # (the output's o_k outside a sum over k is refused: the fourth review's test_a_sum_over_a_free_index_is_refused)
    ("Zurada's hidden delta, the slope left out", r"\delta_j = y_j \sum_k \delta_k w_{kj}", ZURADA, False),
    ("HKP, one example", r"\delta^L = \sigma'(z^L) \odot (y - t)", dict(check="2-2-2", activation="sigmoid"), True),
    ("HKP, one example, the slope of the wrong layer", r"\delta^L = \sigma'(z^1) \odot (y - t)",
     dict(check="2-2-2", activation="sigmoid"), False),
    ("a batch's example on y and t only", r"E = \frac{1}{2} \sum_n \sum_k (y^{(n)}_k - t^{(n)}_k)^2",
     dict(check="2-2 3-2", batch=3), True),
    ("a batch's example, a square too few", r"E = \frac{1}{2} \sum_n \sum_k (y^{(n)}_k - t^{(n)}_k)",
     dict(check="2-2 3-2", batch=3), False),
]


CASES += [  # the bias written apart, as the refusals say
    ("Fausett's bias update, b_k", r"\Delta b_k = -\alpha \delta_k", dict(check="2-3-2", biases=True,
     activation="sigmoid", notation={"Delta": "update", "learning_rate": "alpha", "index_layers": {"k": 2}}), True),
    ("Bishop's bias derivative, b_k", r"\frac{\partial E}{\partial b_k} = \delta_k", dict(TWO_LAYERS, biases=True),
     True),
]
CASES += [  # what that advice says to write
    ("Aggarwal's \\Phi' declared the activation", r"\delta_k = \Phi'(z_k) (y_k - t_k)",
     dict(check="2-2", activation="sigmoid", notation={"Phi": "f"}), True),
    ("Bishop 1995's softmax over m", r"y_k = \frac{\exp(z_k)}{\sum_{m} \exp(z_m)}",
     dict(check="2-3", activation="softmax"),
     True),
    ("the update without its momentum term", r"\Delta w_{ij}(t) = -\eta \frac{\partial E}{\partial w_{ij}}",
     dict(check="2-2", notation={"Delta": "update", "iteration": "t"}), True),
    ("the update without its momentum term, the sign lost",
     r"\Delta w_{ij}(t) = \eta \frac{\partial E}{\partial w_{ij}}",
     dict(check="2-2", notation={"Delta": "update", "iteration": "t"}), False),
    ("Bishop 1995's E^{(n)} in a batch", r"E^{(n)} = \frac{1}{2} \sum_k (y^{(n)}_k - t^{(n)}_k)^2",
     dict(check="2-2 3-2", batch=3), True),
    ("Bishop 1995's E^{(n)}, the half lost", r"E^{(n)} = \sum_k (y^{(n)}_k - t^{(n)}_k)^2",
     dict(check="2-2 3-2", batch=3), False),
    ("Bishop 1995's softmax over m, the sum's exp dropped", r"y_k = \frac{\exp(z_k)}{\sum_{m} z_m}",
     dict(check="2-3", activation="softmax"), False),
]
CASES += [  # forms the review found refused, with advice that did not fit them: now read
    ("Zurada, the derivative by (net_k)", r"\frac{\partial E}{\partial (net_k)} = -(d_k - o_k)\, o_k (1 - o_k)",
     dict(check="2-3-2 3-2", activation="sigmoid", notation={"o": "y", "d": "t", "net": "z^L"}), True),
    ("Zurada, the derivative by (net_k), the sign lost", r"\frac{\partial E}{\partial (net_k)} = (d_k - o_k)\, o_k "
     r"(1 - o_k)", dict(check="2-3-2 3-2", activation="sigmoid", notation={"o": "y", "d": "t", "net": "z^L"}), False),
    ("Bishop 1995, the cross-entropy in \\left\\{ \\right\\}",
     r"E = -\sum_n \left\{ t^{(n)} \ln y^{(n)} + (1 - t^{(n)}) "
     r"\ln (1 - y^{(n)}) \right\}", dict(check="2-1 3-1", batch=3, activation="sigmoid", loss="cross-entropy"), True),
    ("Bishop 1995, the braces' second log of y", r"E = -\sum_n \left\{ t^{(n)} \ln y^{(n)} + (1 - t^{(n)}) "
     r"\ln y^{(n)} \right\}", dict(check="2-1 3-1", batch=3, activation="sigmoid", loss="cross-entropy"), False),
    ("Parr and Howard, x^{(n)T} as (x^{(n)})^T", r"\frac{\partial E}{\partial W^L} = \sum_n (y^{(n)} - t^{(n)}) "
     r"x^{(n)T}", dict(check="2-2 3-2", batch=3), True),
    ("Parr and Howard, x^{(n)\\top}, the error's sign flipped", r"\frac{\partial E}{\partial W^L} = \sum_n (t^{(n)} - "
     r"y^{(n)}) x^{(n)\top}", dict(check="2-2 3-2", batch=3), False),
]


@pytest.mark.parametrize("name, latex, kwargs, holds", CASES, ids=[c[0] for c in CASES])
def test_what_the_refusals_say_to_write_is_judged(name, latex, kwargs, holds):
    expect(check_equation(latex, **kwargs), holds, name, verdict=True)


def test_punctuation_is_never_advised_as_a_name_to_declare():
    """Zurada's \\partial (net_k) was refused with "declare it, e.g. bpdocs_notation: {(: h}"."""
    from bpdocs.core.mathcheck.advice import unknown_name
    from bpdocs.core.mathcheck.notation import DEFAULT

    for written in ("(", "[", "'", "|"):
        advice = unknown_name(written, DEFAULT)
        assert "cannot be read here" in advice and "declare" not in advice, advice
