"""Two reviews of equations about an author's own numpy code (session 25: layers, after Ioffe and Szegedy, He et
al., Goodfellow ch. 10; training code, after CS229, ESL, Sutskever et al., Kingma and Ba): their wrong verdicts,
each with the true equation and a mistake beside it, and the refusals that now say what to write."""

from __future__ import annotations

import pytest

from bpdocs import check_equation

from .expect import expect, expect_refused


def session(code: str) -> dict:
    namespace: dict = {}
    exec("import numpy as np\n" + code, namespace)
    return namespace


LOGISTIC = '''
def g(z): return 1.0 / (1.0 + np.exp(-z))
rng = np.random.default_rng(0)
X = rng.normal(size=(8, 3)); theta = rng.normal(size=3)
def h(x): return g(x @ theta)  # theta read as a global, as numpy code does
'''
HYPOTHESIS = r"\frac{\partial}{\partial \theta_j} h_\theta(x^{(i)}) = "


@pytest.mark.parametrize("right, bind, holds", [
    # a bound function read the page's theta on every trial: the derivative by theta was 0, so "= 0" held
    (r"h_\theta(x^{(i)})(1 - h_\theta(x^{(i)})) x^{(i)}_j", r"h_\theta=h x=X", True),
    (r"0", r"h_\theta=h x=X", False),
    (r"h_\theta(x^{(i)}) x^{(i)}_j", r"h_\theta=h x=X", False),
    (r"h_\theta(x^{(i)})(1 - h_\theta(x^{(i)})) x^{(i)}_j", r"h_\theta=lambda v: g(v @ theta) x=X", True),
    # with ';' between entries, a lambda's default argument is not the next entry (it was split at " theta=")
    (r"h_\theta(x^{(i)})(1 - h_\theta(x^{(i)})) x^{(i)}_j", r"h_\theta=lambda v, theta=theta: g(v @ theta); x=X", True),
])
def test_a_bound_function_reads_the_trials_inputs(right, bind, holds):
    result = check_equation(HYPOTHESIS + right, check=session(LOGISTIC), bind=bind, inputs="theta")
    expect(result, holds, right, verdict=True)


RESIDUAL = '''
rng = np.random.default_rng(8)
W = rng.normal(size=(3, 3)); x = rng.normal(size=3); g = rng.normal(size=3)
F = lambda x: np.tanh(W @ x)
def block(x): return x + F(x)
I = np.eye(3)
'''


@pytest.mark.parametrize("latex, holds", [
    (r"y = \mathcal{F}(x) + x", True),  # it failed on trial 2: F read the page's W, y the drawn one
    (r"y = \mathcal{F}(x) + 2x", False),
    (r"y = \mathcal{F}(x)", False),
])
def test_a_residual_block_with_its_weights_drawn(latex, holds):
    result = check_equation(latex, check=session(RESIDUAL), bind=r"y=block(x); \mathcal{F}=F", inputs="x W")
    expect(result, holds, latex, verdict=True)


