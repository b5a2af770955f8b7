"""Equations about the author's own code (issue 17, item 1): symbols bound to a session's values and functions,
inputs drawn anew for every trial, derivatives taken numerically. A true equation holds on every trial; a wrong
one fails with the trial's values; what cannot be bound is refused, naming it."""

from __future__ import annotations

import numpy as np
import pytest

from bpdocs import check_equation

CODE = '''
import numpy as np

def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()

def cross_entropy(p, t):
    return -np.sum(t * np.log(p))

def square(z):
    return z ** 2

z = np.array([1.0, 2.0, 0.5])
t = np.array([0.0, 1.0, 0.0])
W = np.arange(6.0).reshape(2, 3) / 10
q_page = softmax(z)
'''
SOFTMAX = dict(bind="p=softmax(z) E=cross_entropy(p, t)", inputs="z")


@pytest.fixture
def session():
    namespace: dict = {}
    exec(CODE, namespace)
    return namespace


def test_a_true_equation_holds_on_the_pages_values_and_every_redrawn_trial(session):
    seen = []
    original = session["softmax"]
    session["softmax"] = lambda z: seen.append(z.copy()) or original(z)
    result = check_equation(r"\frac{\partial E}{\partial z_i} = p_i - t_i", session, trials=6, **SOFTMAX)
    assert result.holds, result.message
    assert "the page's values, then z drawn anew 5 times" in result.message
    assert "numerical derivatives to 1e-6" in result.message
    distinct = {tuple(np.round(z, 12)) for z in seen}
    assert len(distinct) > 6 and (1.0, 2.0, 0.5) in distinct  # the page's point, five others, and their moves
    assert result.report.assignments == 6 * 3


def test_the_page_namespace_is_left_as_it_was(session):
    before = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in session.items() if k != "__builtins__"}
    check_equation(r"\frac{\partial E}{\partial z} = p - t", session, **SOFTMAX)
    check_equation(r"\frac{\partial E}{\partial z} = t - p", session, **SOFTMAX)
    for name, value in before.items():
        assert np.array_equal(session[name], value) if isinstance(value, np.ndarray) else session[name] is value


@pytest.mark.parametrize("latex, bind, inputs", [
    (r"p_i = \frac{e^{z_i}}{\sum_j e^{z_j}}", "p=softmax(z)", "z"),
    (r"p = \operatorname{softmax}(z)", "p=softmax(z)", "z"),
    (r"\frac{\partial p_i}{\partial z_j} = p_i (\delta_{ij} - p_j)", "p=softmax(z)", "z"),
    (r"\frac{\partial p}{\partial z} = \operatorname{diag}(p) - p p^T", "p=softmax(z)", "z"),
    (r"\frac{\partial E}{\partial p_i} = -\frac{t_i}{p_i}", "p=softmax(z) E=cross_entropy(p, t)", "z"),
    (r"\hat{y} = W z", r"\hat{y}=W @ z", "z W"),
    (r"\hat{y}_k = \sum_j W_{kj} z_j", r"\hat{y}=W @ z", "z W"),
    (r"\frac{\partial E}{\partial W} = (y - t_2) z^T", "y=W @ z; E=0.5 * np.sum((W @ z - t[:2]) ** 2); t_2=t[:2]", "z W"),
    (r"s'(z) = 2 z", "s=square", "z"),
    (r"\sum_i z_i^2 = z^T z = \| z \|^2 = z \cdot z", "", "z"),
])
def test_session_forms_hold(session, latex, bind, inputs):
    result = check_equation(latex, session, bind=bind, inputs=inputs)
    assert result.holds, result.message


