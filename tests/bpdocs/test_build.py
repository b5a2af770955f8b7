"""Real MkDocs builds of fixture sites: what the page shows, and how failures are reported."""

import re

import pytest

from ..sitebuild import build, write_site

OUTPUTS_PAGE = '''\
# Outputs

```python exec="on"
from bpcore import Network
net = Network([1, 1, 2], seed=0)
x, t = [0.5], [1.0, -1.0]
print("<script>alert('x')</script> & loss", round(net.loss(x, t), 4))
net.gradients(x, t)
```

The loss is `{python} net.loss(x, t):.3f`, and in math \\(E = `{python} net.loss(x, t):.2f`\\).

```python exec="on" show="output"
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(2, 1.5))
ax.plot([0, 1], [1, 0])
fig2, ax2 = plt.subplots(figsize=(2, 1.5))
ax2.bar([1, 2], [3, 4])
```

```python exec="on" show="output"
from bpdocs.display import show_markdown, show_html
show_markdown("Some **bold** text")
show_html('<p class="from-author">trusted</p>')
```

```python exec="on" session="other" show="output"
print("net" in dir())
```
'''


@pytest.fixture(scope="module")
def outputs_site(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("outputs"), {"index.md": OUTPUTS_PAGE})
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    return root, (root / "site" / "index.html").read_text()


def test_printed_output_is_escaped(outputs_site):
    _, html = outputs_site
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; loss 1.0494" in html
    assert "<script>alert" not in html


def test_last_expression_arrays_become_mathjax_matrices(outputs_site):
    _, html = outputs_site
    assert ('<div class="arithmatex">\\[ \\begin{bmatrix} 0.399704 \\end{bmatrix},\\quad '
            '\\begin{bmatrix} -0.0633872 \\\\ 0.0653961 \\end{bmatrix} \\]</div>') in html


def test_inline_values_in_prose_and_in_math(outputs_site):
    _, html = outputs_site
    assert "The loss is 1.049, and in math" in html
    assert '<span class="arithmatex">\\(E = 1.05\\)</span>' in html


def test_figures_are_inline_svg_with_unique_ids(outputs_site):
    _, html = outputs_site
    svgs = re.findall(r'<div class="bpdocs-figure"><svg.*?</svg>', html, re.S)
    assert len(svgs) == 2
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids on the page"
    assert "Line2D" not in html and "BarContainer" not in html
    assert "<dc:date>" not in html


def test_explicit_markdown_and_html(outputs_site):
    _, html = outputs_site
    assert "<p>Some <strong>bold</strong> text</p>" in html
    assert '<p class="from-author">trusted</p>' in html


def test_named_sessions_are_separate_namespaces(outputs_site):
    _, html = outputs_site
    assert '<pre class="bpdocs-stdout"><code>False\n</code></pre>' in html


def test_two_builds_give_identical_bytes(outputs_site, tmp_path):
    root, first = outputs_site
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "index.html").read_text() == first


def error_of(result) -> str:
    """The bpdocs message in a failed build's output, from its location line on."""
    assert result.returncode != 0, "the build should have failed"
    match = re.search(r"^(?:ERROR\s+-\s+)?(docs/\S+:\d+: .*)$", result.stderr, re.M)
    assert match, result.stderr
    return result.stderr[match.start(1):]


FAILING = '''\
# Page

Prose.

```python exec="on"
from bpcore import Network
net = Network([1, 2])
y = net.forward([1.0, 2.0])
print("never")
```
'''


def test_a_failing_fence_fails_the_build_at_the_failing_line(tmp_path):
    result = build(write_site(tmp_path, {"index.md": FAILING}))
    message = error_of(result)
    assert message.startswith("docs/index.md:8: bpcore.errors.ShapeError: x must have shape (1,)")
    assert 'File "docs/index.md", line 8, in <module>' in message
    assert "y = net.forward([1.0, 2.0])" in message
    assert "bpdocs/runner.py" not in message and "bpdocs/worker.py" not in result.stderr


@pytest.mark.parametrize("body, line, expected", [
    ("x = 1\nif x\n    pass", 5, "SyntaxError: expected ':'"),
    ("assert 1 + 1 == 3, 'arithmetic'", 4, "AssertionError: arithmetic"),
    ("import sys\nsys.exit(3)", 5, "the fence called sys.exit(3)"),
    ("import os\nos._exit(7)", 3, "the worker process exited with code 7"),
    ("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)", 3, "the worker process was killed by SIGSEGV"),
    ("while True:\n    pass", 3, "timed out after 2 s"),
])
def test_failures_of_every_kind_are_located(tmp_path, body, line, expected):
    page = f'# T\n\n```python exec="on" timeout="2"\n{body}\n```\n'
    message = error_of(build(write_site(tmp_path, {"index.md": page})))
    assert message.startswith(f"docs/index.md:{line}: {expected}")
    if "Syntax" in expected:
        assert message.splitlines()[1] == "    if x"


