"""Where Markdown shows no fence although the page's lines hold one: an indented code block (the fence is shown
as code) and an HTML comment (nothing is shown). Nothing there runs: a page runs what its reader sees.

Pure: takes the page's lines, as :mod:`bpdocs.core.fences` scans them.
"""

from __future__ import annotations

import re

# A line whose content is indented 4 columns past it: a list item, an admonition (!!!), pymdownx's details (???),
# tabs (===), a footnote's definition.
CONTAINER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)]|!!!|\?\?\?\+?|===[+!]?|\[\^[^\]]+\]:)(?:[ \t]|$)")
CODE_SPAN = re.compile(r"(`+).*?(?<!`)\1(?!`)")


def in_indented_code(lines: list[str], n: int, indent: str) -> bool:
    """Whether the fence opening on line ``n`` is in an indented code block: 4 columns or more past the content of
    what holds it (the page, or a list item, an admonition, details, tabs: content 4 columns past their line).
    Markdown shows it as code, and superfences reads no fence there (an author showing the syntax of a fence)."""
    column = len(indent.expandtabs(4))
    if ">" in indent or column < 4:
        return False
    for line in reversed(lines[:n]):
        lead = len(line[:len(line) - len(line.lstrip(" \t"))].expandtabs(4))
        if line.strip() and lead < column:
            return column >= lead + (4 if CONTAINER.match(line) else 0) + 4
    return True


def comment_end(lines: list[str], n: int) -> int | None:
    """The line that closes an HTML comment opened on line ``n`` and not closed there, if one does; else None.

    Python-Markdown keeps such a comment whole in the page (a fence in it too: its code is inside the comment), so
    a reader sees nothing of it: an author comments a fence out to turn it off. A comment never closed is shown as
    text (and ``<!--`` in a code span or an indented code block is text): those are not comments."""
    line = CODE_SPAN.sub(lambda span: " " * len(span[0]), lines[n])
    indent = line[:len(line) - len(line.lstrip(" \t>"))]
    if line.startswith("<!--", len(indent)) and in_indented_code(lines, n, indent):
        return None
    opening = line.find("<!--")
    while opening >= 0 and (closing := line.find("-->", opening + 4)) >= 0:  # (comments closed on the line)
        opening = line.find("<!--", closing + 3)
    if opening < 0:
        return None
    return next((m for m in range(n + 1, len(lines)) if "-->" in lines[m]), None)
