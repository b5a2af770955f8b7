"""Rendering plain result data to HTML and Markdown: table-driven, no MkDocs involved."""

import json
import random
import re

import pytest

from bpdocs.core.assemble import assemble
from bpdocs.core.display import describe
from bpdocs.core.fences import scan
from bpdocs.core.render import bmatrix, number, pre, prefix_svg_ids, render_output


@pytest.mark.parametrize("value, precision, text", [
    (0.39970409, None, "0.399704"), (0.39970409, 2, "0.40"), (-0.0001, 2, "0.00"),
    (-0.0, None, "0"), (1e-9, None, "1e-09"), (-1.5, 0, "-2"), (float("nan"), 2, "nan"),
])
def test_number(value, precision, text):
    assert number(value, precision) == text


def test_bmatrix_shapes():
    assert bmatrix({"shape": [], "data": 2.5}, 1) == "2.5"
    assert bmatrix({"shape": [2], "data": [1.0, -2.0]}, 1) == \
        "\\begin{bmatrix} 1.0 \\\\ -2.0 \\end{bmatrix}"
    assert bmatrix({"shape": [1, 2], "data": [[1e-9, 3.0]]}, None) == \
        "\\begin{bmatrix} 1 \\times 10^{-9} & 3 \\end{bmatrix}"


def test_printed_text_is_escaped():
    kind, html = render_output({"kind": "text", "text": "<script>alert(1)</script> & co"}, None, "auto", "f")
    assert kind == "html"
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


def test_arrays_as_matrix_table_and_text():
    item = {"kind": "array", "shape": [2, 2], "data": [[1.0, 2.0], [3.0, 4.0]], "label": "W^1"}
    _, math = render_output(item, 1, "auto", "f")
    assert math == ('<div class="arithmatex">\\[ W^1 = \\begin{bmatrix} 1.0 &amp; 2.0 \\\\ '
                    '3.0 &amp; 4.0 \\end{bmatrix} \\]</div>')
    _, table = render_output(item, 1, "table", "f")
    assert table.count("<tr>") == 2 and "<td>4.0</td>" in table
    _, text = render_output(item, 0, "text", "f")
    assert "1 2\n3 4" in text


def test_svg_ids_are_prefixed_and_references_follow():
    svg = ('<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg><g id="figure_1"><path id="m1"/>'
           '<use xlink:href="#m1"/><rect clip-path="url(#c1)"/><clipPath id="c1"/></g></svg>')
    out = prefix_svg_ids(svg, "p7")
    assert out.startswith("<svg>")
    assert 'id="p7-figure_1"' in out and 'xlink:href="#p7-m1"' in out and "url(#p7-c1)" in out
    assert 'id="m1"' not in out


def _prefixed_by_regexes(svg: str, prefix: str) -> str:
    """What prefix_svg_ids did before it looked for ids as literal text: the plain regex reading, the reference."""
    svg = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    ids = set(re.findall(r'\sid="([^"]+)"', svg))
    if not ids:
        return svg
    for pattern in (r"(url\(#)([^)]+)", r'(href="#)([^"]+)'):
        svg = re.sub(pattern, lambda m: f"{m[1]}{prefix}-{m[2]}" if m[2] in ids else m[0], svg)
    return re.sub(r'(\sid=")', lambda m: f"{m[1]}{prefix}-", svg)


def test_svg_ids_are_prefixed_as_the_regexes_read_them_whatever_the_markup():
    """Fuzzed against the plain regex reading: ids after any whitespace (a newline, a tab, a no-break space), none
    after other characters, empty and unclosed ids, ids inside other ids' values, references to known and unknown ids."""
    rng = random.Random(21)
    parts = ["<svg", ' id="a"', '\nid="b"', 'id="c"', ' id=""', ' id="a', ' href="#a"', " url(#b)", "url(#zz)",
             '\u00a0id="d"', ">", " ", '"', 'xid="e"', "<?xml v?>", "<!DOCTYPE x>", '\tid="a"', 'id="id="']
    for _ in range(20000):
        svg = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        assert prefix_svg_ids(svg, "fig-3") == _prefixed_by_regexes(svg, "fig-3"), svg


def test_assemble_replaces_fences_and_inline_values():
    page = 'Value `{python} x`.\n\n```python exec="on" title="T"\nx = 1\nx\n```\n\nEnd.\n'
    scanned = scan(page, "docs/p.md")
    results = {"inline-6": {"text": "1"},
               "fence-3": {"outputs": [{"kind": "number", "value": 1.0}]}}
    out = assemble(page, scanned, results, default_show="both", page_id="docs/p.md")
    assert "{python}" not in out.markdown
    (token,) = out.inline_values
    assert out.inline_values[token] == "1" and token in out.markdown
    assert '```python title="T"\nx = 1\nx\n```' in out.markdown
    (block,) = out.blocks.values()
    assert block == '<pre class="bpdocs-value"><code>1</code></pre>'


