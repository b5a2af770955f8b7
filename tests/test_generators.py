"""The same fixture site built by MkDocs, ProperDocs and Zensical, and checked by `bpdocs check`:
the same fence outputs and checked equations everywhere, and a wrong equation fails each at its line."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .sitebuild import ROOT, write_site

BIN = Path(sys.executable).parent
CONFIG = """\
site_name: fixture
theme:
  name: material
  font: false
markdown_extensions:
  - toc
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
  - bpdocs:
      typeset: browser  # the same options as the plugin's: the outputs compare TeX with TeX
plugins:
  - search
  - bpdocs:
      typeset: browser  # the starter's test (test_starter.py) looks at math typeset by each generator
"""
INDEX = """\
---
title: Home
---

# The value is `{python} 6 * 7`

```python exec="on"
from bpcore import Network

net = Network([1, 1, 2], seed=0)
x, t = [0.5], [1.0, -1.0]
print("loss", round(net.loss(x, t), 6))
net.gradients(x, t)
```

In prose, \\(E = `{python} net.loss(x, t):.4f`\\).

```bpnet
layers: [1, 1, 2]
targets: true
```
"""
EQUATIONS = """\
# Equations

```math check="1-1-2"
\\frac{\\partial E}{\\partial w^2_{k1}} = (y_k - t_k)\\, h_1
```

```math check="1-2"
\\frac{\\partial E}{\\partial w_{k1}} = (y_k - t_k)\\, x_1
```
"""
GENERATORS = {
    "mkdocs": [str(BIN / "mkdocs"), "build", "--strict"],
    "properdocs": [str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml"],
    "zensical": [str(BIN / "zensical"), "build", "--strict", "--clean"],
}
def fixture(root: Path) -> Path:
    return write_site(root, {"index.md": INDEX, "equations.md": EQUATIONS}, config=CONFIG)


def generate(name: str, root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0"}
    return subprocess.run(GENERATORS[name], cwd=root, env=env, capture_output=True, text=True, timeout=600)


def outputs(root: Path) -> dict[str, list[str]]:
    """What bpdocs put into each page: values, printed text, matrices, diagrams, check marks."""
    index = (root / "site" / "index.html").read_text()
    equations = (root / "site" / "equations" / "index.html").read_text()
    diagram = 'role="img"'
    return {
        "index": [
            "value 42" if '<h1 id="the-value-is-42"' in index else "heading value missing",
            "E 1.0494" if "\\(E = 1.0494\\)" in index else "inline value missing",
            f"loss {index.count('loss 1.04941')}",
            f"matrices {index.count('begin{bmatrix}')}",
            f"diagrams {index.count(diagram)}",
            f"checked {index.count('bpdocs-check-holds')}",
        ],
        "equations": [f"checked {equations.count('bpdocs-check-holds')}"],
    }


@pytest.mark.parametrize("generator", GENERATORS)
def test_each_generator_builds_the_fixture_with_the_same_outputs(tmp_path, generator):
    root = fixture(tmp_path)
    result = generate(generator, root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs(root) == {
        "index": ["value 42", "E 1.0494", "loss 1", "matrices 2", "diagrams 1", "checked 0"],
        "equations": ["checked 2"],
    }
    leaked = [p for p in (root / "site").rglob("*.html") if "bpdocsout" in p.read_text()
              or "bpdocsinline" in p.read_text()]
    assert leaked == []


def broken(root: Path) -> int:
    """The fixture with its second equation wrong (h_1 for x_1); the 1-based line of that equation."""
    page = root / "docs" / "equations.md"
    lines = page.read_text().split("\n")
    (n,) = [n for n, line in enumerate(lines) if line.startswith("\\frac{\\partial E}{\\partial w_{k1}}")]
    lines[n] = lines[n].replace("x_1", "y_1")
    page.write_text("\n".join(lines))
    return n + 1


@pytest.mark.parametrize("generator", GENERATORS)
def test_a_wrong_equation_fails_each_generator_at_its_line(tmp_path, generator):
    root = fixture(tmp_path)
    line = broken(root)
    result = generate(generator, root)
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert f"docs/equations.md:{line}: the equation does not hold" in said
    assert "Traceback" not in said and "RuntimeError" not in said and "bpdocs/extension.py" not in said, said


@pytest.mark.parametrize("generator", GENERATORS)
def test_a_page_that_says_bpdocs_typeset_off_keeps_its_math_on_each_generator(tmp_path, generator):
    """``bpdocs_typeset: off`` (math another tool renders, e.g. Typst): the page's math is left as arithmatex wrote
    it, unchecked, with every generator; the other pages' math is typeset at build time as before."""
    config = CONFIG.replace("      typeset: browser  # the same options as the plugin's: the outputs compare TeX with TeX\n",
                            "").replace("      typeset: browser  # the starter's test (test_starter.py) looks at math "
                                        "typeset by each generator\n", "")
    assert "typeset: browser" not in config
    root = write_site(tmp_path, {"index.md": "# Home\n\n\\(x_1 + 1\\)\n",
                                 "typst.md": "---\nbpdocs_typeset: off\n---\n\n# T\n\n\\(x <- y \\foo\\)\n"},
                      config=config.replace("  - bpdocs:\nplugins", "  - bpdocs\nplugins").replace(
                          "plugins:\n  - search\n  - bpdocs:\n", "plugins:\n  - search\n  - bpdocs\n"))
    result = generate(generator, root)
    assert result.returncode == 0 and "foo" not in result.stdout + result.stderr, result.stdout + result.stderr
    assert "<mjx-container" in (root / "site" / "index.html").read_text()
    kept = (root / "site" / "typst" / "index.html").read_text()
    assert "\\(x &lt;- y \\foo\\)" in kept and "<mjx-container" not in kept, kept[:2000]


