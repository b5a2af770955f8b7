"""Textbook equations typed as their authors type them, with the settings a reader of docs/checking.md picks:
each true form holds, and a realistic mistake in it (a transposed weight, a missing derivative, a wrong index or
layer) fails. Table-driven, no site; every case names its source.

Sources: Nielsen, *Neural Networks and Deep Learning* ch. 2 (BP1a-BP4); Goodfellow, Bengio and Courville,
*Deep Learning* 6.5, Algorithms 6.3 and 6.4; Bishop, *Pattern Recognition and Machine Learning* 5.3
(5.48-5.67, the sum-of-squares example with tanh hidden units); Andrew Ng's *Neural Networks and Deep Learning*
course (deeplearning.ai, weeks 3 and 4: W^{[l]}, g^{[l]}, A^{[l-1]T}, dz^{[l]}, numpy's *); d2l.ai 5.3 (forward and backward
propagation); Wikipedia, "Backpropagation" (net_j with the bound n, the matrix form with (f^{l-1})'); the UFLDL tutorial,
"Backpropagation Algorithm" (a^{(l)}, W^{(l)} out of layer l, J(W,b;x,y), y the target); the CS229 notes "Deep
Learning" (Ma, Ng: delta^{[k]}, o the output, y the target); Murphy, *Probabilistic Machine Learning* 13.3 and
Haykin, *Neural Networks and Learning Machines* 4.4 (a calligraphic loss, mathcal L and mathcal E; as printed, with
the iteration (n), the error signal e_j, the output set C and the unit's activation varphi_j); Mitchell,
*Machine Learning* Table 4.2 (the sum over k in outputs, delta defined with a left arrow); Russell and Norvig,
*Artificial Intelligence: A Modern Approach* 18.7.4 (Err_k, the error term written Delta_k, w_{j,k} from j to k) and 4.5.3 (E_d, the
error on training example d); Grosse, CSC321 lecture 6 "Backpropagation" (error
signals written with a bar over the quantity: y-bar, the bar over w^{(2)}_{ki})."""

from __future__ import annotations

import pytest

from bpdocs import check_equation

from .expect import expect, expect_refused

NIELSEN = dict(check="2-3-2 1-2-2-1 3-4-4-2", activation="sigmoid", biases=True,
               notation="a=h C=E y=t weights=to-from input_layer=1 delta_sign=positive")
NIELSEN_OUT = dict(NIELSEN, notation="a=h^L C=E y=t weights=to-from input_layer=1 delta_sign=positive")  # Nielsen's bare a is a^L
GOODFELLOW = dict(check="2-3-2 1-2-2-1", activation="tanh", biases=True, notation="a=z J=E weights=to-from")
BISHOP = dict(check="2-3-2 3-4-2", activation="tanh identity",
              notation='{"a": "z", "z": "h", "h": "f", "index_layers": {"i": 0, "j": 1, "k": 2}, '
                        '"weights": "to-from", "input_layer": 0}')
NG = dict(check="2-3-1 3-4-1", activation="tanh sigmoid", loss="cross-entropy", biases=True, notation="a=h y=t")
NG_D = dict(NG, notation="a=h y=t d=gradient star=elementwise weights=to-from")
BISHOP_D = dict(BISHOP, notation='{"a": "z", "z": "h", "h": "f", "D": "n_0", "M": "n_1", "K": "n_2", '
                                  '"index_layers": {"i": 0, "j": 1, "k": 2}, "weights": "to-from", "input_layer": 0}')
WIKI = dict(check="2-3 3-2", activation="sigmoid", notation='{"o": "h", "net": "z", "n": "n_0", "weights": "from-to", '
                                                             '"index_layers": {"k": 0, "j": 1}}')
WIKI_V = dict(check="2-3-2 1-2-2-1", activation="sigmoid", notation="a=h C=E y=t weights=to-from delta_sign=positive",
              where="l > 1 and l <= L")
D2L = dict(check="2-3-2 3-4-2", activation="tanh identity", notation="o=y J=E L=E_0 z=z^1", l2=r"\frac{\lambda}{2}")
MITCHELL = dict(check="2-3-2 3-4-2", activation="sigmoid",
                notation={"o": "h", "net": "z", "index_layers": {"i": 0, "h": 1, "k": 2}, "Delta": "update",
                          "delta_sign": "negative", "weights": "to-from"})
UFLDL = dict(check="2-3-2 3-4-4-2", activation="sigmoid", biases=True,
             notation="a=h y=t J=E input_layer=1 weight_layer=from weights=to-from delta_sign=positive")
UFLDL_Y = dict(UFLDL, notation="a=h J=E input_layer=1 weight_layer=from")  # y left undeclared
CS229 = dict(check="2-3-1 3-4-1", activation="relu identity", biases=True,
             notation={"a": "h", "y": "t", "o": "h^L", "J": "E", "delta_sign": "positive"})
MURPHY = dict(check="2-4-3 3-5-4", activation="tanh softmax", loss="categorical-cross-entropy",
              notation={r"\mathcal{L}": "E", "a": "z^L", "p": "y", "y": "t", "delta_sign": "positive"})
HAYKIN = dict(check="2-3 3-2", activation="tanh", notation={"v": "z", "y": "h", "d": "t", "varphi": "f",
                                                           r"\mathcal{E}": "E", "index_layers": {"i": 0, "j": 1},
                                                           "delta_sign": "negative"})

# Haykin 4.4 as printed: (n) the iteration, e_j = d_j - y_j the error signal, C the output units, \varphi_j unit j's
HAYKIN_N = {"v": "z", "y": "h", "d": "t", "e": "error", "C": "outputs", "iteration": "n", r"\mathcal{E}": "E",
            "index_layers": {"i": 0, "j": 1}, "delta_sign": "negative", "Delta": "update", "weights": "to-from"}
HAYKIN_OUT = dict(check="2-3 3-2", activation="tanh", notation=HAYKIN_N)
HAYKIN_HIDDEN = dict(check="2-3-2 3-4-2", activation="tanh", notation={**HAYKIN_N, "index_layers": {"i": 0, "j": 1, "k": 2}})
# Russell & Norvig, AIMA (3rd ed.) 18.7.4: in_j the weighted input, a_j the activation, g the activation function,
# y the true output, Err_k = y_k - a_k, \Delta_k the modified error (-dLoss/din_k, up to a factor), w_{j,k} from j to k
AIMA_N = {"in": "z", "a": "h", "g": "f", "Err": "error", "\\Delta": "delta", "y": "t", "delta_sign": "negative",
          "weights": "from-to", "index_layers": {"i": 0, "j": 1, "k": 2}}
