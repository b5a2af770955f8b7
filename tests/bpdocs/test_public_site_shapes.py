"""Real builds of sites shaped like public MkDocs sites with math that bpdocs was added to (the probe of issue
"adding bpdocs must never break a site"): what each site's own renderer typeset, the build typesets, and what
LaTeX and the browser accept is not a complaint.

- a calculus course's notes (Material, ``language: zh``, KaTeX with auto-render, ``$`` delimiters, hundreds of
  formulas): each worked example numbers its equations anew, ``\\begin{equation*} ... \\tag{1}``;
- a physics course's notes (MathJax 3 from ``extra_javascript``): the same, with ``$$ ... \\tag{1} $$``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from ..sitebuild import MINIMAL_CONFIG, build, write_site

KATEX_NOTES = """\
site_name: 高等数学笔记
theme:
  name: material
  language: zh
  font: false
markdown_extensions:
  - admonition
  - footnotes
  - tables
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.details
  - pymdownx.superfences
plugins:
  - search
  - bpdocs:
      tex:
        renderer: katex
        delimiters:
          - {left: "$$", right: "$$", display: true}
          - {left: "\\\\[", right: "\\\\]", display: true}
          - {left: "\\\\(", right: "\\\\)", display: false}
          - {left: "$", right: "$", display: false}
"""
MATHJAX_NOTES = """\
site_name: Luminosity
theme:
  name: material
  palette:
    scheme: default
  features:
    - search.highlight
  language: zh
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
      preview: false
  - pymdownx.superfences
  - admonition
  - tables
  - attr_list
plugins:
  - search
  - bpdocs
"""


def worked_examples(opening: str, closing: str, examples: int = 40) -> str:
    """A page of worked examples, each numbering its two equations (1) and (2), with inline math around them."""
    parts = ["# 二阶常系数非齐次线性微分方程\n"]
    for n in range(1, examples + 1):
        parts.append(f"""
## 例{n}

求方程 $y'' + {n} y' = x^{n}$ 的通解，其中 $x \\in \\mathbb{{R}}$。

{opening}
y'' + p y' + q y = f(x) \\tag{{1}}
{closing}

!!! note "解"
    对应齐次方程的特征方程为 $r^2 + {n} r = 0$：

{opening}
y = Y(x) + y^{{*}}(x) \\tag{{2}}
{closing}

| 项 | 形式 |
| --- | --- |
| $f(x)$ | $P_m(x) e^{{\\lambda x}}$ |
""")
    return "".join(parts)


def typeset_count(page_html: str, renderer: str) -> int:
    if renderer == "katex":
        return len(re.findall(r'<span class="katex"', page_html))
    return len(re.findall(r"<mjx-container", page_html))


@pytest.mark.parametrize("config, opening, closing, renderer", [
    (KATEX_NOTES, "$$\n\\begin{equation*}", "\\end{equation*}\n$$", "katex"),
    (MATHJAX_NOTES, "$$", "$$", "mathjax"),
], ids=["KaTeX calculus notes", "MathJax physics notes"])
def test_equation_numbers_that_start_again_in_each_example_are_all_typeset_and_each_repeat_located(
        tmp_path, config, opening, closing, renderer):
    """Review of a public calculus course's notes: with bpdocs rendering its KaTeX, every example's second
    \\tag{1} and \\tag{2} was replaced by an error box ("used twice on this page"), though KaTeX's auto-render,
    MathJax and LaTeX all typeset it. Each is typeset as written now; each repeat is still a located warning
    (issue 20: a link to the number could mean either), so a strict build says where they are."""
    root = write_site(tmp_path, {"index.md": worked_examples(opening, closing)}, config=config)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    repeated = re.findall(r"^WARNING\s+-\s+bpdocs: docs/index.md:(\d+): the equation number \((\d)\) is used again",
                          result.stderr, re.M)
    lines = (root / "docs" / "index.md").read_text().split("\n")
    # each at its formula: the line of its \\tag, or of the $$ that opens it
    assert len(repeated) == 39 * 2 and all(f"\\tag{{{tag}}}" in "".join(lines[int(line) - 1:int(line) + 2])
                                           for line, tag in repeated)
    assert result.stderr.count("WARNING") == 39 * 2, result.stderr  # nothing else is said
    assert build(root, "--no-strict", env={"BPDOCS_CACHE": "0"}).returncode == 0
    page_html = (root / "site" / "index.html").read_text()
    assert typeset_count(page_html, renderer) == 40 * 7  # two displays, two inline, one in the note, two in a table
    assert "katex-error" not in page_html and "data-mjx-error" not in page_html
    ids = re.findall(r'id="(mjx-eqn:[^"]+)"', page_html)
    assert len(ids) == len(set(ids))  # a number that comes again does not repeat an id


OWN_RENDERERS = {
    "mathjax": ("  - javascripts/mathjax.js\n  - https://polyfill.io/v3/polyfill.min.js?features=es6\n"
                "  - https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js\n",
                "window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']]}};\n"),
    "katex": ("  - https://cdn.jsdelivr.net/npm/katex@0.16.22/dist/katex.min.js\n"
              "  - https://cdn.jsdelivr.net/npm/katex@0.16.22/dist/contrib/auto-render.min.js\n"
              "  - javascripts/katex.js\n",
              "document$.subscribe(function () { renderMathInElement(document.body, {}); });\n"),
}


def article(page_html: str) -> str:
    return page_html.split("<article", 1)[1].split("</article>", 1)[0]


@pytest.mark.parametrize("renderer", ["mathjax", "katex"])
def test_a_site_with_its_own_renderer_keeps_its_pages_and_its_strict_build_and_is_told_how_to_switch(tmp_path,
                                                                                                    renderer):
    """Two public notes sites (MathJax 3 and KaTeX auto-render from a CDN) that built strict: with `- bpdocs`
    added, their strict build passes and each page's article is the very HTML it was without bpdocs (four reviews
    of real sites following Material's own recipe: the advice, at WARNING then, stopped their strict builds); how
    to switch is said at INFO (issue 18: their math was left to their renderer unsaid); `mathjax: off`, the
    author's choice to keep it, says no more."""
    scripts, init = OWN_RENDERERS[renderer]
    config = MATHJAX_NOTES.replace("  - bpdocs\n", "") + "extra_javascript:\n" + scripts
    pages = {"index.md": worked_examples("$$", "$$", examples=3), f"javascripts/{renderer}.js": init}
    before = write_site(tmp_path / "before", pages, config=config)
    added = write_site(tmp_path / "added", pages, config=config.replace("  - search\n", "  - search\n  - bpdocs\n"))
    kept = write_site(tmp_path / "kept", pages, config=config.replace(
        "  - search\n", "  - search\n  - bpdocs:\n      mathjax: \"off\"\n"))
    built = {root.name: build(root, env={"BPDOCS_CACHE": "0"}) for root in (before, added, kept)}
    told = f"INFO    -  bpdocs: the site loads {'KaTeX' if renderer == 'katex' else 'MathJax'} itself"
    for name in ("before", "added", "kept"):
        assert built[name].returncode == 0 and "WARNING" not in built[name].stderr, built[name].stderr
        assert article((tmp_path / name / "site" / "index.html").read_text()) == \
            article((before / "site" / "index.html").read_text()), name
    assert told in built["added"].stderr and "mathjax: off" in built["added"].stderr, built["added"].stderr
    assert "the site loads" not in built["kept"].stderr


