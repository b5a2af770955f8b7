"""Math a reader, a data file or Node can make hostile or faulty (issue 20): nothing a formula says, and nothing
Python passes into TeX, puts a script, a javascript: link or a url() into the page; every answer from Node is
checked; a slow formula, a duplicate equation number or label is located at its own line; no Node is left."""

from __future__ import annotations

import html
import re
import time

import pytest

from bpdocs.core.run.cache import Cache
from bpdocs.core.typeset import TypesetError, Typesetter, process, typeset_page

from .harness import assert_no_internal_traceback, build, site

# What readers, data or a careless copy-paste can put into a formula. MathJax in Node writes href and style
# values unescaped, so the first three broke out of their attribute or became javascript: in the browser; its
# safe mode misses those marked *. The three links without a scheme are kept, harmless, escaped; the rest are
# taken out, with a located warning.
KEPT = {"script in href", "entity for a letter *", "entity for the colon *"}
INJECTIONS = {
    "script in href": r'\href{"><script>alert(2)</script>}{y}',
    "entity for a letter *": r"\href{&#106;avascript:alert(1)}{x}",
    "entity for the colon *": r"\href{javascript&colon;alert(1)}{x}",
    "javascript href": r"\href{javascript:alert(1)}{x}",
    "javascript in capitals": r"\href{ JaVaScRiPt:alert(1)}{x}",
    "tab in the scheme *": "\\href{java\tscript:alert(1)}{x}",
    "data url": r"\href{data:text/html,<script>alert(1)</script>}{x}",
    "vbscript": r"\href{vbscript:msgbox(1)}{x}",
    "style url javascript": r"\style{background: url(javascript:alert(1))}{x}",
    "font family url *": r"\style{font-family: url(https://evil.example/x)}{x}",
    "bbox url": r"\bbox[background: url(javascript:alert(1))]{x}",
    "colour url": r"\color{url(https://evil.example/a.svg#p)}{x}",
    "unicode font": r"\unicode[Arial; background:url(https://evil.example/)]{65}",
    "class breaks out": r'\class{x" onmouseover="alert(1)}{y}',
    "id breaks out": r'\cssId{x" onload="alert(1)}{y}',
    "mml attribute": r'\mmlToken{mspace}[width="url(https://evil.example/)"]{}',
}
CONTROL = r"\href{#top}{x} + \href{https://example.org/?a=1&b=2}{y} + \style{color: red}{z}"


def links_and_styles(page: str) -> list[str]:
    """Every link, style and paint of every tag, as the browser reads it (entities decoded, tabs and newlines gone)."""
    values = re.findall(r'\s(?:href|xlink:href|src|style|fill|stroke|background|mathcolor|mathbackground)="([^"]*)"',
                        " ".join(re.findall(r"<[^>]+>", page)))
    return [re.sub(r"[\t\n\r]", "", html.unescape(v)).lower() for v in values]


def handlers(page: str) -> list[str]:
    """The event handler attributes of every tag (``onclick=...``)."""
    return [name for tag in re.findall(r"<[^>]+>", page) for name in re.findall(r'\s([\w:-]+)="[^"]*"', tag)
            if name.lower().startswith("on")]


def assert_inert(page: str, control: str) -> None:
    assert re.findall(r"<script\b[^>]*>", page) == re.findall(r"<script\b[^>]*>", control)
    assert "javascript:" not in page.lower() and "url(" not in page.lower() and "vbscript:" not in page.lower()
    assert not [v for v in links_and_styles(page) if re.search(r"javascript:|vbscript:|data:|url\(", v)]
    assert handlers(page) == handlers(control) == []


def injected_site(tmp_path, options: str = "", control: str = CONTROL):
    pages = {f"p{n}.md": f"# P\n\nThe formula \\({tex}\\) here.\n" for n, tex in enumerate(INJECTIONS.values())}
    pages["control.md"] = f"# P\n\nThe formula \\({control}\\) here.\n"
    return site(tmp_path, pages, options)


def test_no_formula_puts_a_script_a_javascript_link_or_a_url_into_the_page(tmp_path):
    root = injected_site(tmp_path)
    result = build(root)
    assert result.returncode != 0  # each injection is a located warning: a strict build stops
    control = (root / "site" / "control" / "index.html").read_text()
    assert 'href="#top"' in control and 'href="https://example.org/?a=1&amp;b=2"' in control  # safe links stay
    assert 'style="color: red;"' in control
    for n, (name, tex) in enumerate(INJECTIONS.items()):
        page = (root / "site" / f"p{n}" / "index.html").read_text()
        assert_inert(page, control)
        said = re.findall(rf"^WARNING\s+-\s+bpdocs: docs/p{n}\.md:3: unsafe markup taken out of .*$", result.stderr, re.M)
        assert len(said) == (0 if name in KEPT else 1), (name, result.stderr)
    assert_no_internal_traceback(result.stderr)


