"""``where`` as authors write conditions: TeX's relations (``\\le``, ``\\geq``, ``\\neq``), ``=`` for equality, commas
and ``\\land`` between conditions, the script l (``\\ell``, ℓ); a condition that cannot be read is quoted as written.
Table-driven, no site."""

import pytest

from bpdocs.core.mathcheck import check_equation

SHAPES = "2-3-2 1-2-2-1"
# True only at layer 2 (h^1 is the layer below it): a condition that is ignored, or read as another, fails.
AT_TWO = r"\frac{\partial E}{\partial w^\ell_{jk}} = h^{1}_k \delta^\ell_j"
EVERY = r"\frac{\partial E}{\partial w^\ell_{jk}} = h^{\ell-1}_k \delta^\ell_j"


@pytest.mark.parametrize("where", [r"\ell = 2", r"\ell=2", "ℓ = 2", "ell = 2", r"\ell == 2", r"2 \le \ell \le 2",
                                   r"\ell \geq 2 \land \ell \leqslant 2", r"\ell \ge 2, \ell < 3", "ℓ ≥ 2 ∧ ℓ ≤ 2",
                                   r"\ell > 1 \text{ and } \ell \lt 3", r"\ell \neq 1 \wedge \ell \ne 3",
                                   r"\ell \geq 2,\; \ell \leq 2", r"\lnot (\ell \ne 2)"])
def test_a_condition_written_as_tex_restricts_the_rows_as_pythons_does(where):
    result = check_equation(AT_TWO, SHAPES, where=where)
    assert result.holds, result.headline
    assert result.message == check_equation(AT_TWO, SHAPES, where="ell == 2").message  # the same evaluations


@pytest.mark.parametrize("where", [r"\ell \ge 2", r"\ell \neq 1", r"1 < \ell \le L", r"\ell = 2 \lor \ell = 3"])
def test_a_condition_that_admits_another_layer_is_a_verdict(where):
    result = check_equation(AT_TWO, SHAPES, where=where)
    assert result.readable and not result.holds, result.headline


@pytest.mark.parametrize("where, said", [
    (r"\ell = ", r"where='\\ell = ' is not a condition like 'l < L'"),  # (as written: not Python's spelling)
    (r"2 \le \ell \le", r"where='2 \\le \\ell \\le' is not a condition like 'l < L'"),
    ("l = 2", r"where: l is not a free index of the equation (the equation writes \ell: so may where)"),
    ("q = 2", "where: q is not a free index of the equation"),
])
def test_a_condition_that_cannot_be_read_is_quoted_as_written(where, said):
    result = check_equation(EVERY, SHAPES, where=where)
    assert not result.readable and result.headline == said


def test_a_last_layer_the_notation_declares_is_read_in_a_tex_condition():
    """CS229's {r: L}: ``k \\leq r - 1`` is ``k <= L - 1``."""
    latex = r"\delta^k_j = h^k_j (1 - h^k_j) \sum_i w^{k+1}_{ij} \delta^{k+1}_i"
    for where in (r"k \leq r - 1", r"k < r", "k ≠ r"):
        assert check_equation(latex, SHAPES, activation="sigmoid", where=where, notation={"r": "L"}).holds
    at_last = check_equation(latex, SHAPES, activation="sigmoid", where=r"k \le r", notation={"r": "L"})
    assert not at_last.readable and at_last.headline == "the equation cannot be checked"  # (no layer L + 1)
