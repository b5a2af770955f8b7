"""The pure pieces of typesetting, table-driven: the `tex` option, where a formula was written, the macros the
checker reads expanded, TeX text made from data, and the math only KaTeX's auto-render would find."""

from __future__ import annotations

import pytest

from bpdocs.core import options
from bpdocs.core.typeset.delimited import mark_delimited, split_at_delimiters
from bpdocs.core.typeset.escape import fill_in_math, tex_text
from bpdocs.core.typeset.locate import Locator, markdown_formulas, written_formulas
from bpdocs.core.typeset.macros import expand, page_macros
from bpdocs.core.typeset.page import formulas_of
from bpdocs.core.render import display_math
from bpdocs.core.typeset.settings import KATEX_DELIMITERS, read_tex


# -- the tex option ------------------------------------------------------------------------------------------

def test_tex_reads_macros_in_both_spellings_packages_safe_and_timeout():
    tex = read_tex({"macros": {"RR": r"\mathbb{R}", "\\norm": [r"\lVert #1 \rVert", 1],
                               "E": [r"\mathbb{E}_{#1}", 1, "x"]},
                    "packages": ["physics", "cancel"], "safe": {"URLs": "none"}, "timeout": 5})
    assert tex.engine() == {"renderer": "mathjax", "packages": ["physics", "cancel"],
                            "macros": {"E": [r"\mathbb{E}_{#1}", 1, "x"], "RR": r"\mathbb{R}",
                                       "norm": [r"\lVert #1 \rVert", 1]},
                            "safe": {"URLs": "none", "classes": "safe", "cssIDs": "safe", "styles": "safe"}}
    assert tex.timeout == 5.0
    assert hash(options.from_mapping({"tex": {"macros": {"RR": "x"}}}))  # Options stay hashable
    assert read_tex({"safe": False}).engine()["safe"] == dict.fromkeys(("URLs", "classes", "cssIDs", "styles"), "all")


def test_a_sites_mathjax_package_list_moves_as_it_is():
    """A site's own MathJax configuration lists the packages MathJax always loads (ams, ...): pasted into the tex
    option, they are taken as loaded, the others loaded (review: 'ams' was refused)."""
    tex = read_tex({"packages": ["base", "ams", "newcommand", "noundefined", "configmacros", "mathtools", "physics"]})
    assert tex.packages == ("mathtools", "physics")


def test_the_settings_key_changes_with_every_setting_that_changes_a_formula():
    keys = {read_tex(value).key() for value in (None, {"macros": {"a": "b"}}, {"macros": {"a": "c"}},
                                                {"packages": ["physics"]}, {"safe": False}, {"renderer": "katex"},
                                                {"tags": "none"})}
    assert len(keys) == 7
    assert read_tex({"timeout": 3}).key() == read_tex(None).key()  # how long one may wait changes no formula


@pytest.mark.parametrize("value, message", [
    ("yes", "tex must be a mapping"),
    ({"colour": 1}, "tex: unknown key 'colour'; known: renderer, macros"),
    ({"renderer": "mathml"}, "tex: renderer must be one of mathjax, katex, not 'mathml'"),
    ({"tags": "AMS"}, "tex: tags must be one of ams, all, none (MathJax's tex.tags), not 'AMS'"),
    ({"macros": ["RR"]}, "tex: macros must be a mapping"),
    ({"macros": {"R R": "x"}}, "tex: macros: 'R R' is not a macro name"),
    ({"macros": {"f": ["#1 + #2", 1]}}, "tex: macros: f: the definition uses #2 but the macro takes 1 argument(s)"),
    ({"macros": {"f": ["x", 10]}}, "the number of arguments must be a whole number from 0 to 9, not 10"),
    ({"macros": {"f": ["#1", 1, 2]}}, "the third item is the default of the first argument"),
    ({"macros": {"f": {"x": 1}}}, "give the definition as a string, or as [definition, number of arguments]"),
    ({"packages": ["noerrors"]}, "'noerrors' is not a mathjax package bpdocs can load (bpdocs reports TeX errors itself)"),
    ({"renderer": "katex", "packages": ["physics"]}, "'physics' is not a katex package"),
    ({"renderer": "katex", "macros": {"f": ["#1", 1, "x"]}}, "KaTeX has no default arguments"),
    ({"safe": "maybe"}, "tex: safe must be true, false, or a mapping"),
    ({"safe": {"links": "all"}}, "tex: safe: unknown kind 'links'"),
    ({"safe": {"URLs": "some"}}, "tex: safe: URLs must be one of safe, all, none, not 'some'"),
    ({"timeout": 0}, "tex: timeout must be more than 0 and at most 3600 seconds, not 0"),
    ({"timeout": "soon"}, "tex: timeout must be a number of seconds, not 'soon'"),
    ({"delimiters": [{"left": "$", "right": "$", "display": "no"}]}, "tex: delimiters: each is {left: ..., right"),
    ({"renderer": "katex", "delimiters": [{"left": "$"}]}, "tex: delimiters: each is {left: ..., right: ..., display"),
])
def test_bad_tex_settings_are_sentences(value, message):
    with pytest.raises(options.OptionError) as caught:
        options.validate("tex", value)
    assert message in str(caught.value)


