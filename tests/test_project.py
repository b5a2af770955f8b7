"""The project itself: the README's promise and the repository's own site."""

import re
from pathlib import Path

from .sitebuild import build, copy_repository_site, write_site

ROOT = Path(__file__).resolve().parents[1]


def test_readme_opens_with_the_serve_and_test_commands():
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.S).group(1)
    commands = [line for line in first_block.splitlines() if line and not line.startswith("#")]
    assert commands == ["make serve", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    for target in ("serve", "test", "build"):
        assert re.search(rf"^{target}: setup$", makefile, re.M), target


def test_the_repository_site_builds_strictly(tmp_path):
    copy_repository_site(tmp_path)
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "site" / "index.html").read_text()
    # math is typeset at build time: SVG in the page, one small stylesheet, no MathJax script
    assert '<mjx-container class="MathJax" jax="SVG"' in index and "tex-svg.js" not in index
    assert "assets/bpdocs/mathjax-svg.css" in index
    assert not (tmp_path / "site" / "assets" / "bpdocs" / "mathjax").exists()
    # the API page is generated from bpcore itself: every public class and function has its section
    import inspect

    import bpcore

    api = (tmp_path / "site" / "api" / "index.html").read_text()
    for name in bpcore.__all__:
        if inspect.isclass(getattr(bpcore, name)) or inspect.isfunction(getattr(bpcore, name)):
            assert f'<h2 id="{name.lower()}"><code>{name}</code></h2>' in api, name
    # a reference to a numbered equation is an \eqref or a link to it, never a number typed as text
    for page in sorted((tmp_path / "site").rglob("*.html")):
        assert literal_equation_references(page.read_text()) == [], page.relative_to(tmp_path / "site")
    # the home page's claim is computed there: backpropagation, finite differences and the formula agree
    agree = re.search(r"is (-?[\d.]+) by bpcore's\s+backpropagation, (-?[\d.]+) by finite differences and\s+"
                      r"(-?[\d.]+) by the formula above", index)
    assert agree and len(set(agree.groups())) == 1 and float(agree[1]) != 0, agree
    # Markdown shown as code shows as written: no "emphasis" made of the underscores of \(x_1\) and \(h_1\)
    for page in sorted((tmp_path / "site").rglob("*.html")):
        assert re.findall(r'<span class="g[es]">[^<]*</span>', page.read_text()) == [], page.relative_to(tmp_path)
    bpcore_page = (tmp_path / "site" / "bpcore" / "index.html").read_text()
    assert 'href="../derivation/#mjx-eqn:eq-paths"' in bpcore_page and 'href="../original/#mjx-eqn:e"' in bpcore_page


def test_the_log_lines_the_docs_quote_are_what_a_build_logs(tmp_path):
    """publishing.md's TeX warning, word for word, and the form of authoring.md's summary and per-page lines."""
    notes = "# Notes\n" + "\n" * 12 + "Here \\(\\exist y\\) slips.\n"  # on line 14, as quoted
    config = "site_name: quoted\ntheme:\n  name: material\n  font: false\nplugins:\n  - bpdocs\n"
    root = write_site(tmp_path, {"index.md": '# Home\n\n```python exec="on"\nx = 1\n```\n\n`{python} x`\n',
                                 "notes.md": notes}, config=config)
    logged = build(root, "--no-strict", "-v").stderr
    publishing = (ROOT / "docs" / "publishing.md").read_text()
    (warning,) = re.findall(r"^WARNING -  bpdocs: docs/notes\.md:14: .*$", publishing, re.M)
    assert warning in logged.splitlines(), logged
    authoring = " ".join((ROOT / "docs" / "authoring.md").read_text().split())
    quoted = re.search(r"Each build logs one line, for example `([^`]+)`; `mkdocs build -v` adds a line per page, "
                       r"such as `([^`]+)`", authoring).groups()
    for line in quoted:  # the same words; any numbers
        parts = re.split(r"(\d+(?:\.\d+)?)", line)
        form = "".join(re.escape(p) if n % 2 == 0 else r"\d+\.\d+" if "." in p else r"\d+" for n, p in enumerate(parts))
        assert re.search(rf"^(?:INFO|DEBUG)\s+-\s+{form}$", logged, re.M), (line, logged)


LITERAL_REFERENCE = re.compile(r"\b(?:eq|eqn|equation)s?\.?\s*\(\s*\d+\s*\)", re.I)
NOT_PROSE = re.compile(r"<(pre|code|script|style|svg|mjx-assistive-mml)\b.*?</\1>", re.S)


def literal_equation_references(html: str) -> list[str]:
    """"eq. (5)", "equation (5)" in the prose of a page (code, which quotes messages, aside)."""
    return LITERAL_REFERENCE.findall(re.sub(r"<[^>]+>", " ", NOT_PROSE.sub(" ", html)))


def test_a_reference_typed_as_a_number_is_found():
    assert literal_equation_references("<p>the derivation's eq. (5) and Equation(2)</p>") == ["eq. (5)", "Equation(2)"]
    assert literal_equation_references("<pre><code>page.md:12: equation (6) does not hold</code></pre>") == []


def test_no_docstring_refers_to_an_equation_by_a_number_typed_as_text():
    for path in sorted((ROOT / "bpcore").glob("*.py")) + sorted((ROOT / "plugins" / "bpdocs").rglob("*.py")):
        assert LITERAL_REFERENCE.findall(path.read_text()) == [], path


def test_the_layout_shows_the_stages_and_no_module_is_long():
    """Issue 20: the execution machinery in core/run/, the typesetter in core/typeset/, and no module over
    about 300 lines (a tenth more at most), so a newcomer sees the stages from the tree."""
    core = ROOT / "plugins" / "bpdocs" / "core"
    for stage, modules in {"run": ["executor", "worker", "forkserver", "runner", "cells", "capture", "processes",
                                   "tracebacks", "cache"],
                           "typeset": ["process", "page"]}.items():
        assert sorted(p.stem for p in (core / stage).glob("*.py") if p.stem in modules) == sorted(modules), stage
    assert not [p for p in core.glob("*.py") if p.stem in ("executor", "worker", "cache", "typeset")]
    long = {str(p.relative_to(ROOT)): n for p in [*(ROOT / "plugins").rglob("*.py"), *(ROOT / "bpcore").rglob("*.py")]
            if "vendor" not in p.parts and (n := len(p.read_text().splitlines())) > 330}
    assert long == {}, f"modules over about 300 lines: {long}"


def test_the_repository_holds_no_installed_or_built_files():
    """What set-up and builds make (node_modules, the vendored MathJax, virtualenvs, caches, sites) is never
    committed: a link to one machine's node_modules, once committed, broke every other checkout's set-up."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    made = re.compile(r"^(node_modules|\.venv|site|\.cache)(/|$)|/__pycache__/|^plugins/bpdocs/static/vendor/")
    assert [path for path in tracked if made.search(path)] == []
