"""Math typeset when the site is built: MathJax in Node, located TeX errors, references, the cache, the fallback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from ..sitebuild import MKDOCS, build, path_without, write_site

CONFIG = "site_name: t\nplugins:\n  - bpdocs\n"


def test_a_tex_error_is_a_located_warning_that_fails_a_strict_build(tmp_path):
    page = "# P\n\nFine \\(x_1\\).\n\nBroken \\(\\frac{a\\) here.\n\n$$ \\undefinedmacro{y} $$\n"
    write_site(tmp_path, {"index.md": page}, config=CONFIG)
    result = build(tmp_path)
    assert result.returncode != 0
    assert "docs/index.md:5: MathJax could not typeset '\\frac{a': Missing close brace" in result.stderr, \
        result.stderr


def test_an_undefined_macro_is_an_error_shown_as_the_browser_shows_it(tmp_path):
    """Reported at its line (so --strict fails), and on the page as MathJax in a browser shows it (noundefined, in
    its components): the macro's name in red and the rest typeset, not the formula swapped for an error box."""
    page = "# P\n\n$$ \\undefinedmacro{y} + \\frac{a}{b} $$\n\nAnd \\(\\exist x + \\foo y + \\exist z\\).\n"
    write_site(tmp_path, {"index.md": page}, config=CONFIG)
    result = build(tmp_path)
    assert "docs/index.md:3: MathJax could not typeset '\\undefinedmacro{y} + \\frac{a}{b}': Undefined control " \
        "sequence \\undefinedmacro" in result.stderr, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert "data-mjx-error" not in html and 'fill="red"' in html and 'data-mml-node="mfrac"' in html
    assert "<mtext mathcolor=\"red\">\\undefinedmacro</mtext>" in html  # (the assistive MathML says it too)
    assert "docs/index.md:5: MathJax could not typeset '\\exist x + \\foo y + \\exist z': Undefined control " \
        "sequences \\exist, \\foo" in result.stderr, result.stderr  # (every one, each once)


def test_references_work_across_the_page_forwards_too(tmp_path):
    page = ("# P\n\nAs \\(\\eqref{later}\\) shows.\n\n$$ a = b \\label{later} \\tag{7} $$\n\n"
            "And \\(\\eqref{later}\\) again; \\(\\ref{later}\\).\n")
    write_site(tmp_path, {"index.md": page}, config=CONFIG)
    assert (result := build(tmp_path)).returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    # each a link named for a screen reader: \eqref and \ref alike are "equation 7"
    assert html.count('<a class="bpdocs-ref" href="#mjx-eqn%3Alater" aria-label="equation 7">') == 3
    assert 'id="mjx-eqn:later"' in html and "???" not in html


def test_a_reference_to_no_label_is_an_error(tmp_path):
    write_site(tmp_path, {"index.md": "# P\n\nSee \\(\\eqref{nowhere}\\).\n"}, config=CONFIG)
    result = build(tmp_path)
    assert "docs/index.md:3: MathJax could not typeset '\\eqref{nowhere}': a reference (\\ref or \\eqref) " \
        "to a label no equation on this page defines" in result.stderr, result.stderr


def test_a_reference_to_an_equation_without_a_number_is_an_error_that_says_how_to_number_it(tmp_path):
    """A $$ block with a \\label and no \\tag has no number under tags: ams: a reference to it showed "(???)" and the
    strict build passed (an author's review)."""
    page = "# P\n\n$$ p_i = e^{z_i} \\label{eq:p} $$\n\nSee \\(\\eqref{eq:p}\\).\n"
    write_site(tmp_path, {"index.md": page}, config=CONFIG)
    result = build(tmp_path)
    assert result.returncode != 0 and "docs/index.md:5: MathJax could not typeset '\\eqref{eq:p}': a reference " \
        "(\\ref or \\eqref) to a label of an equation that has no number (with tags: ams, an equation is numbered by " \
        "\\tag{...} or an equation or align environment)" in result.stderr, result.stderr
    write_site(tmp_path, {"index.md": page.replace("\\label{eq:p}", "\\label{eq:p} \\tag{1}")}, config=CONFIG)
    assert (result := build(tmp_path)).returncode == 0, result.stderr
    assert 'aria-label="equation 1"' in (tmp_path / "site" / "index.html").read_text()


def test_typeset_math_is_cached(tmp_path):
    write_site(tmp_path, {"index.md": "# P\n\n\\(x_1\\) and \\(y_2\\).\n"}, config=CONFIG)
    first = build(tmp_path, env={"BPDOCS_CACHE": "1", "SOURCE_DATE_EPOCH": "1767225600"})
    assert "2 formula(s) typeset (0 from cache)" in first.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    second = build(tmp_path, env={"BPDOCS_CACHE": "1", "SOURCE_DATE_EPOCH": "1767225600"})
    assert "2 formula(s) typeset (2 from cache)" in second.stderr
    assert (tmp_path / "site" / "index.html").read_text() == html


def test_without_node_the_build_says_so_once_and_typesets_in_the_browser(tmp_path):
    write_site(tmp_path, {"index.md": "# P\n\n\\(x_1\\).\n", "other.md": "# Q\n\n\\(y\\).\n"}, config=CONFIG)
    path = path_without(tmp_path / "bin")
    assert shutil.which("node") and shutil.which("node", path=path) is None
    strict = build(tmp_path, env={"PATH": path})
    assert strict.returncode != 0  # nothing could check the TeX: a strict build says so, at WARNING
    assert re.findall(r"^WARNING .*bpdocs: (.*)$", strict.stderr, re.M) == [
        "2 formula(s) were not checked for TeX errors: Node.js is not on this machine (PATH) (with Node.js, "
        "bpdocs checks every formula when the site is built)"]
    result = subprocess.run([*MKDOCS, "build"], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "PATH": path, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    said = re.findall(r"^INFO .*math is typeset in the browser by MathJax: Node.js is not on this machine", result.stderr,
                      re.M)
    assert len(said) == 1, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert '<span class="arithmatex">\\(x_1\\)</span>' in html and "assets/bpdocs/mathjax/tex-svg.js" in html
    assert (tmp_path / "site" / "assets" / "bpdocs" / "mathjax" / "input" / "tex" / "extensions" / "boldsymbol.js").is_file()


SEARCHED = '''# Searchable

## Numbers

```python exec="on" show="output"
print("the printed value 98765")
```

A value: `{python} 12345 * 2`.
'''


def test_search_finds_printed_output_and_values_in_their_section(tmp_path):
    import json

    for search in ("search", "material/search"):
        root = write_site(tmp_path / search.replace("/", "-"), {"index.md": SEARCHED},
                          config=f"site_name: t\ntheme: material\nplugins:\n  - {search}\n  - bpdocs\n")
        assert (result := build(root)).returncode == 0, result.stderr
        docs = json.loads((root / "site" / "search" / "search_index.json").read_text())["docs"]
        found = {doc["location"] for doc in docs if "98765" in doc["text"]}
        assert found == {"#numbers"}, (search, found)
        assert any("24690" in doc["text"] and doc["location"] == "#numbers" for doc in docs)
