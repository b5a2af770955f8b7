"""Fence and inline-value scanning: table-driven, no MkDocs involved."""

import random
import shlex
import time

import pytest

from bpdocs.core.errors import AuthoringError
from bpdocs.core.attributes import check_fence
from bpdocs.core.fences import parse_info, scan, split_words


@pytest.mark.parametrize("info, lang, attrs", [
    ('python exec="on"', "python", {"exec": "on"}),
    ('python exec="on" session="demo" title="Two words"', "python",
     {"exec": "on", "session": "demo", "title": "Two words"}),
    ("python exec=1 show='output'", "python", {"exec": "1", "show": "output"}),
    ('{.python exec="on"}', "python", {"exec": "on"}),
    ("python", "python", {}),
    ("", "", {}),
    ("math check=\"1-1-2\"", "math", {"check": "1-1-2"}),
    ('python {linenums="1"}', "python", {"linenums": "1"}),  # superfences' attributes in braces after the language
])
def test_parse_info(info, lang, attrs):
    assert parse_info(info) == (lang, attrs)


def test_parse_info_reports_an_unclosed_quote():
    with pytest.raises(AuthoringError, match="cannot read the fence's attributes"):
        parse_info('python title="oops')


def test_a_fence_of_another_tool_whose_attributes_cannot_be_read_is_left_to_it_and_every_one_of_ours_is_an_error():
    """Real sites (Material's own docs: ``hl_lines="4 5""``, which superfences reads): a fence that is not bpdocs'
    is plain code, never an error; each of bpdocs' fences whose attributes cannot be read is one, at its line."""
    page = ('# T\n\n``` hl_lines="4 5""\nx\n```\n\n```python {linenums="1"}\ny\n```\n\n'
            '```python exec="on" title="a""\nprint(1)\n```\n\n```math check="1-1\nx = 1\n```\n')
    found = scan(page, "docs/index.md", line_offset=2)
    assert [(f.line, f.lang, f.attrs) for f in found.fences] == [
        (5, "", {}), (9, "python", {"linenums": "1"}), (13, "python", {}), (17, "math", {})]
    assert [str(e).split(" (")[0] for e in found.errors] == [
        "docs/index.md:13: cannot read the fence's attributes", "docs/index.md:17: cannot read the fence's attributes"]
    assert not any(f.executes for f in found.fences)


def test_split_words_reads_info_strings_exactly_as_shlex_does():
    """The quick reading of simple info strings is shlex's own, whatever the string (fuzzed: quotes of both
    kinds, nested, empty, unclosed; backslashes; shlex's whitespace and other space characters)."""
    rng = random.Random(21)
    pieces = ["a", "exec", "=", "on", '"', "'", " ", "  ", "\t", "\n", "\r", "\\", "\v", "\u00a0", ".", "{", "}",
              "#", "é", '""', "''", '"x y"', "'x y'"]
    for _ in range(20000):
        info = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        try:
            expected = shlex.split(info, posix=True)
        except ValueError:
            with pytest.raises(AuthoringError, match="cannot read the fence's attributes"):
                split_words(info)
            continue
        assert split_words(info) == expected, info


@pytest.mark.parametrize("info", ["a" * 50000 + "\\", "a" * 50000 + '"', ("a " * 25000) + "'", " " * 50000 + '"',
                                  '"' + "a" * 50000, "x=" + '""' * 25000 + "'", "ab  " * 20000 + '"'])
def test_split_words_is_linear_on_long_info_strings(info):
    """No catastrophic backtracking: a long info string that the quick reading refuses is refused at once."""
    start = time.process_time()
    try:
        split_words(info)
    except AuthoringError:
        pass
    assert time.process_time() - start < 5  # (shlex itself takes ~0.1 s here; backtracking would take years)


PAGE = '''\
# Title

Text with `{python} a + 1` and `{py} b:.2f` but not ``{python} c`` nor `{python}`.

```python exec="on"
a = 1
```

````markdown
```python exec="on"
inside = "an example, never run"
```
````

- item

    ~~~python exec="on" session="s"
    b = 2.0
    ~~~

```python
plain = True
```
'''