def test_a_wrong_equation_fails_with_the_trials_values(session):
    result = check_equation(r"\frac{\partial E}{\partial z} = t - p", session, **SOFTMAX)
    assert not result.holds and result.readable
    found = result.counterexample
    assert found.network is None and found.trial == 1 and found.against == "the session's code"
    assert found.values["z"] == [1.0, 2.0, 0.5] and found.lhs == pytest.approx([-v for v in found.rhs])
    # true at the page's point only: found on a redrawn trial, with that trial's values
    session["z"] = np.ones(3)
    wrong = check_equation(r"\frac{\partial h_i}{\partial z_i} = 2", session, bind="h=square(z)", inputs="z")
    assert not wrong.holds and wrong.readable, wrong.message
    assert wrong.counterexample.trial == 2 and wrong.counterexample.values["z"] != [1.0, 1.0, 1.0]
    assert "trial 2" in wrong.message


REFUSED = [
    (r"q_i = p_i", dict(bind="p=softmax(z)"), "q is not bound"),
    (r"z_k = \operatorname{softplus}(z_k)", {}, "\\operatorname{softplus} is not bound: bind it to your function"),
    (r"p_{ij} = z_i", dict(bind="p=softmax(z)"), "p_{ij}: the value is an array of shape (3,), so it takes 1 index"),
    (r"p = s", dict(bind="p=softmax(z) s='text'"), "s is bound to a str"),
    (r"p = s", dict(bind="p=softmax(z) s=np.array([1j, 2])"), "complex values"),
    (r"p = s", dict(bind="p=softmax(z) s=undefined_name"), "name 'undefined_name' is not defined"),
    (r"p = s", dict(bind="p=softmax(z) s=1/0"), "raised ZeroDivisionError"),
    (r"p = r", dict(bind="p=softmax(z) r=np.random.rand(3)"), "is not the same each time"),
    (r"\frac{\partial E}{\partial p_i} = 0", dict(bind="p=softmax(z) E=cross_entropy(softmax(z), t)", inputs="z"),
     "nothing it differentiates"),
    (r"\frac{\partial E}{\partial z_i} = q_i - t_i", dict(bind="E=cross_entropy(softmax(z), t) q=q_page",
                                                          inputs="z"), "t, q are bound by name and keep the page's values"),
    (r"p_i = q_i", dict(bind="p=softmax(z) q=q_page", inputs="z"), "q is bound by name and keeps the page's values"),
    (r"z = \max(z)", {}, "max"),
    (r"p = W", dict(bind="p=softmax(z) W", inputs="W"), "the sides have shapes (3,) and (2, 3)"),
    (r"z = |z|", {}, "|...| of a 3-entry vector is not read: it could be a norm, or the absolute value of each entry"),
    (r"y = z", dict(bind="y=z", inputs="nothing_here"), "inputs: nothing_here is not defined"),
    (r"y = z", dict(bind="y = z +"), "is not a Python expression"),
    (r"y = z", dict(bind="y = z q"), "name 'q' is not defined"),  # a bare symbol after an expression
]


@pytest.mark.parametrize("latex, kwargs, words", REFUSED, ids=[r[2][:40] for r in REFUSED])
def test_what_cannot_be_bound_is_refused_naming_it(session, latex, kwargs, words):
    result = check_equation(latex, session, **kwargs)
    assert not result.holds, result.message
    assert words in result.message, result.message
    if words.startswith("the sides have shapes"):
        assert result.readable  # two sides with values, of different shapes: a verdict
    else:
        assert not result.readable


def test_a_function_with_a_kink_is_not_judged_there(session):
    session["z"] = np.array([0.0, 1.0])
    session["relu"] = lambda v: np.maximum(v, 0.0)
    for latex in (r"\frac{\partial r_1}{\partial z_1} = 1", r"\frac{\partial r_1}{\partial z_1} = 0",
                  r"\operatorname{relu}'(z_1) = 0"):
        result = check_equation(latex, session, bind=r"r=relu(z) \operatorname{relu}=relu")
        assert not result.readable and "not stable here" in result.message, result.message
    assert check_equation(r"\frac{\partial r_2}{\partial z_2} = 1", session, bind="r=relu(z)").holds


def test_a_prime_needs_an_elementwise_function(session):
    result = check_equation(r"\operatorname{sm}'(z) = z", session, bind=r"\operatorname{sm}=softmax", inputs="z")
    assert not result.readable and "is not elementwise" in result.message


