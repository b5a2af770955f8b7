"""On a site whose fences were Python-Markdown's ``fenced_code`` (MkDocs' default) before bpdocs added
superfences: a fence is a block of its own, as it was.

``fenced_code`` sets a fence apart from the lines around it, so ``Example:`` on the line above a fence stayed a
paragraph and the text right after it began another. Superfences leaves the block where the fence was, inside
the paragraph: ``<p>Example:\\n<div class="highlight">…</div>\\nmore</p>``, a block in a paragraph, which the
browser splits, the text after it losing its paragraph. This step, right after superfences, sets each fence
superfences stored at the page's left margin (where ``fenced_code`` found fences) apart with blank lines again;
inside Markdown's conversion, so the page's source lines stay what other plugins read.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

SUPERFENCES_PRIORITY = 25  # pymdownx.superfences' fenced_code_block preprocessor
PLACEHOLDER = re.compile("^\x02wzxhzdk:(\\d+)\x03$")


class FencesApart(Extension):
    """Registered by the plugin only where it added superfences itself (see ``sitesetup.configure_markdown``)."""

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
