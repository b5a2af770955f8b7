"""One verdict: `bpdocs check` and a strict build of the same site report the same set of errors, every one
of them, of every kind: after a failing fence the rest of the page and every other session still run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from .sitebuild import write_site

BIN = Path(sys.executable).parent
CONFIG = """\
site_name: verdict
theme:
  name: material
  font: false
markdown_extensions:
  - bpdocs
plugins:
  - search
  - bpdocs
"""
FENCES = """\
# Fences

```python exec="on"
from bpcore import Network
net = Network([1, 1, 2], seed=0)
raise ValueError("the first failure")
```

```math check="1-1-2"
\\frac{\\partial E}{\\partial w^2_{k1}} = (y_k - t_k)\\, x_1
```

```python exec="on"
print(net.sizes)
print(undefined_after_the_failure)
```

The loss is `{python} missing_name`.

```python exec="on" session="other"
from bpcore import Network
other = Network([1, 2], seed=1)
```

```math check="other" session="other"
\\frac{\\partial E}{\\partial w_{k1}} = (y_k - t_k)\\, y_1
```

```python exec="on" session="slow" timeout="1"
import time
time.sleep(30)
```

```python exec="on" session="last"
raise KeyError("the last session ran")
```
"""
DIAGRAMS = """\
# Diagrams

```bpnet
layers: [1, x]
```

```python exce="on"
print(1)
```
"""
TEX = """\
# TeX

An unknown macro, \\(\\undefinedmacro{x}\\), in prose.