def test_single_precision_values_are_compared_to_their_precision(session):
    session["z32"] = session["z"].astype(np.float32)
    result = check_equation(r"p = \operatorname{softmax}(z)", session, bind="p=softmax(z32).astype(np.float32)")
    assert result.holds, result.message  # float32 softmax against float64: within 1e-4, not 1e-9
    wrong = check_equation(r"p = \operatorname{softmax}(2 z)", session, bind="p=softmax(z32).astype(np.float32)")
    assert not wrong.holds and wrong.readable


def test_bind_reads_spaces_semicolons_subscripts_accents_and_words(session):
    session["d_k"] = 4
    result = check_equation(r"\hat{y} = \frac{W_Q z}{\sqrt{d_k}}", session,
                            bind=r"\hat{y} = W @ z / 2 ;  W_Q=W; d_k", inputs="z")
    assert result.holds, result.message
    words = check_equation(r"\mathrm{out} = \mathrm{lin}(z)", session, bind=r"\mathrm{out}=W @ z \mathrm{lin}=lambda v: W @ v",
                           inputs="z")
    assert words.holds, words.message


def test_bind_and_inputs_belong_to_a_session_check():
    result = check_equation(r"y_1 = x_1", check="1-1", bind="y=x")
    assert not result.readable and 'check="session"' in result.message


LEAST_SQUARES = '''
import numpy as np
rng = np.random.default_rng(3)
X = rng.normal(size=(6, 3))
y = rng.normal(size=6)
lam = 0.5
I = np.eye(3)


def least_squares(X, y):
    return np.linalg.lstsq(X, y, rcond=None)[0]
'''


@pytest.mark.parametrize("latex, bind, holds", [
    # the normal equations (ESL 3.6, Bishop 3.15, Murphy): an inverse of a square matrix
    (r"\hat{w} = (X^T X)^{-1} X^T y", r"\hat{w}=least_squares(X, y)", True),
    (r"w^* = (X^\top X)^{-1} X^\top y", "w^*=least_squares(X, y)", True),
    (r"\theta^\star = (X^T X)^{-1} X^T y", r"\theta^\star=least_squares(X, y)", True),
    (r"\theta^\star = (X^T X)^{-1} X^T y", r"\theta^\star=least_squares(2 * X, y)", False),
    (r"\hat\beta = (X^T X + \lambda I)^{-1} X^T y", r"\hat\beta=np.linalg.solve(X.T @ X + lam * I, X.T @ y) \lambda=lam",
     True),
    (r"\hat\beta = (X^T X + \lambda I)^{-1} X^T y", r"\hat\beta=np.linalg.solve(X.T @ X + 2 * lam * I, X.T @ y) "
     r"\lambda=lam", False),  # the penalty of the code is 2 lambda: a verdict
    (r"\frac{\partial \hat{w}}{\partial y} = (X^T X)^{-1} X^T", r"\hat{w}=np.linalg.solve(X.T @ X, X.T @ y)", True),
])
def test_an_inverse_and_starred_or_hatted_names(latex, bind, holds):
    namespace: dict = {}
    exec(LEAST_SQUARES, namespace)
    result = check_equation(latex, namespace, bind=bind, inputs="X y")
    assert result.holds is holds and result.readable, result.message


def test_a_gradient_takes_the_numbers_before_its_factor_and_says_how_to_take_a_longer_product(session):
    session["lam"] = 0.3
    assert check_equation(r"\nabla_z \frac{1}{2}\|z\|^2 = z", session, inputs="z").holds
    wrong = check_equation(r"\nabla_z \frac{1}{2}\|z\|^2 = 2 z", session, inputs="z")
    assert not wrong.holds and wrong.readable
    # a number of the page's code before the factor is taken as a number is (session 25; it was refused)
    assert check_equation(r"\nabla_z \frac{\lambda}{2}\|z\|^2 = \lambda z", session, bind=r"\lambda=lam",
                          inputs="z").holds
    assert check_equation(r"\nabla_z (\frac{\lambda}{2}\|z\|^2) = \lambda z", session, bind=r"\lambda=lam",
                          inputs="z").holds
    # a factor after the gradient that nothing computes from z: the message says how to take a longer product
    unknown = check_equation(r"\nabla_z W \|z\|^2 = 2 W z", session, inputs="z")
    assert not unknown.readable and "put it in parentheses" in unknown.message, unknown.message


