"""Session checks in real builds: an equation about the page's own code is checked and marked; an unbound
symbol, a shape that does not fit and a non-numeric binding fail the build at the equation's line; an equation
wrong on purpose shows its counterexample."""

from __future__ import annotations

import re

from ..bpdocs.test_build import error_of
from ..sitebuild import build, write_site

CODE = '''# Softmax

```python exec="on" session="sm" show="none"
import numpy as np

def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()

def cross_entropy(p, t):
    return -np.sum(t * np.log(p))

z = np.array([1.0, 2.0, 0.5])
t = np.array([0.0, 1.0, 0.0])
label = "a string"
```

'''
FENCE = '```math check="session" session="sm" bind="{bind}" inputs="z"{more}\n{latex}\n```\n'


def page(latex: str, bind: str = "p=softmax(z) E=cross_entropy(p, t)", more: str = "") -> str:
    return CODE + FENCE.format(bind=bind, more=more, latex=latex)


def test_an_equation_about_the_pages_code_is_checked_and_marked(tmp_path):
    root = write_site(tmp_path, {"index.md": page(r"\frac{\partial E}{\partial z_i} = p_i - t_i")
                                 + FENCE.format(bind="p=softmax(z) E=cross_entropy(p, t)", more=' expect="fail"',
                                                latex=r"\frac{\partial E}{\partial z} = t - p")})
    assert (result := build(root)).returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert "bpdocs-check-holds" in html and "then z drawn anew 4 times" in html
    # the erratum's table: the page's own values of the first trial, both sides
    assert "bpdocs-check-fails" in html and r"z = \begin{bmatrix} 1 \\ 2 \\ 0.5 \end{bmatrix}" in html
    assert r"t - p = \begin{bmatrix} -0.231224" in html


def test_a_wrong_equation_fails_the_build_at_its_line_with_the_trial(tmp_path):
    message = error_of(build(write_site(tmp_path, {"index.md": page(r"\frac{\partial E}{\partial z} = t - p")})))
    lines = message.splitlines()
    assert lines[0] == "docs/index.md:19: the equation does not hold"
    assert "the session's code, trial 1" in message and "left side = [ 0.231224" in message


def test_an_unbound_symbol_is_a_located_error_that_names_it(tmp_path):
    message = error_of(build(write_site(tmp_path, {"index.md": page(r"q_i = p_i")})))
    assert message.startswith("docs/index.md:19: cannot check this equation: q is not bound (the session has no q)")


def test_a_shape_that_does_not_fit_is_a_located_error(tmp_path):
    message = error_of(build(write_site(tmp_path, {"index.md": page(r"p_{ij} = t_i")})))
    assert re.match(r"docs/index\.md:19: the equation cannot be checked\nin: p_\{ij\}\n  p_\{ij\}: the value is an "
                    r"array of shape \(3,\), so it takes 1 index, not 2", message), message


def test_a_non_numeric_binding_is_a_located_error(tmp_path):
    message = error_of(build(write_site(tmp_path, {"index.md": page(r"p = s", bind="p=softmax(z) s=label")})))
    assert message.startswith("docs/index.md:19: cannot check this equation: s is bound to a str ('a string'), not "
                              "a number, an array of numbers or a function")


def test_bind_and_inputs_need_a_session_check(tmp_path):
    text = '# P\n\n```math check="1-1" bind="y=x"\ny_1 = x_1\n```\n'
    message = error_of(build(write_site(tmp_path, {"index.md": text})))
    assert message.startswith("docs/index.md:3: bind is for a check against the page's own code, check=\"session\"")