def test_scan_finds_fences_lines_sessions_and_inline_values():
    result = scan(PAGE, "docs/p.md")
    assert [(f.line, f.lang, f.executes) for f in result.fences] == [
        (5, "python", True), (9, "markdown", False), (17, "python", True), (21, "python", False)]
    nested = result.fences[2]
    assert nested.indent == "    " and nested.marker == "~~~" and nested.source == "b = 2.0"
    assert nested.attrs["session"] == "s"
    assert [(v.line, v.expr) for v in result.inline] == [(3, "a + 1"), (3, "b:.2f")]
    first = result.inline[0]
    assert PAGE[first.span[0]:first.span[1]] == "`{python} a + 1`"


FENCE = '```python exec="on"\n{0}print(1)\n{0}```\n'


@pytest.mark.parametrize("before, indent, runs", [
    ("To write a fence, type:\n\n", "    ", False),  # an indented code block: the syntax shown, not run
    ("", "    ", False),  # (the page starts with one)
    ("- an item\n\n    para\n\n", "        ", False),  # an indented code block inside a list item
    ("!!! note\n\n    text\n\n", "        ", False),  # inside an admonition
    ("!!! note\n\n", "    ", True),  # the admonition's own content
    ("!!! note\n\n    ??? tip\n\n", "        ", True),
    ('=== "Tab"\n\n', "    ", True),
    ("- an item\n\n", "  ", True),
    ("- an item\n\n", "    ", True),
    ("- an item\n\n", "      ", True),  # (Python-Markdown takes 4 columns off an item's lines: 2 left)
    ("1. a step\n\n", "    ", True),
    ("", "", True),
    ("Text.\n\n", "   ", True),  # 3 columns: still a fence
])
def test_a_fence_in_an_indented_code_block_is_code_as_markdown_shows_it(before, indent, runs):
    """An author showing readers the syntax of a fence in an indented code block: Markdown (and superfences) show
    it as code; bpdocs ran it, and the build failed with a placeholder left in the page (an author's review)."""
    page = before + indent + FENCE.format(indent)
    assert [f.lang for f in scan(page, "docs/p.md").fences] == (["python"] if runs else [])


def test_an_unclosed_fence_is_an_error_at_its_line():
    fence = scan("text\n\n```python exec=\"on\"\nx = 1\n", "docs/p.md").fences[0]
    with pytest.raises(AuthoringError) as info:
        check_fence(fence)
    assert str(info.value) == "docs/p.md:3: the fence opened here with ``` is never closed"


@pytest.mark.parametrize("attrs, message", [
    ('exec="onn"', 'exec="onn" is not understood; use exec="on" or exec="off"'),
    ('exec="on" show="all"', 'show="all" is not one of: both, source, output, none'),
    ('exec="on" sesion="a"', "unknown attribute 'sesion'"),
    ('exec="on" precision="-1"', 'precision="-1" must be a whole number >= 0'),
    ('exec="on" timeout="0"', 'timeout="0" must be a number of seconds, more than 0 and at most 86400'),
    ('exec="on" timeout="1e9"', 'timeout="1e9" must be a number of seconds, more than 0 and at most 86400'),
    ('exec="on" format="latex"', 'format="latex" is not one of: auto, matrix, table, text'),
    ('exec="on" wrap="soft"', 'wrap="soft" is not understood; use wrap="on"'),
])
def test_bad_attributes_are_located_errors(attrs, message):
    fence = scan(f"# t\n```python {attrs}\nx = 1\n```\n", "docs/p.md").fences[0]
    with pytest.raises(AuthoringError) as info:
        check_fence(fence)
    assert str(info.value).startswith(f"docs/p.md:2: {message}")


def test_a_fractional_timeout_is_read_as_the_option_reads_it():
    """timeout="1.5" was refused ("a whole number >= 1") where the timeout option takes any number more than 0."""
    check_fence(scan('# t\n```python exec="on" timeout="1.5"\nx = 1\n```\n', "docs/p.md").fences[0])


def test_only_python_fences_run():
    fence = scan('```bash exec="on"\nls\n```\n', "docs/p.md").fences[0]
    with pytest.raises(AuthoringError, match="only Python fences can run, this one is bash"):
        check_fence(fence)