AIMA_OUT = dict(check="2-3 3-2", activation="sigmoid", notation={**AIMA_N, "index_layers": {"j": 0, "k": 1}})
AIMA_HIDDEN = dict(check="2-3-2 3-4-2", activation="sigmoid", notation=AIMA_N)
GROSSE = dict(check="2-3-2 3-4-2", activation="sigmoid identity",
              notation={"bar": "gradient", "index_layers": {"j": 0, "i": 1, "k": 2}})
GROSSE_V = dict(GROSSE, notation={"bar": "gradient"})
# 3Blue1Brown's "Backpropagation calculus": a^{(L)}, C = (a^{(L)} - y)^2 without the 1/2
THREEB1B = dict(check="1-1-1 2-3-2", activation="sigmoid", biases=True, loss="sum-of-squares",
                notation="a=h y=t C=E")
# Ng's vectorised logistic regression over m examples: dW and db are the mean error's gradient (his dZ is not)
NG_BATCH = dict(check="2-1 3-1", activation="sigmoid", loss="cross-entropy", biases=True, batch=4, reduction="mean",
                notation={"a": "y", "y": "t", "d": "gradient", "m": "N", "J": "E"})
# Raschka, Python Machine Learning (the MLP chapter): a^{(out)}, the logistic cost J; his hidden layer (h) is
# written as its number
RASCHKA = dict(check="2-3-2 3-4-2", activation="sigmoid", loss="cross-entropy",
               notation={"a": "h", "y": "t", "out": "L", "J": "E"})
# Hagan, Demuth and Beale, Neural Network Design ch. 11: n^m net input, a^m output, sensitivities s^m, the last
# layer M, F = e^T e (no 1/2), Newton's dots for the transfer function's derivative
HAGAN = dict(check="2-3-2 1-2-2-1", activation="tanh", biases=True, loss="sum-of-squares",
             notation={"n": "z", "a": "h", "s": "delta", "M": "L", "\\hat{F}": "E", "p": "x"})