def test_a_mathjax_site_that_found_math_in_the_whole_page_keeps_it_with_its_delimiters_after_migrating(tmp_path):
    """Review of a public physics course's notes (MathJax 3 whose own configuration typeset the whole page,
    `$` and `$$` included): migrated as the publishing page says (its scripts out, bpdocs typesetting), math that
    arithmatex does not mark stayed raw TeX: `$$a=b$$` inside a sentence (inline, with a stray `$` each side), a
    `$$` block whose closing line runs on into text, a formula in a heading's table-of-contents entry. With its
    delimiters in `tex: delimiters`, the build finds them as its MathJax did."""
    page = ("# Lecture\n\n## The limit \\(\\mu\\to 0\\)\n\ntest 1: $$a=b$$ and $c$.\n\n"
            "$$\n\\int_0^1 x\\, dx = \\frac12\n$$\nwhich is the area.\n")
    config = MATHJAX_NOTES.replace("  - bpdocs\n", "  - bpdocs:\n      tex:\n        delimiters:\n"
                                   "          - {left: \"$$\", right: \"$$\", display: true}\n"
                                   "          - {left: \"$\", right: \"$\", display: false}\n"
                                   "          - {left: \"\\\\(\", right: \"\\\\)\", display: false}\n")
    root = write_site(tmp_path, {"index.md": page}, config=config)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    page_html = (root / "site" / "index.html").read_text()
    body = page_html.split("<body", 1)[1]
    text = re.sub(r"<svg.*?</svg>|<mjx-assistive-mml.*?</mjx-assistive-mml>", "", body, flags=re.S)
    assert "$" not in re.sub(r"<[^>]+>", "", text.split("<article", 1)[1].split("</article>", 1)[0])
    assert "\\mu" not in re.sub(r"<[^>]+>", "", text)  # the table of contents' entry is typeset too
    assert 'display="true"' in body.split("test 1:", 1)[1].split("and", 1)[0]  # $$a=b$$: display math
    title = page_html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title, title
    # without the delimiters (bpdocs' MathJax reads what arithmatex marked), the same page keeps its raw TeX
    (tmp_path / "plain").mkdir()
    plain = write_site(tmp_path / "plain", {"index.md": page}, config=MATHJAX_NOTES)
    assert build(plain, env={"BPDOCS_CACHE": "0"}).returncode == 0
    assert "$$a=b$$" not in (plain / "site" / "index.html").read_text()  # (arithmatex took $a=b$ inside it)
    assert "$<span class=\"arithmatex\">" in (plain / "site" / "index.html").read_text()


I18N = MINIMAL_CONFIG.split("plugins:")[0] + """\
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: en, default: true, name: English, build: true}
        - {locale: fr, name: Francais, build: true}
  - bpdocs
"""


def test_a_site_translated_with_mkdocs_static_i18n_builds_every_language_with_its_math_and_outputs(tmp_path):
    """Review (a Material site translated with mkdocs-static-i18n, suffix structure): adding bpdocs gave a
    traceback, as that plugin reads every file's source path and bpdocs' generated files (MathJax's stylesheet)
    had none. Each language's page is built, its fence run and its math typeset, and the stylesheet is written."""
    def page(word: str) -> str:
        return f"# {word}\n\n$$ E = \\frac12 (y - t)^2 $$\n\n```python exec=\"on\"\nprint('{word}', 6 * 7)\n```\n"

    root = write_site(tmp_path, {"index.md": page("Hello"), "index.fr.md": page("Bonjour")}, config=I18N)
    (tmp_path / "tmp").mkdir()
    result = build(root, env={"BPDOCS_CACHE": "0", "TMPDIR": str(tmp_path / "tmp")})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert list((tmp_path / "tmp").iterdir()) == []  # the generated files' backing folder is gone with the build
    for path, word in (("index.html", "Hello"), ("fr/index.html", "Bonjour")):
        page_html = (root / "site" / path).read_text()
        assert f"{word} 42" in page_html and "<mjx-container" in page_html, path
    assert "mjx-container" in (root / "site" / "assets" / "bpdocs" / "mathjax-svg.css").read_text()


def test_the_generated_files_folder_of_a_killed_build_is_removed_by_the_next(tmp_path):
    """A build killed with SIGKILL runs no clean-up: its folder of generated files stays in the temporary folder.
    The next build removes such folders, of processes that no longer run, and only those (not another's that runs,
    nor anything not named as bpdocs names them)."""
    import subprocess
    import sys

    temporary = tmp_path / "tmp"
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale, running, other = (temporary / f"bpdocs-files-{int(ended.stdout)}-x1", temporary / f"bpdocs-files-{os.getpid()}-x2",
                             temporary / "bpdocs-files-notapid")
    for folder in (stale, running, other):
        (folder / "assets").mkdir(parents=True)
    root = write_site(tmp_path / "site", {"index.md": "# P\n\n$$ x_1 $$\n"}, config=MINIMAL_CONFIG.split("plugins:")[0]
                      + "plugins:\n  - bpdocs\n")
    assert build(root, env={"BPDOCS_CACHE": "0", "TMPDIR": str(temporary)}).returncode == 0
    assert sorted(path.name for path in temporary.iterdir()) == sorted([running.name, other.name])


MACROS_PAGE = """\
---
title: Notes
---
# {{ config.site_name }}

{% include "notes.md" %}

{% if false %}
A draft paragraph
the macros leave out.
{% endif %}

The rate is {{ lr }}.

```python exec="on"
raise ValueError("boom")
```

```math check="1-1"
\\frac{\\partial E}{\\partial w_{11}} = 2 x_1 (y_1 - t_1)
```

$$ \\frac{1}{2 $$
"""