# -- where each formula was written ---------------------------------------------------------------------------

PAGE = """# P

Code `\\(x_1\\)` here, then \\(x_1 + y\\) and \\(x_1\\).

<!-- \\(x_1\\) in a comment -->

```python
print("$y_2$")
```

$$ y_2 $$ and $c$.

```math
e = f
```

> $$
> g
> $$

Value \\(W = `{python} w`\\) done `{python} 3`, then \\(x_1\\) again.
"""


def test_each_formula_is_found_at_its_own_line_and_code_is_not_math():
    found = written_formulas(PAGE, line_offset=3)
    assert [(tex.strip(), line) for tex, line in found] == [
        ("x_1 + y", 6), ("x_1", 6), ("y_2", 14), ("c", 14), ("e = f", 17), ("> g\n>", 21),
        ("W =", 24), ("x_1", 24)]  # (code spans, inline values too, are not math)


def test_inline_values_are_in_the_formula_as_the_page_fills_them():
    values = {PAGE.index("`{python} w"): "a_b 5%", PAGE.index("`{python} 3"): "3"}
    found = written_formulas(PAGE, values=values, value_in_math=tex_text)
    assert ("W = " + tex_text("a_b 5%"), 21) in found


def test_the_locator_gives_repeated_formulas_their_own_lines_in_order():
    locator = Locator(written_formulas(PAGE), fallback=lambda tex: -1)
    assert [locator.line(t) for t in ("x_1 + y", "x_1", "y_2", "x_1", "g", "x_1")] == [3, 3, 11, 21, 18, 21]
    assert locator.line("written nowhere") == -1


TEXTBOOK_PAGE = r"""# Backpropagation

The error \(E = \frac{1}{2} \sum_k (y_k - t_k)^2\) of one example, and $w_{ij}$ a weight.

$$
\frac{\partial E}{\partial w_{ij}} = \delta_j\, x_i
$$

\[ \delta_j = f'(z_j) \sum_k w_{kj} \delta_k \]

\begin{align}
  z &= W x \\
  y &= f(z)
\end{align}

Code `\(not math\)`, and in a list:

- a unit \(x_1\)

> quoted \(q_1\)

```math
\Delta w_{ij} = -\eta\, \delta_j\, x_i
```
"""


def test_a_pages_markdown_tells_the_formulas_its_html_will_hold():
    """What a site's first build primes Node with while a page's cells run (typeset_prime): each formula as
    arithmatex will put it in the page, display or not (a math fence's equation: display, as a checked
    equation or a math fence shows it)."""
    import markdown

    html = markdown.markdown(TEXTBOOK_PAGE, extensions=["pymdownx.arithmatex", "pymdownx.superfences"],
                             extension_configs={"pymdownx.arithmatex": {"generic": True}})
    guessed = markdown_formulas(TEXTBOOK_PAGE)
    assert formulas_of(html) == guessed[:-1]
    assert guessed[-1] == (r"\Delta w_{ij} = -\eta\, \delta_j\, x_i", True)
    assert formulas_of(display_math(guessed[-1][0])) == [guessed[-1]]


