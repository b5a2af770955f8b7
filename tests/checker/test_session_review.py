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


SOFTMAX_REGRESSION = '''
rng = np.random.default_rng(0)
X = rng.normal(size=(6, 3)); y = rng.integers(1, 5, size=6); Theta = rng.normal(size=(4, 3))
def P(Th):
    S = X @ Th.T; S = S - S.max(axis=1, keepdims=True); E = np.exp(S); return E / E.sum(axis=1, keepdims=True)
def J(Th): return -np.mean(np.log(P(Th)[np.arange(6), y - 1]))
'''
CS229 = (r"\frac{\partial J}{\partial \theta_{kj}} = -\frac{1}{m}\sum_{i=1}^{m} x^{(i)}_j "
         r"\left(INDICATOR - p_{ik}\right)")


@pytest.mark.parametrize("indicator, holds", [
    # an indicator of an equality was "\mathbb{1} is not bound", or a parse error
    (r"1\{y^{(i)}=k\}", True),
    (r"\mathbb{1}(y^{(i)} = k)", True),
    (r"\mathbf{1}_{y^{(i)}=k}", True),
    (r"1\{y^{(i)}=j\}", False),
    (r"1\{y^{(i)} > k\}", False),
])
def test_an_indicator_of_a_label_equal_to_an_index(indicator, holds):
    result = check_equation(CS229.replace("INDICATOR", indicator), check=session(SOFTMAX_REGRESSION),
                            bind=r"J=J(Theta) \theta=Theta x=X p=P(Theta) m=6", inputs="Theta")
    expect(result, holds, indicator, verdict=True)


def test_a_max_pools_gradient_with_an_indicator_of_the_maximum():
    ns = session("rng = np.random.default_rng(1)\nX = rng.normal(size=(4, 2)); g = rng.normal(size=4)")
    bind = r"y=X.max(axis=1); L=g@X.max(axis=1)"
    latex = r"\frac{\partial L}{\partial X_{ij}} = g_i\, \mathbb{1}(X_{ij} = y_i)"
    assert check_equation(latex, check=ns, bind=bind, inputs="X g").holds
    expect(check_equation(latex.replace("= y_i", r"\neq y_i").replace(r"\neq", "<"), check=ns, bind=bind,
                          inputs="X g"), False, "the other entries", verdict=True)


@pytest.mark.parametrize("latex, holds", [
    (r"\frac{\partial y_k}{\partial z^L_j} = y_k (\mathbb{1}(k = j) - y_j)", True),  # two indices: Kronecker's
    (r"\frac{\partial y_k}{\partial z^L_j} = y_k (\mathbb{1}(k = 1) - y_j)", False),
])
def test_on_a_network_an_indicator_of_two_indices_is_still_kroneckers(latex, holds):
    from bpdocs.core.mathcheck import check_equation as on_networks

    expect(on_networks(latex, "2-3 3-4", activation="softmax"), holds, latex)


LAYER_NORM = "rng = np.random.default_rng(0)\na = rng.normal(size=5)"
LN_BIND = r"a^l=a; \mu^l=a.mean(); \sigma^l=a.std(); H=5"


@pytest.mark.parametrize("latex, holds", [
    # Ba et al. write the layer after the index, a_i^l: with a^l bound it was "l is not bound", and l bound, a power
    (r"\mu^l = \frac{1}{H} \sum_{i=1}^{H} a_i^l", True),
    (r"\mu^l = \frac{1}{H - 1} \sum_{i=1}^{H} a_i^l", False),
    (r"\sigma^l = \sqrt{\frac{1}{H} \sum_{i=1}^{H} (a_i^l - \mu^l)^2}", True),
    (r"\sigma^l = \sqrt{\frac{1}{H - 1} \sum_{i=1}^{H} (a_i^l - \mu^l)^2}", False),
])
def test_the_layer_written_after_the_index(latex, holds):
    expect(check_equation(latex, check=session(LAYER_NORM), bind=LN_BIND, inputs="a"), holds, latex, verdict=True)


