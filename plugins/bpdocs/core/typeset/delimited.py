"""Math that only KaTeX's auto-render would find: delimited TeX in the page's text that arithmatex did not mark
(``$$`` inside a paragraph, a site's own delimiters), marked as arithmatex marks math, so that the build renders
it as the reader's browser would. Pure: HTML in, HTML out.

This follows KaTeX's ``contrib/auto-render``: the same delimiters (the ``tex`` option's, in order), the same
search for the closing delimiter (outside braces, past escaped characters), ``\\begin{...}`` kept whole, and the
same elements left alone (script, noscript, style, textarea, pre, code, option), as well as math already marked.
"""

from __future__ import annotations

import html
import re

IGNORED = {"script", "noscript", "style", "textarea", "pre", "code", "option"}
RAW_TEXT = {"script", "style", "textarea"}  # their content is not HTML: skip to the closing tag
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
MARKED = re.compile(r'\bclass\s*=\s*"[^"]*\b(arithmatex|katex(-[a-z]+)?)\b', re.I)
# ``$$x$$`` inside a paragraph, after arithmatex: its inline ``$...$`` took the inner pair and left a dollar on each side.
DOLLARS_AROUND_INLINE = re.compile(r'\$<span class="arithmatex">\\\(([^<]*?)\\\)</span>\$')
TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<(/?)([A-Za-z][\w:-]*)([^>]*)>|[^<]+|<", re.S)


def find_end(delimiter: str, text: str, start: int) -> int:
    """Where ``delimiter`` closes the math that starts before ``start``: outside braces, not escaped; -1 if never."""
    index, braces = start, 0
    while index < len(text):
        if braces <= 0 and text.startswith(delimiter, index):
            return index
        character = text[index]
        if character == "\\":
            index += 1
        elif character == "{":
            braces += 1
        elif character == "}":
            braces -= 1
        index += 1
    return -1


def split_at_delimiters(text: str, delimiters) -> list[tuple[str, str, bool]]:
    """``text`` as pieces: ``("text", text, False)`` and ``("math", tex, display)``, as auto-render splits it."""
    pieces = []
    left = re.compile("|".join(re.escape(d[0]) for d in delimiters))
    while (found := left.search(text)) is not None:
        if found.start() > 0:
            pieces.append(("text", text[:found.start()], False))
            text = text[found.start():]
        opening, closing, display = next(d for d in delimiters if text.startswith(d[0]))
        end = find_end(closing, text, len(opening))
        if end == -1:
            break
        raw = text[:end + len(closing)]
        tex = raw if raw.startswith("\\begin{") else text[len(opening):end]
        pieces.append(("math", tex, display))
        text = text[end + len(closing):]
    if text:
        pieces.append(("text", text, False))
    return pieces


def _marked(text: str, delimiters) -> str | None:
    """The HTML of one text run with its delimited math marked, or None if it has none."""
    pieces = split_at_delimiters(html.unescape(text), delimiters)
    if not any(kind == "math" for kind, _, _ in pieces):
        return None
    out = []
    for kind, content, display in pieces:
        if kind == "text":
            out.append(html.escape(content, quote=False))
        else:
            opening, closing = ("\\[", "\\]") if display else ("\\(", "\\)")
            out.append(f'<span class="arithmatex">{opening}{html.escape(content, quote=False)}{closing}</span>')
    return "".join(out)


def mark_delimited(page_html: str, delimiters) -> str:
    """``page_html`` with the delimited math of its body's text marked (the head, and ignored elements, as
    they are)."""
    if not delimiters:
        return page_html
    if any(d[0] == "$$" for d in delimiters):  # arithmatex read $$x$$ in a paragraph as $ \(x\) $: auto-render's $$x$$
        page_html = DOLLARS_AROUND_INLINE.sub(r'<span class="arithmatex">\\[\1\\]</span>', page_html)
    body = re.search(r"<body\b", page_html, re.I)
    start = body.start() if body else 0
    out, position, stack, ignoring = [page_html[:start]], start, [], None
    while position < len(page_html):
        token = TOKEN.match(page_html, position)
        piece, position = token.group(0), token.end()
        closing, name, attributes = token.group(1), (token.group(2) or "").lower(), token.group(3) or ""
        if name and not closing:
            if name in RAW_TEXT:  # copied as it is, up to its end tag
                end = re.compile(rf"</{name}\s*>", re.I).search(page_html, position)
                stop = end.end() if end else len(page_html)
                out.append(piece + page_html[position:stop])
                position = stop
                continue
            if name not in VOID and not attributes.rstrip().endswith("/"):
                stack.append(name)
                if ignoring is None and (name in IGNORED or MARKED.search(attributes)):
                    ignoring = len(stack)
        elif name and closing:
            if name in stack:
                while stack and stack.pop() != name:
                    pass
                if ignoring is not None and len(stack) < ignoring:
                    ignoring = None
        elif not piece.startswith("<") and ignoring is None:
            piece = _marked(piece, delimiters) or piece
        out.append(piece)
    return "".join(out)