@pytest.mark.parametrize("config, expected", [
    ({"generic": True}, [("a+b", False), ("x^2", True)]),
    ({"generic": True, "block_tag": "pre"}, [("a+b", False), ("x^2", True)]),  # pymdown-extensions' own docs
    ({"generic": True, "inline_tag": "code", "block_tag": "p"}, [("a+b", False), ("x^2", True)]),
    ({"generic": False}, []),  # MathJax 2's preview and script: left alone (the build says it is not typeset)
])
def test_arithmatex_math_is_found_in_whatever_tags_it_is_configured_with(config, expected):
    """Review on real sites: display math in arithmatex's ``block_tag: pre`` was left raw, silently; its output
    for MathJax 2 (``generic: false``) was typeset as garbage (from its preview's tag to the first close)."""
    import markdown

    html = markdown.markdown("Inline $a+b$.\n\n$$\nx^2\n$$\n", extensions=["pymdownx.arithmatex"],
                             extension_configs={"pymdownx.arithmatex": config})
    assert formulas_of(html) == expected, html
    token = "bpdocsinline0x" + "0" * 32  # an inline value's token is filled in as TeX text where math is found
    filled = fill_in_math(html.replace("a+b", f"a+{token}"), {token: "12.5"})
    assert ("a+12.5" in filled) == bool(expected) and (token in filled) != bool(expected), filled


def test_formulas_are_looked_for_paragraph_by_paragraph_and_never_for_long():
    """Math never spans a blank line (arithmatex's paragraphs): an opening without its closing is looked for
    to its paragraph's end, not the page's (16,000 of them took 33 s, each looking to the end of the page). A
    page whose paragraphs are long and many is not primed at all (priming is only a head start)."""
    import time

    spanning = "\\[ a\n\nb \\]\n\n\\(c\n\nd\\) and \\(e\\)\n"
    assert markdown_formulas(spanning) == [("e", False)] and [t for t, _ in written_formulas(spanning)] == ["e"]
    started = time.monotonic()
    many = "\n\n".join(["text \\( x"] * 16000) + "\n\n\\(y_1\\)\n"
    assert written_formulas(many) == [("y_1", 16000 * 2 + 1)]
    assert markdown_formulas(many) == [("y_1", False)]
    long_paragraph = "text \\( x " * 2000 + "\n\n\\(y_1\\)\n"
    assert markdown_formulas(long_paragraph) == []  # (20,000 characters in one paragraph: not primed)
    assert markdown_formulas(long_paragraph, most=1e9) == [("y_1", False)]
    assert time.monotonic() - started < 5  # (a hang guard, not a speed target: the old look took over 60 s)


def test_a_tables_rows_are_its_paragraphs():
    """A table is one block of a page's longest lines (this site's checking.md: 12 kB): counted as one paragraph,
    it put the page over the limit, so none of its 440 formulas was primed and all were typeset at the end of a
    cold build (1.2 s, issue 21). Each row is its own paragraph: a formula never spans two rows."""
    row = ("| Nielsen (`a^l_j`) | `{a: h}`; his sums, \\(\\frac{1}{2n} \\sum_x \\|y(x) - a^L(x)\\|^2\\) | "
           "\\(w^l_{jk}\\) |\n")
    table = "| texts | declaration | verdict |\n| --- | --- | --- |\n" + row * 200
    assert len(table) ** 2 > 2e8 and markdown_formulas(table)[:2] == [
        ("\\frac{1}{2n} \\sum_x \\|y(x) - a^L(x)\\|^2", False), ("w^l_{jk}", False)]
    assert len(markdown_formulas(table)) == 400
    unclosed = "| a | b |\n" + "".join(f"| \\( x_{i} | $$ y |\n" for i in range(2000))
    assert markdown_formulas(unclosed, most=1e12) == []  # (across rows, \\( of one and $$ of another made junk)
    quoted = "> | a | \\(x\\) |\n> | --- | --- |\n> | b | \\(y\\) |\n"
    assert markdown_formulas(quoted) == [("x", False), ("y", False)]


