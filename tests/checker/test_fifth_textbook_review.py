"""A fifth review's textbooks (Hastie, Tibshirani and Friedman; Kriesel; Fausett; Alpaydin; Wikipedia): what they
write, read as they mean it.

- Two names declared for one quantity, each with its layer (ESL's alpha and beta, the first and the second layer's
  weights; its s and delta, the hidden and the output error terms; Fausett's v and w), all took the layer declared
  last, as did the quantity's own letter ({o: h^L} made a bare h the output's): correct equations "did not hold"
  and false ones were checked, by the order of the keys. A declared name's default layer is its own.
- Wikipedia's matrix chains, (W^1)^T \\cdot (f^1)' \\circ (W^2)^T \\cdot (f^2)' \\circ \\nabla C, are taken from the
  right; read with \\cdot before \\circ, the true chain "did not hold" on square layers (a verdict where the text is
  read two ways). Where the two groupings differ and only the other holds, it is a question now, and
  ``products: right`` reads it so."""

from __future__ import annotations

import pytest

from bpdocs import check_equation

from .expect import expect, expect_refused

ESL = {r"\alpha": "w^1", r"\beta": "w^2", "z": "h^1", "R": "E", "s": "delta^1", r"\delta": "delta^2",
       "weights": "to-from", "index_layers": {}}
ESL_BETA_FIRST = {r"\beta": "w^2", r"\alpha": "w^1", "z": "h^1", "R": "E", r"\delta": "delta^2", "s": "delta^1",
                  "weights": "to-from", "index_layers": {}}
ESL_NET = dict(check="2-3-2 3-4-2", activation="sigmoid identity", loss="sum-of-squares")

NAMES_WITH_LAYERS = [
    ("ESL 11.14, the second layer", r"\frac{\partial R}{\partial \beta_{km}} = \delta_k z_m", ESL, True),
    ("ESL 11.14, the first layer", r"\frac{\partial R}{\partial \alpha_{ml}} = s_m x_l", ESL, True),
    ("ESL 11.15, sigma' written out", r"s_m = z_m (1 - z_m) \sum_{k=1}^K \beta_{km} \delta_k", ESL, True),
    ("beta declared first: 11.14", r"\frac{\partial R}{\partial \beta_{km}} = \delta_k z_m", ESL_BETA_FIRST, True),
    ("beta declared first: 11.15", r"s_m = z_m (1 - z_m) \sum_{k=1}^K \beta_{km} \delta_k", ESL_BETA_FIRST, True),
    # the mistakes the shared layer hid or made up
    ("the output's delta for s", r"\frac{\partial R}{\partial \alpha_{ml}} = \delta_m z_l", ESL, False),
    ("the output's delta for s, beta first", r"\frac{\partial R}{\partial \alpha_{ml}} = \delta_m z_l",
     ESL_BETA_FIRST, False),
    ("s and delta swapped", r"\delta_m = z_m (1 - z_m) \sum_{k=1}^K \beta_{km} s_k", ESL, False),
    ("alpha for beta", r"\frac{\partial R}{\partial \alpha_{km}} = \delta_k z_m", ESL, False),
]


@pytest.mark.parametrize("name, latex, notation, holds", NAMES_WITH_LAYERS, ids=[c[0] for c in NAMES_WITH_LAYERS])
def test_each_declared_name_keeps_its_own_layer(name, latex, notation, holds):
    expect(check_equation(latex, notation=notation, **ESL_NET), holds, name, verdict=True)


@pytest.mark.parametrize("latex, notation, check, holds", [
    (r"u_j = v_j", {"u": "h^1", "v": "h^2"}, "2-2-2", False),
    (r"u_j = h^1_j", {"u": "h^1", "v": "h^2"}, "2-2-2", True),
    (r"v_j = h^2_j", {"u": "h^1", "v": "h^2"}, "2-2-2", True),
    # (Fausett's v and w; w is also the quantity's own letter, whose layer index letters may name instead)
    (r"v_{ij} = w_{ij}", {"v": "w^1", "w": "w^2", "z": "h^1", "weights": "from-to", "index_layers": {}}, "2-2-2",
     False),
    (r"v_{ij} = w^1_{ji}", {"v": "w^1", "z": "h^1"}, "2-2-2", False),  # (to-from by default: w^1_{ji} is v_{ji})
    (r"v_{ij} = w^1_{ij}", {"v": "w^1", "w": "w^2"}, "2-2-2", True),
    (r"o_j = y_j", {"o": "h^L"}, "2-3-3", True),
])
def test_names_for_one_quantity_are_told_apart(latex, notation, check, holds):
    expect(check_equation(latex, check=check, notation=notation), holds, latex, verdict=True)


def test_a_name_declared_with_a_layer_leaves_the_quantitys_own_letter_alone():
    # {o: h^L}: o is the output's h; a bare h_j is still the hidden layer's (or unread), never the output's
    result = check_equation(r"h_j = y_j", check="2-3-3", notation={"o": "h^L"})
    assert not result.holds, result.message


