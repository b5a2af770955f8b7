"""Turn cell results (plain data) into HTML and Markdown. Pure: no MkDocs, no execution.

Printed text and reprs are always HTML-escaped; only ``show_markdown`` and
``show_html`` insert markup, because the author asked for it.
"""

from __future__ import annotations

import html
import re

MATH_OPEN, MATH_CLOSE = "\\[", "\\]"


def number(value: float, precision: int | None = None) -> str:
    """A number as text: ``precision`` decimals, else up to 6 significant digits; never ``-0``."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    text = f"{value:.{precision}f}" if precision is not None else f"{value:.6g}"
    if re.fullmatch(r"-0(\.0*)?(e[+-]?0+)?", text):
        text = text[1:]
    return text


def _latex_number(value: float, precision: int | None) -> str:
    text = number(value, precision)
    mantissa, _, exponent = text.partition("e")
    return f"{mantissa} \\times 10^{{{int(exponent)}}}" if exponent else mantissa


def bmatrix(item: dict, precision: int | None) -> str:
    """A 0-, 1- (column) or 2-dimensional array as a LaTeX ``bmatrix``; a summarised one (``None`` where numbers
    were left out: :func:`bpdocs.core.display._array_data`) with dots there, as textbooks write a long matrix."""
    data, shape = item["data"], item["shape"]
    if len(shape) == 0:
        return _latex_number(data, precision)
    rows = _as_rows(item)
    numbers = next((row for row in rows if any(v is not None for v in row)), [])
    gap_columns = {j for j, v in enumerate(numbers) if v is None}

    def entry(row: list, j: int) -> str:
        if row[j] is not None:
            return _latex_number(row[j], precision)
        if any(v is not None for v in row):
            return "\\cdots"
        return "\\ddots" if j in gap_columns else "\\vdots"  # (the row of left-out rows)

    body = " \\\\ ".join(" & ".join(entry(row, j) for j in range(len(row))) for row in rows)
    return f"\\begin{{bmatrix}} {body} \\end{{bmatrix}}"


def math_block(latex: str) -> str:
    """Display math in pymdownx.arithmatex's generic output form, which MathJax typesets."""
    return f'<div class="arithmatex">{MATH_OPEN} {html.escape(latex, quote=False)} {MATH_CLOSE}</div>'


def table(rows: list[list], precision: int | None, header: bool) -> str:
    def cell(tag: str, value) -> str:  # text with \( \) in it is math, as in the page around it
        text = number(value, precision) if isinstance(value, float) else "\u2026" if value is None \
            else caption_html(str(value))
        return f"<{tag}>{text}</{tag}>"

    # Material styles only tables without a class, so the class goes on a wrapper.
    parts = ['<div class="bpdocs-table"><table>']
    body = rows
    if header and rows:
        parts.append("<thead><tr>" + "".join(cell("th", v) for v in rows[0]) + "</tr></thead>")
        body = rows[1:]
    parts.append("<tbody>" + "".join(
        "<tr>" + "".join(cell("td", v) for v in row) + "</tr>" for row in body) + "</tbody></table></div>")
    return "".join(parts)


def pre(text: str, css: str) -> str:
    return f'<pre class="{css}"><code>{html.escape(text, quote=False)}</code></pre>'


# An id attribute is id="..." with whitespace before it (what the pattern \sid="([^"]+)" finds), looked for as the
# literal id=" (which the regex engine finds several times faster), the character before checked after.
ID_START = re.compile(r'id="')
ID_VALUE = re.compile(r'([^"]+)"')
SVG_REFERENCES = (re.compile(r"(url\(#)([^)]+)"), re.compile(r'(href="#)([^"]+)'))  # url(#x), (xlink:)href="#x"


def _id_starts(svg: str) -> list[int]:
    """Where each ``id="`` that has whitespace before it ends."""
    return [m.end() for m in ID_START.finditer(svg) if m.start() and svg[m.start() - 1].isspace()]


def _ids(svg: str) -> set[str]:
    """The ids of ``svg``: the values of ``\\sid="([^"]+)"``, its matches taken one after another as re.findall
    takes them (one never starts inside the one before)."""
    found, end = set(), 0
    for start in _id_starts(svg):
        value = ID_VALUE.match(svg, start) if start - 5 >= end else None
        if value:
            found.add(value[1])
            end = value.end()
    return found


def prefix_svg_ids(svg: str, prefix: str) -> str:
    """Make every id in ``svg`` unique on the page; drop the XML prologue for inlining.

    matplotlib names things ``figure_1``, ``patch_1`` and reuses glyph ids, so
    two inline figures would otherwise share ids (and a ``url(#...)`` would
    point into the wrong one). (Patterns without ``\\b`` or optional prefixes: this runs over
    every figure of every page on every build, and those made it several times slower.)
    """
    svg = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    ids = _ids(svg)
    if not ids:
        return svg

    def rename(match: re.Match) -> str:
        return f"{match[1]}{prefix}-{match[2]}" if match[2] in ids else match[0]

    for references in SVG_REFERENCES:
        svg = references.sub(rename, svg)
    pieces, position = [], 0
    for opening in _id_starts(svg):  # every id is one of ``ids``
        pieces += [svg[position:opening], prefix, "-"]
        position = opening
    return "".join(pieces) + svg[position:]


INLINE_MATH = re.compile(r"\\\((.+?)\\\)", re.S)


def caption_html(caption: str) -> str:
    """A caption as HTML: text escaped, and ``\\( \\)`` math as the page's other inline math (arithmatex)."""
    parts, position = [], 0
    for match in INLINE_MATH.finditer(caption):
        parts.append(html.escape(caption[position:match.start()]))
        parts.append(f'<span class="arithmatex">\\({html.escape(match[1], quote=False)}\\)</span>')
        position = match.end()
    parts.append(html.escape(caption[position:]))
    return "".join(parts)