def test_a_prime_leaves_out_what_its_page_numbers_and_primes_only_mathjax_with_helpers():
    from types import SimpleNamespace

    from bpdocs.core.typeset.page import typeset_prime

    page = ("\\(x_1\\), \\(\\eqref{eq:a}\\)\n\n$$ y \\label{eq:a} $$\n\n$$ y \\tag{2} $$\n\n"
            "\\begin{equation} z \\end{equation}\n\n\\begin{equation*} z \\end{equation*}\n\n$$ w $$\n")
    sent = []
    fake = SimpleNamespace(settings=read_tex({}), memo=True, helpers=1, prime_later=lambda found: sent.append(found()))
    assert typeset_prime(page, typesetter=fake)
    assert sent == [[("x_1", False), ("\\begin{equation*} z \\end{equation*}", True), ("w", True)]]
    for change in ({"settings": read_tex({"renderer": "katex"})}, {"memo": False}, {"helpers": 0}):
        assert not typeset_prime(page, typesetter=SimpleNamespace(**{**vars(fake), **change}))
    assert len(sent) == 1


# -- macros for the checker ------------------------------------------------------------------------------------

SITE = read_tex({"macros": {"RR": r"\mathbb{R}", "norm": [r"\left\lVert #1 \right\rVert", 1],
                            "E": [r"\mathbb{E}_{#1}", 1, "x"]}}).macros


@pytest.mark.parametrize("latex, expanded", [
    (r"x \in \RR", r"x \in \mathbb{R}"),
    (r"\norm{w} + \norm x", r"\left\lVert w \right\rVert + \left\lVert x \right\rVert"),
    (r"\E[y] + \E z", r"\mathbb{E}_{y} + \mathbb{E}_{x} z"),
    (r"\pd{E}{w_1}", r"\frac{\partial E}{\partial w_1}"),
    (r"x^\half", r"x^{\frac12}"),
    (r"\sgn x", r"\operatorname{sgn} x"),
    (r"\RRx", r"\RRx"),  # another macro's name, not \RR
    ("a = \\pd{E}\n{w} \\\\\nb = \\RR", "a = \\frac{\\partial E}{\\partial w}\n \\\\\nb = \\mathbb{R}"),  # lines kept
    ("\\newcommand{\\y}{Y}\n\\y = 1", "\nY = 1"),
    (r"\newcommand{\loop}{\loop}\loop", r"\loop"),  # a macro that calls itself is left as written
    # \renewcommand was not read at all (its pattern matched "recommand"): a page's or a site's own \tanh
    (r"\renewcommand{\tanh}{\text{tanh}} 1 - \tanh^2(z)", r" 1 - \text{tanh}^2(z)"),
    (r"\renewcommand*{\RR}{R} x \in \RR", r" x \in R"),
    (r"\providecommand{\RR}{R} x \in \RR", r" x \in \mathbb{R}"),  # (the site's is there: kept)
])
def test_the_sites_and_the_pages_macros_are_expanded(latex, expanded):
    page = (r"Intro \(\newcommand{\pd}[2]{\frac{\partial #1}{\partial #2}}\) and \(\def\half{\frac12}\)." "\n"
            "```python\n# \\newcommand{\\RRx}{B}\n```\n```math\n\\DeclareMathOperator{\\sgn}{sgn}\n```\n")
    macros = page_macros(page, SITE)
    assert "RRx" not in macros  # a definition in code is not one
    assert expand(latex, macros) == expanded


# -- data into TeX ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, tex", [
    ("0.25", "0.25"), ("-1.5e-05", "-1.5e-05"), ("12.5%", "12.5\\%"), ("1,234", "1,234"),
    ("relu", "\\text{relu}"), ("a_b", "\\text{a}\\_\\text{b}"),
    ("\\href{javascript:alert(1)}{x}", "{\\backslash}\\text{href}\\{\\text{javascript:alert(1)}\\}\\{\\text{x}\\}"),
    ("$x$ & #1 ^ ~", "\\$\\text{x}\\$\\text{ }\\&\\text{ }\\#\\text{1 }\\hat{\\ }\\text{ }\\sim{}"),
    ("two\nlines", "\\text{two lines}"),
])
def test_text_from_python_is_tex_text(text, tex):
    assert tex_text(text) == tex