def test_a_bad_attribute_is_a_located_error(tmp_path):
    page = '# T\n\ntext\n\n```python exec="on" shw="output"\nx = 1\n```\n'
    message = error_of(build(write_site(tmp_path, {"index.md": page})))
    assert message.startswith("docs/index.md:5: unknown attribute 'shw'")


def test_a_failing_inline_value_is_located(tmp_path):
    """On the page it shows the kind of its failure (it showed "(not computed)", with no word of why)."""
    page = '# T\n\n```python exec="on"\nx = 1\n```\n\nLine six has `{python} y + 1` here.\n'
    message = error_of(build(write_site(tmp_path, {"index.md": page})))
    assert message.startswith("docs/index.md:7: NameError: name 'y' is not defined")
    assert "Line six has \u26a0 (NameError) here." in (tmp_path / "site" / "index.html").read_text()


@pytest.mark.parametrize("line", [
    "Prose with \\(x_1\\) and é before `{python} 1 + undefined_name * 2` here.",
    "> In a quote: `{python} 2` then `{python} undefined_name:.3f`",
])
def test_a_failing_inline_value_s_caret_is_under_its_expression(tmp_path, line):
    message = error_of(build(write_site(tmp_path, {"index.md": f"# T\n\n{line}\n"})))
    lines = message.splitlines()
    (at,) = [n for n, text in enumerate(lines) if text == '  File "docs/index.md", line 3, in <module>']
    shown, carets = lines[at + 1], lines[at + 2]
    assert shown == f"    {line}"
    assert carets.strip() == "^" * len("undefined_name") and carets.index("^") == shown.index("undefined_name")


def test_disabled_plugin_and_exec_off_fences_show_plain_code(tmp_path):
    page = ('# T\n\n```python exec="off" title="Shown only"\nnot_run = 1\n```\n\n'
            '```python exec="on" session="s"\nalso_not_run = 2\n```\n\nValue `{python} 1 + 1`.\n')
    html = _built_disabled(tmp_path, page)
    assert html.count('<div class="highlight">') == 2 and "```" not in html
    assert "Shown only" in html and "bpdocs-stdout" not in html
    assert "<code>{python} 1 + 1</code>" in html

    enabled = write_site(tmp_path / "on", {"index.md": page}) if (tmp_path / "on").mkdir() is None else None
    result = build(enabled)
    assert result.returncode == 0, result.stderr
    html = (enabled / "site" / "index.html").read_text()
    assert html.count('<div class="highlight">') == 2 and "```" not in html
    assert "Value 2." in html


def test_outputs_are_filled_after_templates_and_nothing_leaks_into_search(tmp_path):
    page = '# T\n\nThe answer is `{python} 6 * 7`.\n\n```python exec="on"\nprint("printed", 40 + 2)\n```\n'
    config = ("site_name: f\ntheme:\n  name: material\n  font: false\nmarkdown_extensions:\n"
              "  - pymdownx.superfences\nplugins:\n  - search\n  - bpdocs\n")
    root = write_site(tmp_path, {"index.md": page}, config=config)
    assert (result := build(root, env={"BPDOCS_CACHE": "0"})).returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert "printed 42" in html and "bpdocsout" not in html and "bpdocsinline" not in html
    index = (root / "site" / "search" / "search_index.json").read_text()
    assert "bpdocs" not in index  # no placeholder tokens
    assert "The answer is 42." in index  # inline values are prose, and searchable


def test_a_disabled_plugin_leaves_checked_equations_to_the_sites_math(tmp_path):
    """With ``enabled: false`` a checked equation is display math for the site's arithmatex (or the browser's
    MathJax), never a placeholder token shown as code."""
    page = ('# T\n\n- In a list:\n\n    ```math check="on"\n    \\frac{\\partial E}{\\partial w_1} = x_1 (y_1 - t_1)\n'
            '    ```\n\n$$\nE = \\tfrac12 (y_1 - t_1)^2\n$$\n')
    html = _built_disabled(tmp_path, page, "  - pymdownx.arithmatex:\n      generic: true\n")
    assert "bpdocsout" not in html and "check=" not in html
    assert html.count('<div class="arithmatex">') == 2
    assert "\\frac{\\partial E}{\\partial w_1} = x_1 (y_1 - t_1)" in html