def test_a_python_fence_written_in_capitals_is_told_how_to_write_it():
    """```Python exec="on" was told "only Python fences can run, this one is Python"."""
    fence = scan('```Python exec="on"\nx = 1\n```\n', "docs/p.md").fences[0]
    with pytest.raises(AuthoringError, match="the fence's language is written Python: write python, in lower case"):
        check_fence(fence)


@pytest.mark.parametrize("info", ['python exec="on" exec="off"', '{.python exec="on" session="a" session="b"}'])
def test_an_attribute_given_twice_is_an_error_at_its_fence(info):
    """The last one won: exec="on" exec="off" did not run, without a word."""
    scanned = scan(f"# t\n\n```{info}\nx = 1\n```\n", "docs/p.md")
    (error,) = scanned.errors
    assert str(error).startswith("docs/p.md:3: the attribute ") and " is given twice: " in str(error)
    assert not scanned.fences[0].executes
    assert parse_info('python hl_lines="1" title="t"') == ("python", {"hl_lines": "1", "title": "t"})


@pytest.mark.parametrize("line, exprs", [
    ("A `{python} x` and `{py} y:.2f`.", ["x", "y:.2f"]),
    ("Literal: ``{python} x``.", []),  # double backticks show the syntax
    ("Documented: `` `{python} expression:format` `` here.", []),  # a value inside a longer code span
    ("Code `a` then `{python} z`.", ["z"]),
    ("Unclosed `` then `{python} w`.", ["w"]),  # backticks that open nothing are literal
    ("`{python}x` needs a space", []),
    ("In math \\(E = `{python} e:.3f`\\).", ["e:.3f"]),
])
def test_inline_values_are_single_backtick_code_spans(line, exprs):
    from bpdocs.core.fences import inline_values

    assert [expr for _, _, expr in inline_values(line)] == exprs
    for start, end, expr in inline_values(line):
        assert line[start] == line[end - 1] == "`" and expr in line[start:end]


@pytest.mark.parametrize("info, said", [
    ("{python}", "Quarto's (and R Markdown's) cell"),
    ("{python} ", "Quarto's (and R Markdown's) cell"),
    ("{python echo=FALSE}", "Quarto's (and R Markdown's) cell"),
    ("{py}", "Quarto's (and R Markdown's) cell"),
    ("{code-cell} ipython3", "MyST's (Jupyter Book's) cell"),
    ("{code-cell} python", "MyST's (Jupyter Book's) cell"),
    ("{jupyter-execute}", "jupyter-sphinx's cell"),
    ("{ipython}", "Sphinx's cell"),
    ("{r}", "bpdocs runs Python"),
    ("{julia}", "bpdocs runs Python"),
    ("{.python}", None),  # superfences' braced form: a code block
    ("{.python linenums=\"1\"}", None),
    ("python", None),
    ("{python exec=\"on\"}", None),  # bpdocs' own braced form: it runs
    ("{pythonic}", None),
    ("{rust}", None),
])
def test_a_cell_another_tool_runs_is_told_how_bpdocs_runs_one(info, said):
    """Quarto's ```{python}, MyST's ```{code-cell}: an author coming from those tools expects it to run; bpdocs
    says at INFO (not an error: the site built before it, with the block shown as code) how to write one."""
    page_scan = scan(f"# P\n\n```{info}\nprint(1)\n```\n", "docs/p.md", line_offset=2)
    notes = [str(note) for note in page_scan.notes]
    if said is None:
        assert notes == []
    else:
        assert len(notes) == 1 and notes[0].startswith(f"docs/p.md:5: ```{info.strip()} is ") and said in notes[0]
        assert 'write ```python exec="on"' in notes[0] or "in fences written ```python exec=\"on\"" in notes[0]


def test_a_quarto_cell_shown_inside_a_longer_fence_is_an_example_not_a_cell():
    assert scan('````markdown\n```{python}\nx\n```\n````\n', "docs/p.md").notes == []