WIKIPEDIA = {"a": "h", "C": "E", "y": "t"}
CHAIN = r"\nabla_x C = (W^{(1)})^T \cdot (f^{(1)})' \circ (W^{(2)})^T \cdot (f^{(2)})' \circ \nabla_{a^{(2)}} C"
DELTA_CHAIN = r"\delta^{l} := (f^{l})' \circ (W^{l+1})^T \cdot (f^{L})' \circ \nabla_{a^{L}} C"


@pytest.mark.parametrize("check", ["2-2-2 3-3-3", "2-3-2 3-4-2"])
@pytest.mark.parametrize("latex, where", [(CHAIN, None), (DELTA_CHAIN, "l == L - 1")])
def test_a_chain_that_holds_taken_from_the_right_is_a_question_not_a_verdict(latex, where, check):
    settings = dict(check=check, activation="sigmoid", where=where)
    expect_refused(check_equation(latex, notation=WIKIPEDIA, **settings), ["products: right"])
    expect(check_equation(latex, notation={**WIKIPEDIA, "products": "right"}, **settings), True, latex)


WIKIPEDIA_RIGHT = {**WIKIPEDIA, "products": "right"}
GROUPINGS = [
    ("the chain, parenthesised as meant", r"\nabla_x C = (W^{(1)})^T \cdot ((f^{(1)})' \circ ((W^{(2)})^T \cdot "
                                          r"((f^{(2)})' \circ \nabla_{a^{(2)}} C)))", WIKIPEDIA, True),
    ("one matrix product last, either way", r"\delta^{l-1} = (f^{l-1})' \circ (W^l)^T \cdot \delta^l",
     dict(WIKIPEDIA, input_layer="1"), True),
    ("Nielsen's, juxtaposed", r"\delta^l = (W^{l+1})^T \delta^{l+1} \odot \sigma'(z^l)", {}, True),
    ("Nielsen's with a \\cdot, as read by default", r"\delta^l = (W^{l+1})^T \cdot \delta^{l+1} \odot \sigma'(z^l)",
     {}, True),
    # the mistakes, taken from the right: verdicts
    ("a transpose left out", CHAIN.replace("(W^{(2)})^T", "W^{(2)}"), WIKIPEDIA_RIGHT, False),
    ("the wrong layer's derivative", CHAIN.replace("(f^{(2)})'", "(f^{(1)})'"), WIKIPEDIA_RIGHT, False),
    ("Nielsen's with a \\cdot, taken from the right", r"\delta^l = (W^{l+1})^T \cdot \delta^{l+1} \odot \sigma'(z^l)",
     {"products": "right"}, False),
]


@pytest.mark.parametrize("name, latex, notation, holds", GROUPINGS, ids=[c[0] for c in GROUPINGS])
def test_products_are_grouped_as_declared(name, latex, notation, holds):
    where = "l < L" if "delta^l =" in latex else "l > 1 and l <= L" if "l-1" in latex else None
    expect(check_equation(latex, check="2-2-2", activation="sigmoid", notation=notation, where=where), holds, name,
           verdict=True)


ELL = [
    ("ESL's l as a script l", r"\frac{\partial R}{\partial \alpha_{m\ell}} = s_m x_\ell", True),
    ("summed over", r"z_m = \sigma(\sum_{\ell} \alpha_{m\ell} x_\ell)", True),
    ("its indices swapped", r"\frac{\partial R}{\partial \alpha_{m\ell}} = s_m x_m", False),
    ("l and \\ell are two letters", r"\frac{\partial R}{\partial \alpha_{ml}} = s_m x_\ell", False),
]


@pytest.mark.parametrize("name, latex, holds", ELL, ids=[c[0] for c in ELL])
def test_a_script_l_is_an_index_letter_of_its_own(name, latex, holds):
    expect(check_equation(latex, notation=ESL, **ESL_NET), holds, name, verdict=True)


def test_a_refusal_quotes_the_tex_as_written():
    # ESL's g_k applied to a product (here another unit's row, beta_m^T z_i): the message showed the tree's repr
    result = check_equation(r"\frac{\partial R_i}{\partial \beta_{km}} = -2(y_{ik} - f_k(x_i))\, g_k'(\beta_m^T z_i)\, "
                            r"z_{mi}", batch=3, notation={**ESL, "y": "t", "f": "y", "g": "f"}, **ESL_NET)
    expect_refused(result, [r"g_k (unit k's activation) applied to (\beta_m^T z_i)"])
    assert "Op(" not in result.message and "Sym(" not in result.message
    # a token the checker cannot read, in quotes, its backslash once (a repr doubled it)
    expect_refused(check_equation(r"w_{\mu j} = 1", check="2-3"), [r"'\mu' cannot be an index of w"])