def test_katex_renders_them_inert_too(tmp_path):
    root = injected_site(tmp_path, ":\n      tex:\n        renderer: katex", CONTROL.replace(r"\style{color: red}", r"\color{red}"))
    result = build(root)
    control = (root / "site" / "control" / "index.html").read_text()
    assert 'href="#top"' in control and 'class="katex"' in control and "MathJax" not in control
    for n, name in enumerate(INJECTIONS):
        page = (root / "site" / f"p{n}" / "index.html").read_text()
        # KaTeX keeps the TeX as text in its MathML annotation: no tag may carry the injection
        assert re.findall(r"<script\b[^>]*>", page) == re.findall(r"<script\b[^>]*>", control), name
        assert not [v for v in links_and_styles(page) if re.search(r"javascript:|vbscript:|data:|url\(", v)], name
        assert handlers(page) == [], name
    assert_no_internal_traceback(result.stderr)


DATA = '''# Data

```python exec="on" show="output"
import numpy as np
from pathlib import Path
from bpdocs.display import show
Path("label.txt").write_text('\\\\href{javascript:alert(1)}{x} <script>alert(3)</script> 100%')
show(np.eye(2), label=Path("label.txt").read_text())
payload = Path("label.txt").read_text()
```

A value in math: \\(v = `{python} payload`\\), a share \\(p = `{python} 0.125:.1%`\\) and a count \\(n = `{python} 3`\\).
'''


@pytest.mark.parametrize("options", ["", ":\n      tex:\n        safe: false"])
def test_text_from_python_is_tex_text_never_markup_even_with_safe_mode_off(tmp_path, options):
    root = site(tmp_path, {"index.md": DATA}, options)
    result = build(root)
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "index.html").read_text()
    content = page.split('<h1 id="data"')[1].split("<footer")[0]
    assert "<a " not in content and "<script" not in content and handlers(content) == []
    assert not [v for v in links_and_styles(content) if re.search(r"javascript:|url\(", v)]
    mathml = " ".join(re.findall(r"<mjx-assistive-mml.*?</mjx-assistive-mml>", page, re.S))
    assert "<mtext>href</mtext>" in mathml and "<mtext>javascript:alert(1)</mtext>" in mathml  # shown, as text
    assert "<mn>12.5</mn><mi mathvariant=\"normal\">%</mi>" in mathml  # a percent sign no longer ends the formula


# -- what Node answers ---------------------------------------------------------------------------------------

ON_PAGE = ('const lines = require("readline").createInterface({input: process.stdin}); let configured = false;\n'
           'lines.on("line", (line) => { if (!configured) { configured = true; '
           'process.stdout.write(JSON.stringify({ready: true, version: "3", css: ""}) + "\\n"); return; }\n'
           'const request = JSON.parse(line); const ok = {html: "<svg></svg>", error: null, removed: []};\n')
ANSWERS = {
    "another request's answer": 'process.stdout.write(JSON.stringify({id: request.id + 1, results: [ok, ok], defs: ""}) + "\\n");',
    "no results": 'process.stdout.write(JSON.stringify({id: request.id, defs: ""}) + "\\n");',
    "too few results": 'process.stdout.write(JSON.stringify({id: request.id, results: [ok], defs: ""}) + "\\n");',
    "html not text": 'process.stdout.write(JSON.stringify({id: request.id, results: [ok, {html: 3, error: null}], defs: ""}) + "\\n");',
    "no glyphs": 'process.stdout.write(JSON.stringify({id: request.id, results: [ok, ok]}) + "\\n");',
    "a list": 'process.stdout.write(JSON.stringify([1, 2]) + "\\n");',
    "progress past the end": 'require("fs").writeSync(Number(process.argv[2]), "9\\n");',  # (then no answer)
}