def test_a_site_with_a_quarto_cell_builds_as_before_and_says_where_it_is(tmp_path):
    from ..sitebuild import build, write_site

    page = "# P\n\nSome text.\n\n```{python}\nprint(1 + 1)\n```\n"
    result = build(write_site(tmp_path / "site", {"index.md": page}, "site_name: t\ntheme: material\n"
                                                                         "plugins:\n  - bpdocs\n"))
    assert result.returncode == 0, result.stderr
    assert 'INFO    -  docs/index.md:5: ```{python} is Quarto\'s (and R Markdown\'s) cell to run, which bpdocs ' \
           'does not run; to run it here, write ```python exec="on"' in result.stderr
    assert "print(1 + 1)" in (tmp_path / "site" / "site" / "index.html").read_text()


def test_a_quarto_cell_is_told_once_in_a_serve_loop(tmp_path, caplog):
    """The note was logged at every rebuild of `mkdocs serve` (each build plans its pages anew)."""
    import logging

    from ..sitebuild import serve_loop, write_site

    root = write_site(tmp_path / "site", {"index.md": "# P\n\n```{python}\nprint(1 + 1)\n```\n"},
                      "site_name: t\ntheme: material\nplugins:\n  - bpdocs\n")
    with caplog.at_level(logging.INFO), serve_loop(root) as rebuild:
        for _ in range(3):
            rebuild()
    said = [r.getMessage() for r in caplog.records if "is Quarto's (and R Markdown's) cell" in r.getMessage()]
    assert len(said) == 1 and said[0].startswith("docs/index.md:3: "), said


def _shown_by_markdown(page: str) -> bool:
    """Whether Python-Markdown shows the fence's code to a reader (not inside an HTML comment)."""
    import markdown

    html = markdown.markdown(page, extensions=["pymdownx.superfences", "admonition", "pymdownx.tabbed"])
    at = html.find("print")
    return html.rfind("<!--", 0, at) <= html.rfind("-->", 0, at)


@pytest.mark.parametrize("before, after", [
    ("<!--\n", "-->\n"),
    ("<!-- turned off until it works:\n\n", "\n-->\n"),
    ("Text.\n<!--\n", "-->\n"),  # (a comment may open at the end of a paragraph's line)
    ("Text <!-- an aside\n", "-->\n"),
    ("   <!--\n", "-->\n"),
    ("<!-- one --> <!-- and the next\n", "-->\n"),
    ("<!--\n", "\nmore text --> after\n"),
    ("<!-- closed at once -->\n", ""),
    ("<!-- never closed\n\n", "\nText.\n"),  # shown as text by Markdown: so is the fence
    ("Write `<!--` to open a comment.\n\n", "\nand `-->` to close it.\n"),
    ("    <!--\n\n", "-->\n"),  # an indented code block's text
])
def test_a_fence_in_an_html_comment_never_runs_as_markdown_hides_it(before, after):
    """An author comments a fence out to turn it off: Python-Markdown keeps the comment whole (the fence's code
    inside it), so no reader sees it, but bpdocs ran it (and a failing cell failed the build). Judged against
    Python-Markdown itself: the fence runs exactly when a reader sees its code."""
    page = before + FENCE.format("") + after
    assert bool(scan(page, "docs/p.md").fences) == _shown_by_markdown(page), page


@pytest.mark.parametrize("before, indent, after", [
    ("!!! note\n\n    <!--\n", "    ", "    -->\n"),
    ("- an item\n\n    <!--\n", "    ", "    -->\n"),
    ("> <!--\n", "> ", "> -->\n"),
    ('=== "Tab"\n\n    <!--\n', "    ", "    -->\n"),
])
def test_a_fence_in_a_comment_inside_a_block_never_runs(before, indent, after):
    page = before + indent + FENCE.format(indent) + after
    assert not _shown_by_markdown(page) and scan(page, "docs/p.md").fences == []


def test_what_a_comment_hides_is_not_scanned_and_lines_after_it_stay_right():
    page = "<!--\n`{python} 1/0`\n$$\nx = 2\n$$\n-->\n\n" + FENCE.format("") + "`{python} 6 * 7`\n"
    result = scan(page, "docs/p.md", display_math=True)
    assert [(f.line, f.lang) for f in result.fences] == [(8, "python")]
    assert [(v.line, v.expr) for v in result.inline] == [(11, "6 * 7")]
