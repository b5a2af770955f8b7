"""Text that Python puts into TeX (a ``show`` label, an inline value inside math) is data, never markup: it is
written so that TeX shows its characters and nothing else. Pure.

A number as Python formats it (``0.25``, ``-1.5e-05``, ``12.5%``) stays math, so it looks like the numbers
around it; any other text is set upright as ``\\text{...}``, with TeX's special characters (``\\ { } $ & # ^
_ % ~``) each written as the character itself, outside the text runs, where every TeX reads them alike.
"""

from __future__ import annotations

import html
import re

SPECIAL = {"\\": "{\\backslash}", "{": "\\{", "}": "\\}", "$": "\\$", "&": "\\&", "#": "\\#", "_": "\\_",
           "%": "\\%", "^": "\\hat{\\ }", "~": "\\sim{}"}
NUMBER = re.compile(r"[-+\u2212]?(?:\d[\d,]*)?(?:\.\d+)?(?:[eE][-+]?\d+)?%?")
RUNS = re.compile(r"[\\{}$&#_%^~]|[^\\{}$&#_%^~]+")
# Arithmatex's generic output: \(...\) in its inline_tag, \[...\] in its block_tag (span and div unless the site
# says otherwise: pymdown-extensions' own docs use block_tag: pre). Its output for MathJax 2 (generic: false, a
# preview and a script; the build says it is not typeset) is left as it is; without a preview (a site's own math
# fence in mode mathjax), the script's TeX is read (:func:`math_body`).
# Other attributes may be there too: a Markdown extension that marks every block with its place in the source
# (OI-wiki's document-offsets-injection: ``<div class="arithmatex" data-original-document-start="68" ...>``).
# That pattern tries every tag of a page (3 times as long as the plain one on a page of SVG figures), so it is
# used only on a page that needs it (:class:`ArithmatexElements`).
_AFTER = r'(?!\s*<[a-z]+ class="MathJax_Preview">)(?P<body>.*?)(?P<close></(?P=tag)>)'
_PLAIN = re.compile(r'(?P<open><(?P<tag>[a-z][a-z0-9]*)(?P<attrs> class="arithmatex")>)' + _AFTER, re.S)
_WITH_OTHERS = re.compile(r'(?P<open><(?P<tag>[a-z][a-z0-9]*)(?P<attrs>(?=[^<>]*?\sclass="arithmatex"[\s/>])'
                          r'[\s/][^<>]*)>)' + _AFTER, re.S)
_CLASS = re.compile(r'class="arithmatex"')
_PLAIN_OPENING = re.compile(r'<[a-z][a-z0-9]* ')


class ArithmatexElements:
    """The pattern of arithmatex's elements (groups ``open``, ``tag``, ``attrs``, ``body``, ``close``), with
    ``finditer`` and ``sub`` as a compiled pattern's: the plain one unless a page's elements have other
    attributes."""

    _last: tuple = (None, None)  # the last page asked about and its pattern (a page is read several times)

    def pattern(self, text: str) -> re.Pattern:
        last = self._last  # (one read: another thread may ask about another page meanwhile)
        if last[0] is text:
            return last[1]
        found = self._pattern(text)
        self._last = (text, found)
        return found

    @staticmethod
    def _pattern(text: str) -> re.Pattern:
        for found in _CLASS.finditer(text):
            start = text.rfind("<", 0, found.start())
            if text[found.end():found.end() + 1] != ">" or not _PLAIN_OPENING.fullmatch(text, start, found.start()):
                return _WITH_OTHERS
        return _PLAIN

    def finditer(self, text: str):
        return self.pattern(text).finditer(text)

    def sub(self, replacement, text: str, count: int = 0) -> str:
        return self.pattern(text).sub(replacement, text, count)


MATH = ArithmatexElements()
# Arithmatex's MathJax 2 output without a preview (mode: mathjax, preview: false; a site's own ``math`` fence made
# with its fenced format so): the TeX, escaped as in generic output, in a script.
SCRIPT = re.compile(r'\s*<script type="math/tex(?P<display>; ?mode=display)?">(?P<tex>.*?)</script>\s*', re.S)


def math_body(match: re.Match) -> str:
    """An arithmatex element's math as its generic output has it, ``\\(...\\)`` or ``\\[...\\]`` (HTML-escaped)."""
    script = SCRIPT.fullmatch(match["body"])
    if script is None:
        return match["body"]
    return ("\\[{}\\]" if script["display"] else "\\({}\\)").format(script["tex"].strip("\n"))


def tex_text(text: str) -> str:
    """``text`` written for TeX's math mode so that it shows exactly these characters."""
    text = " ".join(str(text).splitlines())
    if text and NUMBER.fullmatch(text) and any(c.isdigit() for c in text):
        return text.replace("%", "\\%")
    return "".join(SPECIAL[run] if run in SPECIAL else f"\\text{{{run}}}" for run in RUNS.findall(text))


def fill_in_math(page_html: str, values: dict[str, str]) -> str:
    """``page_html`` with each value's token that is inside math (an arithmatex element) replaced by the value as
    TeX text (:func:`tex_text`); tokens elsewhere are left for the caller."""
    def fill(match: re.Match) -> str:
        body = match["body"]
        for token, value in values.items():
            if token in body:
                body = body.replace(token, html.escape(tex_text(value), quote=False))
        return match["open"] + body + match["close"]

    return MATH.sub(fill, page_html) if any(token in page_html for token in values) else page_html
