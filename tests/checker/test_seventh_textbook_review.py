"""The seventh review of textbook notation (session 20): equations as their authors print them, with the
declarations docs/checking.md gives. Table-driven, no site."""

import pytest

from bpdocs.core.mathcheck import check_equation

# Raschka, Machine Learning with PyTorch and Scikit-Learn 11: (h) the hidden layer, (out) the output, (in) the input
RASCHKA = dict(check="2-3-1 3-4-1", activation="sigmoid", notation={"out": "L", "h": "1", "in": "0", "a": "h", "y": "t",
                                                                   "L": "E"})
CHAIN = (r"\frac{\partial L}{\partial w^{(h)}_{1,1}} = \frac{\partial L}{\partial a^{(out)}_1} "
         r"\frac{\partial a^{(out)}_1}{\partial z^{(out)}_1} \frac{\partial z^{(out)}_1}{\partial a^{(h)}_1} "
         r"\frac{\partial a^{(h)}_1}{\partial z^{(h)}_1} \frac{\partial z^{(h)}_1}{\partial w^{(h)}_{1,1}}")


@pytest.mark.parametrize("source, latex, kwargs, holds", [
    ("Raschka's chain rule, as printed", CHAIN, RASCHKA, True),
    ("Raschka's hidden activation", r"\mathbf{a}^{(h)} = \sigma(\mathbf{z}^{(h)})", RASCHKA, True),
    ("Raschka's hidden layer from the input", r"\mathbf{z}^{(h)} = \mathbf{W}^{(h)} \mathbf{a}^{(in)}", RASCHKA, True),
    ("Raschka's hidden delta", r"\boldsymbol{\delta}^{(h)} = (\mathbf{W}^{(out)})^T \boldsymbol{\delta}^{(out)} \odot "
     r"\sigma'(\mathbf{z}^{(h)})", RASCHKA, True),
    ("Raschka's hidden activation of the output's z", r"\mathbf{a}^{(h)} = \sigma(\mathbf{z}^{(out)})", RASCHKA, False),
    ("Raschka's chain, the output's a for the hidden layer's",
     CHAIN.replace(r"{\partial a^{(h)}_1} \frac", r"{\partial a^{(out)}_1} \frac"), RASCHKA, False),
])
def test_as_printed(source, latex, kwargs, holds):
    args = dict(kwargs)
    result = check_equation(latex, args.pop("check"), **args)
    assert result.readable and result.holds == holds, result.headline


# TeX as older texts and lecture notes type it: an unbraced argument (Prince's \boldsymbol\beta_0), plain TeX's
# font switches ({\rm T}, Learning from Data's transpose; {\bf W}), a braced symbol with a layer, \max after a factor
# (CS231n's s = W_2 \max(0, W_1 x), Goodfellow's w^\top \max\{0, W^\top x + c\} + b)
PLAIN = dict(check="2-3-2")
RELU = dict(check="2-3-2", activation="relu identity")


@pytest.mark.parametrize("source, latex, kwargs, holds", [
    ("Prince, unbraced", r"\mathbf{z}^2 = \boldsymbol\beta^2 + \boldsymbol\Omega^2 \mathbf{h}^1",
     dict(check="2-3-2", biases=True, notation={r"\beta": "b", r"\Omega": "W"}), True),
    ("Prince, unbraced, a wrong layer", r"\mathbf{z}^2 = \boldsymbol\beta^1 + \boldsymbol\Omega^2 \mathbf{h}^1",
     dict(check="2-2-2", biases=True, notation={r"\beta": "b", r"\Omega": "W"}), False),
    ("Learning from Data's {\\rm T}", r"\frac{\partial E}{\partial \mathbf{h}^1} = (\mathbf{W}^2)^{\rm T} "
     r"\boldsymbol{\delta}^2", PLAIN, True),
    ("\\mathrm T unbraced", r"\frac{\partial E}{\partial \mathbf{h}^1} = (\mathbf W^2)^{\mathrm T} \boldsymbol\delta^2",
     PLAIN, True),
    ("plain TeX's bold, a braced symbol with a layer",
     r"\frac{\partial E}{\partial \mathbf{h}^1} = ({\bf W}^2)^{\sf T} {\boldsymbol \delta}^2", PLAIN, True),
    ("plain TeX's bold, the transpose missing", r"\frac{\partial E}{\partial \mathbf{h}^1} = {\bf W}^2 "
     r"{\boldsymbol \delta}^2", dict(check="2-2-2", notation={"weights": "to-from"}), False),
    ("a power of a group is still a power", r"E = \frac{1}{2}\sum_k {(y_k - t_k)}^2", PLAIN, True),
    ("a power of a fraction's argument", r"E = \frac{1}{2}\sum_k \frac{(y_k - t_k)^2}{1}", PLAIN, True),
    ("CS231n's \\max after a factor", r"\mathbf{y} = \mathbf{W}^2 \max(0, \mathbf{W}^1 \mathbf{x})", RELU, True),
    ("Goodfellow's \\max\\{\\}", r"\mathbf{y} = \mathbf{W}^2 \max\{0, \mathbf{W}^1 \mathbf{x}\}", RELU, True),
    ("\\max after a weight", r"z^2_k = \sum_j w^2_{kj} \max(0, z^1_j)", RELU, True),
    ("\\max after a weight, a wrong index", r"z^2_k = \sum_j w^2_{kj} \max(0, z^1_k)", RELU, False),
])
def test_tex_as_typed(source, latex, kwargs, holds):
    args = dict(kwargs)
    result = check_equation(latex, args.pop("check"), **args)
    assert result.readable and result.holds == holds, result.headline


