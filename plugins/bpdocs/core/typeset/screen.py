"""The last screen of typeset math: whatever made a formula's markup (MathJax and its safe rules in Node, KaTeX, a
cache), a tag that carries what the safe rules forbid is found before the markup reaches a page. Pure: text in,
the offending tag (or None) out."""

from __future__ import annotations

import html
import re

# What typeset math must never carry into the page, whatever made it (checked again after the safe rules in
# Node): these elements, an event handler, or a link, style or paint that reaches for script or for elsewhere.
# (Text, and attributes such as a title, are escaped: they cannot be markup.)
UNSAFE_TAGS = re.compile(r"<\s*/?\s*(script|iframe|object|embed|foreignObject|style|link|meta|base|form)\b", re.I)
ATTRIBUTE = re.compile(r'\s([\w:-]+)\s*=\s*"([^"]*)"')
LINKS_AND_PAINT = {"href", "xlink:href", "src", "action", "formaction", "style", "fill", "stroke", "background",
                   "mathbackground", "mathcolor", "color", "filter", "mask", "clip-path"}
UNSAFE_VALUE = re.compile(r"javascript:|vbscript:|data:|url\s*\(|expression\s*\(|@import", re.I)
TAG = re.compile(r"<[^>]*>")


# What unsafe_markup looks for in each tag, looked for anywhere in a fragment at once (a formula that has none of
# it needs no look at its tags one by one: most formulas): UNSAFE_TAGS searched, a handler's name, and an unsafe
# value in the whole fragment as read, not in what looks like its attributes (text such as \text{ fill="} would
# misalign the quotes of a look at attributes across tags, and hide a real one after it).
ANY_HANDLER = re.compile(r"\son[\w:-]*\s*=", re.I)
# The same look, case-sensitive in a folded copy (about four times as quick on a page's megabyte of SVG): lower
# case, and first the four letters that re.I also takes for ASCII ones (dotted and dotless i, long s, Kelvin).
QUICK_TAGS = re.compile(r"<\s*/?\s*(?:script|iframe|object|embed|foreignobject|style|link|meta|base|form)\b")
QUICK_HANDLER = re.compile(ANY_HANDLER.pattern)
QUICK_VALUE = re.compile(UNSAFE_VALUE.pattern)
VALUE_WORDS = ("script:", "data:", "url", "expression", "@import")  # one is in every value QUICK_VALUE finds
FOLDED_BY_RE = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"))


def _folded(text: str) -> str:
    if not text.isascii():
        for letter, ascii_letter in FOLDED_BY_RE:
            if letter in text:
                text = text.replace(letter, ascii_letter)
    return text.lower()


def _may_carry(fragment: str) -> bool:
    """The quick look: False when no tag of ``fragment`` can carry what the safe rules forbid."""
    folded = _folded(fragment)
    if QUICK_TAGS.search(folded) or QUICK_HANDLER.search(folded):
        return True
    read = _as_read(fragment)
    read = folded if read is fragment else _folded(read)
    return any(word in read for word in VALUE_WORDS) and QUICK_VALUE.search(read) is not None


def unsafe_markup(fragment: str) -> str | None:
    """The first tag of ``fragment`` that carries what the safe rules forbid, or None."""
    if not _may_carry(fragment):
        return None
    for tag in TAG.findall(fragment):
        if UNSAFE_TAGS.match(tag):
            return tag
        if "=" not in tag:
            continue
        for name, value in ATTRIBUTE.findall(tag):
            name = name.lower()
            if name.startswith("on") or name in LINKS_AND_PAINT and UNSAFE_VALUE.search(_as_read(value)):
                return tag
    return None


def _as_read(value: str) -> str:
    """An attribute's value as a browser reads it (entities decoded, tabs and line breaks dropped)."""
    read = html.unescape(value) if "&" in value else value
    return re.sub(r"[\t\n\r]", "", read) if "\t" in read or "\n" in read or "\r" in read else read