def _header_row(rows: list[list]) -> bool:
    return len(rows) > 1 and all(isinstance(v, str) for v in rows[0]) and any(
        isinstance(v, float) for row in rows[1:] for v in row)


# ANSI escape sequences: CSI (colours, cursor moves: ESC [ ... letter), OSC (titles, links: ESC ] ... BEL or ST),
# and two-character ones; and what else HTML cannot hold (NUL and the other C0 controls but tab and newline)
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def as_a_terminal_shows(text: str) -> str:
    """Printed text as a terminal leaves it: colours and cursor codes out (logging's, rich's, tqdm's), a line
    rewritten after a carriage return (a progress bar) shown as it ends, another control character as U+FFFD."""
    if "\x1b" in text:
        text = ANSI.sub("", text)
    if "\r" in text:
        text = "\n".join(line.rstrip("\r").rsplit("\r", 1)[-1] for line in text.replace("\r\n", "\n").split("\n"))
    return CONTROL.sub("\ufffd", text) if CONTROL.search(text) else text


def highlighted(text: str, language: str, css: str = "bpdocs-stdout") -> str:
    """Printed text as a highlighted code block, as Material shows code (escaped by Pygments)."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name

    body = highlight(text, get_lexer_by_name(language), HtmlFormatter(nowrap=True))
    return f'<div class="highlight {css}"><pre><span></span><code>{body}</code></pre></div>'


def render_output(item: dict, precision: int | None, fmt: str, figure_id: str,
                  language: str | None = None, *, alt: str | None = None,
                  caption: str | None = None, wrap: bool = False) -> tuple[str, str]:
    """One output item as ``("html", text)`` or ``("markdown", text)``; ``language`` highlights printed text,
    ``wrap`` wraps its long lines at the page's edge; ``alt`` and ``caption`` (the fence's) name and caption a
    figure."""
    precision = item.get("precision", precision)
    fmt = item.get("format", fmt)
    label = item.get("label")
    kind = item["kind"]
    typeset = kind in ("number", "array", "arrays") and fmt not in ("table", "text")  # (a label there: label = ...)
    if item.get("named") and not typeset:
        shown_as, shown = render_output({**item, "named": None, "label": None}, precision, fmt, figure_id, language,
                                        alt=alt, caption=caption, wrap=wrap)
        return shown_as, _named(item["named"], shown, shown_as)
    if kind == "text":
        css = "bpdocs-stdout bpdocs-wrap" if wrap else "bpdocs-stdout"
        text = as_a_terminal_shows(item["text"])
        return "html", highlighted(text, language, css) if language else pre(text, css)
    if kind == "markdown":
        return "markdown", item["text"]
    if kind == "html":
        return "html", item["text"]
    if kind == "svg":
        from .figures import figure_html

        return "html", figure_html(item["svg"], figure_id, caption=caption or item.get("caption"), alt=alt)
    if kind == "latex":  # (a value's _repr_latex_)
        return "html", math_block(item["latex"])
    if kind == "equation":
        from .checked import checked_equation

        return "html", checked_equation(item)
    if kind == "number":
        if label and typeset:  # as a matrix's: label = value
            return "html", math_block(f"{label} = {_latex_number(item['value'], precision)}")
        return "html", pre(number(item["value"], precision), "bpdocs-value")
    if kind == "rows":
        return "html", table(item["rows"], precision, _header_row(item["rows"]))
    if kind in ("array", "arrays"):
        arrays = [item] if kind == "array" else item["items"]
        if fmt == "table":
            return "html", "".join(table(_as_rows(a), precision, False) for a in arrays)
        if fmt == "text":
            return "html", pre("\n\n".join(_as_text(a, precision) for a in arrays), "bpdocs-value")
        latex = ",\\quad ".join(bmatrix(a, precision) for a in arrays)
        return "html", math_block(f"{label} = {latex}" if label else latex)
    return "html", pre(item.get("repr", ""), "bpdocs-value")


def _named(named: list, shown: str, shown_as: str) -> str:
    """What ``show(..., label=...)`` showed, its label on a line before it (a table's too: a caption would
    wrap to the table's width)."""
    text, is_tex = named
    text = " ".join(text.split())  # (on one line: a blank line would end the HTML in Markdown output)
    name = f'<span class="arithmatex">\\({html.escape(text, quote=False)}\\)</span>' if is_tex else html.escape(text)
    return f'<p class="bpdocs-label">{name}</p>' + ("\n\n" if shown_as == "markdown" else "") + shown


def _as_rows(item: dict) -> list[list]:
    data = item["data"]
    if len(item["shape"]) == 0:
        return [[data]]
    return [[v] for v in data] if len(item["shape"]) == 1 else data


def _as_text(item: dict, precision: int | None) -> str:
    return "\n".join("..." if all(v is None for v in row) else " ".join(
        "..." if v is None else number(v, precision) for v in row) for row in _as_rows(item))


def display_math(latex: str) -> str:
    """An equation exactly as written, as pymdownx.arithmatex (generic mode) shows a ``math`` fence."""
    return f'<div class="arithmatex">\\[\n{html.escape(latex, quote=False)}\n\\]</div>'


def error_box(message: str) -> str:
    """A visible admonition for an error, as shown while serving."""
    return ('<div class="admonition failure bpdocs-error"><p class="admonition-title">'
            'bpdocs: this fence failed</p>' + pre(message, "bpdocs-error-text") + "</div>")