@pytest.mark.parametrize("notation, said", [
    ({"vectors": "rows"}, "vectors are rows here, as vectors: rows declares, W^l is n_l x n_{l-1}"),
    ({"vectors": "rows", "weights": "from-to"},
     "vectors are rows here, as vectors: rows declares, W^l is n_{l-1} x n_l"),
    ({}, "vectors are columns here, W^l is n_l x n_{l-1}"),
])
def test_a_shape_refusal_names_the_declared_vectors(notation, said):
    """Raschka's rows with to-from weights (x W^T) were told "vectors are columns here"."""
    latex = r"\mathbf{z}^{2} = \mathbf{W}^{2} \mathbf{h}^{1} \mathbf{h}^{1}"
    result = check_equation(latex, "2-3-2", notation=notation)
    assert not result.readable and said in result.details[1]


def test_a_subscripted_activation_is_told_what_is_read():
    """Deisenroth's \\sigma_i(...) was told it "needs its argument in parentheses", which it has."""
    result = check_equation(r"h^1_j = \sigma_1(z^1_j)", "2-3-2", activation="sigmoid")
    assert not result.readable and "a subscript on \\sigma is not read" in result.headline


# Abu-Mostafa, Magdon-Ismail and Lin, Learning from Data e-7: x^{(l)} units, s^{(l)} signals, theta the activation,
# W^{(l)} from-to (s = W^T x), \otimes the elementwise product
LFD = dict(check="2-3-2 1-2-2-1", activation="tanh", where=r"\ell < L",
           notation={"x": "h", "s": "z", r"\theta": "f", "e": "E", "y": "t", "weights": "from-to",
                     "otimes": "elementwise"})
LFD_DELTA = (r"\boldsymbol{\delta}^{(\ell)} = \theta'(\mathbf{s}^{(\ell)}) \otimes "
             r"(\mathbf{W}^{(\ell+1)} \boldsymbol{\delta}^{(\ell+1)})")


def test_learning_from_datas_otimes_is_the_elementwise_product_where_declared():
    args = dict(LFD)
    assert check_equation(LFD_DELTA, args.pop("check"), **args).holds
    wrong = LFD_DELTA.replace(r"\theta'(\mathbf{s}^{(\ell)})", r"\theta'(\mathbf{s}^{(\ell+1)})")
    assert check_equation(wrong, "2-2-2 1-1-1-1", **args).readable is True
    assert not check_equation(wrong, "2-2-2 1-1-1-1", **args).holds
    undeclared = dict(args, notation={k: v for k, v in args["notation"].items() if k != "otimes"})
    refused = check_equation(LFD_DELTA, LFD["check"], **undeclared)
    assert not refused.readable and "declare otimes: elementwise" in refused.headline


# Prince, Understanding Deep Learning 7: the layer as a subscript (layers: subscripts), f_k = beta_k + Omega_k h_k the
# pre-activation out of layer k ({f: z^{l+1}}, weight_layer: from), h_k = a[f_{k-1}], the loss \ell
PRINCE = dict(activation="relu", biases=True, notation={"f": "z^{l+1}", r"\Omega": "W", r"\beta": "b", "a": "f",
                                                        r"\ell": "E", "weight_layer": "from", "layers": "subscripts"})
DEL_F = (r"\frac{\partial \ell}{\partial \mathbf{f}_{k-1}} = \mathbb{I}[\mathbf{f}_{k-1} > 0] \odot "
         r"\left(\boldsymbol{\Omega}_k^T \frac{\partial \ell}{\partial \mathbf{f}_k}\right)")


