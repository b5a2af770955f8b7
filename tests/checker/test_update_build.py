"""The gradient-descent rule on a page whose every display equation is checked (front matter ``bpdocs_check``), in
real builds: declared ``Delta: update`` it holds and is marked; undeclared, the build fails at its line with the
declaration to make, never "does not hold"; written as an assignment, w <- w - eta dE/dw, it is checked as the step
it is (a wrong one fails at its line)."""

from __future__ import annotations

from ..bpdocs.test_build import error_of
from ..sitebuild import build, write_site

PAGE = '''---
bpdocs_check: "2-3-2 1-2-2-1"
bpdocs_activation: sigmoid
bpdocs_notation: {notation}
---

# Learning

Gradient descent moves every weight a little against its gradient:

$$
{rule}
$$
'''
RULE = r"\Delta w^l_{ji} = -\eta \frac{\partial E}{\partial w^l_{ji}} = -\eta\, \delta^l_j\, h^{l-1}_i"


def test_the_declared_update_rule_holds_and_is_marked(tmp_path):
    root = write_site(tmp_path, {"index.md": PAGE.format(notation="{Delta: update}", rule=RULE)})
    assert (result := build(root)).returncode == 0, result.stderr
    assert "bpdocs-check-holds" in (root / "site" / "index.html").read_text()


def test_an_undeclared_update_rule_fails_the_build_with_the_declaration_to_make(tmp_path):
    message = error_of(build(write_site(tmp_path, {"index.md": PAGE.format(notation="{eta: constant}", rule=RULE)})))
    assert message.startswith("docs/index.md:12: the equation cannot be checked\n"), message
    assert "it holds if \\Delta w is the weight update" in message and "{Delta: update}" in message
    assert "does not hold\n" not in message.split("as read by default:")[0]


def test_an_update_rule_without_its_rate_declared_names_the_declaration(tmp_path):
    message = error_of(build(write_site(tmp_path, {"index.md": PAGE.format(notation="{}", rule=RULE)})))
    assert message.startswith("docs/index.md:12: cannot check this equation: the macro \\eta is not supported"), message
    assert "declare what \\Delta w means (bpdocs_notation: {Delta: update}" in message


def test_an_update_rule_written_as_an_assignment_holds_and_is_marked(tmp_path):
    rule = (r"w^l_{ji} \leftarrow w^l_{ji} - \eta \frac{\partial E}{\partial w^l_{ji}} "
            r"= w^l_{ji} - \eta\, \delta^l_j\, h^{l-1}_i")
    root = write_site(tmp_path, {"index.md": PAGE.format(notation="{}", rule=rule)})
    assert (result := build(root)).returncode == 0, result.stderr
    assert "bpdocs-check-holds" in (root / "site" / "index.html").read_text()


def test_a_wrong_update_rule_fails_the_build_at_its_line(tmp_path):
    rule = r"w^l_{ji} \leftarrow w^l_{ji} - \delta^l_j\, h^{l-1}_i"
    message = error_of(build(write_site(tmp_path, {"index.md": PAGE.format(notation="{}", rule=rule)})))
    assert message.startswith("docs/index.md:12: the equation does not hold\n"), message
    assert "does not equal: w^l_{ji}, the weight after one step of gradient descent" in message