def test_assemble_show_output_hides_source_and_errors_replace_output():
    page = '```python exec="on" show="output"\nprint(1)\n```\n'
    scanned = scan(page, "docs/p.md")
    ok = assemble(page, scanned, {"fence-1": {"outputs": [{"kind": "text", "text": "1\n"}]}},
                  default_show="both", page_id="p")
    assert "print(1)" not in ok.markdown
    failed = assemble(page, scanned, {"fence-1": {"error": "docs/p.md:2: boom"}},
                      default_show="both", page_id="p")
    (block,) = failed.blocks.values()
    assert "admonition failure" in block and "docs/p.md:2: boom" in block


def test_tables_have_no_class_so_material_styles_them():
    _, html = render_output({"kind": "rows", "rows": [["a", "b"], [1.0, 2.0]]}, 1, "auto", "f")
    assert html.startswith('<div class="bpdocs-table"><table><thead><tr><th>a</th>')
    assert "<table class" not in html


def test_result_language_highlights_printed_text_and_still_escapes():
    _, html = render_output({"kind": "text", "text": '{"a": "<b>"}\n'}, None, "auto", "f", "json")
    assert html.startswith('<div class="highlight bpdocs-stdout"><pre><span></span><code>')
    assert "&lt;b&gt;" in html and "<b>" not in html and 'class="nt"' in html


@pytest.mark.parametrize("wrap, language, starts", [
    ("on", None, '<pre class="bpdocs-stdout bpdocs-wrap"><code>'),
    ("on", "text", '<div class="highlight bpdocs-stdout bpdocs-wrap"><pre><span></span><code>'),
    ("off", None, '<pre class="bpdocs-stdout"><code>'),
    (None, None, '<pre class="bpdocs-stdout"><code>'),
])
def test_wrap_on_marks_printed_text_to_wrap_and_is_not_passed_to_the_source(wrap, language, starts):
    attrs = " ".join(f'{k}="{v}"' for k, v in (("wrap", wrap), ("result", language)) if v)
    page = f'```python exec="on" title="T" {attrs}\nprint("a long message")\n```\n'
    out = assemble(page, scan(page, "docs/p.md"), {"fence-1": {"outputs": [{"kind": "text", "text": "a long message\n"}]}},
                   default_show="both", page_id="p")
    (block,) = out.blocks.values()
    assert block.startswith(starts), block
    assert '```python title="T"\n' in out.markdown  # (superfences would take wrap for an attribute of its own)


def test_an_unknown_result_language_is_a_located_error():
    from bpdocs.core.errors import AuthoringError
    from bpdocs.core.attributes import check_fence

    fence = scan('# t\n```python exec="on" result="klingon"\nx = 1\n```\n', "docs/p.md").fences[0]
    with pytest.raises(AuthoringError, match=r'docs/p.md:2: result="klingon" is not a language Pygments knows'):
        check_fence(fence)


@pytest.mark.parametrize("printed, shown", [
    ("\x1b[31mred\x1b[0m text", "red text"),  # logging's and rich's colours: ESC was written into the page
    ("a\x00b", "a\ufffdb"),  # NUL, which HTML cannot hold
    (" 10%|#   |\r 50%|##  |\r100%|####|\nnext", "100%|####|\nnext"),  # tqdm's bar, as it ends
    ("windows\r\nlines\r\n", "windows\nlines\n"),
    ("\x1b]8;;https://x.org\x1b\\a link\x1b]8;;\x1b\\ and a tab\t", "a link and a tab\t"),
    ("plain, unchanged\n", "plain, unchanged\n"),
])
def test_printed_text_is_shown_as_a_terminal_leaves_it(printed, shown):
    """An author's review: ANSI colours and a NUL were written raw into the page (an HTML file grep called binary)."""
    html = render_output({"kind": "text", "text": printed}, None, "auto", "f")[1]
    assert html == pre(shown, "bpdocs-stdout")
    assert "\x1b" not in render_output({"kind": "text", "text": printed}, None, "auto", "f", "text")[1]