# (name, latex, keyword arguments, holds)
CASES = [
    # -- without the 1/2: 3Blue1Brown, Hagan (loss="sum-of-squares") ------------------------------------------------
    ("3B1B, the cost", r"C = (a^{(L)} - y)^2", dict(THREEB1B, check="1-1-1"), True),
    ("3B1B, dC/dw^{(L)}", r"\frac{\partial C}{\partial w^{(L)}} = a^{(L-1)} \sigma'(z^{(L)}) 2(a^{(L)} - y)",
     dict(THREEB1B, check="1-1-1"), True),
    ("3B1B, dC/dw^{(L)} without the 2", r"\frac{\partial C}{\partial w^{(L)}} = a^{(L-1)} \sigma'(z^{(L)}) (a^{(L)} - y)",
     dict(THREEB1B, check="1-1-1"), False),
    ("3B1B, dC/da^{(L-1)}_k", r"\frac{\partial C}{\partial a^{(L-1)}_k} = \sum_{j} w^{(L)}_{jk}\sigma'(z^{(L)}_j)"
     r" 2(a^{(L)}_j - y_j)", THREEB1B, True),
    ("3B1B, dC/da^{(L-1)}_k, w_{kj} for w_{jk}", r"\frac{\partial C}{\partial a^{(L-1)}_k} = \sum_{j} "
     r"w^{(L)}_{kj}\sigma'(z^{(L)}_j) 2(a^{(L)}_j - y_j)", dict(THREEB1B, check="2-2-2", notation="a=h y=t C=E weights=to-from"), False),
    ("Ng, db over a batch", r"db = \frac{1}{m}\sum_{i=1}^{m} (a^{(i)} - y^{(i)})", NG_BATCH, True),
    ("Ng, db over a batch without its 1/m", r"db = \sum_{i=1}^{m} (a^{(i)} - y^{(i)})", NG_BATCH, False),
    ("Ng, dW over a batch", r"dW = \frac{1}{m}\sum_{i=1}^{m} (a^{(i)} - y^{(i)}) (x^{(i)})^T", NG_BATCH, True),
    ("Raschka, the examples in brackets", r"E = \frac12 \sum_{i=1}^{N} \sum_k (y^{[i]}_k - t^{[i]}_k)^2",
     dict(check="2-3-2", batch=3), True),
    ("Raschka, the examples in brackets, a sign flipped", r"E = \frac12 \sum_{i=1}^{N} \sum_k (y^{[i]}_k + t^{[i]}_k)^2",
     dict(check="2-3-2", batch=3), False),
    ("Raschka, the output's delta", r"\delta^{(out)} = a^{(out)} - y", RASCHKA, True),
    ("Raschka, an output weight's gradient", r"\frac{\partial J}{\partial w^{(out)}_{i,j}} = a^{(1)}_j \delta^{(out)}_i",
     RASCHKA, True),
    ("Raschka, an output weight's gradient, i and j swapped",
     r"\frac{\partial J}{\partial w^{(out)}_{i,j}} = a^{(1)}_i \delta^{(out)}_j",
     dict(RASCHKA, check="2-2-2", notation={**RASCHKA["notation"], "weights": "to-from"}), False),
    ("Hagan 11.44, the last layer's sensitivity", r"s^M = -2\dot{F}^M(n^M)(t - a^M)", dict(HAGAN, check="2-3-2"), True),
    ("Hagan 11.44, without the 2", r"s^M = -\dot{F}^M(n^M)(t - a^M)", dict(HAGAN, check="2-3-2"), False),
    ("Hagan 11.45, the recursion", r"s^m = \dot{F}^m(n^m)(W^{m+1})^T s^{m+1}", dict(HAGAN, where="m < L"), True),
    ("Hagan 11.45, the transpose forgotten", r"s^m = \dot{F}^m(n^m) W^{m+1} s^{m+1}",
     dict(HAGAN, check="2-2-2", where="m < L", notation={**HAGAN["notation"], "weights": "to-from"}), False),
    ("Hagan 11.35, the gradient", r"\frac{\partial \hat{F}}{\partial W^m} = s^m (a^{m-1})^T", HAGAN, True),
    ("Hagan 11.35, a^m for a^{m-1}", r"\frac{\partial \hat{F}}{\partial W^m} = s^m (a^m)^T", dict(HAGAN, check="2-2-2"), False),
    ("Hagan 11.41, the forward pass", r"a^{m+1} = f^{m+1}(W^{m+1} a^m + b^{m+1})",
     dict(HAGAN, where="m >= 0 and m < L"), True),
    # -- Nielsen's bare a (BP1a, \nabla_a C): the output's, once declared; never the hidden layer's ----------------
    ("Nielsen BP1a, a declared the output's", r"\delta^L = \nabla_a C \odot \sigma'(z^L)", NIELSEN_OUT, True),
    ("Nielsen BP1a, sigma' of the wrong layer", r"\delta^L = \nabla_a C \odot \sigma'(z^{L-1})",
     dict(NIELSEN_OUT, check="2-2-2"), False),
    ("Nielsen BP1a, sign flipped", r"\delta^L = \nabla_a C \odot \sigma'(z^L) \cdot (-1)", NIELSEN_OUT, False),
    # -- a transpose written inside the layer's superscript -------------------------------------------------------
    ("Goodfellow 6.4, W^{(k)\\top}", r"\nabla_{\boldsymbol{h}^{(k-1)}} J = \boldsymbol{W}^{(k)\top} "
     r"\nabla_{\boldsymbol{a}^{(k)}} J", dict(GOODFELLOW, where="k <= L"), True),
    ("Goodfellow 6.4, the transpose forgotten", r"\nabla_{\boldsymbol{h}^{(k-1)}} J = \boldsymbol{W}^{(k)} "
     r"\nabla_{\boldsymbol{a}^{(k)}} J", dict(GOODFELLOW, check="2-2-2", where="k <= L"), False),
    ("Goodfellow 6.4, h^{(k-1)\\top}", r"\nabla_{\boldsymbol{W}^{(k)}} J = \nabla_{\boldsymbol{a}^{(k)}} J \, "
     r"\boldsymbol{h}^{(k-1)\top}", GOODFELLOW, True),
    ("Goodfellow 6.4, h^{(k)\\top} for h^{(k-1)\\top}", r"\nabla_{\boldsymbol{W}^{(k)}} J = "
     r"\nabla_{\boldsymbol{a}^{(k)}} J \, \boldsymbol{h}^{(k)\top}", dict(GOODFELLOW, check="2-2-2"), False),
    ("Ng, W^{[2]T} and a^{[1]T}", r"\frac{\partial E}{\partial W^{[2]}} = \frac{\partial E}{\partial z^{[2]}} a^{[1]T}"
     r", \qquad \frac{\partial E}{\partial a^{[1]}} = W^{[2]T} \frac{\partial E}{\partial z^{[2]}}", NG, True),
    ("Ng, a^{[2]T} for a^{[1]T}", r"\frac{\partial E}{\partial W^{[2]}} = \frac{\partial E}{\partial z^{[2]}} a^{[2]T}",
     dict(NG, check="2-1-1"), False),
    # -- a layer in brackets after the subscript is a layer (Bishop 5.62-5.67) ------------------------------------
    ("Bishop 5.62, w_{ji}^{(1)}", r"a_j = \sum_{i=1}^{I} w_{ji}^{(1)} x_i", BISHOP, True),
    ("Bishop 5.64, w_{kj}^{(2)}", r"y_k = \sum_{j} w_{kj}^{(2)} z_j", BISHOP, True),
    ("Bishop 5.64, w_{jk}^{(2)}", r"y_k = \sum_{j} w_{jk}^{(2)} z_j", dict(BISHOP, check="2-3-3"), False),
    ("Bishop 5.67, w^{(2)}_{kj}", r"\frac{\partial E}{\partial w_{kj}^{(2)}} = \delta_k z_j", BISHOP, True),
    ("Bishop 5.67, x_j for z_j", r"\frac{\partial E}{\partial w_{kj}^{(2)}} = \delta_k x_j",
     dict(BISHOP, check="3-3-2"), False),
    # -- with its index letter's layer declared, z_j^2 is a square (Bishop 5.65) ----------------------------------
    ("Bishop 5.65, (1 - z_j^2)", r"\delta_j = (1 - z_j^2) \sum_{k=1}^{K} w_{kj} \delta_k", BISHOP, True),
    ("Bishop 5.65, the sigmoid's z_j(1 - z_j)", r"\delta_j = z_j (1 - z_j) \sum_{k=1}^{K} w_{kj} \delta_k", BISHOP,
     False),
    ("Bishop 5.65, the square forgotten", r"\delta_j = (1 - z_j) \sum_{k=1}^{K} w_{kj} \delta_k", BISHOP, False),
    # -- a layer's width named by a declared letter (Bishop's D, M, K; Wikipedia's n), or written n^{[l]} ---------
    ("Bishop 5.62, the bound D declared {D: n_0}", r"a_j = \sum_{i=1}^{D} w_{ji}^{(1)} x_i", BISHOP_D, True),
    ("Bishop 5.62, w_{ij}^{(1)} for w_{ji}^{(1)}", r"a_j = \sum_{i=1}^{D} w_{ij}^{(1)} x_i", dict(BISHOP_D, check="3-3-2"),
     False),
    ("Bishop 5.64, the bound M declared {M: n_1}", r"y_k = \sum_{j=1}^{M} w_{kj}^{(2)} z_j", BISHOP_D, True),
    ("Bishop 5.64, x_j for z_j", r"y_k = \sum_{j=1}^{M} w_{kj}^{(2)} x_j", dict(BISHOP_D, check="3-3-2"), False),
    ("Bishop 5.61, the bound K declared {K: n_2}", r"E = \frac{1}{2}\sum_{k=1}^{K} (y_k - t_k)^2", BISHOP_D, True),
    ("Bishop 5.62, D for M", r"y_k = \sum_{j=1}^{D} w_{kj}^{(2)} z_j", dict(BISHOP_D, check="3-4-2"), False),
    ("Bishop 5.62, the bias written apart", r"a_j = \sum_{i=1}^{D} w_{ji}^{(1)} x_i + b_j^{(1)}",
     dict(BISHOP_D, biases=True), True),
    ("Wikipedia net_j, the bound n declared {n: n_0}", r"\text{net}_j = \sum_{k=1}^n w_{kj} o_k", WIKI, True),
    ("Wikipedia net_j, w_{jk} for w_{kj}", r"\text{net}_j = \sum_{k=1}^n w_{jk} o_k", dict(WIKI, check="3-3"), False),
    ("Ng, n^{[l-1]}", r"z^{[l]}_j = \sum_{k=1}^{n^{[l-1]}} W^{[l]}_{jk} a^{[l-1]}_k + b^{[l]}_j", dict(NG, where="l >= 1"),
     True),
    ("Ng, n^{[l]} for n^{[l-1]}", r"z^{[l]}_j = \sum_{k=1}^{n^{[l]}} W^{[l]}_{jk} a^{[l-1]}_k + b^{[l]}_j",
     dict(NG, where="l >= 1"), False),
    ("n^{(l-1)} and n_{l-1}", r"z^{(l)}_j = \sum_{k=1}^{n^{(l-1)}} w^{(l)}_{jk} h^{(l-1)}_k = "
     r"\sum_{k=1}^{n_{l-1}} w^{l}_{jk} h^{l-1}_k", dict(check="2-3-2 3-4-2"), True),
    # -- a derivative of an activation without its argument, at its layer's own input (Wikipedia, Ng) ------------
    ("Wikipedia, (f^{l-1})'", r"\delta^{l-1} := (f^{l-1})' \circ ((W^l)^T \cdot \delta^l)", WIKI_V, True),
    # as printed: \cdot (a matrix product) binds tighter than \circ (elementwise), as the shapes require
    ("Wikipedia, (f^{l-1})' as printed", r"\delta^{l-1} := (f^{l-1})' \circ (W^l)^T \cdot \delta^l", WIKI_V, True),
    ("Wikipedia as printed, (f^{l})'", r"\delta^{l-1} := (f^{l})' \circ (W^l)^T \cdot \delta^l",
     dict(WIKI_V, check="2-2-2"), False),
    ("Wikipedia as printed, factors turned", r"\delta^{l-1} := (W^l)^T \cdot \delta^l \circ (f^{l-1})'", WIKI_V, True),
    ("Wikipedia, (f^{l})' for (f^{l-1})'", r"\delta^{l-1} := (f^{l})' \circ ((W^l)^T \cdot \delta^l)",
     dict(WIKI_V, check="2-2-2"), False),
    ("Wikipedia, (f^{L})' at the output", r"\delta^{L} = (f^{L})' \circ (a^L - y)", dict(WIKI_V, where=None), True),
    ("Wikipedia, (f^{L})' with the sign flipped", r"\delta^{L} = (f^{L})' \circ (y - a^L)", dict(WIKI_V, where=None),
     False),
    ("Ng, g^{[1]\\prime} alone", r"\frac{\partial E}{\partial z^{[1]}} = W^{[2]T} \frac{\partial E}{\partial z^{[2]}} "
     r"\odot g^{[1]\prime}", NG, True),
    ("Ng, g^{[2]\\prime} alone for g^{[1]\\prime}", r"\frac{\partial E}{\partial z^{[1]}} = W^{[2]T} "
     r"\frac{\partial E}{\partial z^{[2]}} \odot g^{[2]\prime}", dict(NG, check="2-2-2", activation="tanh sigmoid"), False),
    # -- an activation written with its layer (Ng's g^{[l]}) ------------------------------------------------------
    ("Ng, a^{[l]} = g^{[l]}(z^{[l]})", r"a^{[l]} = g^{[l]}(z^{[l]}), \qquad z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}",
     dict(NG, where="l >= 1"), True),
    ("Ng, g^{[1]\\prime}", r"\frac{\partial E}{\partial z^{[1]}} = W^{[2]T} \frac{\partial E}{\partial z^{[2]}} "
     r"\odot g^{[1]\prime}(z^{[1]})", NG, True),
    ("Ng, g'^{[1]}", r"\frac{\partial E}{\partial z^{[1]}} = W^{[2]T} \frac{\partial E}{\partial z^{[2]}} "
     r"\odot g'^{[1]}(z^{[1]})", NG, True),
    ("Ng, the derivative forgotten", r"\frac{\partial E}{\partial z^{[1]}} = W^{[2]T} \frac{\partial E}{\partial "
     r"z^{[2]}} \odot g^{[1]}(z^{[1]})", NG, False),
    # -- Ng's d (declared {d: gradient}) and numpy's * (declared {star: elementwise}), one example ---------------
    ("Ng W3, dz^{[2]} = a^{[2]} - y", r"dz^{[2]} = a^{[2]} - y, \qquad dW^{[2]} = dz^{[2]} a^{[1]T}, \qquad "
     r"db^{[2]} = dz^{[2]}", NG_D, True),
    ("Ng W3, dz^{[2]} = y - a^{[2]}", r"dz^{[2]} = y - a^{[2]}", NG_D, False),
    ("Ng W3, dz^{[1]}", r"dz^{[1]} = W^{[2]T} dz^{[2]} * g^{[1]\prime}(z^{[1]}), \qquad dW^{[1]} = dz^{[1]} x^T",
     NG_D, True),
    ("Ng W3, dz^{[1]} without g'", r"dz^{[1]} = W^{[2]T} dz^{[2]}", NG_D, False),
    ("Ng W3, dW^{[1]} with a^{[1]T}", r"dW^{[1]} = dz^{[1]} a^{[1]T}", dict(NG_D, check="3-3-1"), False),
    # -- d2l: a transpose on a braced group -----------------------------------------------------------------------
    ("d2l 5.3.6, {W^{(2)}}^\\top", r"\frac{\partial J}{\partial \mathbf{h}} = {\mathbf{W}^{(2)}}^\top "
     r"\frac{\partial J}{\partial \mathbf{o}}", D2L, True),
    ("d2l 5.3.7", r"\frac{\partial J}{\partial \mathbf{z}} = \frac{\partial J}{\partial \mathbf{h}} \odot "
     r"\phi'\left(\mathbf{z}\right)", D2L, True),
    ("d2l 5.3.8, h for x", r"\frac{\partial J}{\partial \mathbf{W}^{(1)}} = \frac{\partial J}{\partial \mathbf{z}} "
     r"\mathbf{h}^\top + \lambda \mathbf{W}^{(1)}", dict(D2L, check="3-3-2"), False),
    # -- UFLDL: y is the target, a^{(n_l)} the output ({y: t}); \bullet elementwise -------------------------------
    ("UFLDL step 2 (L for n_l)", r"\delta^{(L)}_i = - (y_i - a^{(L)}_i) \cdot f'(z^{(L)}_i)", UFLDL, True),
    ("UFLDL step 2, the minus forgotten", r"\delta^{(L)}_i = (y_i - a^{(L)}_i) \cdot f'(z^{(L)}_i)", UFLDL, False),
    ("UFLDL step 2 as printed, n_l and h_{W,b}(x)", r"\delta^{(n_l)}_i = \frac{\partial}{\partial z^{(n_l)}_i} \frac{1}{2} "
     r"\left\|y - h_{W,b}(x)\right\|^2 = - (y_i - a^{(n_l)}_i) \cdot f'(z^{(n_l)}_i)", UFLDL, True),
    ("UFLDL step 2 as printed, f' of layer n_l - 1", r"\delta^{(n_l)}_i = - (y_i - a^{(n_l)}_i) \cdot f'(z^{(n_l - 1)}_i)",
     dict(UFLDL, check="2-2-2"), False),
    ("UFLDL, the cost of one example", r"J(W,b;x,y) = \frac{1}{2} \left\| h_{W,b}(x) - y \right\|^2", UFLDL, True),
    ("UFLDL step 3 as printed, s_{l+1} declared", r"\delta^{(l)}_i = \left( \sum_{j=1}^{s_{l+1}} W^{(l)}_{ji} "
     r"\delta^{(l+1)}_j \right) f'(z^{(l)}_i)", dict(UFLDL, notation=UFLDL["notation"] + " s=n", where="l >= 2 and l < L"),
     True),
    ("UFLDL step 3, s_l for s_{l+1}", r"\delta^{(l)}_i = \left( \sum_{j=1}^{s_{l}} W^{(l)}_{ji} \delta^{(l+1)}_j \right) "
     r"f'(z^{(l)}_i)", dict(UFLDL, check="2-3-2 3-4-4-2", notation=UFLDL["notation"] + " s=n", where="l >= 2 and l < L"),
     False),
    ("UFLDL step 4", r"\nabla_{W^{(l)}} J(W,b;x,y) = \delta^{(l+1)} (a^{(l)})^T", dict(UFLDL, where="l < L"), True),
    ("UFLDL step 4, a^{(l+1)} for a^{(l)}", r"\frac{\partial}{\partial W_{ij}^{(l)}} J(W,b; x, y) = a^{(l+1)}_j "
     r"\delta_i^{(l+1)}", dict(UFLDL, check="2-2-2", where="l < L"), False),
    ("UFLDL y kept the output, {y: y}: a verdict", r"\delta^{(L)}_i = - (y_i - a^{(L)}_i) \cdot f'(z^{(L)}_i)",
     dict(UFLDL_Y, notation=UFLDL_Y["notation"] + " y=y"), False),
    ("CS229, o the output and y the target", r"\delta^{[L]} = o - y, \qquad "
     r"\frac{\partial J}{\partial W^{[k]}} = \delta^{[k]} a^{[k-1]\top}", CS229, True),
    ("CS229, y - o", r"\delta^{[L]} = y - o", CS229, False),
    ("CS229 as printed, r layers ({r: L})", r"\delta^{[r]} = \frac{\partial J}{\partial z^{[r]}} = z^{[r]} - y",
     dict(CS229, notation={**CS229["notation"], "r": "L"}), True),
    ("CS229, z^{[r-1]} for z^{[r]}", r"\delta^{[r]} = z^{[r-1]} - y", dict(CS229, check="2-1-1", notation={**CS229["notation"], "r": "L"}),
     False),
    # -- Grosse's error signals: a bar over a quantity is the loss's derivative by it, declared {bar: gradient} ----
    ("Grosse, \\bar{y}_k", r"\bar{y}_k = y_k - t_k", GROSSE, True),
    ("Grosse, \\bar{y}_k with the sign flipped", r"\bar{y}_k = t_k - y_k", GROSSE, False),
    ("Grosse, \\overline{w^{(2)}_{ki}}", r"\overline{w^{(2)}_{ki}} = \overline{z_k}\, h_i", GROSSE, True),
    ("Grosse, \\overline{h_i}", r"\overline{h_i} = \sum_k \overline{z_k}\, w^{(2)}_{ki}", GROSSE, True),
    ("Grosse, \\overline{h_i} with w_{ik}", r"\overline{h_i} = \sum_k \overline{z_k}\, w^{(2)}_{ik}",
     dict(GROSSE, check="3-3-3", notation={**GROSSE["notation"], "weights": "to-from"}), False),
    ("Grosse, \\overline{z_i}", r"\overline{z_i} = \overline{h_i}\, \sigma'(z_i)", GROSSE, True),
    ("Grosse, \\overline{w^{(1)}_{ij}}", r"\overline{w^{(1)}_{ij}} = \overline{z_i}\, x_j", GROSSE, True),
    ("Grosse, \\overline{w^{(1)}_{ij}} with x_i", r"\overline{w^{(1)}_{ij}} = \overline{z_i}\, x_i",
     dict(GROSSE, check="3-3-2"), False),
    ("Grosse vectorized, \\bar{W}^{(2)}", r"\bar{W}^{(2)} = \bar{z}^{(2)} h^\top", GROSSE_V, True),
    ("Grosse vectorized, \\bar{h}", r"\bar{h} = W^{(2)\top} \bar{z}^{(2)}", GROSSE_V, True),
    ("Grosse vectorized, \\bar{z}^{(1)}", r"\bar{z}^{(1)} = \bar{h} \circ \sigma'(z^{(1)})", GROSSE_V, True),
    ("Grosse, spaced as typeset", r"\bar{z}^{(1)} = \, \bar{h} \circ \sigma'(z^{(1)}) \;", GROSSE_V, True),
    ("Grosse, a coefficient before a bar over a symbol", r"2 \overline{w^{(2)}_{ki}} = 2 \overline{z_k}\, h_i", GROSSE, True),
    # the activation's derivative written as text, \text{ReLU}' (it was "the expression is incomplete")
    ("CS229, \\text{ReLU}'", r"\delta^{[k]} = \left(W^{[k+1]\top} \delta^{[k+1]}\right) \odot \text{ReLU}'(z^{[k]})",
     dict(CS229, where="k < L"), True),
    ("CS229, \\text{ReLU}' of the next layer", r"\delta^{[k]} = \left(W^{[k+1]\top} \delta^{[k+1]}\right) \odot "
     r"\text{ReLU}'(z^{[k+1]})", dict(CS229, check="2-2-2", where="k < L"), False),
    # -- Mitchell's sum over the output units, \sum_{k \in outputs} (Table 4.2, T4.4) ----------------------------
    ("Mitchell T4.4, k in outputs", r"\delta_h = o_h(1 - o_h) \sum_{k \in outputs} w_{kh} \delta_k", MITCHELL, True),
    ("Mitchell T4.4, k in \\text{outputs}", r"\delta_h = o_h(1 - o_h) \sum_{k \in \text{outputs}} w_{kh} \delta_k",
     MITCHELL, True),
    ("Mitchell T4.4, w_{hk} for w_{kh}", r"\delta_h = o_h(1 - o_h) \sum_{k \in outputs} w_{hk} \delta_k",
     dict(MITCHELL, check="3-3-3"), False),
    ("Mitchell, the error with k in outputs, the 1/2 forgotten", r"E = \sum_{k \in outputs} (t_k - o_k)^2", MITCHELL,
     False),
    # -- Mitchell's Table 4.2 as printed (\leftarrow defines \delta) and 4.5.3's E_d, the error on example d ---------
    ("Mitchell T4.3, \\leftarrow", r"\delta_k \leftarrow o_k(1 - o_k)(t_k - o_k)", MITCHELL, True),
    ("Mitchell T4.3, \\leftarrow, o_k - t_k", r"\delta_k \leftarrow o_k(1 - o_k)(o_k - t_k)", MITCHELL, False),
    ("Mitchell T4.4, \\leftarrow", r"\delta_h \leftarrow o_h(1 - o_h) \sum_{k \in outputs} w_{kh} \delta_k", MITCHELL, True),
    ("Mitchell (4.21), E_d", r"\Delta w_{ji} = -\eta \frac{\partial E_d}{\partial w_{ji}}",
     dict(MITCHELL, check="2-3 3-2", notation={**MITCHELL["notation"], "index_layers": {"i": 0, "j": 1}}), True),
    ("Mitchell (4.23)", r"E_d(\vec{w}) \equiv \frac{1}{2} \sum_{k \in outputs} (t_k - o_k)^2", MITCHELL, True),
    ("Mitchell 4.5.3, the chain", r"\frac{\partial E_d}{\partial net_k} = \frac{\partial E_d}{\partial o_k} "
     r"\frac{\partial o_k}{\partial net_k}", MITCHELL, True),
    ("Mitchell 4.5.3, dE_d/do_k", r"\frac{\partial E_d}{\partial o_k} = -(t_k - o_k)", MITCHELL, True),
    ("Mitchell 4.5.3, dE_d/do_k without its minus", r"\frac{\partial E_d}{\partial o_k} = t_k - o_k", MITCHELL, False),
    # -- AIMA 18.7.4 as printed: Err_k ({Err: error}), \Delta_k the error term ({\Delta: delta}), w_{j,k} from j to k
    ("AIMA, the output's modified error", r"\Delta_k = Err_k \times g'(in_k)", AIMA_OUT, True),
    ("AIMA, the output's error, signed the other way", r"\Delta_k = -Err_k \times g'(in_k)", AIMA_OUT, False),
    ("AIMA, the hidden units' error", r"\Delta_j = g'(in_j) \sum_k w_{j,k} \Delta_k", AIMA_HIDDEN, True),
    ("AIMA, w_{k,j} for w_{j,k}", r"\Delta_j = g'(in_j) \sum_k w_{k,j} \Delta_k", dict(AIMA_HIDDEN, check="3-3-3"), False),
    ("AIMA, the weighted input", r"in_k = \sum_j w_{j,k} a_j", AIMA_OUT, True),
    ("AIMA's update, \\Delta w beside \\Delta_k", r"\Delta w_{j,k} = \alpha\, a_j\, \Delta_k",
     dict(AIMA_OUT, notation={**AIMA_N, "index_layers": {"j": 0, "k": 1}, "Delta": "update", "learning_rate": "alpha"}), True),
    ("AIMA's update, its sign flipped", r"\Delta w_{j,k} = -\alpha\, a_j\, \Delta_k",
     dict(AIMA_OUT, notation={**AIMA_N, "index_layers": {"j": 0, "k": 1}, "Delta": "update", "learning_rate": "alpha"}), False),
    # -- a calligraphic loss, declared {\mathcal{L}: E} (Murphy, Goodfellow, Ng) or {\mathcal{E}: E} (Haykin) -------
    ("Murphy 13.3, softmax cross-entropy, p - y", r"\frac{\partial \mathcal{L}}{\partial \mathbf{a}} = \mathbf{p} - "
     r"\mathbf{y}", MURPHY, True),
    ("Murphy 13.3, y - p", r"\frac{\partial \mathcal{L}}{\partial \mathbf{a}} = \mathbf{y} - \mathbf{p}", MURPHY, False),
    ("Murphy 13.3, the loss", r"\mathcal{L} = -\sum_c y_c \log p_c", MURPHY, True),
    ("Haykin (4.15), \\mathcal{E}", r"\delta_j = -\frac{\partial \mathcal{E}}{\partial v_j} = (d_j - y_j)\, "
     r"\varphi'(v_j)", HAYKIN, True),
    ("Haykin (4.15), the sign of the error flipped", r"\delta_j = -\frac{\partial \mathcal{E}}{\partial v_j} = "
     r"(y_j - d_j)\, \varphi'(v_j)", HAYKIN, False),
    # -- Haykin 4.4 as printed: y_j(n) at iteration n ({iteration: n}), e_j ({e: error}), j in C ({C: outputs}) ----
    ("Haykin (4.1)", r"e_j(n) = d_j(n) - y_j(n)", HAYKIN_OUT, True),
    ("Haykin (4.1), y_j - d_j", r"e_j(n) = y_j(n) - d_j(n)", HAYKIN_OUT, False),
    ("Haykin (4.2)", r"\mathcal{E}(n) = \frac{1}{2} \sum_{j \in C} e_j^2(n)", HAYKIN_OUT, True),
    ("Haykin (4.2), the 1/2 forgotten", r"\mathcal{E}(n) = \sum_{j \in C} e_j^2(n)", HAYKIN_OUT, False),
    ("Haykin (4.5)", r"v_j(n) = \sum_{i=1}^{m} w_{ji}(n) y_i(n)", dict(HAYKIN_OUT, notation={**HAYKIN_N, "m": "n_0"}),
     True),
    ("Haykin (4.6), \varphi_j", r"y_j(n) = \varphi_j(v_j(n))", HAYKIN_OUT, True),
    ("Haykin (4.12)", r"\frac{\partial \mathcal{E}(n)}{\partial w_{ji}(n)} = -e_j(n)\, \varphi_j'(v_j(n))\, y_i(n)",
     HAYKIN_OUT, True),
    ("Haykin (4.12), the minus forgotten", r"\frac{\partial \mathcal{E}(n)}{\partial w_{ji}(n)} = e_j(n)\, "
     r"\varphi_j'(v_j(n))\, y_i(n)", HAYKIN_OUT, False),
    ("Haykin (4.13)", r"\Delta w_{ji}(n) = -\eta \frac{\partial \mathcal{E}(n)}{\partial w_{ji}(n)}", HAYKIN_OUT, True),
    ("Haykin (4.14)", r"\Delta w_{ji}(n) = \eta\, \delta_j(n)\, y_i(n)", HAYKIN_OUT, True),
    ("Haykin (4.15) as printed", r"\delta_j(n) = e_j(n)\, \varphi_j'(v_j(n))", HAYKIN_OUT, True),
    ("Haykin (4.15), -e_j", r"\delta_j(n) = -e_j(n)\, \varphi'_j(v_j(n))", HAYKIN_OUT, False),
    ("Haykin (4.24)", r"\delta_j(n) = \varphi_j'(v_j(n)) \sum_k \delta_k(n)\, w_{kj}(n)", HAYKIN_HIDDEN, True),
    ("Haykin (4.24), w_{jk} for w_{kj}", r"\delta_j(n) = \varphi_j'(v_j(n)) \sum_k \delta_k(n)\, w_{jk}(n)",
     dict(HAYKIN_HIDDEN, check="3-3-3"), False),
]