@pytest.mark.parametrize("order", ["macros first", "bpdocs first"])
def test_a_page_rewritten_by_mkdocs_macros_has_its_errors_at_the_lines_of_its_file(tmp_path, order):
    """Review (mkdocs-macros, a site's includes and ``{% if %}`` blocks): errors were located in the page as the
    macros wrote it (its front matter gone, an include of 8 lines for one, a block of 4 left out), not in the file.
    Each is at its line in the author's file, in either order of the two plugins, and nothing of the page is lost."""
    plugins = ["  - macros:\n      include_dir: includes", "  - bpdocs"]
    config = MINIMAL_CONFIG.split("plugins:")[0] + "extra:\n  lr: 0.1\nplugins:\n  - search\n" + "\n".join(
        plugins if order == "macros first" else plugins[::-1]) + "\n"
    root = write_site(tmp_path, {"index.md": MACROS_PAGE}, config=config)
    (root / "includes").mkdir()
    (root / "includes" / "notes.md").write_text("".join(f"Note {n}: $x_{n}$.\n\n" for n in range(1, 5)))
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode != 0 and "bpdocs/" not in result.stderr, result.stderr  # (the cell's own traceback only)
    file_lines = MACROS_PAGE.split("\n")
    where = {what: file_lines.index(text) + 1 for what, text in (
        ("raise", 'raise ValueError("boom")'), ("equation", '```math check="1-1"'), ("tex", "$$ \\frac{1}{2 $$"))}
    located = re.findall(r"docs/index\.md:(\d+): (.*)", result.stderr)
    assert any(int(line) == where["raise"] and "ValueError: boom" in text for line, text in located), located
    assert any(int(line) == where["equation"] + 1 and "does not hold" in text for line, text in located), located
    assert any(int(line) == where["tex"] for line, text in located if "boom" not in text
               and "does not hold" not in text), located
    not_at_a_file_line = [line for line, _ in located if not 1 <= int(line) <= len(file_lines)]
    assert not not_at_a_file_line, located
    result = build(root, "--no-strict", env={"BPDOCS_CACHE": "0"})
    page = (root / "site" / "index.html").read_text()
    assert "Note 4" in page and "The rate is 0.1" in page and "A draft paragraph" not in page


I18N_FOLDERS = MINIMAL_CONFIG.split("markdown_extensions:")[0].replace("  font: false\n", """\
  font: false
  features:
    - navigation.instant
    - navigation.instant.progress
""") + """\
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
plugins:
  - search
  - i18n:
      docs_structure: folder
      reconfigure_material: false
      languages:
        - {locale: en, default: true, name: English, build: true}
        - {locale: fr, name: Francais, build: true}
        - {locale: de, name: Deutsch, build: true}
"""


@pytest.mark.parametrize("bpdocs, added", [
    ("  - bpdocs\n", ["assets/bpdocs/bpdocs.css", "assets/bpdocs/mathjax-svg.css", "assets/bpdocs/bpdocs.js"]),
    ("  - bpdocs:\n      typeset: browser\n",  # as a site built where Node.js is missing
     ["assets/bpdocs/bpdocs.css", "assets/bpdocs/bpdocs.js", "assets/bpdocs/mathjax-config.js",
      "assets/bpdocs/mathjax/tex-svg.js"]),
], ids=["typeset when built", "typeset in the browser"])
def test_each_language_of_a_site_in_i18n_folders_links_bpdocs_assets_once_and_is_not_told_it_loads_mathjax(
        tmp_path, bpdocs, added):
    """Review (a Material site translated with mkdocs-static-i18n, folder structure, instant navigation): that
    plugin builds each further language with the same config, running every plugin's on_config again. bpdocs
    then added its stylesheet a second time (each French page linked MathJax's stylesheet twice), and, where
    the browser typesets the math, took the MathJax it had added itself for the site's own: a strict build
    stopped at "the site loads MathJax itself". Each language's pages link each asset once, and say nothing."""
    def page(word: str) -> str:
        return f"# {word}\n\n$$ E = \\frac12 (y - t)^2 $$\n\n```python exec=\"on\"\nprint('{word}', 6 * 7)\n```\n"

    words = {"en": "Hello", "fr": "Bonjour", "de": "Hallo"}
    root = write_site(tmp_path, {f"{locale}/index.md": page(word) for locale, word in words.items()},
                      config=I18N_FOLDERS + bpdocs)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "loads MathJax itself" not in result.stderr, result.stderr
    for locale, word in words.items():
        page_html = (root / "site" / ("" if locale == "en" else locale) / "index.html").read_text()
        assert f"{word} 42" in page_html, locale
        linked = re.findall(r'(?:href|src)="(?:\.\./)*(assets/bpdocs/[^"]+)"', page_html)
        assert sorted(linked) == sorted(added), (locale, linked)


SNIPPETS_CONFIG = MINIMAL_CONFIG.split("markdown_extensions:")[0] + """\
markdown_extensions:
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: [docs/parts]
      auto_append: [glossary.md]
plugins:
  - bpdocs
"""


def test_a_fence_a_snippet_includes_is_run_and_the_site_is_otherwise_as_without_bpdocs(tmp_path):
    """Review (pymdownx.snippets, ``--8<-- "part.md"``): an executable fence in an included file was never run,
    shown as code, and the strict build passed. It runs (in the build and in ``bpdocs check``); an escaped marker
    still shows as written, the auto-appended file comes once, and an error in the included fence names the page
    that includes it, within the lines the include stands for."""
    import subprocess
    import sys

    page = '# T\n\nIntro.\n\n--8<-- "part.md"\n\nShown as written: `;--8<-- "part.md"`\n\n;--8<-- "part.md"\n'
    root = write_site(tmp_path, {"index.md": page, "parts/part.md": '```python exec="on"\nprint(6 * 7)\n```\n',
                                 "parts/glossary.md": "*[HTML]: Hyper Text Markup Language\n"},
                      config=SNIPPETS_CONFIG.replace("\nplugins:", "\nexclude_docs: parts/\nplugins:"))
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert re.search(r">42\s*<", html), html[:3000]
    assert html.count('--8&lt;-- "part.md"') == 2 and html.count("Hyper Text Markup Language") <= 2
    # Two fences a snippet brings (both at its include line): each shows its own output (they showed the second's)
    (root / "docs" / "parts" / "part.md").write_text('Some text.\n\n```python exec="on"\nprint(111)\n```\n\n'
                                                     '```python exec="on"\nprint(222)\n```\n')
    assert (result := build(root, env={"BPDOCS_CACHE": "0"})).returncode == 0, result.stderr
    outputs = re.findall(r'<pre class="bpdocs-stdout"><code>(\d+)', (root / "site" / "index.html").read_text())
    assert outputs == ["111", "222"], outputs
    # An error in an included fence, its traceback too, is at the include line (it was a line or two below it)
    (root / "docs" / "parts" / "part.md").write_text('Some text.\n\n```python exec="on"\nx = 1\n\n'
                                                     'raise ValueError("boom")\n```\n')
    result = build(root, env={"BPDOCS_CACHE": "0"})
    include = page.split("\n").index('--8<-- "part.md"') + 1
    assert result.returncode != 0 and f"docs/index.md:{include}: ValueError: boom" in result.stderr, result.stderr
    assert f'File "docs/index.md", line {include}, in <module>' in result.stderr, result.stderr
    assert "^^" not in result.stderr  # (no carets under the include line by the columns of the snippet's code)
    checked = subprocess.run([str(Path(sys.executable).with_name("bpdocs")), "check"], cwd=root, capture_output=True,
                             text=True, env={**os.environ, "BPDOCS_CACHE": "0"})
    assert "docs/index.md:" in checked.stdout + checked.stderr and "ValueError: boom" in checked.stdout + checked.stderr


