"""Adding bpdocs leaves the look of a site's own code blocks as it was.

bpdocs adds pymdownx.superfences to a site that has none; superfences then highlights every fenced and indented
code block itself, with pymdownx.highlight's settings. A site that highlighted its code with CodeHilite (its
Pygments stylesheet written for ``.codehilite``, as the built-in themes' docs show) lost every colour.
"""

from __future__ import annotations

import re

import pytest

from ..sitebuild import build, write_site

PAGE = """# Code

```python
def f(x):
    return x + 1
```

Indented:

    indented = 2

```
plain
```

```javascript
let y = 3;
```
"""
EXECUTED = """
```python exec="on" show="both" title="the source" hl_lines="2"
x = 1
print(x + 1)
```
"""


def article(html: str) -> str:
    """The page's content, from its heading to the end of the last code block; left out: blank lines between
    blocks, which superfences does not keep, and empty spans (Pygments' own, placed differently by the two)."""
    start = html.index('<h1 id="code">')
    end = html.rindex("</code></pre>") + len("</code></pre>")
    return re.sub(r"\n\n+", "\n", html[start:end]).replace("<span></span>", "")


@pytest.mark.parametrize("codehilite", [
    "  - codehilite\n",
    "  - markdown.extensions.codehilite:\n      css_class: code\n      linenums: true\n",
    "  - codehilite:\n      noclasses: true\n      pygments_style: monokai\n      guess_lang: false\n",
], ids=["defaults", "own-class-and-line-numbers", "inline-styles"])
def test_a_codehilite_site_keeps_its_code_blocks_markup(tmp_path, codehilite):
    html = {}
    for name, plugins in (("off", "  - search\n"), ("on", "  - search\n  - bpdocs\n")):
        config = (f"site_name: t\ntheme:\n  name: mkdocs\n  highlightjs: false\nmarkdown_extensions:\n{codehilite}"
                  f"plugins:\n{plugins}")
        root = write_site(tmp_path / name, {"index.md": PAGE}, config=config)
        assert (result := build(root)).returncode == 0, result.stderr
        html[name] = article((root / "site" / "index.html").read_text())
    assert html["on"] == html["off"]
    assert html["off"].count("<code>") == 4 and ('<span class="' in html["off"] or '<span style="' in html["off"])


def test_the_executed_fences_of_a_codehilite_site_are_styled_as_its_code(tmp_path):
    config = "site_name: t\ntheme: mkdocs\nmarkdown_extensions:\n  - codehilite\nplugins:\n  - bpdocs\n"
    root = write_site(tmp_path, {"index.md": PAGE + EXECUTED}, config=config)
    assert (result := build(root)).returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert '<span class="filename">the source</span>' in html and 'class="hll"' in html
    assert not re.search(r'<div class="[^"]*\bhighlight\b', html.replace("bpdocs-stdout", ""))
    assert html.count('<div class="codehilite">') >= 4 and "```" not in html


PROSE_AND_FENCES = """# Code

Install with
```bash
pip install x
```
or with conda, and:
```python
print(1)
```
```python
print(2)
```
Then run it.

<div>raw</div>
text after raw HTML
"""


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_a_fence_against_a_line_of_text_stays_a_block_of_its_own(tmp_path, theme):
    """A review of a real site's docs ("*Example:*" on the line above a fence, 17 times on a page): on a site whose
    fences were fenced_code's, the superfences bpdocs added left each such block inside the paragraph (``<p>Install
    with\\n<div class="highlight">``), which the browser splits, the text after it losing its paragraph."""
    paragraphs = {}
    for name, plugins in (("off", "  - search\n"), ("on", "  - search\n  - bpdocs\n")):
        root = write_site(tmp_path / name, {"index.md": PROSE_AND_FENCES},
                          config=f"site_name: t\ntheme: {theme}\nplugins:\n{plugins}")
        assert (result := build(root)).returncode == 0, result.stderr
        html = (root / "site" / "index.html").read_text()
        paragraphs[name] = re.findall(r"<p>(.*?)</p>", html[html.index('<h1 id="code">'):], re.S)
        assert html.count("print(") == 2 or html.count("print</span>") == 2
    assert paragraphs["on"] == paragraphs["off"]
    assert paragraphs["off"][:4] == ["Install with", "or with conda, and:", "Then run it.", "text after raw HTML"]


PLAIN_FENCES = """# Code

```powershell
scoop install python
```

```
no language & <tags> "quoted" 'single'
```

``` { .python #listing .wide data-line="3" }
x = "a" < "b"
```

    indented & kept
"""


@pytest.mark.parametrize("theme, extensions", [
    ("mkdocs", ""), ("material", "  - attr_list\n"),
    ("mkdocs", "  - markdown.extensions.fenced_code:\n      lang_prefix: lang-\n")])
def test_a_site_without_a_highlighter_keeps_its_plain_code_blocks(tmp_path, theme, extensions):
    """Reviews of real sites (a Material site without a highlighter; MkDocs' own theme, highlight.js in the
    browser): the superfences bpdocs added coloured the site's plain code with Pygments, and hid the language
    (``language-powershell``) that highlight.js reads, which also logged "unescaped HTML" for every block."""
    extensions = f"markdown_extensions:\n{extensions}" if extensions else ""
    prefix = "lang-" if "lang_prefix" in extensions else "language-"
    html = {}
    for name, plugins in (("off", "  - search\n"), ("on", "  - search\n  - bpdocs\n")):
        page = PLAIN_FENCES + EXECUTED.replace(' title="the source" hl_lines="2"', "")
        root = write_site(tmp_path / name, {"index.md": page},
                          config=f"site_name: t\ntheme: {theme}\n{extensions}plugins:\n{plugins}")
        assert (result := build(root)).returncode == 0, result.stderr
        html[name] = re.findall(r"<pre\b.*?</pre>", (root / "site" / "index.html").read_text(), re.S)
    assert html["on"][:4] == html["off"][:4]
    assert html["off"][0] == f'<pre><code class="{prefix}powershell">scoop install python\n</code></pre>'
    assert '&amp; &lt;tags&gt; &quot;quoted&quot;' in html["off"][1]
    # the executed fence's source is shown as the site shows code; its output follows
    assert html["on"][4] == f'<pre><code class="{prefix}python">x = 1\nprint(x + 1)\n</code></pre>', html["on"]
    assert "bpdocs-stdout" in html["on"][5] and ">2" in html["on"][5]
