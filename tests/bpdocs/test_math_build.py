"""Checked equations in real builds: a wrong equation fails the build at its row; a right one is marked."""

import re

from ..sitebuild import MINIMAL_CONFIG, build, build_in_process, write_site
from .test_build import error_of

WRONG = r'''# Four layers

Some prose.

```math check="1-1-1-2"
\begin{align}
  \frac{\partial y_1}{\partial w^1_{11}} &= w^3_{11} w^2_{11} x_1 \tag{6} \\
  \Delta w^1_{11} &= x_1 \sum_k (y_k - t_k) w^3_{k1} w^2_{k1}
\end{align}
```
'''
RIGHT = WRONG.replace(r"w^3_{k1} w^2_{k1}", r"w^3_{k1} w^2_{11}")


def test_a_wrong_equation_fails_the_build_at_its_row(tmp_path):
    message = error_of(build(write_site(tmp_path, {"index.md": WRONG})))
    lines = message.splitlines()
    assert lines[0] == "docs/index.md:8: equation (6) does not hold"
    assert lines[1].startswith("in: x_1 \\sum_k (y_k - t_k) w^3_{k1} w^2_{k1}")
    assert "w^2_{21}: layer 2 has 1 unit" in message and "network 1-1-1-2, trial 1" in message


def test_the_corrected_equation_builds_displayed_as_written_with_a_mark(tmp_path):
    root = write_site(tmp_path, {"index.md": RIGHT})
    assert (result := build(root)).returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert '<div class="arithmatex">\\[\n\\begin{align}\n  \\frac{\\partial y_1}{\\partial w^1_{11}} &amp;= ' in html
    assert "\\tag{6}" in html
    assert 'class="bpdocs-check bpdocs-check-holds" title="checked against bpcore on 1-1-1-2: 5 random networks' in html
    assert "<p><div" not in html


def test_a_numeric_mismatch_reports_both_sides_and_the_values(tmp_path):
    page = "# P\n\n```math check=\"1-2-2-2\" notation=\"delta=delta^L\"\n\\Delta w^1_{11} = x_1 \\sum_k \\delta_k w^2_{k1} w^3_{k1}\n```\n"
    message = error_of(build(write_site(tmp_path, {"index.md": page})))
    assert message.startswith("docs/index.md:4: the equation does not hold\nstep: x_1 \\sum_k \\delta_k")
    assert "left side = " in message and "right side = " in message and "values used: x_1 = " in message \
        and "w^1_{11} = " in message


def test_expect_fail_shows_the_counterexample_and_fails_if_the_equation_holds(tmp_path):
    root = write_site(tmp_path, {"index.md": WRONG.replace('check="1-1-1-2"', 'check="1-1-1-2" expect="fail"')})
    assert (result := build(root)).returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    box = html[html.index('<div class="admonition failure bpdocs-check bpdocs-check-fails">'):]
    # the warning first, then the equation, marked, inside the box; then what is wrong, in words
    assert box.index("This equation does not hold (shown on purpose)") < box.index('<div class="bpdocs-wrong"')
    assert "The right side names <span class=\"arithmatex\">\\(w^2_{21}\\)</span>, which a 1-1-1-2 network " \
           "does not have: layer 2 has 1 unit." in box
    # and the counterexample as a table whose every name and number is math
    rows = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', box[:box.index("</table>")])
    assert [name for name, _ in rows] == ["network", "values", "left side", "right side"]
    assert rows[1][1].startswith('<div class="bpdocs-drawn"><span><span class="arithmatex">\\(x_1 = ')
    assert "w^3_{21} = " in rows[1][1]
    assert re.fullmatch(r'<span class="arithmatex">\\\(\\Delta w\^1_\{11\} = -?[\d.]+\\\)</span>', rows[2][1])
    assert rows[3][1].endswith("<em>has no value here</em>")
    (tmp_path / "b").mkdir()
    holds = write_site(tmp_path / "b", {"index.md": RIGHT.replace('check="1-1-1-2"', 'check="1-1-1-2" expect="fail"')})
    message = error_of(build(holds))
    assert message.startswith('docs/index.md:6: equation (6) holds, but expect="fail" says it should not')


def test_unreadable_latex_and_bad_attributes_are_located(tmp_path):
    page = "# P\n\n```math check=\"1-1\"\ny_1 = \\alpha x_1\n```\n"
    message = error_of(build(write_site(tmp_path, {"index.md": page})))
    assert message.startswith("docs/index.md:4: cannot check this equation: the macro \\alpha is not supported")
    (tmp_path / "b").mkdir()
    page = "# P\n\n```math check=\"1-1\" activation=\"swish\"\ny_1 = w_1 x_1\n```\n"
    message = error_of(build(write_site(tmp_path / "b", {"index.md": page})))
    assert message.startswith('docs/index.md:3: activation="swish": give one of identity, sigmoid, tanh, relu, softmax')