SEEN_MARKDOWN_HOOK = """from mkdocs.plugins import event_priority


@event_priority(-100)  # after bpdocs: what later plugins and Markdown's extensions are given
def on_page_markdown(markdown, page, **kwargs):
    return markdown + f"\\n\\nLINES-SEEN-{len(markdown.splitlines())}\\n"
"""


def test_a_page_whose_snippets_bring_nothing_to_run_goes_on_as_written(tmp_path):
    """Review of OI-wiki (its document-offsets-injection records every block's offsets in the page's source, for
    comments anchored to paragraphs): the pages were given on with their snippets expanded, so every block after an
    include had the wrong offsets (3,760 of them on 169 pages), on a site with no fence of bpdocs'. A page whose
    snippets bring a fence to run still has them expanded (they run: the test above)."""
    page = '# T\n\nIntro \\(x^2\\).\n\n--8<-- "code.py"\n\n## After\n\nText.\n'
    config = SNIPPETS_CONFIG.replace("      auto_append: [glossary.md]\n", "") + "hooks:\n  - hooks.py\n"
    root = write_site(tmp_path, {"index.md": page, "parts/code.py": "def f():\n    return 1\n\n\nprint(f())\n"},
                      config=config.replace("\nplugins:", "\nexclude_docs: parts/\nplugins:"))
    (root / "hooks.py").write_text(SEEN_MARKDOWN_HOOK)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert f"LINES-SEEN-{len(page.splitlines())}" in html and "return 1" in html  # (Markdown's pass included it)
    assert html.count("<mjx-container") == 1


SUPERFENCES_DOCS = """\
site_name: Extensions
theme:
  name: material
  font: false
markdown_extensions:
  - pymdownx.highlight:
      linenums_style: pymdownx-inline
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
      block_tag: pre
plugins:
  - bpdocs
"""


