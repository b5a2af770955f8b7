"""A check that holds only on networks of one unit a layer says what it could not have caught (every unit index
is 1 there): :mod:`bpdocs.core.mathcheck.caveats`, the result, the page and the build's log."""

from __future__ import annotations

import logging

import pytest

import bpcore
from bpdocs import check_equation
from bpdocs.core.checked import checked_equation
from bpdocs.core.mathcheck.caveats import unit_index_letters
from bpdocs.core.mathcheck.latex import parse_equation

from ..sitebuild import build, serve_loop, write_site

RIGHT = r"\frac{\partial E}{\partial w^2_{kj}} = (y_k - t_k)\, h_j"
SWAPPED = r"\frac{\partial E}{\partial w^2_{kj}} = (y_j - t_j)\, h_k"  # (an index in the wrong place)
SUMMED = r"\delta^1_j = \sum_k w^2_{kj}\, \delta^2_k"


@pytest.mark.parametrize("latex, check, caveat", [
    (RIGHT, "1-1-1", 'every unit index (k, j) is 1: an index in the wrong place, or a sum over the wrong units, '
                     'would hold there too; add a wider shape, e.g. check="1-1-1 2-3-2"'),
    (SUMMED, "1-1-1 1-1-1-1", 'every unit index (j, k) is 1: an index in the wrong place, or a sum over the wrong '
                              'units, would hold there too; add a wider shape, e.g. check="1-1-1 1-1-1-1 2-3-3-2"'),
    (r"\frac{\partial E}{\partial w_{j}} = (y - t)\, x_j", "1-1", 'add a wider shape, e.g. check="1-1 2-3"'),
    (RIGHT, "1-1-1 2-3-2", None),  # a shape with more units: indices are told apart
    (RIGHT, "1-1-2", None),
    (r"\Delta w^2_{11} = (y_1 - t_1)\, h_1", "1-1-1", None),  # numbers, not letters: nothing general is claimed
    (r"\delta^l = \delta^l", "1-1-1", None),  # a layer index is not a unit's (layers vary on 1-1-1)
])
def test_a_check_that_holds_on_one_unit_a_layer_says_what_it_could_not_catch(latex, check, caveat):
    result = check_equation(latex, check=check)
    assert result.holds, result.message
    if caveat is None:
        assert result.caveat == ""
    else:
        assert result.caveat.startswith("checked only on networks of one unit a layer, where ") and \
            result.caveat.endswith(caveat), result.caveat


def test_the_caveat_is_true_an_index_in_the_wrong_place_holds_on_one_unit_a_layer_only():
    assert check_equation(SWAPPED, check="1-1-1").holds and check_equation(SWAPPED, check="1-1-1").caveat
    assert not check_equation(SWAPPED, check="1-1-1 2-3-2").holds


def test_a_network_of_one_unit_a_layer_given_by_name_has_the_caveat_and_a_failing_check_none():
    net = bpcore.Network([1, 1, 1], seed=3)
    assert "(k, j) is 1" in check_equation(RIGHT, check=net).caveat
    assert check_equation(SWAPPED + " + 1", check="1-1-1").caveat == ""


def test_the_unit_index_letters_of_an_equation():
    assert unit_index_letters(parse_equation(SUMMED)) == ["j", "k"]
    assert unit_index_letters(parse_equation(r"\delta^{l}_j = \sum_{k=1}^{K} w^{l+1}_{kj} \delta^{l+1}_k")) == \
        ["j", "k"]
    assert unit_index_letters(parse_equation(r"\Delta w^1_{11} = x_1 \delta^1_1")) == []


def test_the_page_shows_the_caveat_under_checked():
    html = checked_equation({"latex": RIGHT, "holds": True, "summary": "checked against bpcore on 1-1-1",
                             "caveat": "checked only on networks of one unit a layer, where every unit index (k, j) "
                                       "is 1"})
    assert '<p class="bpdocs-caveat">Checked only on networks of one unit a layer, where every unit index (k, j) ' \
           'is 1.</p></details>' in html
    assert "bpdocs-caveat" not in checked_equation({"latex": RIGHT, "holds": True, "summary": "checked"})


PAGE = f"""\
# One unit a layer

$$
{RIGHT}
$$

```math check="1-1-1"
{RIGHT}
```
"""


def test_the_build_says_the_caveat_at_the_fence_on_every_build_and_once_in_a_serve_loop(tmp_path, caplog):
    root = write_site(tmp_path / "site", {"index.md": PAGE}, "site_name: t\ntheme: material\nplugins:\n  - bpdocs\n")
    said = 'INFO    -  docs/index.md:7: checked only on networks of one unit a layer, where every unit index (k, j)'
    for _ in range(2):  # (the second from the cache)
        result = build(root)
        assert result.returncode == 0 and said in result.stderr, result.stderr
    assert 'class="bpdocs-caveat"' in (root / "site" / "index.html").read_text()
    with caplog.at_level(logging.INFO), serve_loop(root) as rebuild:
        for _ in range(3):
            rebuild()
    assert len([r for r in caplog.records if "one unit a layer" in r.getMessage()]) == 1


def test_bpdocs_check_prints_the_caveat_as_a_located_note(tmp_path):
    import json
    import subprocess
    import sys

    root = write_site(tmp_path / "site", {"index.md": PAGE}, "site_name: t\nplugins:\n  - bpdocs\n")
    command = [sys.executable, "-c", "import sys; from bpdocs.cli import main; sys.exit(main(sys.argv[1:]))", "check"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "note: docs/index.md:7: checked only on networks of one unit a layer, where every unit index (k, j) is 1" \
        in result.stderr, result.stderr
    report = json.loads(subprocess.run([*command, "--json"], cwd=root, capture_output=True, text=True).stdout)
    assert any(note.startswith("docs/index.md:7: checked only on networks") for note in report["notes"]), report