@pytest.mark.parametrize("generator", ["mkdocs", "properdocs"])
def test_with_the_plugin_turned_off_no_fence_runs_through_the_extension(tmp_path, generator):
    """``enabled: false`` with the extension still listed (for Zensical): MkDocs runs nothing at all."""
    config = "site_name: turned off\ntheme:\n  name: material\nmarkdown_extensions:\n  - bpdocs\nplugins:\n  - bpdocs:\n" \
             "      enabled: false\n"
    root = write_site(tmp_path, {"index.md": '# Off\n\n```python exec="on"\nprint(name_defined_nowhere)\n```\n\n'
                                             "Inline `{python} 6 * 7`.\n"}, config=config)
    result = generate(generator, root)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (root / "site" / "index.html").read_text()
    assert "print(name_defined_nowhere)" in html.replace('<span class="p">', "").replace("</span>", "").replace(
        '<span class="n">', "")  # shown as code
    assert "NameError" not in html and "bpdocs-error" not in html and "Inline 42" not in html
    checked = check(root)
    assert checked.returncode == 0 and "enabled: false" in checked.stderr and "0 pages" in checked.stdout


def check(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "BPDOCS_CACHE": "0"}
    return subprocess.run([str(BIN / "bpdocs"), "check", *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600)


def test_bpdocs_check_reports_every_error_of_every_page_sorted(tmp_path):
    root = fixture(tmp_path)
    (root / "docs" / "b.md").write_text('# B\n\n```python exec="on"\nraise ValueError("in b")\n```\n')
    (root / "docs" / "a.md").write_text('# A\n\nText.\n\n```python exec="on"\n1 / 0\n```\n')
    line = broken(root)
    result = check(root)
    assert result.returncode == 1, result.stdout + result.stderr
    located = re.findall(r"^(docs/[\w.]+:\d+): (.*)$", result.stdout, re.M)
    assert located == [("docs/a.md:6", "ZeroDivisionError: division by zero"),
                       ("docs/b.md:4", "ValueError: in b"),
                       (f"docs/equations.md:{line}", "the equation does not hold")]
    summary = result.stdout.strip().split("\n")[-1]
    assert re.fullmatch(r"bpdocs check: 4 pages, \d+ cells run, 0 from cache, 2 equations checked, "
                        r"\d+ formulas typeset, 3 errors \(\d+\.\d+ s\)", summary), summary

    report = json.loads(check(root, "--json").stdout)
    assert [(e["page"], e["line"], e["message"]) for e in report["errors"]] == [
        ("docs/a.md", 6, "ZeroDivisionError: division by zero"), ("docs/b.md", 4, "ValueError: in b"),
        ("docs/equations.md", line, "the equation does not hold")]
    assert report["pages"] == 4 and report["equations_checked"] == 2


@pytest.mark.parametrize("pages, cells, cached, equations, formulas, errors, said", [
    (1, 1, 0, 1, 1, 1, "1 page, 1 cell run, 0 from cache, 1 equation checked, 1 formula typeset, 1 error"),
    (2, 0, 3, 0, None, 0, "2 pages, 0 cells run, 3 from cache, 0 equations checked, 0 errors"),
    (3, 7, 1, 2, 31, 3, "3 pages, 7 cells run, 1 from cache, 2 equations checked, 31 formulas typeset, 3 errors"),
])
def test_bpdocs_check_s_summary_counts_in_words(pages, cells, cached, equations, formulas, errors, said):
    from bpdocs.sitecheck import Report

    report = Report(pages, cells, cached, equations, formulas, [None] * errors, 0.5)
    assert report.summary == f"bpdocs check: {said} (0.50 s)"


def test_bpdocs_check_takes_files_and_folders_and_exits_2_on_bad_usage(tmp_path):
    root = fixture(tmp_path)
    assert check(root, "docs/index.md").stdout.strip().startswith("bpdocs check: 1 page, ")
    assert check(root, "docs").returncode == 0
    missing = check(root, "docs/nope.md")
    assert missing.returncode == 2 and "docs/nope.md: no such file or folder" in missing.stderr
    assert check(root, "--no-such-flag").returncode == 2
    (root / "mkdocs.yml").write_text(CONFIG.replace("  - bpdocs:\n", "  - bpdocs:\n      timeout: -1\n"))
    bad = check(root)
    assert bad.returncode == 2 and "timeout must be more than 0" in bad.stderr


@pytest.mark.parametrize("args, error", [
    (("--no-such-flag",), "bpdocs: error: unrecognized arguments: --no-such-flag"),
    (("docs/nope.md",), "bpdocs check: docs/nope.md: no such file or folder"),
    (("-f", "nowhere.yml"), "bpdocs check: nowhere.yml: no such file"),
    (("-f", "docs"), "bpdocs check: docs: not a file"),
])
def test_bpdocs_check_json_is_json_even_for_bad_usage(tmp_path, args, error):
    result = check(fixture(tmp_path), "--json", *args)
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert error in report["usage_error"] and error in result.stderr
    assert report["errors"] == [] and report["pages"] == 0 and report["interrupted"] is False


def test_bpdocs_check_uses_the_build_cache(tmp_path):
    root = fixture(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    assert subprocess.run(GENERATORS["mkdocs"], cwd=root, env=env, capture_output=True).returncode == 0
    result = subprocess.run([str(BIN / "bpdocs"), "check"], cwd=root, capture_output=True, text=True)
    assert re.search(r" 0 cells run, \d+ from cache, ", result.stdout), result.stdout


def test_bpdocs_check_on_this_repository_passes():
    result = subprocess.run([str(BIN / "bpdocs"), "check"], cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"bpdocs check: \d+ pages, .* 0 errors", result.stdout)


def test_a_plugin_only_site_is_told_that_zensical_would_skip_it(tmp_path):
    root = write_site(tmp_path, {"index.md": "# Hi\n"}, config="site_name: t\nplugins:\n  - bpdocs\n")
    result = check(root)
    assert result.returncode == 0
    assert "Zensical ignores plugins it does not know" in result.stderr
    # Where Zensical is not installed (a site built with MkDocs alone), the note is noise: not said (review)
    without = ("import importlib.util as u, sys; find = u.find_spec; "
               "u.find_spec = lambda name, *a: None if name == 'zensical' else find(name, *a); "
               "from bpdocs.cli import main; sys.exit(main(['check']))")
    result = subprocess.run([sys.executable, "-c", without], cwd=root, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "BPDOCS_CACHE": "0"})
    assert result.returncode == 0 and "Zensical" not in result.stdout + result.stderr, result.stderr


def test_options_that_differ_for_mkdocs_and_zensical_are_named_and_an_anchor_makes_them_one(tmp_path):
    macros = "{tex: {macros: {RR: '\\\\mathbb{R}'}}}"
    differ = f"site_name: t\nplugins:\n  - bpdocs: {macros}\nmarkdown_extensions:\n  - bpdocs\n"
    result = check(write_site(tmp_path / "a", {"index.md": "# Hi\n"}, config=differ))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "other options under plugins than under markdown_extensions (tex)" in result.stderr
    assert "Options(" not in result.stderr and "TeXSettings" not in result.stderr  # words, not objects
    anchored = f"site_name: t\nplugins:\n  - bpdocs: &bpdocs {macros}\nmarkdown_extensions:\n  - bpdocs: *bpdocs\n"
    result = check(write_site(tmp_path / "b", {"index.md": "# Hi \\(\\RR\\)\n"}, config=anchored))
    assert result.returncode == 0 and "other options" not in result.stderr, result.stdout + result.stderr


CORE = ROOT / "plugins" / "bpdocs" / "core"


def test_the_core_imports_no_site_generator():
    forbidden = {"mkdocs", "properdocs", "zensical", "markdown", "pymdownx"}
    found = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
            found += [(path.name, n) for n in names if n.split(".")[0] in forbidden]
            if isinstance(node, ast.ImportFrom) and node.level and (node.module or "").split(".")[0] in (
                    "plugin", "config", "extension", "sitesetup", "sitecheck", "cli"):
                found.append((path.name, f"..{node.module} (an adapter)"))
    assert found == []
    assert len(list(CORE.rglob("*.py"))) > 20  # the check read the core


@pytest.mark.parametrize("generator", GENERATORS)
def test_the_starter_with_a_tex_error_fails_each_generator_at_its_line(tmp_path, generator):
    """The starter (math typeset when the site is built, on every generator) with a formula MathJax refuses."""
    from bpdocs import starter

    root = tmp_path / "mysite"
    starter.write(root)
    page = root / "docs" / "index.md"
    page.write_text(page.read_text() + "\nA slip: \\(\\notamacro{x}\\).\n")
    line = page.read_text().count("\n")
    result = generate(generator, root)
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert f"docs/index.md:{line}: MathJax could not typeset '\\notamacro{{x}}'" in said
    assert "Traceback" not in said and "RuntimeError" not in said, said


@pytest.mark.parametrize("raised, printed", [
    (RuntimeError("Python error: BPDocsError: docs/a.md:3: the equation does not hold\nstep: x\n"
                  "Traceback (most recent call last):\n  File \"render.py\", line 102\n"),
     "docs/a.md:3: the equation does not hold\nstep: x"),
    (RuntimeError("Python error: KeyError: 'nav'\nTraceback (most recent call last):\n"), None),
    (ValueError("BPDocsError: not from Zensical's build"), None),
])
def test_zensicals_wrapped_error_is_read_back_as_ours_alone(raised, printed):
    """What Zensical's build() raises around an extension's exception (its text, then the rendering's traceback):
    a bpdocs error is printed as its message; any other exception as Python prints it."""
    from bpdocs.zensicalfailure import located_message

    assert located_message(raised) == printed


def test_zensical_leaves_a_markdown_exec_sites_fences_to_markdown_exec(tmp_path):
    """Zensical runs no plugin: markdown-exec is set up as superfences' custom fence formatter, and the extension
    reads exec_fences: auto from there as the plugin and `bpdocs check` do (it took the fences over, refusing
    markdown-exec's source="above" and its bash fences)."""
    config = CONFIG.replace("  - pymdownx.superfences\n", """\
  - pymdownx.superfences:
      custom_fences:
        - name: python
          class: python
          validator: !!python/name:markdown_exec.validator
          format: !!python/name:markdown_exec.formatter
        - name: bash
          class: bash
          validator: !!python/name:markdown_exec.validator
          format: !!python/name:markdown_exec.formatter
""")
    page = ('# Tools\n\n```python exec="1" source="above"\nprint("from markdown-exec")\n```\n\n'
            '```bash exec="1"\necho "from bash"\n```\n\n'
            '```math check="1-1"\n\\frac{\\partial E}{\\partial w_1} = x_1 (y_1 - t_1)\n```\n')
    root = write_site(tmp_path, {"index.md": page}, config=config)
    result = generate("zensical", root)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (root / "site" / "index.html").read_text()
    assert html.count("from markdown-exec") == 2 and "from bash" in html and "bpdocs-check-holds" in html, html


OWN_MATHJAX = """\
site_name: own mathjax
theme: {name: material, font: false}
markdown_extensions: [{pymdownx.arithmatex: {generic: true}}, bpdocs]
extra_javascript: [javascripts/mathjax.js, "https://unpkg.com/mathjax@3/es5/tex-mml-chtml.js"]
plugins: [search, bpdocs]
"""


@pytest.mark.parametrize("generator", GENERATORS)
def test_a_site_with_its_own_mathjax_keeps_its_math_for_it_on_each_generator(tmp_path, generator):
    """Material's MathJax recipe (its own scripts in extra_javascript): the plugin left the math to that MathJax, but
    Zensical's extension typeset it at build time as well, the site's MathJax loaded for nothing. Now each leaves
    it to the site's MathJax; without those scripts, each typesets it."""
    root = write_site(tmp_path / "own", {"index.md": "# Home\n\n\\(x_1 + 1\\)\n", "javascripts/mathjax.js":
                                         "window.MathJax = {tex: {inlineMath: [['\\\\(', '\\\\)']]}};\n"},
                      config=OWN_MATHJAX)
    result = generate(generator, root)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (root / "site" / "index.html").read_text()
    assert '<span class="arithmatex">\\(x_1 + 1\\)</span>' in page and "<mjx-container" not in page
    bare = write_site(tmp_path / "bare", {"index.md": "# Home\n\n\\(x_1 + 1\\)\n"},
                      config="\n".join(line for line in OWN_MATHJAX.split("\n") if "extra_javascript" not in line))
    result = generate(generator, bare)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "<mjx-container" in (bare / "site" / "index.html").read_text()


@pytest.mark.parametrize("generator", [*GENERATORS, "check"])
def test_a_cache_folder_inside_docs_is_refused_by_each_generator_and_by_check(tmp_path, generator):
    """The MkDocs plugin refused cache_dir: docs/cache (its entries would be published), Zensical published them and
    bpdocs check took it: each says the same now."""
    root = write_site(tmp_path, {"index.md": "# P\n\n```python exec=\"on\"\nprint(1)\n```\n"},
                      config=CONFIG.replace("      typeset: browser", "      cache_dir: docs/cache"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(BIN / "bpdocs"), "check"] if generator == "check" else GENERATORS[generator]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    said = result.stdout + result.stderr
    assert result.returncode != 0 and "the cache folder docs/cache (the option cache_dir) is inside docs_dir (docs): " \
        "its entries would be published with the site" in said, said
    assert not (root / "site" / "cache").exists() and "Traceback" not in said
