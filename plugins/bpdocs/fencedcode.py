"""A site whose fences were Python-Markdown's ``fenced_code`` (MkDocs' default) before bpdocs added superfences
keeps them as they were: each a block of its own, and, where the site set up no highlighter, unhighlighted.

- **Apart** (:class:`FencesApart`): ``fenced_code`` sets a fence apart from the lines around it, so ``Example:`` on
  the line above a fence stayed a paragraph and the text right after it began another. Superfences leaves the
  block where the fence was, inside the paragraph (``<p>Example:\\n<div class="highlight">…</div>\\nmore</p>``, a
  block in a paragraph, which the browser splits, the text after it losing its paragraph). This step, right
  after superfences, sets each fence superfences stored at the page's left margin (where ``fenced_code`` found
  fences) apart with blank lines again; inside Markdown's conversion, so the page's source lines stay what other
  plugins read.
- **Unhighlighted** (:func:`fenced_code_format`, superfences' fence for every language): the HTML ``fenced_code``
  wrote, ``<pre><code class="language-python">``, for a theme's own highlighter in the browser (highlight.js in
  MkDocs' themes reads that class) or none: superfences' Pygments markup coloured code a site had left plain,
  and hid the language from highlight.js. A fence with a listing's options (``title``, ``hl_lines``,
  ``linenums``: bpdocs' fences, which ``fenced_code`` never read) is still highlighted by superfences.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

SUPERFENCES = "pymdownx.superfences"
SUPERFENCES_PRIORITY = 25  # its fenced_code_block preprocessor
FENCED_CODE = ("fenced_code", "markdown.extensions.fenced_code")
PLACEHOLDER = re.compile("^\x02wzxhzdk:(\\d+)\x03$")  # a block Python-Markdown stored, alone on its line


def keep_fenced_code(config, highlighted: bool) -> None:
    """Add superfences to a MkDocs config that has none, its fences kept apart, and, unless ``highlighted`` (the
    site set up a highlighter), unhighlighted: ``fenced_code_format`` is superfences' fence for every language."""
    if not highlighted:
        from functools import partial

        from pymdownx.superfences import highlight_validator

        own = next((config.mdx_configs.get(name) or {} for name in FENCED_CODE if name in config.mdx_configs), {})
        plain = {"name": "*", "class": "", "validator": highlight_validator,
                 "format": partial(fenced_code_format, lang_prefix=own.get("lang_prefix", "language-"))}
        config.mdx_configs.setdefault(SUPERFENCES, {}).setdefault("custom_fences", []).insert(0, plain)
    config.markdown_extensions += [SUPERFENCES, FencesApart()]


class FencesApart(Extension):
    """Registered only where bpdocs added superfences itself (:func:`keep_fenced_code`)."""

    def extendMarkdown(self, md):
        count = _StashCount(md)
        md.preprocessors.register(count, "bpdocs_stash_count", SUPERFENCES_PRIORITY + 0.5)
        md.preprocessors.register(_Apart(md, count), "bpdocs_fences_apart", SUPERFENCES_PRIORITY - 0.5)


class _StashCount(Preprocessor):
    """How many blocks were stored before superfences ran: the ones after are its fences."""

    before = 0

    def run(self, lines):
        self.before = self.md.htmlStash.html_counter
        return lines


class _Apart(Preprocessor):
    def __init__(self, md, count: _StashCount):
        super().__init__(md)
        self.count = count

    def run(self, lines):
        out: list[str] = []
        for n, line in enumerate(lines):
            block = PLACEHOLDER.match(line)
            if block is None or int(block[1]) < self.count.before:
                out.append(line)
                continue
            if out and out[-1].strip():
                out.append("")
            out.append(line)
            if n + 1 < len(lines) and lines[n + 1].strip():
                out.append("")
        return out


def fenced_code_format(src, language, class_name, options, md, lang_prefix="language-", **kwargs):
    """A fence as ``fenced_code`` writes it (``<pre id class><code class="language-x" key="value">``), or, with a
    listing's options, as superfences highlights it."""
    if options:
        return md.preprocessors["fenced_code_block"].highlight(src=src, language=language, options=options, md=md,
                                                                **kwargs)
    classes, id_value, attrs = kwargs.get("classes") or [], kwargs.get("id_value") or "", kwargs.get("attrs") or {}
    pre = (f' id="{_escape(id_value)}"' if id_value else "") + \
        (f' class="{_escape(" ".join(classes))}"' if classes else "")
    code = (f' class="{_escape(lang_prefix + language)}"' if language else "") + \
        "".join(f' {key}="{_escape(str(value))}"' for key, value in attrs.items())
    return f"<pre{pre}><code{code}>{_escape(src)}\n</code></pre>"


def _escape(text: str) -> str:
    """As ``fenced_code`` escapes code and attribute values (``'`` stays)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
