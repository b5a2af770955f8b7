"""Put results back into the page's Markdown. Pure: text and plain data in, text out.

Each executable fence becomes its source (a plain highlighted fence) and/or its
output. HTML output is parked in a ``bpdocs-html`` placeholder fence that the
plugin's superfences formatter swaps back in, so it works at any indentation
(lists, admonitions, tabs). Inline values become tokens that the plugin
replaces, HTML-escaped, in the rendered page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .fences import Fence, PageScan
from .render import error_box, render_output

PLACEHOLDER_FENCE = "bpdocs-html"
# Tokens survive Markdown and arithmatex untouched: letters and digits only.
INLINE_TOKEN = "bpdocsinline{n}x{salt}"
BPDOCS_ATTRS = {"exec", "session", "show", "precision", "format", "timeout"}


@dataclass
class Assembled:
    markdown: str
    html_blocks: dict[str, str] = field(default_factory=dict)  # placeholder id -> HTML
    inline_values: dict[str, str] = field(default_factory=dict)  # token -> text


def _source_fence(fence: Fence) -> list[str]:
    kept = [f'{k}="{v}"' for k, v in fence.attrs.items() if k not in BPDOCS_ATTRS]
    head = f"{fence.indent}{fence.marker}{' '.join(['python', *kept])}"
    body = [f"{fence.indent}{line}" if line else "" for line in fence.source.split("\n")]
    return [head, *body, f"{fence.indent}{fence.marker}"]


def assemble(markdown: str, scan: PageScan, results: dict[str, dict], *, default_show: str,
             page_id: str) -> Assembled:
    """The page with fences and inline values replaced by what they produced.

    ``results`` maps cell ids (``fence-<line>``, ``inline-<offset>``) to a
    result: ``{"outputs": [...]}``, ``{"text": ...}`` or ``{"error": message}``;
    a missing result means the cell did not run (an earlier cell failed).
    """
    salt = hashlib.sha256(page_id.encode()).hexdigest()[:6]
    out = Assembled(markdown)

    # Inline values first: they never span lines, so fence line numbers stay valid.
    text = markdown
    for n, value in reversed(list(enumerate(scan.inline))):
        token = INLINE_TOKEN.format(n=n, salt=salt)
        result = results.get(f"inline-{value.span[0]}", {})
        out.inline_values[token] = result.get("text", "\u26a0 (not computed)")
        text = text[:value.span[0]] + token + text[value.span[1]:]

    lines = text.split("\n")
    figures = 0
    for fence in reversed([f for f in scan.fences if f.executes]):
        show = fence.attrs.get("show", default_show)
        precision = int(fence.attrs["precision"]) if "precision" in fence.attrs else None
        fmt = fence.attrs.get("format", "auto")
        result = results.get(f"fence-{fence.line}", {"error": "not run: an earlier fence in its session failed"})
        new = _source_fence(fence) if show in ("both", "source") else []
        pieces: list[tuple[str, str]] = []
        if "error" in result:
            pieces.append(("html", error_box(result["error"])))
        elif show in ("both", "output"):
            for item in result["outputs"]:
                figures += 1
                pieces.append(render_output(item, precision, fmt, f"bpd{salt}f{fence.line}n{figures}"))
        for kind, content in pieces:
            new.append("")
            if kind == "markdown":
                new += [f"{fence.indent}{line}" if line else "" for line in content.split("\n")]
            else:
                block_id = f"{salt}-{fence.line}-{len(out.html_blocks)}"
                out.html_blocks[block_id] = content
                new += [f"{fence.indent}```{PLACEHOLDER_FENCE}", f"{fence.indent}{block_id}",
                        f"{fence.indent}```"]
        new.append("")
        lines[fence.start:fence.end + 1] = new
    out.markdown = "\n".join(lines)
    return out