def test_an_unbound_letter_whose_subscripted_names_the_session_has_says_to_bind_them():
    ns = session("W_f = np.eye(2); x = np.ones(2); b_f = np.zeros(2); f = 1 / (1 + np.exp(-(W_f @ x + b_f)))")
    expect_refused(check_equation(r"f = \sigma(W_f x + b_f)", check=ns), ['the session has W_f', 'bind="W_f=W_f"'])
    assert check_equation(r"f = \sigma(W_f x + b_f)", check=ns, bind="W_f=W_f b_f=b_f").holds


GRADIENT_DESCENT = '''
rng = np.random.default_rng(0)
X = rng.normal(size=(5, 2)); y = rng.normal(size=5); w = rng.normal(size=2); alpha = 0.1
def E(w): return 0.5 * np.sum((X @ w - y) ** 2)
def step(w): return w - alpha * X.T @ (X @ w - y)
'''


def test_a_step_of_the_pages_own_code_is_an_equation_with_its_new_value_bound():
    ns = session(GRADIENT_DESCENT)
    # the advice was a bpcore network's (Delta: update), and named the form it had just refused
    expect_refused(check_equation(r"w \leftarrow w - \alpha \nabla_w E(w)", check=ns),
                   ["in a check against the page's code", "w^{(t+1)}=step(w)"])
    bind = r"w^{(t+1)}=step(w); w^{(t)}=w; E=E"
    assert check_equation(r"w^{(t+1)} = w^{(t)} - \alpha \nabla_{w^{(t)}} E(w^{(t)})", check=ns, bind=bind,
                          inputs="w").holds
    expect(check_equation(r"w^{(t+1)} = w^{(t)} + \alpha \nabla_{w^{(t)}} E(w^{(t)})", check=ns, bind=bind,
                          inputs="w"), False, "the sign", verdict=True)


def test_a_shape_mismatch_in_the_pages_code_is_told_without_the_networks_layers():
    result = check_equation(r"\nabla_w E = X (X w - y)", check=session(GRADIENT_DESCENT), bind="E=E(w)", inputs="w")
    expect_refused(result, ["your arrays'", "is a transpose missing"])
    assert "n_l x n_{l-1}" not in result.message


MEAN_SQUARED = "rng = np.random.default_rng(0)\nX = rng.normal(size=(10, 2)); y = rng.normal(size=10)\n" \
               "w = rng.normal(size=2); n = 10"


@pytest.mark.parametrize("latex, holds", [
    # the gradient took only the number in front (1/(2n): "nothing it differentiates is computed from w")
    (r"\nabla_w \frac{1}{2n}\|Xw - y\|^2 = \frac{1}{n} X^T (Xw - y)", True),
    (r"\nabla_w \frac{1}{2 \cdot 10}\|Xw - y\|^2 = \frac{1}{n} X^T (Xw - y)", True),
    (r"\nabla_w \frac{1}{2n}\|Xw - y\|^2 = X^T (Xw - y)", False),
])
def test_a_gradient_of_a_product_with_the_pages_numbers_in_front(latex, holds):
    expect(check_equation(latex, check=session(MEAN_SQUARED), inputs="w"), holds, latex, verdict=True)


QUADRATIC = "x = np.array([1.0, 2.0]); A = np.array([[2.0, 1.0], [0.0, 3.0]]); lam = 0.3"


@pytest.mark.parametrize("latex, holds", [
    # a product whose first factor is the variable: the gradient of the whole (it was (\nabla_x x^T) A x = A x)
    (r"\nabla_x x^T A x = (A + A^T) x", True),
    (r"\nabla_x x^T A x = 2 A x", False),  # (A is not symmetric)
    (r"\nabla_x \lambda x^T A x = \lambda (A + A^T) x", True),
    (r"\nabla_x x^T x = 2 x", True),
    (r"\nabla_x x^T x = x", False),
])
def test_the_gradient_of_a_quadratic_form(latex, holds):
    result = check_equation(latex, check=session(QUADRATIC), bind=r"\lambda=lam", inputs="x A")
    expect(result, holds, latex, verdict=True)


