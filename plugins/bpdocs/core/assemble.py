"""Put results back into the page's Markdown. Pure: text and plain data in, text out.

Each executable fence becomes its source (a plain highlighted fence) and/or an
output block. An output block is a ``bpdocs-html`` placeholder fence (so it
works at any indentation: lists, admonitions, tabs) whose HTML is filled in
after Markdown conversion, by token; so is every inline value. That lets a
page render while its fences are still running. Markdown a fence emits with
``show_markdown`` goes into the page's Markdown itself, so such a page waits
for its results first.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field

from .attributes import FOREIGN_ATTRS, PYTHON_NAMES
from .fences import TRUE, Fence, PageScan
from .render import display_math, error_box, render_output

PLACEHOLDER_FENCE = "bpdocs-html"
BPDOCS_ATTRS = {"exec", "session", "show", "precision", "format", "timeout", "result", "memory", "output_limit",
                "alt", "caption", "wrap"}
NOT_RUN = {"error": "not run: an earlier cell in its session failed"}
FIGURE_STARTS = ('<div class="bpdocs-figure">', '<figure class="bpdocs-captioned">')


@dataclass
class Assembled:
    markdown: str
    blocks: dict[str, str | None] = field(default_factory=dict)  # token -> HTML (None: later)
    inline_values: dict[str, str | None] = field(default_factory=dict)  # token -> text (None: later)
    # token -> a fence whose output comes later, and whether it hides its output (then only an error shows)
    deferred: dict[str, tuple[Fence, bool]] = field(default_factory=dict)
    inline_cells: dict[str, str] = field(default_factory=dict)  # token -> cell id
    salt: str = ""  # what every token of this page ends with


def page_salt(page_id: str) -> str:
    """What the ids of a page's figures start with: the same on every build (reproducible pages)."""
    return hashlib.sha256(page_id.encode()).hexdigest()[:6]


def token_salt() -> str:
    """What a page's tokens end with: random, new on every build. Nothing a fence prints, nor any text of a
    page, can guess a token, so text that looks like one stays text, and none is ever filled in."""
    return secrets.token_hex(16)


def _attribute(key: str, value: str) -> str:
    """``key="value"`` as superfences reads it: it has no escapes, so the value is quoted with the quote it
    does not contain (and a double quote becomes a single one when it holds both)."""
    if '"' not in value:
        return f'{key}="{value}"'
    if "'" not in value:
        return f"{key}='{value}'"
    return f'{key}="{value.replace(chr(34), chr(39))}"'


def _source_fence(fence: Fence) -> list[str]:
    # (a fence that runs keeps the generator's attributes only: one it does not know, reported as the fence's error,
    # would make superfences show the fence, and the output after it, as text)
    kept = [_attribute(k, v) for k, v in fence.attrs.items()
            if k not in BPDOCS_ATTRS and (k in FOREIGN_ATTRS or not fence.executes)]
    head = f"{fence.indent}{fence.marker}{' '.join(['python', *kept])}"
    body = [f"{fence.indent}{line}" if line else _blank(fence) for line in fence.source.split("\n")]
    return [head, *body, f"{fence.indent}{fence.marker}"]


def fence_pieces(fence: Fence, result: dict, ids: str) -> list[tuple[str, str]]:
    """A fence's output as ``("html" | "markdown", text)`` pieces, in order; its figures' ids start with
    ``ids`` (the page's :func:`page_salt`)."""
    if "error" in result and not result.get("outputs"):
        return [("html", error_box(result["error"]))]
    precision = int(fence.attrs["precision"]) if "precision" in fence.attrs else None
    fmt = fence.attrs.get("format", "auto")
    language = fence.attrs.get("result")
    wrap = fence.attrs.get("wrap", "off").lower() in TRUE
    pieces = [render_output(item, precision, fmt, f"bpd{ids}f{fence.key}n{n}", language,
                            alt=fence.attrs.get("alt"), caption=fence.attrs.get("caption"), wrap=wrap)
              for n, item in enumerate(result["outputs"], start=1)]
    if "error" in result:  # what it showed before it failed, then the failure, as Jupyter shows them
        pieces.append(("html", error_box(result["error"])))
    return side_by_side(pieces)