@pytest.mark.parametrize("name", ANSWERS)
def test_every_answer_from_node_is_checked_and_a_bad_one_is_located(tmp_path, monkeypatch, name):
    script = tmp_path / "typeset.js"
    script.write_text(ON_PAGE + ANSWERS[name] + "});\n")
    monkeypatch.setattr(process, "SCRIPT", script)
    typesetter = Typesetter()
    page = '<p><span class="arithmatex">\\(x_1\\)</span> and <span class="arithmatex">\\(y_1\\)</span></p>'
    try:
        with pytest.raises(TypesetError) as caught:
            typeset_page(page, typesetter=typesetter, cache=Cache(tmp_path / "c", enabled=False), page_path="docs/p.md",
                         source="# P\n\nText.\n\n\\(x_1\\) and \\(y_1\\)\n")
    finally:
        typesetter.close()
    assert str(caught.value).startswith("docs/p.md:5: MathJax in Node answered something unexpected ("), name
    assert typesetter.process.poll() is not None


# -- slow formulas, duplicate numbers and labels ---------------------------------------------------------------

SLOW = "# Slow\n\nFine \\(x_1\\).\n\n$$ " + "x+" * 30000 + "1 $$\n\nA value \\(v = `{python} 'a_' * 100000`\\).\n\nFine \\(y_2\\).\n"


def test_a_slow_formula_or_value_is_located_at_its_own_line_after_the_tex_timeout(tmp_path):
    root = site(tmp_path, {"index.md": SLOW}, ":\n      tex:\n        timeout: 2")
    started = time.monotonic()
    result = build(root, timeout=120)  # (the harness also asserts that no Node is left running)
    assert time.monotonic() - started < 60  # two timeouts of 2 s, not a fixed 120 s each
    errors = re.findall(r"^(?:ERROR\s+-\s+)?(?:bpdocs: )?(docs/index\.md:\d+: .*)$", result.stderr, re.M)
    assert sorted(e.split(": ", 1)[0] for e in errors) == ["docs/index.md:5", "docs/index.md:7"], result.stderr
    assert "it took longer than 2 s to typeset (the tex option's timeout), at 60,001 characters long" in \
        next(e for e in errors if e.startswith("docs/index.md:5"))
    assert "at 1,000,004 characters long" in next(e for e in errors if e.startswith("docs/index.md:7"))
    assert_no_internal_traceback(result.stderr)


def test_a_formula_too_slow_when_primed_is_not_waited_for_again(tmp_path):
    """A site's first build primes a running page's formulas (Typesetter.prime): one that took longer than the
    timeout then is remembered, and the page's own typesetting shows it as the same located error at once."""
    from bpdocs.core.typeset import read_tex

    slow = "x+" * 30000 + "1"
    typesetter = Typesetter(settings=read_tex({"timeout": 3}), helpers=1)
    try:
        with pytest.raises(process.FormulaTimeout):
            typesetter.prime([("x_1", False), (slow, True)])
        assert typesetter.timed_out == {(("x_1", False), (slow, True))}
        page = f'<p><span class="arithmatex">\\(x_1\\)</span></p><div class="arithmatex">\\[{slow}\\]</div>'
        started = time.monotonic()
        math = typeset_page(page, typesetter=typesetter, cache=Cache(tmp_path / "c", enabled=False),
                            page_path="docs/p.md", source=f"# P\n\n\\(x_1\\)\n\n$$ {slow} $$\n")
        assert time.monotonic() - started < 3  # not the timeout again (Node starts again: it was stopped in it)
    finally:
        typesetter.close()
    assert [str(e) for e in math.errors] == [
        "docs/p.md:5: MathJax could not typeset " + repr(slow[:77] + "...") + ": it took longer than 3 s to typeset "
        "(the tex option's timeout), at 60,001 characters long"]
    assert "<svg" in math.html.split("arithmatex")[1]  # x_1 is typeset


def test_a_duplicate_label_and_a_repeated_equation_number_are_located(tmp_path):
    page = "# P\n\n$$ a \\tag{1} \\label{first} $$\n\n$$ b \\tag{1} $$\n\n\\begin{equation} c \\label{first} \\end{equation}\n"
    result = build(site(tmp_path, {"index.md": page}))
    said = re.findall(r"^WARNING\s+-\s+bpdocs: (.*)$", result.stderr, re.M)
    assert [s.split(": ", 1)[0] for s in said] == ["docs/index.md:5", "docs/index.md:7"]
    assert "the equation number (1) is used again on this page" in said[0]
    assert "Label 'first' multiply defined" in said[1]


UNSAFE_ANSWER = ('process.stdout.write(JSON.stringify({id: request.id, results: [ok, '
                 '{html: "<svg><a href=\\"javascript:alert(1)\\">y</a></svg>", error: null, removed: []}], '
                 'defs: ""}) + "\\n");')


