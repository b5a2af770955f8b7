"""A value's rich representation, as Jupyter shows it (a pandas DataFrame's table, a sympy expression's LaTeX, a
PIL image): it was shown as its repr, a PIL image's with its memory address, which changed at every build."""

from __future__ import annotations

import base64
import io

import pytest

from bpdocs.core.display import describe
from bpdocs.core.render import render_output

from ..sitebuild import build, write_site


class Table:  # a DataFrame's representations (pandas itself is not installed here)
    def _repr_html_(self):
        return '<table border="1" class="dataframe"><tr><th>loss</th></tr><tr><td>0.25</td></tr></table>'

    def _repr_latex_(self):
        return None  # (pandas' unless asked)


class Expression:  # a sympy expression's
    def _repr_latex_(self):
        return r"$\displaystyle 1 - \tanh^{2}{\left(x \right)}$"

    def _repr_png_(self):
        raise RuntimeError("no LaTeX installed")  # (sympy's without LaTeX: passed over)


class Picture:
    def _repr_png_(self):
        return b"\x89PNG\r\n\x1a\nfake", {"width": 10}  # (data, metadata)


class Drawing:
    def _repr_svg_(self):
        return '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" id="d"><circle r="1"/></svg>'


class Notes:
    def _repr_markdown_(self):
        return "**bold** notes"


class Answers:  # answers every attribute (a mock): no representation of its own
    def __getattr__(self, name):
        return lambda: "<b>not a representation</b>"

    def __repr__(self):
        return "Answers()"


@pytest.mark.parametrize("value, kind, shown", [
    (Table(), "html", '<table border="1" class="dataframe">'),
    (Expression(), "latex", r"\displaystyle 1 - \tanh^{2}{\left(x \right)}"),
    (Picture(), "html", '<img class="bpdocs-image" alt="Picture" src="data:image/png;base64,'
                        + base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()),
    (Drawing(), "svg", '<div class="bpdocs-figure"><svg role="img" aria-label="A figure." '
                       'xmlns="http://www.w3.org/2000/svg" id="f-d">'),
    (Notes(), "markdown", "**bold** notes"),
    (Answers(), "value", "Answers()"),
])
def test_a_values_richest_representation_is_shown(value, kind, shown):
    item = describe(value)
    assert item["kind"] == kind
    assert shown in render_output(item, None, "auto", "f")[1] or shown in item.values(), item


def test_a_pil_image_is_an_image_the_same_at_every_build():
    from PIL import Image

    item = describe(Image.new("RGB", (2, 2), "red"))
    html = render_output(item, None, "auto", "f")[1]
    encoded = html.split("base64,")[1].split('"')[0]
    assert Image.open(io.BytesIO(base64.b64decode(encoded))).size == (2, 2)
    assert " at 0x" not in html and html == render_output(describe(Image.new("RGB", (2, 2), "red")), None, "auto",
                                                          "f")[1]


PAGE = '''\
# Representations

```python exec="on"
class Table:
    def _repr_html_(self):
        return '<table class="dataframe"><tr><th>epoch</th><th>loss</th></tr><tr><td>1</td><td>0.25</td></tr></table>'


Table()
```

```python exec="on"
class Expression:
    def _repr_latex_(self):
        return r"$\\displaystyle \\sigma'(z) = \\sigma(z) \\left(1 - \\sigma(z)\\right)$"


Expression()
```
'''


def test_representations_in_a_built_page(tmp_path):
    write_site(tmp_path, {"index.md": PAGE}, config="site_name: t\ntheme: material\nplugins:\n  - bpdocs\n")
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert '<table class="dataframe"><tr><th>epoch</th>' in html
    output = html[html.index('<div class="bpdocs-output">', html.index("Expression")):]
    assert output.startswith('<div class="bpdocs-output"><div class="arithmatex">') and "<mjx-container" in output


class Prose:  # a _repr_latex_ of text with math in it: not one formula
    def _repr_latex_(self):
        return r"The loss $E$ falls as $t$ grows."

    def __repr__(self):
        return "Prose()"


class Environment:
    def _repr_latex_(self):
        return r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}"


def test_latex_that_is_not_one_formula_is_passed_over_and_format_text_is_the_repr():
    """A review: prose with $..$ in a _repr_latex_ came out as one garbled italic formula; show(df, format="text")
    gave its HTML."""
    assert describe(Prose()) == {"kind": "value", "repr": "Prose()"}
    assert describe(Environment()) == {"kind": "latex", "latex": r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}"}
    assert describe(Table(), rich=False)["kind"] == "value"