def _built_disabled(root, page: str, extensions: str = "") -> str:
    """The HTML of ``page`` built with the plugin ``enabled: false`` (and superfences, plus ``extensions``)."""
    config = ("site_name: f\ntheme:\n  name: material\nmarkdown_extensions:\n  - pymdownx.superfences\n"
              f"{extensions}plugins:\n  - bpdocs:\n      enabled: false\n")
    result = build(write_site(root, {"index.md": page}, config=config))
    assert result.returncode == 0, result.stderr
    return (root / "site" / "index.html").read_text()


AFTER_A_FAILURE = '''\
# After a failure

```python exec="on"
import json
```

```math check="1-1-1"
y_1 = 2 x_1
```

```python exec="on"
data = json.loads("{bad")
```

```python exec="on"
print(data)
```
'''


def test_only_a_name_a_failed_fence_would_define_is_blamed_on_it(tmp_path):
    """A failed equation changes no state; an error unlike a missing name is its own; a NameError points at the
    Python fence that failed before it (review of issue 18's "every error at once")."""
    result = build(write_site(tmp_path, {"index.md": AFTER_A_FAILURE}))
    assert result.returncode != 0
    errors = {int(m[1]): m[2] for m in re.finditer(r"docs/index\.md:(\d+): (.*(?:\n(?!ERROR|INFO|WARNING).*)*)",
                                                     result.stderr)}
    assert sorted(errors) == [8, 12, 16], result.stderr
    assert "may be the cause" not in errors[12]  # JSONDecodeError: not a consequence of the equation at line 8
    assert "(after the failure at line 12 of this session, which may be the cause)" in errors[16]


CHECK_AFTER_A_FAILURE = '''\
# After a failure

```python exec="on"
import numpy as np
z = np.array([0.5, -1.0])
scale = np.load("missing.npy")
g = lambda z: float(np.sum(z ** 2))
```

```math check="session" bind="E=g(z)" inputs="z"
\\frac{\\partial E}{\\partial z_i} = 2 z_i
```
'''


def test_a_checks_missing_name_after_a_failure_is_blamed_on_it(tmp_path):
    """A check against the session whose bind names what a failed fence would have defined says so too, as a
    Python fence's NameError does (a newcomer's review on cleanrl: the note was missing on the check)."""
    result = build(write_site(tmp_path, {"index.md": CHECK_AFTER_A_FAILURE}))
    assert result.returncode != 0
    errors = {int(m[1]): m[2] for m in re.finditer(r"docs/index\.md:(\d+): (.*(?:\n(?!ERROR|INFO|WARNING).*)*)",
                                                     result.stderr)}
    assert sorted(errors) == [6, 11], result.stderr
    assert "name 'g' is not defined in the session" in errors[11]
    assert "(after the failure at line 6 of this session, which may be the cause)" in errors[11], errors[11]


NO_SUCH_SESSION = '''\
# Checks against a session

```python exec="on" session="s"
import numpy as np
z = np.array([0.5, -1.0])
def f(z):
    return float(np.sum(z ** 2))
```

```math check="session" session="nosuch" bind="E=f(z)" inputs="z"
\\frac{\\partial E}{\\partial z_i} = 2 z_i
```

```math check="session" bind="E=f(z)" inputs="z"
\\frac{\\partial E}{\\partial z_i} = 2 z_i
```

```math check="session" session="s" bind="E=f(z)" inputs="z"
\\frac{\\partial E}{\\partial z_i} = 2 z_i
```
'''


def test_a_check_in_a_session_nothing_ran_in_says_so(tmp_path):
    """A misspelt session= on a check (a newcomer's review on cleanrl) said "bind E=f(z): name 'f' is not defined
    in the session", as if the code were wrong; now the session is named, with the sessions the page has."""
    result = build(write_site(tmp_path, {"index.md": NO_SUCH_SESSION}))
    assert result.returncode != 0
    errors = {int(m[1]): m[2] for m in re.finditer(r"docs/index\.md:(\d+): (.*)", result.stderr)}
    assert sorted(errors) == [11, 15], result.stderr  # (the third check, in session "s", holds)
    assert errors[11] == ('session="nosuch": no fence before this one runs in that session, so check="session" '
                          'has no values to check against (the sessions above: "s")')
    assert errors[15] == ("no fence before this one runs in the page's default session (the fences without "
                          'session=), so check="session" has no values to check against (the sessions above: "s"; '
                          'add session="s"?)')