def test_one_plus_a_jacobian_is_asked_about_and_the_identity_holds():
    bind, ns = r"y=block(x); L=g@y; \mathcal{F}=F", session(RESIDUAL)
    left = r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial y} \left("
    jacobian = r" + \frac{\partial \mathcal{F}(x)}{\partial x}\right)"
    expect_refused(check_equation(left + "1" + jacobian, check=ns, bind=bind, inputs="x g"),
                   ["a number plus a Jacobian is read two ways", "I + J"])
    assert check_equation(left + "I" + jacobian, check=ns, bind=bind, inputs="x g").holds
    expect(check_equation(left + "2 I" + jacobian, check=ns, bind=bind, inputs="x g"), False, "2I", verdict=True)


NEWTON = '''
rng = np.random.default_rng(1)
X = rng.normal(size=(10, 3)); y = (rng.random(10) < 0.5).astype(float); theta = rng.normal(size=3) * 0.1
def g(z): return 1 / (1 + np.exp(-z))
def J(th): p = g(X @ th); return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
def grad(th): return X.T @ (g(X @ th) - y) / len(y)
def hessian(th): p = g(X @ th); return X.T @ (X * (p * (1 - p))[:, None]) / len(y)
'''
NEWTON_BIND = (r"J=J H=hessian(theta) \theta^{(t+1)}=theta - np.linalg.solve(hessian(theta), grad(theta)) "
               r"\theta^{(t)}=theta")


@pytest.mark.parametrize("sign, holds", [("-", True), ("+", False)])
def test_an_input_bound_by_name_follows_it_when_it_moves(sign, holds):
    # theta^{(t)} took the drawn theta as a constant: moved for the gradient, it stayed, and the gradient was 0
    latex = rf"\theta^{{(t+1)}} = \theta^{{(t)}} {sign} H^{{-1}} \nabla_\theta J(\theta^{{(t)}})"
    result = check_equation(latex, check=session(NEWTON), bind=NEWTON_BIND, inputs="theta")
    expect(result, holds, latex, verdict=True)


BATCH_NORM = '''
rng = np.random.default_rng(3)
x = rng.normal(size=5); g = rng.normal(size=5); gamma, beta, eps = 1.3, 0.2, 1e-5
'''
BN_BIND = (r"mu=x.mean(); var=np.mean((x-mu)**2); xhat=(x-mu)/np.sqrt(var+eps); y=gamma*xhat+beta; \ell=g@y; "
           r"\mu_B=mu; \sigma_B^2=var; \hat{x}=xhat; \epsilon=eps; \gamma=gamma")


@pytest.mark.parametrize("right, holds", [
    # \hat{x} bound to xhat, a name bound before it: moving \hat{x} did not reach y (the left side was 0)
    (r"\frac{\partial \ell}{\partial y_i} \cdot \gamma", True),
    (r"\frac{\partial \ell}{\partial y_i}", False),
])
def test_a_symbol_bound_to_a_name_bound_before_moves_it(right, holds):
    latex = r"\frac{\partial \ell}{\partial \hat{x}_i} = " + right
    result = check_equation(latex, check=session(BATCH_NORM), bind=BN_BIND, inputs="x g")
    expect(result, holds, latex, verdict=True)


def test_the_papers_gradient_by_the_input_through_the_graphs_partials():
    latex = (r"\frac{\partial \ell}{\partial x_i} = \frac{\partial \ell}{\partial \hat{x}_i} \cdot "
             r"\frac{1}{\sqrt{\sigma_B^2 + \epsilon}} + \frac{\partial \ell}{\partial \sigma_B^2} \cdot "
             r"\frac{2 (x_i - \mu_B)}{m} + \frac{\partial \ell}{\partial \mu_B} \cdot \frac{1}{m}")
    ns = session(BATCH_NORM)
    assert check_equation(latex, check=ns, bind=BN_BIND + "; m=5", inputs="x g").holds
    wrong = latex.replace(r"\frac{2 (x_i - \mu_B)}{m}", r"\frac{2 (x_i - \mu_B)}{m - 1}")
    expect(check_equation(wrong, check=ns, bind=BN_BIND + "; m=5", inputs="x g"), False, "m - 1", verdict=True)


def test_a_comprehension_in_bind_sees_the_names_bound_before_it():
    ns = session("o = np.arange(6.0).reshape(3, 2); T = 3")
    bind = r"q=o*1; L=sum(q[t].sum() for t in range(T))"  # ("name 'q' is not defined in the session")
    assert check_equation("L = 15", check=ns, bind=bind).holds
    expect(check_equation("L = 16", check=ns, bind=bind), False, "L = 16", verdict=True)


RNN = "rng = np.random.default_rng(4)\nh = rng.normal(size=(3, 2))"


def test_a_sums_term_outside_the_array_is_a_question_not_a_verdict():
    ns, bind = session(RNN), r"S=(h[1:]*h[:-1]).sum(axis=0)"
    expect_refused(check_equation(r"S = \sum_t h^{(t)} \odot h^{(t-1)}", check=ns, bind=bind),
                   ["index 0 is outside 1..3", r"\sum_{t=2}^{T}"])
    assert check_equation(r"S = \sum_{t=2}^{3} h^{(t)} \odot h^{(t-1)}", check=ns, bind=bind).holds


RIDGE = '''
rng = np.random.default_rng(5)
X = rng.normal(size=(6, 2)); y = rng.normal(size=6); beta = rng.normal(size=2); lam = 0.7
def rss_ridge(b): return (y - X @ b) @ (y - X @ b) + lam * b @ b
'''
RSS = r"(\mathbf{y} - \mathbf{X}\beta)^T(\mathbf{y} - \mathbf{X}\beta) + \lambda\beta^T\beta"


@pytest.mark.parametrize("left, bind, holds", [
    (r"\mathrm{RSS}(\lambda)", r"\mathrm{RSS}=rss_ridge(beta) \lambda=lam", "refused"),  # was RSS times lambda
    (r"\mathrm{RSS}", r"\mathrm{RSS}=rss_ridge(beta) \lambda=lam", True),
    (r"\mathrm{RSS}(\beta)", r"\mathrm{RSS}=rss_ridge \lambda=lam", True),  # bound to the function: applied
    (r"\lambda (\beta^T \beta) + \mathrm{RSS} - \lambda \beta^T \beta", r"\mathrm{RSS}=rss_ridge(beta) \lambda=lam",
     True),  # a product in parentheses is a product
])
def test_a_value_written_as_a_function_of_its_parameters(left, bind, holds):
    result = check_equation(f"{left} = {RSS}", check=session(RIDGE), bind=bind)
    if holds == "refused":
        expect_refused(result, ["reads two ways", "bind \\mathrm{RSS} to the function"])
    else:
        expect(result, holds, left)


ADAM = "rng = np.random.default_rng(2)\ng = rng.normal(size=3); r = rng.random(3) + 0.5; eps, delta = 0.1, 1e-6"


def test_a_number_over_a_vector_is_entry_by_entry_and_a_square_is_asked_for_as_odot():
    ns = session(ADAM)
    bind = r"u=eps/np.sqrt(delta+r)*g; \epsilon=eps"
    assert check_equation(r"u = \frac{\epsilon}{\sqrt{\delta + r}} \odot g", check=ns, bind=bind).holds
    expect(check_equation(r"u = \frac{\epsilon}{\delta + r} \odot g", check=ns, bind=bind), False, "no root",
           verdict=True)
    expect_refused(check_equation("v = g^2", check=ns, bind="v=g*g"), [r"v \odot v"])
    assert check_equation(r"v = g \odot g", check=ns, bind="v=g*g").holds