@pytest.mark.parametrize("latex, where, holds", [
    (r"\mathbf{f}_0 = \boldsymbol{\beta}_0 + \boldsymbol{\Omega}_0 \mathbf{x}", None, True),
    (r"\mathbf{h}_1 = \mathbf{a}[\mathbf{f}_0]", None, True),
    (r"\mathbf{f}_k = \boldsymbol\beta_k + \boldsymbol\Omega_k \mathbf{h}_k", None, True),
    (r"\mathbf{h}_k = \mathbf{a}[\mathbf{f}_{k-1}]", r"k \ge 1", True),
    (r"\frac{\partial \ell}{\partial \boldsymbol{\Omega}_k} = \frac{\partial \ell}{\partial \mathbf{f}_k} \mathbf{h}_k^T",
     None, True),
    (r"\frac{\partial \ell}{\partial \boldsymbol{\beta}_k} = \frac{\partial \ell}{\partial \mathbf{f}_k}", None, True),
    (DEL_F, "k < L", True),
    (r"\mathbf{h}_k = \mathbf{a}[\mathbf{f}_k]", "k < L", False),
    (r"\frac{\partial \ell}{\partial \boldsymbol{\Omega}_k} = \frac{\partial \ell}{\partial \mathbf{f}_k} "
     r"\mathbf{h}_{k+1}^T", "k < L - 1", False),
    (DEL_F.replace(r"\mathbb{I}[\mathbf{f}_{k-1} > 0]", r"\mathbb{I}[\mathbf{f}_k > 0]"), "k < L", False),
])
def test_prince_with_the_layer_as_a_subscript(latex, where, holds):
    shapes = "2-3-3-2 3-4-4-2" if holds else "2-2-2-2 3-3-3-3"  # (wrong ones on equal widths: a verdict)
    result = check_equation(latex, shapes, where=where, **PRINCE)
    assert result.readable and result.holds == holds, (result.headline, result.details[:2])


@pytest.mark.parametrize("latex, hinted", [
    (r"\mathbf{f}_1 = \boldsymbol{\beta}_1 + \boldsymbol{\Omega}_1 \mathbf{h}_1", True),  # Prince, undeclared
    (r"\mathbf{y} = \mathbf{W}_2 \mathbf{h}", True),  # Murphy's W_2
    (r"z_j = \sum_i w_{ji} x_i", False),  # a unit's index: no such hint
])
def test_a_layer_written_as_a_subscript_is_told_the_declaration(latex, hinted):
    """The review found no message naming a declaration for the layer as a subscript."""
    notation = {"f": "z", r"\Omega": "W", r"\beta": "b"}
    result = check_equation(latex, "2-3-2 3-4-4-2", activation="relu", biases=True, notation=notation)
    assert not result.readable
    assert ("declare layers: subscripts" in " ".join(result.details)) == hinted, result.details


# Jurafsky and Martin, Speech and Language Processing (3rd ed.) 5 and 7: the loss named with a subscript, L_{CE}
SLP3 = dict(activation="softmax", loss="categorical-cross-entropy")
SLP3_GRADIENT = r"\frac{\partial L_{CE}}{\partial w_{k,i}} = -(y_k - \hat{y}_k) x_i"


@pytest.mark.parametrize("declared", ["L_{CE}", r"L_{\text{CE}}", r"L_{\mathrm{CE}}"])
@pytest.mark.parametrize("latex, holds", [
    (SLP3_GRADIENT, True),
    (SLP3_GRADIENT.replace("L_{CE}", r"L_{\text{CE}}"), True),
    (r"L_{CE}(\hat{\mathbf{y}}, \mathbf{y}) = -\sum_{k=1}^{K} y_k \log \hat{y}_k", True),
    (SLP3_GRADIENT.replace("-(y_k", "(y_k"), False),
])
def test_slp3s_loss_named_with_a_subscript(declared, latex, holds):
    result = check_equation(latex, "3-3 2-4", notation={r"\hat{y}": "y", "y": "t", declared: "E"}, **SLP3)
    assert result.readable and result.holds == holds, result.headline


def test_a_name_with_a_subscript_declared_by_its_letter_is_told_to_declare_it_whole():
    """The review's loop: undeclared L_{CE} was told to declare {L: E}, and then "L takes no index"."""
    result = check_equation(SLP3_GRADIENT, "3-3", notation={r"\hat{y}": "y", "y": "t", "L": "E"}, **SLP3)
    assert "declare it whole: {L_{CE}: E}" in result.headline


@pytest.mark.parametrize("latex, holds", [
    (r"\frac{\partial z_k}{\partial W_{ij}} = x_j \mathbb{I}(i = k)", True),  # Murphy, PML 13.3
    (r"\frac{\partial z_k}{\partial W_{ij}} = x_j [i = k]", True),  # Iverson's bracket
    (r"\frac{\partial z_k}{\partial W_{ij}} = x_j \mathbb{1}\{k = i\}", True),
    (r"\frac{\partial z_k}{\partial W_{ij}} = x_i \mathbb{I}(i = k)", False),
    (r"\frac{\partial z_k}{\partial W_{ij}} = x_j \mathbb{I}(i = j)", False),
])
def test_an_indicator_of_two_indices_being_equal_is_kroneckers_delta(latex, holds):
    result = check_equation(latex, "2-3 3-4")
    assert result.readable and result.holds == holds, result.headline