def test_checking_against_a_network_of_the_session(tmp_path):
    page = ('# P\n\n```python exec="on" show="none"\nfrom bpcore import Network\nnet = Network([2, 3, 1], "tanh", seed=4)\n```\n\n'
            '```math check="net" activation="tanh"\n\\delta^1_j = f\'(z^1_j) \\sum_k w^2_{kj} \\delta^2_k\n```\n')
    root = write_site(tmp_path, {"index.md": page})
    assert (result := build(root)).returncode == 0, result.stderr
    assert "checked against bpcore on 2-3-1" in (root / "site" / "index.html").read_text()


def test_while_serving_a_wrong_equation_shows_on_the_page(tmp_path):
    root = write_site(tmp_path, {"index.md": WRONG})
    build_in_process(root)
    html = (root / "site" / "index.html").read_text()
    assert "bpdocs: this fence failed" in html and "equation (6) does not hold" in html


PAGE_DEFAULT = r'''---
title: Checked by default
bpdocs_check: "1-1-2"
bpdocs_notation: {superscripts: layers}
---

# Every equation checked

$$ y_1 = h_1 w_{11}^2 $$

$$ \begin{align}
  h_1 &= x_1 w_{11}^1 \\
  y_2 &= h_1 w_{21}^1
\end{align}$$

```math check="off"
\text{not checked: } \alpha
```
'''


def test_a_page_default_checks_every_display_equation_with_file_lines(tmp_path):
    message = error_of(build(write_site(tmp_path, {"index.md": PAGE_DEFAULT})))
    # the wrong row is on line 13 of the file, front matter included
    assert message.startswith("docs/index.md:13: the equation does not hold\nin: h_1 w_{21}^1")
    assert "w^1_{21}: layer 1 has 1 unit" in message
    (tmp_path / "b").mkdir()
    root = write_site(tmp_path / "b", {"index.md": PAGE_DEFAULT.replace("w_{21}^1", "w_{21}^2")})
    assert (result := build(root)).returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert html.count("bpdocs-check-holds") == 2 and "\\alpha" in html


def test_a_refusal_and_a_failure_name_their_own_row_in_a_fence_and_a_dollar_block(tmp_path):
    """Regression: a row that cannot be read was located at the equation's first line, and every row of a ``$$``
    block whose LaTeX starts on the line after the ``$$`` one line too early."""
    page = ('---\nbpdocs_check: "1-1"\n---\n\n# P\n\n```math check="1-1"\ny_1 = w_{11} x_1 \\\\\ny_1 = \\alpha x_1\n'
            '```\n\n$$\ny_1 = w_{11} x_1 \\\\\ny_1 = 2 w_{11} x_1\n$$\n')
    result = build(write_site(tmp_path, {"index.md": page}))
    assert result.returncode != 0
    assert "docs/index.md:9: cannot check this equation: the macro \\alpha is not supported" in result.stderr
    assert "docs/index.md:14: the equation does not hold" in result.stderr, result.stderr


def test_a_misspelt_page_setting_is_an_error_at_its_line_not_every_check_off(tmp_path):
    """``bpdocs_chek`` above a page's equations turned every check of the page off without a word (an author's
    review): a front-matter key that looks like bpdocs' and is none is an error at its line, with the setting it
    most likely is; the page's equations are still checked by their fences."""
    page = ('---\ntitle: T\nbpdocs_chek: "2-3-2"\nbpdocs_show: output\n---\n\n# P\n\n'
            '```math check="2-3-2"\n\\delta^L = y - t\n```\n')
    result = build(write_site(tmp_path, {"index.md": page}))
    assert result.returncode != 0
    assert "docs/index.md:3: bpdocs_chek (front matter) is not a page setting of bpdocs: did you mean bpdocs_check?" \
        in result.stderr, result.stderr
    assert "docs/index.md:4: bpdocs_show (front matter) is not a page setting of bpdocs: they are bpdocs_check, " \
        "bpdocs_activation" in result.stderr
    right = write_site(tmp_path / "right", {"index.md": page.replace("bpdocs_chek", "bpdocs_check").replace(
        "bpdocs_show: output\n", "")})
    assert (result := build(right)).returncode == 0, result.stderr