@pytest.mark.parametrize("name, latex, kwargs, holds", CASES, ids=[c[0] for c in CASES])
def test_the_textbook_form_holds_and_the_mistake_fails(name, latex, kwargs, holds):
    expect(check_equation(latex, **kwargs), holds, name, verdict=True)


# (source, latex, kwargs, words the refusal must say)
REFUSED = [
    # Nielsen's BP1a with a undeclared: a bare a could be the hidden layer's or the output's (on 2-2-2 both fit:
    # reading it as the hidden layer's judged this true equation wrong)
    ("Nielsen BP1a", r"\delta^L = \nabla_a C \odot \sigma'(z^L)", dict(NIELSEN, check="2-2-2"),
     ["a without a layer", "{a: h^L}"]),
    ("Wikipedia, o_j on one hidden layer", r"\frac{\partial E}{\partial o_j} = o_j - t_j",
     dict(check="2-3-2", activation="sigmoid", notation="o=h"), ["o without a layer", "index_layers"]),
    ("Ng, g^{[l]} of another layer", r"a^{[l]} = g^{[l-1]}(z^{[l]})", dict(NG, where="l >= 1"),
     ["g with layer l-1", "another layer"]),
    ("a power or a layer", r"a^{[l]} = g^{2}(z^{[l]})", dict(NG, where="l >= 1"), ["a layer or a power"]),
    # Wikipedia's (f^{l})' with a number: quoted as written (it was "f^{1}(...)", a form the author never wrote)
    ("Wikipedia's (f^1)'", r"\delta^1 = (f^1)' \circ (W^2)^T \delta^2", dict(check="2-2-2"),
     ["(f^1)': a layer or a power? write (f^{[1]})'"]),
    ("an ellipsis", r"y_1 = w_{11} x_1 + \cdots + w_{13} x_3", dict(check="3-1"),
     ["\\cdots: an ellipsis", "\\sum_{i=1}^{n}"]),
    ("Ng's d undeclared", r"dz^{[2]} = a^{[2]} - y", NG, ["{d: gradient}"]),
    ("Ng's dZ over m examples", r"dZ^{[L]} = A^{[L]} - Y", dict(NG_D, batch=4, reduction="mean"),
     ["one-example form"]),
    ("Ng's * undeclared: a product of two columns", r"dz^{[1]} = W^{[2]T} dz^{[2]} * g^{[1]\prime}(z^{[1]})",
     dict(NG, notation="a=h y=t d=gradient"), ["product of two column vectors"]),
    ("Bishop 5.62, D undeclared", r"a_j = \sum_{i=1}^{D} w_{ji}^{(1)} x_i", BISHOP,
     ["bound D is not known", "{D: n_0}"]),
    ("Bishop 5.64, M undeclared", r"y_k = \sum_{j=1}^{M} w_{kj}^{(2)} z_j", BISHOP, ["{M: n_1}"]),
    ("a relative layer's width undeclared", r"z^{l}_j = \sum_{k=1}^{M} w^{l}_{jk} h^{l-1}_k", dict(check="2-3-2"),
     ["{M: n_{l-1}}"]),
    ("Wikipedia net_j, n undeclared", r"\text{net}_j = \sum_{k=1}^n w_{kj} o_k",
     dict(WIKI, notation='{"o": "h", "net": "z", "weights": "from-to", "index_layers": {"k": 0, "j": 1}}'),
     ["n alone", "{n: n_0}"]),
    ("a bare n^{l-1}: a width or a power", r"z^{l}_j = \sum_{k=1}^{n^{l-1}} w^{l}_{jk} h^{l-1}_k", dict(check="2-3-2"),
     ["or a power", "n^{(l-1)}"]),
    ("a width declared without its layer", r"a_j = \sum_{i=1}^{D} w_{ji} x_i", dict(check="2-3", notation="a=z D=n"),
     ["D alone", "which layer", "{D: n_0}"]),  # (D: n names the width n_l; D then needs its layer, D_0)
    ("Bishop 5.62 as printed, the bias as weight 0", r"a_j = \sum_{i=0}^{D} w_{ji}^{(1)} x_i", dict(BISHOP_D, biases=True),
     ["x_0 = 1", "+ b_j", 'biases="on"']),
    ("Grosse's bar undeclared", r"\overline{w_{ki}} = \overline{z_k}\, h_i", dict(check="2-3-2"),
     ["{bar: gradient}"]),
    ("Grosse's \\bar{y} undeclared", r"\bar{y}_k = y_k - t_k", dict(check="2-3-2"), ["{bar: gradient}"]),
    ("a course's own macro, defined in its MathJax configuration", r"\pd{E}{w_{11}} = x_1 (y_1 - t_1)",
     dict(check="1-1"), ["\\pd is not supported", "tex: macros"]),
    ("sigma' alone", r"\delta^{l} = (W^{l+1})^T \delta^{l+1} \odot \sigma'", dict(WIKI_V, where="l < L"),
     ["without its argument", "\\sigma'(z^l)"]),
    ("UFLDL step 2, y undeclared: y and a^{(L)} both the output", r"\delta^{(L)}_i = - (y_i - a^{(L)}_i) \cdot "
     r"f'(z^{(L)}_i)", UFLDL_Y, ["y is the target", "{y: t}", "{y: y}"]),
    ("Nielsen (30), y undeclared", r"\delta^L = (a^L - y) \odot \sigma'(z^L)", dict(check="2-3-2", activation="sigmoid",
     notation="a=h C=E"), ["{y: t}"]),
    ("a sum over another set", r"\delta_h = o_h(1 - o_h) \sum_{k \in hidden} w_{kh} \delta_k", MITCHELL,
     ["over the output units", "\\sum_{k=1}^{n_l}"]),
    ("Murphy's \\mathcal{L} undeclared", r"\frac{\partial \mathcal{L}}{\partial \mathbf{a}} = \mathbf{p} - \mathbf{y}",
     dict(MURPHY, notation={"a": "z^L", "p": "y", "y": "t"}), ["{\\mathcal{L}: E}"]),
    # (Mitchell's T4.5, w_{ji} \leftarrow w_{ji} + \Delta w_{ji}, an update rule: checked,
    # test_update_rules_as_written.py)
    ("an assignment in a chain", r"\delta_k \leftarrow o_k(1 - o_k)(t_k - o_k) = -\frac{\partial E}{\partial net_k}",
     MITCHELL, ["\\leftarrow: \\delta_k is given a new value", "write the equation the step stands for"]),
    ("the errors of a batch, no batch", r"E = \sum_d E_d", MITCHELL, ["one example of a batch", "batch="]),
    ("an example's error and the whole", r"E_d = E", MITCHELL, ["one example of a batch"]),
    ("an example's error and its values", r"E_d = \frac{1}{2} \sum_k (t_{kd} - o_{kd})^2", MITCHELL, ["batch"]),
    ("UFLDL's n_l with the input as layer 0", r"\delta^{(n_l)} = a^{(n_l)} - y", dict(check="2-3-2", notation="a=h y=t"),
     ["number of layers", "input_layer: 1"]),
    ("UFLDL's s_{l+1} undeclared", r"\delta^{(l)}_i = \left( \sum_{j=1}^{s_{l+1}} W^{(l)}_{ji} \delta^{(l+1)}_j \right) "
     r"f'(z^{(l)}_i)", dict(UFLDL, where="l >= 2 and l < L"), ["{s: n}"]),
    # (a review's wrong verdicts, each refused now)
    ("\\varphi_k of unit j's field", r"y_j(n) = \varphi_k(v_j(n))", dict(HAYKIN_HIDDEN, activation="tanh identity"),
     ["unit k's activation", "\\varphi_k(v_k)"]),
    ("\\varphi_j' of an output's field", r"\delta_k(n) = e_k(n)\, \varphi_j'(v_k(n))",
     dict(HAYKIN_HIDDEN, activation="tanh identity"), ["unit j's activation"]),
    ("(n) after \\cdot: n itself", r"\delta_j(n) = e_j(n) \cdot (n) \varphi_j'(v_j(n))", HAYKIN_OUT, ["n alone"]),
    ("(n) after a fraction", r"\mathcal{E}(n) = \frac{1}{2}(n) \sum_{j \in C} e_j^2(n)", HAYKIN_OUT, ["n alone"]),
    ("(n) after a sum's subscript", r"\mathcal{E}(n) = \frac{1}{2} \sum_{j \in C} (n) e_j^2(n)", HAYKIN_OUT, ["n alone"]),
    ("a second (n)", r"\delta_j(n) = e_j(n) (n) \varphi_j'(v_j(n))", HAYKIN_OUT, ["n alone"]),
    ("a sum over the iteration, spaced", r"\sum_{\,n=1}^{2} \mathcal{E}(n) = 2\mathcal{E}(n)", HAYKIN_OUT,
     ["declared the iteration"]),
    ("two examples' errors", r"E_d = E_e", MITCHELL, ["one example of a batch"]),
    ("an example's error and the set's, Mitchell's E_D", r"E_d = E_D", MITCHELL, ["one example of a batch"]),
    ("Mitchell T4.1, a change accumulated", r"\Delta w_{kh} \leftarrow \Delta w_{kh} + \eta\, \delta_k o_h", MITCHELL,
     ["\\leftarrow: an assignment is checked as an update only"]),
    ("a change initialised", r"\Delta w_{kh} \leftarrow 0", MITCHELL,
     ["\\leftarrow: an assignment is checked as an update only"]),
    ("an update with both sides negated", r"-w_{kh} \leftarrow -w_{kh} - \eta\, \delta_k o_h", MITCHELL,
     ["\\leftarrow: an assignment is checked as an update only"]),
    # (a second review's)
    ("(n) after an unbraced sum's subscript", r"\mathcal{E}(n) = \frac{1}{2} \sum_j (n) e_j^2(n)", HAYKIN_OUT, ["n alone"]),
    ("(n) after a sum's index, no space", r"v_j(n) = \sum_i(n) w_{ji}(n) y_i(n)", HAYKIN_OUT, ["n alone"]),
    ("a change accumulated with :=", r"\Delta w_{kh} := \Delta w_{kh} + \eta\, \delta_k o_h", MITCHELL, ["assignment"]),
    ("a change initialised with \\coloneqq", r"\Delta w_{kh} \coloneqq 0", MITCHELL, ["assignment"]),
    ("an update negated, with :=", r"-w_{kh} := -w_{kh} - \eta\, \delta_k o_h", MITCHELL, ["assignment"]),
    ("CS229's r as a sum's index", r"\sum_{r=1}^{2} z^{[r]}_1 = 2 z^{[2]}_1", dict(CS229, notation={**CS229["notation"], "r": "L"}),
     ["declared a layer", "not a sum's index"]),
    ("CS229's r as a unit", r"\delta^{[r]}_{r} = \delta^{[2]}_{2}", dict(CS229, check="2-3-3", notation={**CS229["notation"], "r": "L"}),
     ["not also an index"]),
    ("a declared width as a unit", r"x_M = x_2", dict(check="2-3", notation={"M": "n_0"}), ["not also an index"]),
    ("\\varphi in a form not read", r"\delta_j = \varphi_j''(v_j)", HAYKIN_OUT, ["\\varphi is the activation",
     "\\varphi_j(z_j)"]),
    ("the iteration an index letter too", r"y_j = \varphi_j(v_j)", dict(HAYKIN_OUT, notation={**HAYKIN_N, "iteration": "j"}),
     ["also an index letter"]),
    ("another step's value, on the right", r"\Delta w_{ji}(n) = \eta\, \delta_j(n+1)\, y_i(n)", HAYKIN_OUT,
     ["(n+1)", "another step", "only an update rule's left side"]),
    ("Haykin's (n) undeclared", r"y_j(n) = \varphi(v_j(n))", dict(HAYKIN_OUT, notation={"v": "z", "y": "h"}),
     ["{iteration: n}"]),
    ("a sum over the iteration", r"\mathcal{E}_{av} = \frac{1}{N} \sum_{n=1}^{N} \mathcal{E}(n)", HAYKIN_OUT,
     ["declared the iteration", "batch"]),
    ("a layer's activation as a subscript", r"y_j = \varphi_2(v_j)", HAYKIN_OUT, ["one index letter", "\\varphi^{(l)}"]),
    ("Bishop 5.65 without index_layers", r"\delta_j = (1 - z_j^2) \sum_k w_{kj} \delta_k",
     dict(BISHOP, notation="a=z z=h h=f"), ["could be a layer or a power"]),
]


@pytest.mark.parametrize("source, latex, kwargs, words", REFUSED, ids=[r[0] for r in REFUSED])
def test_what_could_be_read_two_ways_is_refused_with_the_fix(source, latex, kwargs, words):
    expect_refused(check_equation(latex, **kwargs), words)


def test_a_json_notation_is_read_by_the_api_as_by_a_fence():
    """docs/checking.md gives notation='{"a": "z", ...}' on a fence; check_equation takes the same string."""
    bishop = r"\delta_j = h'(a_j) \sum_k w_{kj} \delta_k"
    result = check_equation(bishop, **BISHOP)
    assert result.holds, result.message
    broken = check_equation(bishop, **dict(BISHOP, notation='{"a": "z",'))
    assert not broken.readable and "not a JSON mapping" in broken.message
