"""Mitchell's backpropagation (Machine Learning, Table 4.2) on a page whose every display equation is checked (front
matter ``bpdocs_check``), in real builds: declared ``delta_sign: negative`` his equations hold and are marked; with
the sign undeclared, the build fails at the equation's line with the declaration to make, never "does not hold"."""

from __future__ import annotations

from ..bpdocs.test_build import error_of
from ..sitebuild import build, write_site

PAGE = '''---
bpdocs_check: "2-3-2 3-4-2"
bpdocs_activation: sigmoid
bpdocs_notation: {{o: h, net: z, index_layers: {{i: 0, h: 1, k: 2}}, Delta: update{sign}}}
---

# Backpropagation

Mitchell defines the error term with the sign gradient descent follows,
\\(\\delta_j = -\\partial E / \\partial net_j\\), so for each output unit \\(k\\)

$$
\\delta_k = o_k (1 - o_k)(t_k - o_k)
$$

for each hidden unit \\(h\\)

$$
\\delta_h = o_h (1 - o_h) \\sum_{{k}} w_{{kh}}\\, \\delta_k
$$

and each weight changes by

$$
\\Delta w_{{hi}} = \\eta\\, \\delta_h\\, x_i, \\qquad \\Delta w_{{kh}} = \\eta\\, \\delta_k\\, o_h
$$
'''


def test_mitchells_equations_hold_with_his_sign_declared(tmp_path):
    root = write_site(tmp_path, {"index.md": PAGE.format(sign=", delta_sign: negative")})
    assert (result := build(root)).returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert html.count("bpdocs-check-holds") == 3, html


def test_with_the_sign_undeclared_the_build_fails_with_the_declaration_to_make(tmp_path):
    message = error_of(build(write_site(tmp_path, {"index.md": PAGE.format(sign="")})))
    assert message.startswith("docs/index.md:13: the equation cannot be checked\n"), message  # the output delta
    assert "docs/index.md:25: the equation cannot be checked\n" in message  # the update; the recursion holds
    assert "bpdocs found 2 errors" in message
    assert "it holds if the error term is \\delta = -\\frac{\\partial E}{\\partial z}" in message
    assert "{delta_sign: negative}" in message
    assert "does not hold\n" not in message.split("as read by default:")[0]