def test_bad_page_defaults_are_errors_at_their_lines_all_at_once_and_a_list_of_shapes_is_read(tmp_path):
    """A bad page default was reported at every equation of the page, one default at a time (an author's review);
    `bpdocs_check: [2-3-2, 3-4-2]`, as YAML lists shapes, was "not a network shape"."""
    page = ('---\ntitle: T\nbpdocs_check: [2-3-2, 3-4-2]\nbpdocs_activation: sigmod\nbpdocs_loss: squred\n---\n\n'
            '# P\n\n```math\n\\delta^L = y - t\n```\n\n$$ \\delta^L = t - y $$\n')
    result = build(write_site(tmp_path, {"index.md": page}))
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors[:2] == [
        'ERROR   -  docs/index.md:4: bpdocs_activation (front matter): activation="sigmod": give one of identity, '
        'sigmoid, tanh, relu, softmax, or one per layer, e.g. activation="tanh identity"',
        'ERROR   -  docs/index.md:5: bpdocs_loss (front matter): loss="squred" is not one of: squared, '
        'sum-of-squares, cross-entropy, categorical-cross-entropy'], result.stderr
    assert "docs/index.md:14: the equation cannot be checked" in errors[2] and len(errors) == 4  # (t - y: a slip)
    fixed = page.replace("sigmod", "identity").replace("squred", "squared").replace("t - y $$", "y - t $$")
    assert (result := build(write_site(tmp_path / "fixed", {"index.md": fixed}))).returncode == 0, result.stderr
    assert "2-3-2, 3-4-2: 5 random networks each" in (tmp_path / "fixed" / "site" / "index.html").read_text()
    shapes = page.replace("[2-3-2, 3-4-2]", '"2-3-x"')
    assert 'docs/index.md:3: bpdocs_check (front matter): "2-3-x" is not network shapes' in \
        build(write_site(tmp_path / "shapes", {"index.md": shapes})).stderr


def test_a_bad_page_notation_is_one_error_at_its_line_not_one_at_every_equation(tmp_path):
    """bpdocs_notation was read only by the checker: a meaning that is none was an error at each equation."""
    page = ('---\ntitle: T\nbpdocs_notation:\n  a: q\n---\n\n# P\n\n```math check="1-1"\ny_1 = w_{11} x_1\n```\n\n'
            '```math check="1-1"\ny_1 = w_{11} x_1\n```\n')
    result = build(write_site(tmp_path, {"index.md": page}))
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors[0].startswith("ERROR   -  docs/index.md:3: bpdocs_notation (front matter): notation a: 'q' is not "
                                "one of the notation's names") and len(errors) == 2, result.stderr  # (and the count)
    fixed = page.replace("a: q", "a: h")
    assert (result := build(write_site(tmp_path / "fixed", {"index.md": fixed}))).returncode == 0, result.stderr


def test_errors_after_front_matter_name_the_file_line(tmp_path):
    page = '---\ntitle: T\n---\n\n# P\n\n```python exec="on"\nx = 1\nx / 0\n```\n'
    message = error_of(build(write_site(tmp_path, {"index.md": page})))
    assert message.startswith("docs/index.md:9: ZeroDivisionError: division by zero")


def test_unchecked_math_fences_keep_rendering_without_the_checker_attributes(tmp_path):
    page = '# P\n\n```math check="off"\n\\delta^l = (W^{l+1})^T \\delta^{l+1}\n```\n'
    root = write_site(tmp_path, {"index.md": page})
    assert (result := build(root)).returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert '<div class="arithmatex">\\[\n\\delta^l = (W^{l+1})^T \\delta^{l+1}\n\\]</div>' in html
    assert "check=" not in html and "```" not in html


def test_checking_can_be_switched_off_for_measuring(tmp_path):
    config = ("site_name: f\nmarkdown_extensions:\n  - pymdownx.superfences\n  - pymdownx.arithmatex:\n"
              "      generic: true\nplugins:\n  - bpdocs:\n      check_equations: false\n      typeset: browser\n")
    root = write_site(tmp_path, {"index.md": WRONG}, config=config)
    assert (result := build(root)).returncode == 0, result.stderr  # the wrong equation is not checked
    html = (root / "site" / "index.html").read_text()
    assert "bpdocs-check" not in html and "w^2_{k1}" in html