@pytest.mark.parametrize("latex, words", [
    (r"\hat{w} = X^{-1} y", "an inverse of an array of shape (6, 3) is not read: only a square matrix has one"),
    (r"\hat{w} = X^T (X X^T)^{-1} y", "no inverse here (it is singular)"),  # 6x6 of rank 3
    (r"\hat{w} = (X^T X)^2 X^T y", "a power of a vector or matrix is not read"),  # A A, or its entries squared?
])
def test_what_has_no_inverse_or_two_readings_is_refused(latex, words):
    namespace: dict = {}
    exec(LEAST_SQUARES, namespace)
    result = check_equation(latex, namespace, bind=r"\hat{w}=least_squares(X, y)", inputs="X y")
    assert not result.holds and not result.readable and words in result.message, result.message


def test_an_example_is_a_row_of_the_data_and_a_row_times_a_column_is_a_number():
    """Review (Ng's linear regression, typed as his notes print it): x^{(i)} with the data's rows bound to x was
    refused ("takes 2 indices, not 1"), though the docs say it is the row x[i-1]; w^T x^{(i)} was a 1-entry
    vector, so its square was refused; x^{(i)T} could not be read; x^{(n)}_j was refused after the superscript."""
    namespace: dict = {}
    exec(LEAST_SQUARES + "\nmse = lambda w: np.mean((X @ w - y) ** 2)\nw = np.array([0.5, -1.0, 2.0])\n", namespace)
    options = dict(bind="L=mse(w) x=X N=6", inputs="w")
    for latex in (r"L = \frac{1}{N}\sum_{i=1}^{N} (w^T x^{(i)} - y^{(i)})^2",
                  r"\nabla_w L = \frac{2}{N}\sum_{i=1}^{N} (x^{(i)T} w - y^{(i)}) x^{(i)}",
                  r"\nabla_w L = \frac{2}{N}\sum_{i=1}^{N} x^{(i)} (x^{(i)\top} w - y^{(i)})",
                  r"\sum_{n=1}^{N} x^{(n)}_j = \sum_{n=1}^{N} x_{nj}"):
        result = check_equation(latex, namespace, **options)
        assert result.holds, f"{latex}: {result.message}"
    wrong = check_equation(r"\nabla_w L = \frac{1}{N}\sum_{i=1}^{N} (x^{(i)T} w - y^{(i)}) x^{(i)}", namespace, **options)
    assert not wrong.holds and wrong.readable, wrong.message
    outside = check_equation(r"x^{(7)} = x^{(7)}", namespace, bind="x=X")
    assert not outside.readable and "index 7 is outside 1..6" in outside.message
    assert "takes 2 indices" in check_equation(r"x_1 = x_1", namespace, bind="x=X").message  # a row or a column?


@pytest.mark.parametrize("latex, bind, holds", [
    (r"D_{KL}(p \| q) = \sum_i p_i \log \frac{p_i}{q_i}", "D_{KL}=kl", True),
    (r"D_{\mathrm{KL}}(p\,\|\,q) = \sum_i p_i \ln \frac{p_i}{q_i}", r"D_{\mathrm{KL}}=kl", True),
    (r"\mathrm{KL}(p \parallel q) = \sum_i p_i \log \frac{p_i}{q_i}", r"\mathrm{KL}=kl", True),
    (r"D_{KL}(p \| q) = \sum_i q_i \log \frac{q_i}{p_i}", "D_{KL}=kl", False),  # the arguments swapped
    (r"f(\|p\|) = \|p\|^2", "f=lambda r: r ** 2", True),  # a norm's bars are a pair, not a separator
])
def test_a_divergence_takes_its_two_arguments_either_side_of_the_bars(latex, bind, holds):
    """Review (a KL divergence typed as texts write it, D_{KL}(p \\| q)): the bars were read as a norm left open."""
    namespace = {"np": np, "p": np.array([0.1, 0.2, 0.3, 0.4]), "q": np.array([0.25, 0.25, 0.4, 0.1]),
                 "kl": lambda p, q: float(np.sum(p * np.log(p / q)))}
    result = check_equation(latex, namespace, bind=bind)
    assert result.holds is holds and result.readable, result.message