$$
y = \\frac{1}{2
$$

Fine: \\(x^2\\).
"""
EXPECTED = {  # (page, line, the message's start): one of each kind
    ("docs/fences.md", 6, "ValueError: the first failure"),
    ("docs/fences.md", 10, "the equation does not hold"),  # after the failing fence, same session
    ("docs/fences.md", 15, "NameError: name 'undefined_after_the_failure' is not defined"),
    ("docs/fences.md", 18, "NameError: name 'missing_name' is not defined"),  # an inline value
    ("docs/fences.md", 26, "the equation does not hold"),  # checked against another session's network
    ("docs/fences.md", 29, "timed out after 1 s"),
    ("docs/fences.md", 35, "KeyError: 'the last session ran'"),  # after a timeout: the next session runs
    ("docs/diagrams.md", 4, "layers must be a list of at least two whole numbers"),
    ("docs/diagrams.md", 7, "unknown attribute 'exce': did you mean 'exec'?"),
    ("docs/tex.md", 3, "MathJax could not typeset '\\undefinedmacro{x}'"),
    ("docs/tex.md", 6, "MathJax could not typeset 'y = \\frac{1}{2'"),
}
LOCATED = re.compile(r"^(?:ERROR|WARNING)\s+-\s+(?:bpdocs: )?(docs/\S+?):(\d+): (.*)$", re.M)


def site(root: Path) -> Path:
    return write_site(root, {"index.md": "# Home\n\nAll fine: \\(E = 1\\).\n", "fences.md": FENCES,
                             "diagrams.md": DIAGRAMS, "tex.md": TEX}, config=CONFIG)


def matching(found: set[tuple[str, int, str]]) -> set[tuple[str, int, str]]:
    """The expected errors that ``found`` has (each as expected: page, line, and the message's start)."""
    return {e for e in EXPECTED if any(f[:2] == e[:2] and f[2].startswith(e[2]) for f in found)}


def test_check_and_a_strict_build_report_the_same_errors_all_of_them(tmp_path):
    root = site(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0"}
    checked = subprocess.run([str(BIN / "bpdocs"), "check", "--json"], cwd=root, env=env, capture_output=True,
                             text=True, timeout=600)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    report = json.loads(checked.stdout)
    from_check = {(e["page"], e["line"], e["message"].split("\n")[0]) for e in report["errors"]}

    built = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env=env, capture_output=True,
                           text=True, timeout=600)
    assert built.returncode != 0
    from_build = {(page, int(line), message) for page, line, message in LOCATED.findall(built.stderr)}

    assert matching(from_check) == EXPECTED, sorted(from_check)
    assert from_build == from_check, built.stderr
    assert len(report["errors"]) == len(from_check)  # each once
    assert "Traceback (most recent call last):\n  File \"docs/fences.md\", line 6" in built.stderr


def test_the_build_fails_at_its_end_having_built_every_page(tmp_path):
    root = site(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0"}
    built = subprocess.run([str(BIN / "mkdocs"), "build"], cwd=root, env=env, capture_output=True, text=True,
                           timeout=600)
    assert built.returncode != 0  # not strict: errors fail the build all the same
    assert re.search(r"bpdocs found \d+ errors \(listed above, each at its page and line\)", built.stderr)
    for page in ("fences", "diagrams", "tex"):  # every page was written, errors shown where they are
        html = (root / "site" / page / "index.html").read_text()
        assert "bpdocs-error" in html or "bpdocs-math-error" in html, page
    fences = (root / "site" / "fences" / "index.html").read_text()
    assert "the last session ran" in fences and fences.count("does not hold") >= 2


def test_check_reads_the_configuration_as_mkdocs_does(tmp_path):
    """``INHERIT``, ``!ENV`` values as YAML scalars (a number stays a number), ``!relative`` and
    ``!!python/name:``: check reads them as MkDocs does, and so agrees with the build."""
    root = write_site(tmp_path, {
        "index.md": '# Home\n\n--8<-- "formula.md"\n\n```python exec="on"\nimport time\ntime.sleep(5)\n```\n',
    }, config="""\
INHERIT: base.yml
site_name: inherited
markdown_extensions:
  - pymdownx.snippets:
      base_path: !relative $config_dir/snippets
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
""")
    (root / "base.yml").write_text("theme:\n  name: material\n  font: false\nplugins:\n  - bpdocs:\n"
                                   "      timeout: !ENV [FENCE_SECONDS, 30]\n")
    (root / "snippets").mkdir()
    (root / "snippets" / "formula.md").write_text("A snippet: \\(\\notamacro{x}\\).\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0", "FENCE_SECONDS": "0.5"}
    checked = subprocess.run([str(BIN / "bpdocs"), "check", "--json"], cwd=root, env=env, capture_output=True,
                             text=True, timeout=600)
    report = json.loads(checked.stdout)
    found = {(e["page"], e["line"], e["message"].split("\n")[0]) for e in report["errors"]}
    assert {(page, message) for page, _, message in found} == {
        ("docs/index.md", "timed out after 0.5 s (the option timeout); the run was stopped (if it started threads, "
                          "it waits for those that are not daemons, as a program does at its end)"),
        ("docs/index.md", "MathJax could not typeset '\\notamacro{x}': Undefined control sequence \\notamacro"),
    }, checked.stdout + checked.stderr
    assert ("docs/index.md", 5) in {(page, line) for page, line, _ in found}
    built = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env=env, capture_output=True,
                           text=True, timeout=600)
    assert {(p, int(n), m) for p, n, m in LOCATED.findall(built.stderr)} == found, built.stderr


SITE_WIDE = re.compile(r"^WARNING\s+-\s+bpdocs: (.*)$", re.M)


def site_wide_verdicts(root: Path, env: dict) -> tuple[list[str], list[str]]:
    """What a strict build warns of about the whole site (it fails on it), and what check reports of the
    whole site (errors named by the configuration's file, not a page)."""
    built = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env=env, capture_output=True,
                           text=True, timeout=600)
    checked = subprocess.run([str(BIN / "bpdocs"), "check", "--json"], cwd=root, env=env, capture_output=True,
                             text=True, timeout=600)
    assert built.returncode != 0 and checked.returncode == 1, built.stderr + checked.stdout + checked.stderr
    from_build = [m for m in SITE_WIDE.findall(built.stderr) if not re.match(r"docs/\S+:\d+: ", m)]
    from_check = [e["message"] for e in json.loads(checked.stdout)["errors"] if e["page"] == "mkdocs.yml"]
    return from_build, from_check


def test_a_site_with_its_own_mathjax_gets_one_verdict_from_check_and_a_strict_build(tmp_path):
    """Review: adding bpdocs to a site that loads MathJax itself warned in the build (so --strict failed) while
    check passed. Both pass now (the site works as it did), and both say how to switch, word for word."""
    config = CONFIG + "extra_javascript:\n  - javascripts/mathjax.js\n  - https://unpkg.com/mathjax@3/es5/tex-mml-chtml.js\n"
    root = write_site(tmp_path, {"index.md": "# Home\n\nA formula: \\(E = 1\\).\n"}, config=config)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0"}
    built = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env=env, capture_output=True,
                           text=True, timeout=600)
    checked = subprocess.run([str(BIN / "bpdocs"), "check", "--json"], cwd=root, env=env, capture_output=True,
                             text=True, timeout=600)
    assert built.returncode == 0 and checked.returncode == 0, built.stderr + checked.stdout
    said = re.findall(r"^INFO\s+-\s+bpdocs: (the site loads MathJax itself.*)$", built.stderr, re.M)
    assert len(said) == 1 and "mathjax: off" in said[0], built.stderr
    assert said[0] in json.loads(checked.stdout)["notes"]