def test_values_inside_math_are_tex_text_and_others_are_left():
    page = '<p>bpdocsinline0xabc <span class="arithmatex">\\(p = bpdocsinline0xabc\\)</span></p>'
    filled = fill_in_math(page, {"bpdocsinline0xabc": "12.5%"})
    assert filled == '<p>bpdocsinline0xabc <span class="arithmatex">\\(p = 12.5\\%\\)</span></p>'


# -- math only KaTeX's auto-render would find -----------------------------------------------------------------

def test_delimiters_split_as_auto_render_splits():
    assert split_at_delimiters(r"a $$x {$$} y$$ b \begin{align}z\end{align}", KATEX_DELIMITERS) == [
        ("text", "a ", False), ("math", "x {$$} y", True), ("text", " b ", False),
        ("math", r"\begin{align}z\end{align}", True)]
    assert split_at_delimiters("costs $5 and $6", (("$", "$", False),)) == [
        ("text", "costs ", False), ("math", "5 and ", False), ("text", "6", False)]


def test_double_dollars_in_a_paragraph_are_display_math_as_auto_render_reads_them():
    """arithmatex's inline $...$ takes the inner pair of $$x$$ in a paragraph and leaves a dollar each side;
    with $$ among the delimiters, that is display math, as KaTeX's auto-render reads it (review: stray $)."""
    page = ('<body><p>Inline $<span class="arithmatex">\\(a^2+b^2\\)</span>$ here; $<span class="arithmatex">'
            '\\(c\\)</span> and <span class="arithmatex">\\(d\\)</span>$ stay two.</p></body>')
    marked = mark_delimited(page, KATEX_DELIMITERS)
    assert formulas_of(marked) == [("a^2+b^2", True), ("c", False), ("d", False)]
    assert "$<span" not in marked.split("here")[0] and "$ stay" in marked
    assert formulas_of(mark_delimited(page, (("\\(", "\\)", False),))) == [("a^2+b^2", False), ("c", False),
                                                                                ("d", False)]


def test_only_text_outside_code_and_marked_math_is_marked():
    page = ('<html><head><title>$$t$$</title></head><body><p>See $$a &lt; b$$.</p><pre><code>$$c$$</code></pre>'
            '<script>var s = "$$d$$";</script><span class="arithmatex">\\(e\\)</span><!-- $$f$$ --></body></html>')
    marked = mark_delimited(page, KATEX_DELIMITERS)
    assert formulas_of(marked) == [("a < b", True), ("e", False)]
    assert "<title>$$t$$</title>" in marked and "<code>$$c$$</code>" in marked and '"$$d$$"' in marked


@pytest.mark.parametrize("source, line", [
    ("# API\n\nPage math \\(a+b\\).\n\n::: mymod\n", 5),  # a docstring's formula: at mkdocstrings' ::: line
    ("# API\n\n{{ formula() }}\n\n::: mymod\n", 3),  # a macro's, the first line that brings text in
    ("# API\n\nNothing brings it.\n", 1),
    ("# API\n\nA formula \\(e^{{x}}\\) of TeX's own double braces.\n", 1),  # (no macro's {{ name }})
    ("# API\n\n::: mymod\n\n\\(\\notamacro x\\)\n", 5),  # written on the page: its own line
])
def test_a_formula_written_nowhere_on_the_page_is_at_the_line_that_brought_it(source, line):
    """Review on a real site (a docstring's undefined macro, by mkdocstrings): reported at line 1, the heading."""
    from bpdocs.core.typeset import line_of

    assert line_of("\\notamacro x", source) == line


@pytest.mark.parametrize("given, typeset", [
    (" \\psi(z) \\ ", "\\psi(z) \\ "),  # a control space at the end (Lmo's): stripped to "\", a TeX error
    ("a \\\\ ", "a \\\\"),  # a line break: nothing of it is lost
    ("x \\ \n", "x \\ "),
    (" x ", "x"),
])
def test_a_formula_loses_the_spaces_around_it_but_not_its_control_space(given, typeset):
    from bpdocs.core.typeset.page import formulas_of, tex_stripped

    assert tex_stripped(given) == typeset
    assert formulas_of(f'<span class="arithmatex">\\({given}\\)</span>') == [(typeset, False)]