def test_a_broken_json_notation_is_a_located_error_not_a_crash(tmp_path):
    """A fence's notation written as JSON and broken (here: cut short) fails at the fence's line, with where
    the JSON breaks; the page's other fences still run and nothing crashes (the worker read it with json.loads)."""
    page = ('# P\n\n```math check="2-3-2" notation=\'{"a": "z",\'\n\\delta^L = y - t\n```\n\n'
            '```python exec="on"\nprint("after", 6 * 7)\n```\n')
    root = write_site(tmp_path, {"index.md": page})
    result = build(root)
    message = error_of(result)
    assert message.startswith("docs/index.md:3: notation='{\"a\": \"z\",' is not valid JSON (Expecting property "
                              "name enclosed in double quotes at character 11)"), message
    assert "Traceback" not in result.stdout + result.stderr
    assert "bpdocs: 1 cell(s) run" in result.stderr  # the page's other fence ran
    assert re.search(r"bpdocs: 1 cell\(s\) run, 0 from cache.*; whole build \d+\.\d\d s", result.stderr)


LISTING = '''---
bpdocs_check: "1-1"
---

# TeX as typed

```math title="Cauchy-Schwarz, as typed"
$$ (a b)^2 \\leq a^2 b^2 $$
```

```math
y_1 = w_{11} x_1
```
'''


def test_a_math_fence_with_a_code_blocks_options_stays_a_listing(tmp_path):
    """A site showing TeX source in ```` ```math title="..." ```` (superfences takes it for code: its math fence
    knows no title) had it typeset as a formula, its title lost, and under a page default checked (found in
    review: a real site's listing of $$ ... $$). It stays the titled code block it was without bpdocs."""
    config = ("site_name: t\nmarkdown_extensions:\n  - pymdownx.highlight\n  - pymdownx.superfences\n"
              "plugins:\n  - bpdocs:\n      typeset: browser\n")
    root = write_site(tmp_path, {"index.md": LISTING}, config=config)
    assert (result := build(root)).returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert '<span class="filename">Cauchy-Schwarz, as typed</span>' in html
    assert "(a b)^2" in html and not re.search(r'class="arithmatex">\\\[\s*\$\$', html)
    assert html.count("bpdocs-check-holds") == 1  # the math fence under it, checked by the page default


def test_a_dollar_block_the_checker_cannot_read_says_how_to_show_it_unchecked(tmp_path):
    """A newcomer's review: on a page with bpdocs_check, a $$ bound (\\|w\\| \\le 1) failed with advice about where=,
    and nothing said how a $$ block, which takes no attributes, is shown unchecked: between \\[ and \\] (a worked
    example with numbers, as the derivation's) or as a math fence with check="off"."""
    page = ('---\nbpdocs_check: "1-1"\n---\n\n# P\n\n$$\n|w_{11}| \\le 1\n$$\n\n'
            '```math check="1-1"\n|w_{11}| \\le 1\n```\n')
    result = build(write_site(tmp_path, {"index.md": page}))
    assert result.returncode != 0
    inequality = ("\\le: the checker reads equalities only (an inequality, a bound, is shown unchecked with "
                  "check=\"off\"")
    assert f"docs/index.md:8: cannot check this equation: {inequality}" in result.stderr, result.stderr
    assert ("(a $$ block is checked on a page with bpdocs_check; to show one unchecked, write it between \\[ and \\], "
            "or as a math fence with check=\"off\")") in result.stderr
    assert f"docs/index.md:12: cannot check this equation: {inequality}" in result.stderr  # (a fence: no $$ advice)
    assert result.stderr.count("a $$ block is checked") == 1
    shown = page.replace("$$\n|w", "\\[\n|w").replace("1\n$$", "1\n\\]").replace('check="1-1"\n|w', 'check="off"\n|w')
    root = write_site(tmp_path / "shown", {"index.md": shown})
    assert (result := build(root)).returncode == 0, result.stderr


def test_a_checked_equation_is_shown_as_written_with_the_sites_macros_and_checked_expanded(tmp_path):
    """A newcomer's review: the checker reads a formula with the site's macros expanded, and the page showed that
    expansion (\\frac{\\partial E}{\\partial w^2_{11}}) where the author wrote \\pd{E}{w^2_{11}}."""
    config = MINIMAL_CONFIG.replace("      typeset: browser", "      typeset: browser\n      tex:\n        macros:\n"
                                    "          pd: ['\\frac{\\partial #1}{\\partial #2}', 2]")
    page = ('# P\n\n```math check="1-1-2"\n\\pd{E}{w^2_{11}} = (y_1 - t_1) h_1\n```\n\n'
            '```math check="1-1-2" expect="fail"\n\\pd{E}{w^2_{11}} = (y_1 - t_1) x_1\n```\n')
    root = write_site(tmp_path, {"index.md": page}, config=config)
    assert (result := build(root)).returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert html.count("\\pd{E}{w^2_{11}} = (y_1 - t_1)") == 2 and "\\frac{\\partial E}" not in html.split("<table")[0]
    assert html.count("bpdocs-check-holds") == 1 and html.count("bpdocs-check-fails") == 1