def test_without_node_check_and_a_strict_build_agree_that_no_formula_was_checked(tmp_path):
    from .sitebuild import path_without

    root = write_site(tmp_path, {"index.md": "# Home\n\nTwo formulas: \\(E = 1\\) and \\(x^2\\).\n"}, config=CONFIG)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0", "PATH": path_without(tmp_path)}
    from_build, from_check = site_wide_verdicts(root, env)
    assert len(from_build) == 1 and from_build[0].startswith("2 formula(s) were not checked for TeX errors: ")
    assert from_check == from_build


MACROS_CONFIG = CONFIG.split("plugins:")[0] + "extra:\n  g: 9.81\nplugins:\n  - search\n  - macros\n  - bpdocs\n"
MACRO_PAGE = '''# Gravity

```python exec="on"
print({{ g }} * 2)
```

Ten times: `{python} {{ g }} * 10:.1f`.
'''


def test_check_leaves_the_pages_the_macros_plugin_renders_to_the_build_never_a_false_error(tmp_path):
    """Review: on a site with mkdocs-macros, `{{ g }}` in a fence is the plugin's variable, rendered before bpdocs
    runs the page; check read it as Python and failed a site whose strict build passes (NameError: g). The page is
    left to the build, and said; a page without Jinja is still run by check, its errors reported."""
    root = write_site(tmp_path, {"index.md": MACRO_PAGE, "plain.md": "# Plain\n\n```python exec=\"on\"\nprint(6 * 7)"
                                 "\n```\n", "raw.md": "---\nrender_macros: false\n---\n\n# Raw\n\n"
                                 "```python exec=\"on\"\nprint({{ 'g' }})\n```\n"}, config=MACROS_CONFIG)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0"}
    built = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env=env, capture_output=True,
                           text=True, timeout=600)
    assert built.returncode != 0 and "docs/raw.md:8: TypeError" in built.stderr, built.stderr  # ({{'g'}}: a set)
    assert "19.62" in (root / "site" / "index.html").read_text()
    checked = subprocess.run([str(BIN / "bpdocs"), "check", "--json"], cwd=root, env=env, capture_output=True,
                             text=True, timeout=600)
    report = json.loads(checked.stdout)
    assert [(e["page"], e["line"]) for e in report["errors"]] == [("docs/raw.md", 8)], report["errors"]
    assert report["cells_run"] == 2  # plain.md's and raw.md's (render_macros: false: the plugin leaves it as is)
    assert any("macros plugin's Jinja" in note and "docs/index.md" in note and "raw.md" not in note
               for note in report["notes"]), report["notes"]


def test_check_names_only_the_plugins_that_may_add_to_pages(tmp_path):
    """Review: `bpdocs check` said awesome-nav "makes or adds to pages"; it only builds the navigation."""
    from bpdocs.siteconfig import read_site

    config = "site_name: t\nplugins:\n  - search\n  - awesome-nav\n  - mkdocstrings\n  - bpdocs\n"
    root = write_site(tmp_path, {"index.md": "# Home\n"}, config=config)
    [note] = [n for n in read_site(root / "mkdocs.yml").notes if "the build also runs" in n]
    assert note.startswith("the build also runs mkdocstrings: what it makes or adds"), note


def test_python_m_bpdocs_is_the_bpdocs_command(tmp_path):
    """A review ran `python -m bpdocs check`, as `python -m mkdocs build` runs MkDocs: "No module named
    bpdocs.__main__". It is the same command, the same verdict and the same name in its messages."""
    root = write_site(tmp_path, {"index.md": '# P\n\n```math check="1-1"\n\\frac{\\partial E}{\\partial w_1} = '
                                             'x_1 (y_1 - t_1) + 1\n```\n'}, config=CONFIG)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0"}
    runs = [subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=600)
            for command in ([str(BIN / "bpdocs"), "check"], [sys.executable, "-m", "bpdocs", "check"])]
    assert [run.returncode for run in runs] == [1, 1], runs[1].stderr
    untimed = [re.sub(r"\(\d+\.\d+ s\)", "", run.stdout) for run in runs]
    assert untimed[1] == untimed[0] and "docs/index.md:4: the equation does not hold" in untimed[1], runs[1].stdout
    usage = subprocess.run([sys.executable, "-m", "bpdocs", "nonsense"], capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and usage.stderr.startswith("usage: bpdocs "), usage.stderr
