"""A page's Markdown as its reader reads it, for the plugins that read ``page.markdown`` after bpdocs has run the
page (an RSS feed's description is its first characters converted again, by Markdown alone; Material's blog
converts a post's excerpt from it): every inline value in place, as text (inside math, as TeX text), and every
fence output that stands at the start of its line as its HTML, a raw HTML block that any Markdown passes through.
An output inside an indented block (an admonition, a list) keeps its placeholder: raw HTML there is not safe in
Markdown, and bpdocs fills the placeholder in any HTML of this site converted from it (an excerpt). Pure.

Without it those plugins read bpdocs' placeholders, and a feed written with one failed the build ("left a
placeholder in the written site"). The page itself is made from its HTML, never from this."""

from __future__ import annotations

import html
import re

from .assemble import PLACEHOLDER_FENCE
from .typeset.escape import tex_text

OUTPUT_PLACEHOLDER = re.compile(rf"^```{PLACEHOLDER_FENCE}\n(?P<token>\S+)\n```[ \t]*$", re.M)  # (at a line's start)
# Math as arithmatex finds it in Markdown: \( \), \[ \], $$ $$, $ $ (a token inside one is a value in a formula)
MATH = re.compile(r"\\\((?:.|\n)*?\\\)|\\\[(?:.|\n)*?\\\]|\$\$(?:.|\n)*?\$\$|\$(?=\S)[^$\n]*?(?<=\S)\$")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")


def reader_markdown(markdown: str, values: dict[str, str], token: re.Pattern, outputs: dict[str, str]) -> str:
    """``markdown`` (a page's, with bpdocs' placeholders) with each inline value's token (``token`` finds them)
    replaced by its value from ``values``, and each output placeholder at a line's start by its HTML from
    ``outputs`` (token -> HTML; "" for an output that shows nothing)."""
    text = OUTPUT_PLACEHOLDER.sub(lambda m: outputs.get(m["token"], m[0]), markdown)
    if not values:
        return text

    def in_math(match: re.Match) -> str:
        return token.sub(lambda m: tex_text(values[m[0]]) if m[0] in values else m[0], match[0])

    text = MATH.sub(in_math, text)
    return token.sub(lambda m: MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(values[m[0]], quote=False))
                     if m[0] in values else m[0], text)