@pytest.mark.parametrize("shape, shown", [
    ((2000,), "0 \\\\ 1 \\\\ 2 \\\\ \\vdots \\\\ 1997 \\\\ 1998 \\\\ 1999"),
    ((2, 1000), "0 & 1 & 2 & \\cdots & 997 & 998 & 999 \\\\ 1000 & 1001 & 1002 & \\cdots & 1997 & 1998 & 1999"),
    ((1000, 2), "0 & 1 \\\\ 2 & 3 \\\\ 4 & 5 \\\\ \\vdots & \\vdots \\\\ "
                "1994 & 1995 \\\\ 1996 & 1997 \\\\ 1998 & 1999"),
    ((40, 40), "0 & 1 & 2 & \\cdots & 37 & 38 & 39 \\\\ 40 & 41 & 42 & \\cdots & 77 & 78 & 79 \\\\ "
               "80 & 81 & 82 & \\cdots & 117 & 118 & 119 \\\\ "
               "\\vdots & \\vdots & \\vdots & \\ddots & \\vdots & \\vdots & \\vdots \\\\ "
               "1480 & 1481 & 1482 & \\cdots & 1517 & 1518 & 1519 \\\\ "
               "1520 & 1521 & 1522 & \\cdots & 1557 & 1558 & 1559 \\\\ "
               "1560 & 1561 & 1562 & \\cdots & 1597 & 1598 & 1599"),
    ((10, 100), None),  # 1000 numbers: numpy prints them all
])
def test_a_long_array_is_summarised_as_numpy_prints_it(shape, shown):
    import numpy as np

    item = describe(np.arange(float(np.prod(shape))).reshape(shape))
    latex = bmatrix(item, None)
    if shown is None:
        assert latex.count("&") + latex.count("\\\\") == 999 and "dots" not in latex
    else:
        assert latex == f"\\begin{{bmatrix}} {shown} \\end{{bmatrix}}"
        assert len(json.dumps(item)) < 1000  # the child sends what is shown, not a million numbers


def test_a_summarised_array_as_text_and_as_a_table_and_the_fences_own_print_options():
    import numpy as np

    item = describe(np.arange(1600.0).reshape(40, 40))
    text = render_output(item, None, "text", "f")[1]
    assert "0 1 2 ... 37 38 39\n" in text and "\n...\n1480 1481" in text
    assert render_output(item, None, "table", "f")[1].count("<td>\u2026</td>") == 6 + 7
    before = np.get_printoptions()
    try:
        np.set_printoptions(threshold=2000, edgeitems=1)
        assert len(describe(np.arange(1600.0))["data"]) == 1600
        assert describe(np.arange(3000.0))["data"] == [0.0, None, 2999.0]
    finally:
        np.set_printoptions(**before)


def shown(value, **options) -> tuple[str, str]:
    """What ``show(value, **options)`` puts on the page."""
    from bpdocs.core import display

    sink, display._sink = display._sink, []
    try:
        display.show(value, **options)
        (item,) = display._sink
    finally:
        display._sink = sink
    return render_output(json.loads(json.dumps(item)), None, "auto", "f")  # (as the results come back: JSON)


def test_a_label_names_whatever_is_shown():
    import numpy as np

    from bpdocs.core.display import TeX

    # a matrix and a number: label = value, typeset (a small number as a power of ten, as a matrix's entries)
    assert "\\[ \\text{loss} = 0.25 \\]" in shown(0.25, label="loss")[1]
    assert "\\[ \\text{tiny} = 1 \\times 10^{-5} \\]" in shown(1e-5, label="tiny")[1]
    assert shown(0.25, label="loss", format="text")[1] == \
        '<p class="bpdocs-label">loss</p><pre class="bpdocs-value"><code>0.25</code></pre>'
    assert shown(0.25, label=TeX(r"E \) x"))[1].startswith('<div class="arithmatex">\\[ E \\) x = 0.25')
    assert "\\[ W^1 = \\begin{bmatrix}" in shown(np.eye(2), label=TeX("W^1"))[1]
    # a table: a line before it, text escaped, TeX as the page's inline math
    rows = shown([["step", "loss"], [1, 0.5]], label="Table 1 <raw>")[1]
    assert rows.startswith('<p class="bpdocs-label">Table 1 &lt;raw&gt;</p><div class="bpdocs-table"><table><thead>')
    table = shown(np.eye(2), format="table", label=TeX("W^1"))[1]
    assert table.startswith('<p class="bpdocs-label"><span class="arithmatex">\\(W^1\\)</span></p><div')
    # printed text and a value's repr: a line before it; a text label with \( \) in it is text, not math
    text = shown(np.eye(2), format="text", label="w")[1]
    assert text.startswith('<p class="bpdocs-label">w</p><pre class="bpdocs-value">')
    value = shown({"a": 1}, label=r"cost \(x\) <b>")[1]
    assert value.startswith('<p class="bpdocs-label">cost \\(x\\) &lt;b&gt;</p><pre') and "arithmatex" not in value
    # a label on one line (a blank line in it would end the HTML block when the output is Markdown)
    assert shown({"a": 1}, label="two\n\nlines")[1].startswith('<p class="bpdocs-label">two lines</p>')
    # without a label, nothing before it
    assert shown({"a": 1})[1].startswith("<pre")