@pytest.mark.parametrize("indicator, holds", [(r"1\{y^{(i)}=k\}", True), (r"1\{y^{(i)}=1\}", False)])
def test_a_gradient_by_a_row_of_a_bound_matrix(indicator, holds):
    # CS229's \nabla_{\theta^{(k)}} J, with theta the K x n matrix of the classes' rows: "the value has 2 indices"
    latex = (rf"\nabla_{{\theta^{{(k)}}}} J = -\frac{{1}}{{m}}\sum_{{i=1}}^{{m}} x^{{(i)}} "
             rf"\left({indicator} - p_{{ik}}\right)")
    result = check_equation(latex, check=session(SOFTMAX_REGRESSION),
                            bind=r"J=J(Theta) \theta=Theta x=X p=P(Theta) m=6", inputs="Theta")
    expect(result, holds, indicator, verdict=True)


def test_an_input_drawn_negative_under_a_root_is_said_with_what_to_do_and_warns_nothing():
    import warnings

    ns = session("rng = np.random.default_rng(0)\nm = rng.normal(size=3); u = rng.random(3) + 0.1\n"
                 "theta = rng.normal(size=3); alpha, eps = 0.01, 1e-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (numpy's "invalid value encountered in sqrt" reached the caller)
        result = check_equation(r"\theta_{new} = \theta - \alpha \frac{m}{\sqrt{u} + \epsilon}", check=ns,
                                bind=r"\theta_{new}=theta - alpha * m / (np.sqrt(u) + eps); \epsilon=eps",
                                inputs="theta m u")
    expect_refused(result, ["not a number here", "drawn from a normal distribution", "left out of inputs"])
    assert "activation" not in result.message


def test_a_value_that_came_out_the_same_twice_by_chance_is_still_caught_before_a_verdict():
    # A fresh dropout mask can repeat on the first two runs (4 entries, p = 0.5: 1 in 16); the check then judged a
    # changing value. Here the third run differs, as such a mask would: no verdict, the randomness is said.
    ns = session('''
calls = [0]
x = np.array([1.0, -2.0, 0.5, 3.0])
def changing(x):
    calls[0] += 1
    return x * (2.0 if calls[0] == 4 else 1.0)  # (runs 1-3: the page, the two looks for randomness)
''')
    result = check_equation("y_i = x_i", check=ns, bind="y=changing(x)", inputs="x")
    expect_refused(result, ["not the same each time its binding runs"])


CONVOLUTION = '''
rng = np.random.default_rng(0)
I = rng.normal(size=(5, 5)); K = rng.normal(size=(2, 2))
def corr(I, K): return np.array([[np.sum(I[i:i+2, j:j+2] * K) for j in range(4)] for i in range(4)])
'''


@pytest.mark.parametrize("latex, holds", [
    # Goodfellow 9.6 writes an array's entries with their indices in parentheses: "i is not bound", bind i=i
    (r"S(i, j) = \sum_m \sum_n I(i+m-1, j+n-1) K(m, n)", True),
    (r"S(i, j) = \sum_m \sum_n I(i+m-1, j+n-1) K(n, m)", False),
    (r"S_{i,j} = \sum_m \sum_n I_{i+m-1,j+n-1} K_{m,n}", True),
])
def test_an_arrays_entries_written_with_parentheses(latex, holds):
    expect(check_equation(latex, check=session(CONVOLUTION), bind="S=corr(I, K)", inputs="I K"), holds, latex,
           verdict=True)


# A third review (adversarial, of the fixes above): its wrong verdicts


@pytest.mark.parametrize("bind, extra", [
    ("L=loss()", ""),  # model.W: the false "= 0" held (the moved W never reached model.W)
])
def test_an_input_held_as_an_objects_attribute_is_refused(bind, extra):
    ns = session("from types import SimpleNamespace\nrng = np.random.default_rng(0)\nW = rng.normal(size=(2, 3))\n"
                 "x = rng.normal(size=3); model = SimpleNamespace(W=W)\n"
                 "def loss(): return 0.5 * np.sum((model.W @ x) ** 2)")
    for right in ("0", r"\sum_k W_{ik} x_k x_j"):
        expect_refused(check_equation(rf"\frac{{\partial L}}{{\partial W_{{ij}}}} = {right}", check=ns, bind=bind,
                                      inputs="W x"), ["the page's code holds the page's W itself (model.W)"])


HELD = '''
rng = np.random.default_rng(0)
A = rng.normal(size=(3, 3)); x = rng.normal(size=3)
def with_default(v, A=A): return v @ A @ v
def make(A):
    def f(v): return v @ A @ v
    return f
closure = make(A)
class Quadratic:
    def __init__(self, A): self.A = A
    def value(self, v): return v @ self.A @ v
q = Quadratic(A)
'''


@pytest.mark.parametrize("bind, where", [
    ("f=with_default", "a default argument of with_default"),
    ("f=closure", "a variable closure closes over"),
    ("f=q.value", "q.A"),
])
def test_an_input_held_by_a_default_a_closure_or_an_object_is_refused(bind, where):
    result = check_equation(r"\nabla_x f(x) = (A + A^T) x", check=session(HELD), bind=bind, inputs="x A")
    expect_refused(result, [f"({where})", "leave A out of inputs"])
    assert check_equation(r"\nabla_x f(x) = (A + A^T) x", check=session(HELD), bind=bind, inputs="x").holds


def test_a_check_leaves_the_sessions_names_as_they_were():
    ns = session("w = np.array([0.9, 0.1])\ndef step():\n    global w\n    w = w - 0.1 * 2 * w\n    return w")
    page = ns["w"]
    check_equation(r"w^{(t+1)} = w^{(t)} - 0.2 w^{(t)}", check=ns, bind="w^{(t+1)}=step(); w^{(t)}=w")
    assert ns["w"] is page  # (the binding's "global w" rebound the page's w)


SOFTMAX_K = '''
rng = np.random.default_rng(0)
Z = rng.normal(size=(4, 3)); labels = np.array([2, 0, 1, 2]); k = 3  # a k of the page's own
def softmax_rows(S): E = np.exp(S - S.max(1, keepdims=True)); return E / E.sum(1, keepdims=True)
def loss(Z): return -np.mean(np.log(softmax_rows(Z)[np.arange(4), labels]))
'''


@pytest.mark.parametrize("sign, holds", [("-", True), ("+", False)])
def test_an_indicators_index_is_not_the_pages_variable_of_that_name(sign, holds):
    latex = (rf"\frac{{\partial E}}{{\partial Z_{{ik}}}} = \frac{{1}}{{4}}"
             rf"\left(P_{{ik}} {sign} 1\{{y^{{(i)}} = k\}}\right)")
    result = check_equation(latex, check=session(SOFTMAX_K), bind="E=loss(Z) P=softmax_rows(Z) y=labels+1",
                            inputs="Z")
    expect(result, holds, latex, verdict=True)


def test_an_indicator_of_an_index_equal_to_a_bound_label():
    ns = session("rng = np.random.default_rng(0)\nz = rng.normal(size=3); t = 2\n"
                 "def softmax(z): e = np.exp(z - z.max()); return e / e.sum()\n"
                 "def loss(z): return -np.log(softmax(z)[t - 1])")
    bind = "E=loss(z) p=softmax(z) y=t"  # (y bound: not Kronecker's delta of two indices)
    for indicator in (r"\mathbf{1}_{i=y}", r"\mathbb{1}(i = y)"):
        latex = rf"\frac{{\partial E}}{{\partial z_i}} = p_i - {indicator}"
        assert check_equation(latex, check=ns, bind=bind, inputs="z").holds
        expect(check_equation(latex.replace("- ", "+ "), check=ns, bind=bind, inputs="z"), False, indicator,
               verdict=True)


def test_a_power_or_a_layers_entry_is_asked_about_and_a_layer_alone_is_read():
    ns = session("rng = np.random.default_rng(0)\nA2 = rng.normal(size=(2, 4)); v = rng.normal(size=4)")
    expect_refused(check_equation(r"s = \sum_i a_i^2", check=ns, bind="a=v; a^2=A2 @ v; s=np.sum(v**2)",
                                  inputs="v A2"), ["reads two ways", "a^2_i"])
    assert check_equation(r"s = \sum_i (a_i)^2", check=ns, bind="a=v; a^2=A2 @ v; s=np.sum(v**2)",
                          inputs="v A2").holds
    # a^l bound and no a in the session ("a is not bound")
    assert check_equation(r"s = \sum_i a_i^l", check=ns, bind="a^l=A2 @ v; s=np.sum(A2 @ v)", inputs="v A2").holds


def test_an_arrays_entry_with_a_loop_variable_of_the_page_named_like_its_index():
    ns = session(CONVOLUTION + "for i in range(2): pass\n")
    for left in ("S(i, j)", "S_{ij}"):
        latex = left + r" = \sum_{m=1}^{2}\sum_{n=1}^{2} I(i+m-1, j+n-1) K(m, n)"
        assert check_equation(latex, check=ns, bind="S=corr(I, K)", inputs="I K").holds, latex


def test_the_logistic_is_not_the_pages_number_called_sigma():
    ns = session("rng = np.random.default_rng(0)\nX = rng.normal(size=(5, 3)); w = rng.normal(size=3)\n"
                 "sigma = 0.7  # a noise's standard deviation")
    bind = "x=X p=1/(1+np.exp(-X @ w))"
    assert check_equation(r"p_i = \sigma(w^T x^{(i)})", check=ns, bind=bind, inputs="X w").holds  # (was 0.7 w^T x)
    expect(check_equation(r"p_i = \sigma(-w^T x^{(i)})", check=ns, bind=bind, inputs="X w"), False, "sign",
           verdict=True)


def test_a_zero_gradient_written_0():
    ns = session("rng = np.random.default_rng(0)\nX = rng.normal(size=(6, 3)); y = rng.normal(size=6)\n"
                 "def L(v): return np.mean((X @ v - y) ** 2)")
    bind = "w^*=np.linalg.lstsq(X, y, rcond=None)[0]; L=L; w=np.ones(3)"  # ("shapes (3,) and a number": a verdict)
    assert check_equation(r"\nabla_{w^*} L(w^*) = 0", check=ns, bind=bind, inputs="X y").holds
    assert check_equation(r"0 = \nabla_{w^*} L(w^*)", check=ns, bind=bind, inputs="X y").holds
    expect(check_equation(r"\nabla_{w} L(w) = 0", check=ns, bind=bind, inputs="X y"), False, "not at the optimum",
           verdict=True)


SQUARE = "rng = np.random.default_rng(9)\nX = rng.normal(size=(3, 3)); a = rng.normal(size=3); b = rng.normal(size=3)"


@pytest.mark.parametrize("right, holds", [
    (r"\boldsymbol{a} \boldsymbol{b}^\top", True),  # shaped like X
    (r"\boldsymbol{b} \boldsymbol{a}^\top", "layout"),  # numerator layout (MML): it was "does not hold" on square X
    (r"2 \boldsymbol{a} \boldsymbol{b}^\top", False),
])
def test_a_gradient_by_a_square_matrix_written_transposed_is_a_question(right, holds):
    latex = r"\frac{\partial \boldsymbol{a}^\top \boldsymbol{X} \boldsymbol{b}}{\partial \boldsymbol{X}} = " + right
    result = check_equation(latex, check=session(SQUARE), inputs="a b X")
    if holds == "layout":
        expect_refused(result, ["each other's transpose", "numerator layout"])
    else:
        expect(result, holds, right, verdict=True)


@pytest.mark.parametrize("right, holds", [(r"\lambda \mathbf{w}", True), (r"2 \lambda \mathbf{w}", False)])
def test_the_gradient_of_a_number_written_w_transposed_w(right, holds):
    # w^T w is 1x1: its derivative by every weight was a 1x12 Jacobian, and a layout question
    from bpdocs.core.mathcheck import check_equation as on_networks

    latex = rf"\nabla_{{\mathbf{{w}}}} \left(\frac{{\lambda}}{{2}} \mathbf{{w}}^T \mathbf{{w}}\right) = {right}"
    expect(on_networks(latex, "2-3-2", notation={"lambda": "constant"}), holds, right, verdict=True)


BAYDIN = '''
x1, x2 = 2.0, 5.0
def trace(x1, x2):  # Baydin et al.'s evaluation trace of f(x1, x2) = ln(x1) + x1 x2 - sin(x2)
    v_1, v0 = x1, x2
    v1 = np.log(v_1); v2 = v_1 * v0; v3 = np.sin(v0); v4 = v1 + v2; v5 = v4 - v3
    return v5
'''
TRACE = "y=trace(x1, x2) x_1=x1 x_2=x2"


@pytest.mark.parametrize("latex, holds", [
    # \sin and \cos were "not bound: bind it to your function"
    (r"y = \ln x_1 + x_1 x_2 - \sin x_2", True),
    (r"\frac{\partial y}{\partial x_2} = x_1 - \cos x_2", True),
    (r"\frac{\partial y}{\partial x_2} = x_1 + \cos(x_2)", False),
])
def test_sine_and_cosine_are_known(latex, holds):
    expect(check_equation(latex, check=session(BAYDIN), bind=TRACE, inputs="x2"), holds, latex, verdict=True)


def test_a_derivative_that_is_no_number_is_said_so():
    # x1 drawn negative: ln(x1) has no value; it was "not stable here: is the function smooth?"
    result = check_equation(r"\frac{\partial y}{\partial x_2} = x_1 - \cos x_2", check=session(BAYDIN), bind=TRACE,
                            inputs="x1 x2")
    expect_refused(result, ["not a number here", "drawn from a normal distribution"])


def test_a_gradient_of_a_sum_without_parentheses_is_asked_about():
    ns = session("x = np.array([1.0, 2.0]); A = np.array([[2.0, 1.0], [0.0, 3.0]]); b = np.array([1.0, -1.0])")
    # the number b^T x was added to every entry of the quadratic form's gradient: "does not hold"
    expect_refused(check_equation(r"\nabla_x x^T A x + b^T x = (A + A^T) x + b", check=ns, inputs="x"),
                   ["of the whole sum, or of its first term", r"\nabla_x (x^T A x + b^T x)"])
    assert check_equation(r"\nabla_x (x^T A x + b^T x) = (A + A^T) x + b", check=ns, inputs="x").holds


@pytest.mark.parametrize("latex, words", [
    (r"D = diag(w)", [r"reads as the product of d, i, a, g", r"\operatorname{diag}(...)"]),
    (r"s = sum(x)", [r"\operatorname{sum}(...)", r'bind="\operatorname{sum}=np.sum"']),  # (s bound: from its s)
    (r"s = \mathbf{x}_i", ["takes 2 indices, not 1", "write x^{(i)}"]),  # (Parr and Howard's row of X)
])
def test_what_to_write_for_an_italic_function_name_or_a_row(latex, words):
    ns = session("w = np.array([1.0, 2.0]); x = np.array([1.0, 2.0]); X = np.ones((4, 3))")
    bind = "x=X s=X[0]" if "mathbf" in latex else "D=np.diag(w) s=x.sum()"
    expect_refused(check_equation(latex, check=ns, bind=bind), words)


def test_a_derivative_of_a_one_unit_output_by_a_matrix_says_to_write_its_entry():
    from bpdocs.core.mathcheck import check_equation as on_networks

    expect_refused(on_networks(r"\frac{\partial y}{\partial \mathbf{w}} = x^T", "3-1"), ["write its entry, y_1"])
    assert on_networks(r"\frac{\partial y_1}{\partial \mathbf{w}} = x^T", "3-1").holds