def test_unsafe_output_is_an_error_on_every_build_and_a_kept_page_is_not_screened_again(tmp_path, monkeypatch):
    """Output the safe rules forbid is screened once, when Node answers: the page is kept (cached) with that
    formula as text and flagged, so a warm build says the same error without looking through the SVG again."""
    from bpdocs.core.typeset import page as page_module

    script = tmp_path / "typeset.js"
    script.write_text(ON_PAGE + UNSAFE_ANSWER + "});\n")
    monkeypatch.setattr(process, "SCRIPT", script)
    page = '<p><span class="arithmatex">\\(x_1\\)</span> and <span class="arithmatex">\\(y_1\\)</span></p>'
    source = "# P\n\nText.\n\n\\(x_1\\) and\n\\(y_1\\)\n"
    cache = Cache(tmp_path / "c", secret=b"k" * 32)
    said = []
    for build in ("cold", "warm"):
        typesetter = Typesetter()  # a new process each time: what is kept comes from the cache
        try:
            math = typeset_page(page, typesetter=typesetter, cache=cache, page_path="docs/p.md", source=source)
        finally:
            typesetter.close()
        said.append([str(e) for e in math.errors])
        assert "<code>y_1</code>" in math.html and "javascript:" not in math.html
        assert (typesetter.process is None) == (build == "warm")  # warm: Node is not even started
        monkeypatch.setattr(page_module, "unsafe_markup", lambda fragment: pytest.fail("screened again"))
    assert said[0] == said[1] == ["docs/p.md:6: MathJax could not typeset 'y_1': its output carried markup the safe "
                                  "rules forbid, so it is shown as text; please report this"]


def test_what_mathjax_itself_marks_is_kept_and_a_removal_names_the_rule_it_broke(tmp_path):
    """gensymb's units carry MathJax's own class (MathML-Unit): safe, so a strict build passes; an author's
    class is taken out, and the warning names the class rule, not the rules for links and styles."""
    options = ":\n      tex:\n        packages: [gensymb]"
    ok = build(site(tmp_path / "ok", {"index.md": "# P\n\nAn angle of \\(90\\degree\\) and \\(20\\celsius\\).\n"}, options))
    assert ok.returncode == 0, ok.stderr
    assert 'class="MathML-Unit"' in (tmp_path / "ok" / "site" / "index.html").read_text()
    bad = build(site(tmp_path / "bad", {"index.md": "# P\n\nMarked \\(\\class{evil}{x}\\).\n"}))
    said = re.findall(r"^WARNING\s+-\s+bpdocs: (.*)$", bad.stderr, re.M)
    assert bad.returncode != 0 and len(said) == 1, bad.stderr
    assert 'the class "evil"' in said[0] and "a class of your own starts with mjx-" in said[0]
    assert "url()" not in said[0] and "mailto" not in said[0]


def test_a_formula_too_slow_when_primed_is_skipped_only_where_its_page_reads_the_same(tmp_path):
    """What made a formula slow when primed is the page before it (a prime is a guess at the page: no outputs, no
    numbered equations): the same TeX after other formulas (another page, or this page once its outputs are in)
    is typeset as without the prime, not skipped as too slow."""
    from bpdocs.core.typeset import read_tex

    # \qe typed after this is slow (on this page only): some 60,000 terms, in 780 macros of a few hundred characters
    slow = r"\def\qa{" + "x+" * 100 + "}" + "".join(rf"\def\q{b}{{" + rf"\q{a}" * 5 + "}" for a, b in zip("abcd", "bcde"))
    typesetter = Typesetter(settings=read_tex({"timeout": 2}), helpers=1)
    cache = Cache(tmp_path / "c", enabled=False)
    try:
        with pytest.raises(process.FormulaTimeout):
            typesetter.prime([(slow, False), (r"\qe", True)])
        other = '<p><span class="arithmatex">\\(\\def\\qe{y}\\)</span></p><div class="arithmatex">\\[\\qe\\]</div>'
        math = typeset_page(other, typesetter=typesetter, cache=cache, page_path="docs/other.md",
                            source="# Other\n\n\\(\\def\\qe{y}\\)\n\n$$\\qe$$\n")
        assert math.errors == []  # \qe is y here: quick, and no error
        filled = (f'<p><span class="arithmatex">\\({slow}\\)</span> and <span class="arithmatex">\\(\\def\\qe{{y}}\\)'
                  '</span></p><div class="arithmatex">\\[\\qe\\]</div>')  # (an output redefined it since)
        math = typeset_page(filled, typesetter=typesetter, cache=cache, page_path="docs/p.md",
                            source=f"# P\n\n\\({slow}\\) and \\(\\def\\qe{{y}}\\)\n\n$$\\qe$$\n")
        assert math.errors == []
    finally:
        typesetter.close()