def side_by_side(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Figures one after another, as one row that wraps: side by side where there is room, stacked on a phone."""
    grouped: list[tuple[str, str]] = []
    run: list[str] = []
    for kind, text in [*pieces, ("end", "")]:
        if kind == "html" and text.startswith(FIGURE_STARTS):
            run.append(text)
            continue
        if run:
            grouped.append(("html", run[0] if len(run) == 1 else f'<div class="bpdocs-figures">{"".join(run)}</div>'))
            run = []
        if kind != "end":
            grouped.append((kind, text))
    return grouped


def shown_pieces(fence: Fence, result: dict, ids: str, *, hidden: bool = False) -> list[tuple[str, str]]:
    """:func:`fence_pieces`, or nothing for a fence that hides its output (``hidden``) and did not fail."""
    if hidden:  # (its failure alone: the output it hides stays hidden)
        return [("html", error_box(result["error"]))] if "error" in result else []
    return fence_pieces(fence, result, ids)


def fence_html(fence: Fence, result: dict, ids: str, *, hidden: bool = False) -> str:
    """The HTML of a fence's output block (no Markdown pieces): see :func:`shown_pieces`."""
    return "\n".join(text for _, text in shown_pieces(fence, result, ids, hidden=hidden))


def inline_shown(result: dict) -> str:
    """An inline value's text; where it failed, the kind of failure (the build says the rest, at its line)."""
    if "text" in result:
        return result["text"]
    failure = re.match(r"(?:[^\n]*?:\d+: )?([A-Z]\w*(?:Error|Exception|Exit|Interrupt))\b", result.get("error", ""))
    return f"\u26a0 ({failure[1]})" if failure else "\u26a0 (not computed)"


def assemble(markdown: str, scan: PageScan, results: dict[str, dict] | None, *, default_show: str,
             page_id: str, deferred: bool = False) -> Assembled:
    """The page with fences and inline values replaced by placeholders (and what they produced).

    ``results`` maps cell ids (``fence-<line>``, ``inline-<offset>``) to a
    result: ``{"outputs": [...]}``, ``{"text": ...}`` or ``{"error": message}``;
    a missing result means the cell did not run (an earlier cell failed).
    With ``deferred=True`` results come later: blocks and values are left
    ``None`` for :func:`fence_html` to fill. ``results=None`` means execution
    is off: fences show their source only. Fences with ``exec="off"`` always
    show as plain source; their bpdocs attributes are dropped, which
    superfences would otherwise reject.
    """
    salt = token_salt()
    ids = page_salt(page_id)
    out = Assembled(markdown, salt=salt)
    executing = results is not None
    results = results or {}

    # Inline values first: they never span lines, so fence line numbers stay valid.
    text = markdown
    for n, value in reversed(list(enumerate(scan.inline if executing else []))):
        token = f"bpdocsinline{n}x{salt}"
        cell_id = f"inline-{value.span[0]}"
        out.inline_cells[token] = cell_id
        out.inline_values[token] = None if deferred else inline_shown(results.get(cell_id, {}))
        text = text[:value.span[0]] + token + text[value.span[1]:]

    lines = text.split("\n")
    for fence in reversed([f for f in scan.fences if f.executes or _leaves_bpdocs_attributes(f)
                           or f.lang == "math" and not f.is_listing and (f.attrs or f.marker == "$$")]):
        end = fence.end if fence.end is not None else len(lines) - 1
        show = "output" if fence.is_diagram or fence.lang == "math" else fence.attrs.get("show", default_show)
        if fence.lang == "math" and not executing:
            # bpdocs is off: the equation as a $$ block, for the site's arithmatex (or the browser's MathJax)
            body = [f"{fence.indent}{line}" if line else _blank(fence) for line in fence.source.split("\n")]
            lines[fence.start:end + 1] = [_blank(fence), f"{fence.indent}$$", *body, f"{fence.indent}$$", _blank(fence)]
            continue
        if fence.lang == "math" and not fence.executes:
            # unchecked: the equation as arithmatex shows a math fence, without the checker's attributes
            lines[fence.start:end + 1] = [_blank(fence), *_placeholder(out, fence, salt, display_math(fence.source), 0),
                                          _blank(fence)]
            continue
        if not executing or not fence.executes:
            lines[fence.start:end + 1] = _source_fence(fence)
            continue
        new = _source_fence(fence) if show in ("both", "source") else []
        result = results.get(fence.cell_id, None if deferred else NOT_RUN)
        later = result is None
        hidden = show not in ("both", "output")
        # A fence that hides its output has a placeholder too, empty unless the fence fails: where its error
        # shows, whether the page was made before its results (deferred) or after, byte for byte the same.
        pieces = [] if later else shown_pieces(fence, result, ids, hidden=hidden)
        if any(kind == "markdown" for kind, _ in pieces):
            for kind, content in pieces:
                new.append(_blank(fence))
                if kind == "markdown":
                    new += [f"{fence.indent}{line}" if line else _blank(fence) for line in content.split("\n")]
                else:
                    new += _placeholder(out, fence, salt, content, len(new))
        else:
            token = f"bpdocsout{fence.key}x{salt}"
            if later:
                out.deferred[token] = (fence, hidden)
            out.blocks[token] = None if later else "\n".join(text for _, text in pieces)
            new += [_blank(fence), f"{fence.indent}```{PLACEHOLDER_FENCE}", f"{fence.indent}{token}",
                    f"{fence.indent}```"]
        new.append(_blank(fence))
        lines[fence.start:end + 1] = new
    out.markdown = "\n".join(lines)
    return out


def _leaves_bpdocs_attributes(fence: Fence) -> bool:
    """Whether a fence that does not run is shown as a listing without bpdocs' attributes (``exec="off"
    session="demo"``, which superfences would refuse). Only a fence of bpdocs': another tool's fence that shares
    an attribute name (markdown-exec's ``pyodide session="s" install="numpy"``) is that tool's, left as written."""
    return bool(BPDOCS_ATTRS & set(fence.attrs)) and ("exec" in fence.attrs or fence.lang in PYTHON_NAMES)


def _blank(fence: Fence) -> str:
    """An empty line where the fence is: inside a blockquote, the quote's marker, so the quote goes on."""
    return fence.indent.rstrip() if ">" in fence.indent else ""


def _placeholder(out: Assembled, fence: Fence, salt: str, html: str, n: int) -> list[str]:
    token = f"bpdocsout{fence.key}n{n}x{salt}"
    out.blocks[token] = html
    return [f"{fence.indent}```{PLACEHOLDER_FENCE}", f"{fence.indent}{token}", f"{fence.indent}```"]