def test_fences_and_math_written_for_superfences_and_arithmatex_options_build_as_without_bpdocs(tmp_path):
    """Review on real sites (pymdown-extensions' docs, Material's): adding bpdocs aborted the build at a plain
    fence superfences reads (``{linenums="1"}`` after the language, a stray quote in ``hl_lines="4 5""``), and left
    display math raw where arithmatex writes it in ``<pre>`` (``block_tag: pre``). Now the plain fences are the
    generator's, as without bpdocs; the math is typeset; and each of bpdocs' own unreadable fences is an error at
    its line, all of them at once."""
    page = ('# T\n\nInline \\(a+b\\).\n\n$$\nx^2\n$$\n\n```python {linenums="1"}\nimport foo\n```\n\n'
            '``` hl_lines="4 5""\nbar\n```\n')
    before = write_site(tmp_path / "before", {"index.md": page}, config=SUPERFENCES_DOCS.replace("  - bpdocs\n", "  - search\n"))
    after = write_site(tmp_path / "after", {"index.md": page}, config=SUPERFENCES_DOCS)
    assert build(before).returncode == 0
    result = build(after, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    html = (after / "site" / "index.html").read_text()
    assert html.count("<mjx-container") == 2 and "\\[" not in article(html) and "\\(" not in article(html)
    assert html.count('class="linenos"') == (before / "site" / "index.html").read_text().count('class="linenos"') > 0
    (after / "docs" / "index.md").write_text(page + '\n```python exec="on" title="a""\nprint(1)\n```\n\n'
                                              '```python exec="on" hl_lines="1""\nprint(2)\n```\n')
    result = build(after, env={"BPDOCS_CACHE": "0"})
    opening = len(page.split("\n"))
    assert result.returncode != 0
    assert re.findall(r"docs/index\.md:(\d+): cannot read the fence's attributes", result.stderr) == \
        [str(opening + 1), str(opening + 5)], result.stderr


def test_a_page_that_says_bpdocs_typeset_off_keeps_its_math_for_another_tool_in_the_build_and_in_check(tmp_path):
    """Review on a real site (course notes whose hook renders some pages' math with Typst after MkDocs): bpdocs
    typeset that math first, the hook failed on the SVG, and MathJax warned of every Typst formula. Such a page
    says ``bpdocs_typeset: off``: its math is left as arithmatex wrote it (neither typeset nor checked), in the
    build and in ``bpdocs check``; the other pages are typeset as before; another value is an error at its line."""
    import subprocess
    import sys

    config = MINIMAL_CONFIG.replace("  - bpdocs:\n      typeset: browser  # these tests read the TeX that fences "
                                    "produce; build-time typesetting has its own\n", "  - bpdocs\n")
    typst = "---\ntitle: Typst\nbpdocs_typeset: off\n---\n\n# T\n\nA Typst formula: \\(x <- y^(a b) \\foo\\).\n"
    root = write_site(tmp_path, {"index.md": "# Home\n\n\\(x_1 + 1\\)\n", "typst.md": typst}, config=config)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    assert "<mjx-container" in (root / "site" / "index.html").read_text()
    kept = (root / "site" / "typst" / "index.html").read_text()
    assert '<span class="arithmatex">\\(x &lt;- y^(a b) \\foo\\)</span>' in kept and "<mjx-container" not in kept
    check = [str(Path(sys.executable).with_name("bpdocs")), "check"]
    checked = subprocess.run(check, cwd=root, capture_output=True, text=True, env={**os.environ, "BPDOCS_CACHE": "0"})
    assert checked.returncode == 0, checked.stdout + checked.stderr
    (root / "docs" / "typst.md").write_text(typst.replace("bpdocs_typeset: off", "bpdocs_typeset: later"))
    said = "docs/typst.md:3: bpdocs_typeset: 'later' is not one of: build, off"
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode != 0 and said in result.stderr, result.stderr
    checked = subprocess.run(check, cwd=root, capture_output=True, text=True, env={**os.environ, "BPDOCS_CACHE": "0"})
    assert checked.returncode != 0 and said in checked.stdout + checked.stderr, checked.stdout + checked.stderr


DOLLAR_WRAPS = """\
site_name: Algorithms
theme:
  name: material
  font: false
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
      tex_inline_wrap: ['$', '$']
      tex_block_wrap: ['$$', '$$']
plugins:
  - search
  - bpdocs
"""


@pytest.mark.parametrize("renderer", ["mathjax", "katex"])
def test_math_arithmatex_wraps_in_dollars_is_typeset_without_them(tmp_path, renderer):
    """Review on a real site (cp-algorithms, 12,170 formulas): arithmatex set to wrap math in $ and $$ (for its own
    MathJax script) had every formula typeset with its dollars as glyphs, silently; with KaTeX every formula was a
    warning. The wraps are arithmatex's, not the formula's; an error quotes the TeX as written (one backslash)."""
    config = DOLLAR_WRAPS if renderer == "mathjax" else DOLLAR_WRAPS.replace("  - bpdocs\n", "  - bpdocs:\n"
                                                                             "      tex: {renderer: katex}\n")
    page = "# P\n\nInline $a^2 + b^2 = c^2$ and display:\n\n$$\n\\frac{1}{2}\n$$\n\nA typo $\\fracc{1}{2}$.\n"
    root = write_site(tmp_path, {"index.md": page}, config=config)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode != 0, result.stderr  # (strict: the typo's warning, and only that one)
    said = re.findall(r"^WARNING\s+-\s+bpdocs: (.*)$", result.stderr, re.M)
    name = "KaTeX could not render" if renderer == "katex" else "MathJax could not typeset"
    assert len(said) == 1 and said[0].startswith(f"docs/index.md:9: {name} '\\fracc{{1}}{{2}}': "), said
    html = article((root / "site" / "index.html").read_text())
    if renderer == "mathjax":
        assert html.count("<mjx-container") == 3 and "<mo>$</mo>" not in html and 'data-c="24"' not in html
        assert html.count('display="true"') == 1
    else:
        assert html.count('class="katex"') == 3 and html.count('class="katex-display"') == 1
        assert "<mo>$</mo>" not in html


GENERATING_HOOK = '''from mkdocs.structure.files import File


def on_files(files, config):
    page = ("# Made\\n\\nSome math \\\\(x^2\\\\).\\n\\n```python exec=\\"on\\"\\nprint(6 * 7)\\n```\\n\\n"
            "Bad \\\\(\\\\frac{a\\\\).\\n")
    files.append(File.generated(config, "api/made.md", content=page))
    return files
'''


# As mkdocs-gen-files makes its pages: files in a temporary folder of its own, outside the site, gone after the build
# (an error was named ../../mkdocs_gen_files_x/api/made.md:9, a path nobody can open); here the site's folder's sibling
TEMPORARY_HOOK = GENERATING_HOOK.replace("from mkdocs.structure.files import File\n", """\
import os
from mkdocs.structure.files import File
""").replace("    files.append(File.generated(config, \"api/made.md\", content=page))", """\
    folder = os.path.join(os.path.dirname(config.config_file_path), os.pardir, "generated")
    os.makedirs(os.path.join(folder, "api"), exist_ok=True)
    with open(os.path.join(folder, "api", "made.md"), "w") as f:
        f.write(page)
    files.append(File("api/made.md", folder, config.site_dir, config.use_directory_urls))""")


@pytest.mark.parametrize("hook", [GENERATING_HOOK, TEMPORARY_HOOK], ids=["generated", "in a temporary folder"])
def test_a_page_a_plugin_makes_is_built_and_check_says_it_cannot_see_it(tmp_path, hook):
    """Review on real sites (mkdocs-ipynb's notebooks, mkdocs-api-autonav's reference pages): a page a plugin makes
    has no file, and bpdocs' own code failed on it with a traceback (ValueError: no path specified). Its fences run
    and its math is typeset; an error names it by its place in the site; `bpdocs check`, which runs no plugin,
    says what it cannot see instead of passing silently."""
    import subprocess
    import sys

    config = MINIMAL_CONFIG.split("plugins:")[0] + "plugins:\n  - bpdocs\nhooks:\n  - hooks.py\n"
    (tmp_path / "site-folder").mkdir()
    root = write_site(tmp_path / "site-folder", {"index.md": "# Home\n"}, config=config)
    (root / "hooks.py").write_text(hook)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert "Traceback" not in result.stderr, result.stderr
    said = re.findall(r"^WARNING\s+-\s+bpdocs: (.*)$", result.stderr, re.M)
    assert said == ["api/made.md (made by a plugin):9: MathJax could not typeset '\\frac{a': Missing close brace"], \
        result.stderr
    html = (root / "site" / "api" / "made" / "index.html").read_text()
    assert re.search(r'<pre class="bpdocs-stdout"><code>42', html) and html.count("<mjx-container") == 2
    checked = subprocess.run([str(Path(sys.executable).with_name("bpdocs")), "check"], cwd=root, capture_output=True,
                             text=True, env={**os.environ, "BPDOCS_CACHE": "0"})
    assert "note: the build also runs its hooks: what they make or add to pages" in checked.stderr, checked.stderr


def test_a_fence_with_an_attribute_bpdocs_does_not_know_shows_its_error_box_and_nothing_else(tmp_path):
    """Review on real sites: an unknown attribute (`sourcex="above"`) or a misspelt one (`sesion="a"`) on a fence that
    runs was its located error and then an internal one ("bpdocs left a placeholder ... Please report this"), and
    the page (as `mkdocs serve` shows it) had the fence as text and the placeholder as a code block: superfences
    refused the fence for the unknown attribute, which was kept on it. Now each fence is its source, highlighted,
    and the red box with its error."""
    page = ('# P\n\n```python exec="on" sourcex="above"\nprint(1)\n```\n\n'
            '```python exec="on" sesion="a"\nprint(2)\n```\n\n'
            '```python exec="on" title="kept.py"\nprint(3)\n```\n')
    root = write_site(tmp_path, {"index.md": page}, config=MINIMAL_CONFIG.replace("typeset: browser  #", "#"))
    result = build(root, env={"BPDOCS_CACHE": "0"})
    errors = re.findall(r"^ERROR\s+-\s+(.*)$", result.stderr, re.M)
    assert errors[0].startswith("docs/index.md:3: unknown attribute 'sourcex'"), errors
    assert errors[1].startswith("docs/index.md:7: ") and "did you mean 'session'" in errors[1], errors
    assert len(errors) == 3 and errors[2].startswith("bpdocs found 2 errors"), errors
    html = article((root / "site" / "index.html").read_text())
    assert html.count('class="admonition failure bpdocs-error"') == 2, html
    assert "bpdocsout" not in html and "```" not in html, html
    assert html.count('<span class="filename">kept.py</span>') == 1 and '<pre class="bpdocs-stdout"><code>3' in html


MARKDOWN_EXEC_SITE = """\
site_name: Tools
theme:
  name: material
  font: false
markdown_extensions:
  - pymdownx.superfences
plugins:
  - search
  - markdown-exec
  - bpdocs
"""


def test_a_markdown_exec_site_keeps_its_fences_run_by_markdown_exec(tmp_path):
    """Review on a real site (toqito, markdown-exec): adding bpdocs took over markdown-exec's `exec="1"` fences,
    refused its `source="above"` and its bash fences, and failed the build. markdown-exec runs them as before
    (exec_fences: auto), bpdocs its own fences; with exec_fences: bpdocs, bpdocs runs the Python ones."""
    import subprocess
    import sys

    page = ('# Tools\n\n```python exec="1" source="above"\nprint("from markdown-exec")\n```\n\n'
            '```bash exec="1"\necho "from bash"\n```\n\n'
            '```math check="1-1"\n\\frac{\\partial E}{\\partial w_1} = x_1 (y_1 - t_1)\n```\n')
    root = write_site(tmp_path / "auto", {"index.md": page}, config=MARKDOWN_EXEC_SITE)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    assert "markdown-exec runs this site's fences with exec" in result.stderr
    html = article((root / "site" / "index.html").read_text())
    assert html.count("from markdown-exec") == 2 and "from bash" in html and "bpdocs-check-holds" in html, html
    checked = subprocess.run([str(Path(sys.executable).with_name("bpdocs")), "check"], cwd=root, capture_output=True,
                             text=True, env={**os.environ, "BPDOCS_CACHE": "0"})
    assert checked.returncode == 0 and "1 equation checked" in checked.stdout, checked.stdout + checked.stderr
    ours = write_site(tmp_path / "ours", {"index.md": '# P\n\n```python exec="on"\nprint(6 * 7)\n```\n'},
                      config=MARKDOWN_EXEC_SITE.replace("  - bpdocs\n", "  - bpdocs:\n      exec_fences: bpdocs\n"))
    result = build(ours, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0 and "markdown-exec runs" not in result.stderr, result.stderr
    assert '<pre class="bpdocs-stdout"><code>42' in (ours / "site" / "index.html").read_text()


@pytest.mark.parametrize("exec_fences", ["auto", "bpdocs"])
def test_the_fences_of_other_tools_with_a_session_are_left_as_written(tmp_path, exec_fences):
    """Review on a real site (jetfuelburn, markdown-exec's pyodide fences): a fence of another language with an
    attribute bpdocs also has (``session``) was rewritten as a Python listing, its other attributes kept
    (``python install="numpy"``), which superfences then refused: the fence, the heading and the text after it
    and the next fence became one paragraph of text, silently (a pyodide fence without them lost its editor)."""
    page = ('# Page\n\n```pyodide session="s" install="numpy"\nprint(1 + 1)\n```\n\n## Next heading\n\n'
            'Text after.\n\n```pyodide session="t"\nprint(2)\n```\n\n```python exec="on"\nprint("exec ran")\n```\n')
    config = MARKDOWN_EXEC_SITE.replace("  - bpdocs\n", f"  - bpdocs:\n      exec_fences: {exec_fences}\n")
    root = write_site(tmp_path, {"index.md": page}, config=config)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    html = article((root / "site" / "index.html").read_text())
    assert html.count('<div class="pyodide"') == 2 and "data-install=\"['numpy']\"" in html, html
    assert '<h2 id="next-heading">Next heading' in html and "<p>Text after.</p>" in html
    assert "exec ran" in html and "```" not in html


def test_exec_fences_given_to_markdown_exec_on_a_site_without_it_is_a_warning(tmp_path):
    """An author's review: exec_fences: markdown-exec on a site that does not set markdown-exec up passed --strict
    with every exec fence shown as plain code and run by nothing ("0 cell(s) run")."""
    root = write_site(tmp_path, {"index.md": '# P\n\n```python exec="on"\nraise ValueError\n```\n'},
                      config="site_name: t\ntheme: material\nplugins:\n  - bpdocs:\n      exec_fences: markdown-exec\n")
    result = build(root)
    assert result.returncode != 0
    assert "WARNING -  bpdocs: exec_fences: markdown-exec, but the site does not set markdown-exec up" \
        in result.stderr, result.stderr
    import subprocess
    import sys

    checked = subprocess.run([str(Path(sys.executable).with_name("bpdocs")), "check"], cwd=root, capture_output=True,
                             text=True, env={**os.environ, "BPDOCS_CACHE": "0"})  # (the same verdict as the build)
    assert checked.returncode == 1 and "mkdocs.yml: exec_fences: markdown-exec, but" in checked.stdout, checked


def test_a_page_that_loads_mathjax_itself_is_said_to_keep_its_math_unchecked(tmp_path):
    """Review on a real site (mkdocs-jupyter's notebooks carry MathJax 2 in their content): a notebook's math, with
    an undefined macro and a missing brace, was neither typeset nor checked, and nothing said so (0 formulas
    typeset, a green --strict build). The build now says so at the page, at INFO (the page is as without bpdocs)."""
    page = ('# Notebook\n\n<script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config='
            'TeX-AMS_CHTML-full,Safe"></script>\n\n<div class="jp-Cell">Some math $\\undefinedmacro{x}$.</div>\n')
    root = write_site(tmp_path, {"index.md": "# Home\n", "notebook.md": page},
                      config=MINIMAL_CONFIG.split("plugins:")[0] + "plugins:\n  - bpdocs\n")
    result = build(root, "-v", env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr  # (as without bpdocs: the notebook's own MathJax renders it)
    assert "docs/notebook.md: the page loads MathJax itself (a script in its content: a notebook's, by " \
        "mkdocs-jupyter, or the page's own): bpdocs leaves its math to that MathJax, neither typeset nor checked" \
        in result.stderr, result.stderr
    assert "docs/index.md: the page loads MathJax" not in result.stderr
    # with a $ delimiter (a KaTeX site's, moved into tex), bpdocs finds the notebook's $...$ and typesets it: not
    # said (it was, wrongly); KaTeX's own delimiters have no single $: there it is said, as with MathJax
    for delimiters, said in (("        delimiters:\n          - {left: $, right: $, display: false}\n", False),
                             ("", True)):
        katex = write_site(tmp_path / f"katex{said}", {"index.md": "# Home\n", "notebook.md": page.replace(
            "\\undefinedmacro", "\\alpha")}, config=MINIMAL_CONFIG.split("plugins:")[0] + "plugins:\n  - bpdocs:\n"
            "      tex:\n        renderer: katex\n" + delimiters)
        result = build(katex, "-v", env={"BPDOCS_CACHE": "0"})
        assert result.returncode == 0 and ("the page loads MathJax" in result.stderr) == said, result.stderr
        assert ('class="katex"' in (katex / "site" / "notebook" / "index.html").read_text()) != said


def test_a_markdown_page_that_loads_mathjax_itself_keeps_its_math_for_it(tmp_path):
    """Review of mkdocs-material's own docs (reference/math.md ends with MathJax's script and its configuration):
    its formulas were typeset by bpdocs though the log said not, and the page's MathJax then rendered each one's
    hidden MathML again, a focusable copy inside every formula. The page is now as without bpdocs."""
    page = ("# Math\n\nInline \\(f\\) and\n\n$$\n\\cos x = \\sum_k x^k\n$$\n\n"
            '<script id="MathJax-script" async src="https://unpkg.com/mathjax@3/es5/tex-mml-chtml.js"></script>\n')
    config = "site_name: t\ntheme: material\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n"
    off = write_site(tmp_path / "off", {"index.md": page}, config=config)
    on = write_site(tmp_path / "on", {"index.md": page}, config=config + "plugins:\n  - search\n  - bpdocs\n")
    assert build(off).returncode == 0 and (result := build(on, env={"BPDOCS_CACHE": "0"})).returncode == 0, \
        result.stderr
    assert "docs/index.md: the page loads MathJax itself" in result.stderr and "0 formula(s) typeset" in result.stderr
    assert article((on / "site" / "index.html").read_text()) == article((off / "site" / "index.html").read_text())


COPYING_HOOK = '''import markdown
from mkdocs.plugins import event_priority

SETUP = {}


@event_priority(50)  # as mkdocstrings, listed before bpdocs, takes the Markdown set-up in its on_config
def on_config(config):
    SETUP.update(extensions=list(config.markdown_extensions), configs=dict(config.mdx_configs))


def on_page_markdown(text, page, **kwargs):  # a docstring, converted with that set-up, into the page
    md = markdown.Markdown(extensions=SETUP["extensions"], extension_configs=SETUP["configs"])
    return text + "\\n\\n" + md.convert("A docstring: \\\\(x^2\\\\) and \\\\(\\\\frac{a}{b\\\\).") + "\\n"
'''


def test_math_in_html_a_plugin_converts_with_the_sites_markdown_is_typeset_whatever_the_order(tmp_path):
    """Review (mkdocstrings listed before bpdocs on a site without arithmatex of its own): docstrings were converted
    with the set-up as it was before bpdocs added arithmatex in generic mode, their math left as MathJax 2 script
    tags nothing typesets, a TeX error in them passing --strict. bpdocs sets Markdown up before other plugins.
    (In \\( \\): the arithmatex bpdocs adds to a site without its own leaves $...$ as text.)"""
    config = "site_name: t\ntheme:\n  name: material\n  font: false\nhooks:\n  - hook.py\nplugins:\n  - bpdocs\n"
    root = write_site(tmp_path, {"index.md": "# API\n"}, config=config)
    (root / "hook.py").write_text(COPYING_HOOK)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode != 0 and "MathJax could not typeset '\\frac{a}{b'" in result.stderr, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert 'type="math/tex"' not in html and html.count("<mjx-container") == 2, html


DOCSTRINGS_HOOK = r'''DOCS = {"mod_a": 'Fine: <span class="arithmatex">\\(x^2\\)</span>.',
        "mod_b": 'A typo: <span class="arithmatex">\\(\\frac{a}{b\\)</span> here.'}


def on_page_content(html, page, **kwargs):  # as mkdocstrings converts each ::: block into its object's docs
    for name, doc in DOCS.items():
        html = html.replace(f"<p>::: {name}</p>", f'<h2 id="{name}">{name}</h2><p>{doc}</p>')
    return html
'''


def test_a_tex_error_in_a_docstring_is_at_the_line_of_the_object_that_brought_it(tmp_path):
    """Review (Lmo): a docstring's TeX error was located at the page's first ::: line (another module's), not at
    the ::: line of the object whose docstring holds it."""
    config = MINIMAL_CONFIG.split("plugins:")[0] + "plugins:\n  - bpdocs\nhooks:\n  - hooks.py\n"
    (tmp_path / "site-folder").mkdir()
    root = write_site(tmp_path / "site-folder", {"index.md": "# API\n\n::: mod_a\n\nBetween.\n\n::: mod_b\n"},
                      config=config)
    (root / "hooks.py").write_text(DOCSTRINGS_HOOK)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    said = re.findall(r"^WARNING\s+-\s+bpdocs: (.*)$", result.stderr, re.M)
    assert said == ["docs/index.md:7: MathJax could not typeset '\\frac{a}{b': Missing close brace"], result.stderr


EARLY_HOOK = '''import os
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File


@event_priority(100)  # before bpdocs' on_files: its prefetch sees the page (as a plugin listed first would add it)
def on_files(files, config):
    runs = os.path.join(os.path.dirname(config.config_file_path), "runs.txt")
    page = f"# Made\\n\\n```python exec=\\"on\\"\\nopen({runs!r}, 'a').write('ran\\\\n')\\nprint(6 * 7)\\n```\\n"
    folder = os.path.join(os.path.dirname(config.config_file_path), os.pardir, "generated")
    os.makedirs(os.path.join(folder, "api"), exist_ok=True)
    with open(os.path.join(folder, "api", "made.md"), "w") as f:
        f.write(page)
    files.append(File("api/made.md", folder, config.site_dir, config.use_directory_urls))
    return files
'''


def test_a_page_in_a_plugins_temporary_folder_runs_once(tmp_path):
    """Review: such a page was prefetched under its temporary path and run again under its name in the site (a
    cell with a side effect ran twice, and every build missed the cache)."""
    config = MINIMAL_CONFIG.split("plugins:")[0] + "plugins:\n  - bpdocs\nhooks:\n  - hooks.py\n"
    (tmp_path / "site-folder").mkdir()
    root = write_site(tmp_path / "site-folder", {"index.md": "# Home\n"}, config=config)
    (root / "hooks.py").write_text(EARLY_HOOK)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    assert (root / "runs.txt").read_text() == "ran\n"
    assert '<pre class="bpdocs-stdout"><code>42' in (root / "site" / "api" / "made" / "index.html").read_text()


NOTAG_PAGE = r"""# 线性方程组

$$
\begin{cases}
x_1 = -0.5x_4+14.5\notag \\
x_3 = -x_4-4\notag
\end{cases}
$$

$$
a = b \notag
$$

$$
c = d \nonumber
$$

$$
e = f \tag{1}
$$
"""


def test_notag_outside_an_environment_is_typeset_as_mathjax_does_without_a_warning(tmp_path):
    """Review of a public ML notes site (MathJax 3 from extra_javascript): `\\notag` in display math outside an
    environment made MathJax label the equation with an empty tag, whose id ("mjx-eqn:") the safe rules took out
    with a warning, and a second one was "the equation number () used again": the strict build failed."""
    root = write_site(tmp_path, {"index.md": NOTAG_PAGE}, config=MATHJAX_NOTES)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    page_html = (root / "site" / "index.html").read_text()
    assert typeset_count(page_html, "mathjax") == 4 and "data-mjx-error" not in page_html
    assert re.findall(r'id="(mjx-eqn:[^"]*)"', page_html) == ["mjx-eqn:1"]  # (no empty label's id, once a formula)


OFFSETS_HOOK = r'''import re


def on_page_content(html, page, **kwargs):  # as a Markdown extension that marks every block with its offsets
    html = html.replace('<div class="arithmatex">', '<div class="arithmatex" data-original-document-start="7">')
    return re.sub(r'<span class="arithmatex">', '<span data-n="2"\n  class="arithmatex">', html, count=1)
'''


def test_arithmatex_elements_with_other_attributes_are_typeset_and_keep_them(tmp_path):
    """Review of OI-wiki (its document-offsets-injection extension gives every block data-original-document-*
    attributes): a display formula's element with them was not found, left as raw TeX \\[...\\] on a page whose
    MathJax the build had replaced, and never checked for TeX errors."""
    config = MATHJAX_NOTES + "hooks:\n  - hooks.py\n"
    root = write_site(tmp_path, {"index.md": "# P\n\nInline \\(x^2\\) and \\(y\\).\n\n$$\nS = T\n$$\n\n"
                                             "$$\n\\frac{a}{b\n$$\n"}, config=config)
    (root / "hooks.py").write_text(OFFSETS_HOOK)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    said = re.findall(r"^WARNING\s+-\s+bpdocs: (.*)$", result.stderr, re.M)
    assert said == ["docs/index.md:10: MathJax could not typeset '\\frac{a}{b': Missing close brace"], result.stderr
    page_html = (root / "site" / "index.html").read_text()
    assert typeset_count(page_html, "mathjax") == 4 and "\\[" not in page_html and "\\(" not in page_html
    assert page_html.count('<div class="arithmatex" data-original-document-start="7">') == 1
    assert '<div class="arithmatex bpdocs-math-error" title="Missing close brace" ' \
           'data-original-document-start="7">' in page_html
    assert '<span class="arithmatex" data-n="2">' in page_html


SCRIPT_FENCE = MATHJAX_NOTES.replace("  - pymdownx.superfences\n", """\
  - pymdownx.superfences:
      custom_fences:
        - name: math
          class: arithmatex
          format: !!python/object/apply:pymdownx.arithmatex.arithmatex_fenced_format
            kwds: {mode: mathjax, preview: false}
""")


def test_a_math_fence_in_arithmatex_mathjax_mode_is_typeset_from_its_script(tmp_path):
    """Review of OI-wiki (its ``math`` fence uses arithmatex's fenced format in mode mathjax, no preview): the fence's
    <script type="math/tex; mode=display"> was typeset as TeX, tag and all, into a row of letters."""
    root = write_site(tmp_path, {"index.md": "# P\n\n```math\na^2 + b^2 < c^2\n```\n\nInline $x$.\n"},
                      config=SCRIPT_FENCE)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    page_html = (root / "site" / "index.html").read_text()
    assert typeset_count(page_html, "mathjax") == 2 and "<script type=\"math/tex" not in page_html
    assert '<mo>&lt;</mo><msup><mi>c</mi>' in page_html and "<mi>s</mi><mi>c</mi><mi>r</mi>" not in page_html
    docs = json.loads((root / "site" / "search" / "search_index.json").read_text())["docs"]
    assert docs[0]["text"] == "<p>a\u00b2 + b\u00b2 &lt; c\u00b2</p> <p>Inline x.</p>", docs  # (the formula's words)


MDX_MATH_SITE = """\
site_name: notes
theme:
  name: material
  font: false
markdown_extensions:
  - mdx_math
  - pymdownx.superfences
extra_javascript:
  - https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.0/MathJax.js?config=TeX-AMS-MML_HTMLorMML
"""
MDX_MATH_PAGE = r"""# Notes

When \(a \ne 0\), there are two solutions to \(ax^2 + bx + c = 0\):

\[ x = {-b \pm \sqrt{b^2-4ac} \over 2a} \]

$$ y = mx + c $$

\begin{equation}
E = mc^2
\end{equation}

Prices stay $5 and $10.
"""
CHECKED_PAGE = '# Checked\n\n```math check="1-1"\n\\frac{\\partial E}{\\partial w_1} = x_1 (y_1 - t_1)\n```\n'


def test_a_site_with_python_markdown_math_keeps_its_math_markup(tmp_path):
    """Review on a real site (santisbon/reference: python-markdown-math, MathJax 2): the arithmatex bpdocs added
    beside the site's own math extension took its \\( \\) and \\[ \\] (``<script type="math/tex">`` became
    ``<span class="arithmatex">\\(a \\ne 0\\)</span>``), which a renderer reading the scripts only shows as TeX; the
    page mixed two markups. bpdocs adds no arithmatex beside it; its checked equations still hold."""
    html = {}
    for name, plugins in (("off", "  - search\n"), ("on", "  - search\n  - bpdocs\n")):
        root = write_site(tmp_path / name, {"index.md": MDX_MATH_PAGE, "checked.md": CHECKED_PAGE},
                          config=f"{MDX_MATH_SITE}plugins:\n{plugins}")
        assert (result := build(root)).returncode == 0, result.stderr
        html[name] = article((root / "site" / "index.html").read_text())
    assert html["on"] == html["off"]
    assert html["off"].count('<script type="math/tex">') == 2 and html["off"].count("mode=display") == 3
    assert "bpdocs-check-holds" in (root / "site" / "checked" / "index.html").read_text()


MACRO_SCRIPT = """window.MathJax = {
  tex: {
    inlineMath: [["\\\\(", "\\\\)"]],
    macros: {R: "\\\\mathbb{R}", pd: ["\\\\frac{\\\\partial #1}{\\\\partial #2}", 2], vec: ["\\\\mathbf{#1}", 1]}
  }
};
"""
MACRO_PAGE = r"""# Gradients

Every \(\pd{E}{w}\) of a network in \(\R^d\), for an input \(\vec{x}\).

$$
\newcommand{\half}{\frac{1}{2}}
E = \half (y - t)^2
$$

And \(\half \pd{E}{y}\) again.
"""


@pytest.mark.parametrize("migrated", [False, True])
def test_the_search_index_reads_formulas_with_the_sites_macros_expanded(tmp_path, migrated):
    """A newcomer's review (session 20): a site whose MathJax script defines \\pd, \\R and \\vec had its search index
    read "every pd Ew of a network in R ᵈ" and "x⃗"; with the site's MathJax kept and after moving its macros to
    the tex option, it reads the formulas as the page shows them, the page's own \\newcommand too."""
    config = MATHJAX_NOTES + ("extra_javascript:\n  - javascripts/mathjax.js\n"
                              "  - https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-svg.js\n")
    if migrated:
        config = MATHJAX_NOTES.replace("  - bpdocs\n", "  - bpdocs:\n      tex:\n        macros:\n"
                                       "          R: \\mathbb{R}\n"
                                       "          pd: ['\\frac{\\partial #1}{\\partial #2}', 2]\n"
                                       "          vec: ['\\mathbf{#1}', 1]\n")
    root = write_site(tmp_path, {"index.md": MACRO_PAGE, "javascripts/mathjax.js": MACRO_SCRIPT}, config=config)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    index = json.loads((root / "site" / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "Every ∂E/∂w of a network in ℝᵈ, for an input x." in text, text
    assert "E = 1/2 (y - t)²" in text and "And 1/2 ∂E/∂y again" in text, text