def test_every_function_the_unbound_message_names_is_read():
    """The message listed \\exp, \\ln, \\tanh, \\sqrt, \\sigma, softmax and diag as all it knows, while \\log,
    ReLU, max(0, x) and sign were read too (a newcomer's review on cleanrl): every one it names is read, applied
    to z, against its numpy meaning."""
    unbound = check_equation(r"y_i = \min(0, z_i)", {"z": np.array([0.3, -0.5, 1.2])}, bind="y=z", inputs="z")
    listed = unbound.message.split("only these are known: ")[1].rstrip(")")
    assert listed == (r"\exp, \ln and \log, \tanh, \sin, \cos, \sqrt, \sigma, \operatorname{ReLU}, \max(0, x), "
                      r"\operatorname{sign}, \operatorname{softmax}, \operatorname{diag}")
    meaning = {r"\exp": "np.exp(z)", r"\ln": "np.log(np.abs(z))", r"\log": "np.log(np.abs(z))",
               r"\tanh": "np.tanh(z)", r"\sin": "np.sin(z)", r"\cos": "np.cos(z)",
               r"\sqrt": "np.sqrt(np.abs(z))", r"\sigma": "1 / (1 + np.exp(-z))",
               r"\operatorname{ReLU}": "np.maximum(z, 0)", r"\operatorname{sign}": "np.sign(z)"}
    session = {"z": np.array([0.3, -0.5, 1.2]), "np": np}
    for name, numpy in meaning.items():
        argument = "{|z_i|}" if name == r"\sqrt" else r"(|z_i|)" if "abs" in numpy else "(z_i)"
        result = check_equation(f"y_i = {name}{argument}", session, bind=f"y={numpy}", inputs="z")
        assert result.holds, (name, result.message)
    assert check_equation(r"y_i = \max(0, z_i)", session, bind="y=np.maximum(z, 0)", inputs="z").holds
    assert check_equation(r"p_i = \operatorname{softmax}(z)_i", session, bind="p=np.exp(z) / np.exp(z).sum()",
                          inputs="z").holds
    assert check_equation(r"D = \operatorname{diag}(z)", session, bind="D=np.diag(z)", inputs="z").holds


@pytest.mark.parametrize("latex, said", [
    (r"\frac{\partial J}{\partial q_i} = \frac{2}{N}(y_i - q_i)", "the sides differ in sign alone: is a sign flipped?"),
    (r"\nabla_q J = \frac{1}{N}(q - y)", "the sides differ by a factor: left side = 2 x right side"),
    (r"\frac{\partial J}{\partial q_i} = \frac{1}{N}(q_i - y_i)", None),  # (one number: no factor said)
    (r"\nabla_q J = \frac{2}{N}(q + y)", None),  # (no factor: said no more)
])
def test_how_the_sides_of_a_session_check_differ(latex, said):
    """A newcomer's review on cleanrl (a DQN loss's gradient, the sign flipped): a check against the page's code
    said only the two values; a sign flipped or a simple factor (1/N for 2/N) is said, as on bpcore's networks."""
    session = {"q": np.array([0.3, -0.5, 1.2]), "y": np.array([0.1, 0.2, 0.3]),
               "td_loss": lambda q, y: float(np.mean((q - y) ** 2))}
    result = check_equation(latex, session, bind="J=td_loss(q, y) N=3", inputs="q")
    assert result.readable and not result.holds
    if said is None:
        assert "the sides differ" not in result.message, result.message
    else:
        assert said in result.message, result.message
