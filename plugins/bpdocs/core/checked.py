"""A checked equation as the reader sees it. Pure: plain data in, HTML out.

An equation that holds gets one compact mark, "checked", whose details (the networks, the number of
evaluations, the largest difference) open on demand. An equation shown wrong on purpose
(``expect="fail"``) stands inside a red box that says so first, then says in words what is wrong, and
shows the counterexample the checker found as a small typeset table: the network, the values it drew,
the left side and the right side.
"""

from __future__ import annotations

import html
import re

from .render import bmatrix, display_math

# TeX inside the checker's words (``write w^l_{kj}``, ``\prod_{h=a}^{b}``): typeset, not shown as source.
TEX_WORD = re.compile(r"\\[A-Za-z]+(?:[_^](?:\{[^{}]*\}|\w))*|(?<![\w\\])[A-Za-z](?:[_^](?:\{[^{}]*\}|\w))+")


def inline_math(tex: str) -> str:
    """Inline math in pymdownx.arithmatex's generic output form (typeset with the page's other math)."""
    return f'<span class="arithmatex">\\({html.escape(tex, quote=False)}\\)</span>'


def words_with_math(text: str) -> str:
    """Escaped text in which TeX fragments (``w^2_{21}``, ``\\prod_h``) are inline math."""
    parts, position = [], 0
    for match in TEX_WORD.finditer(text):
        parts += [html.escape(text[position:match.start()]), inline_math(match[0])]
        position = match.end()
    return "".join(parts) + html.escape(text[position:])


def checked_equation(item: dict) -> str:
    """The equation exactly as written (as the ``math`` fence shows it), and what checking it found."""
    math = display_math(item["latex"])
    if item["holds"]:
        summary = item["summary"]  # "checked against bpcore on ..." or "checked against the session's code ..."
        caveat = item.get("caveat") or ""  # (on networks of one unit a layer: what it could not have caught)
        caveat = f'<p class="bpdocs-caveat">{words_with_math(caveat[:1].upper() + caveat[1:])}.</p>' if caveat else ""
        return (math + f'<details class="bpdocs-check bpdocs-check-holds" title="{html.escape(summary)}">'
                '<summary><span aria-hidden="true">\u2713</span> checked</summary>'
                f'<p>{html.escape(summary[:1].upper() + summary[1:])}.</p>{caveat}</details>')
    found = item.get("found")
    body = (_explanation(found) + counterexample_table(found)) if found else \
        f'<pre class="bpdocs-counterexample"><code>{html.escape(chr(10).join(item["counterexample"]))}</code></pre>'
    return ('<div class="admonition failure bpdocs-check bpdocs-check-fails">'
            '<p class="admonition-title">This equation does not hold (shown on purpose)</p>'
            f'<div class="bpdocs-wrong" title="does not hold">{math}</div>{body}</div>')


def _number(value, digits: int | None = None) -> str:
    """A side's value or a drawn value in TeX: a number (4 significant digits), or a vector (a plain list,
    shown as a column) or a matrix (a list of rows), its entries to ``digits`` significant digits (else 6)."""
    if isinstance(value, list):
        if value and not isinstance(value[0], list):
            value = [[entry] for entry in value]
        if not value:
            return "[\\,]"
        if len(value) == 1 and len(value[0]) == 1:
            return _number(value[0][0])
        if digits is not None:
            value = [[float(f"{entry:.{digits}g}") for entry in row] for row in value]
        return bmatrix({"data": value, "shape": [len(value), len(value[0])]}, None)
    text = f"{value:.4g}"
    mantissa, _, exponent = text.partition("e")
    return f"{mantissa} \\times 10^{{{int(exponent)}}}" if exponent else text


def _on_a_network(found: dict) -> bool:
    return bool(re.fullmatch(r"\d+(?:-\d+)*", found["network"]))


def _explanation(found: dict) -> str:
    network = html.escape(found["network"])
    problem = found.get("problem")
    if problem is None:
        where = f"On a {network} network" if _on_a_network(found) else f"Checked against {network},"
        how = _how_they_differ(found.get("differ"))
        return f"<p>{where} {how}</p>"
    side = "left" if found["right"]["value"] is None and found["left"]["value"] is None else "right"
    symbol = inline_math(problem["symbol"]) if problem.get("symbol") else None
    text = words_with_math(problem["text"].rstrip("."))
    on = f"a {network} network" if _on_a_network(found) else network  # "the session's code", "session attn"
    if found["kind"] == "range" and symbol:
        return f"<p>The {side} side names {symbol}, which {on} does not have: {text}.</p>"
    reason = f"{symbol}: {text}" if symbol else text
    return f"<p>The {side} side has no value {'on' if _on_a_network(found) else 'against'} {on}: {reason}.</p>"


def _how_they_differ(differ: str | None) -> str:
    """The build's words on how the sides differ (in sign alone, by a factor), without the advice in TeX after them
    (the squared error's \\frac{1}{2}: the build's message has it)."""
    if not differ:
        return "the two sides differ:"
    head, _, tail = differ.replace("the sides", "the two sides", 1).partition(": ")
    return html.escape(f"{head}: {tail}" if tail and "\\" not in tail else f"{head}.")


def which_case(found: dict) -> str:
    """Which case of the check failed, in words: a drawn network; or, in a check against the page's own code,
    the page's own values (the first trial) or a draw of its ``inputs`` (every trial after it)."""
    if _on_a_network(found):
        return f"random draw {found['trial']} of the check"
    return "the page's own values" if found["trial"] == 1 else f"draw {found['trial'] - 1} of the inputs"


def drawn_values(values: list) -> str:
    """The values a case was drawn with (entries to 4 significant digits, as its numbers), each a box of its
    own (``name = value,``): they wrap between boxes, never inside one, so a comma never starts a line and
    tall matrices never touch (bpdocs.css)."""
    last = len(values) - 1
    return '<div class="bpdocs-drawn">' + "".join(
        f'<span>{inline_math(f"{name} = {_number(value, 4)}")}{"," if n < last else ""}</span>'
        for n, (name, value) in enumerate(values)) + "</div>"


def counterexample_table(found: dict) -> str:
    """The counterexample as a two-column table (what, value), every name and number typeset."""
    rows = [("network" if _on_a_network(found) else "checked against",
             html.escape(f"{found['network']}, {which_case(found)}"))]
    if found["indices"]:
        rows.append(("where", inline_math(",\\ ".join(f"{name} = {value}" for name, value in found["indices"]))))
    if found["values"]:
        rows.append(("values", drawn_values(found["values"])))
    for name in ("left", "right"):
        side = found[name]
        if side["tex"] is None:
            continue
        if side["value"] is not None:
            shown = inline_math(f"{side['tex']} = {_number(side['value'])}")
        else:
            shown = inline_math(side["tex"]) + " <em>has no value here</em>"
        rows.append((f"{name} side", shown))
    body = "".join(f'<tr><th scope="row">{what}</th><td>{value}</td></tr>' for what, value in rows)
    return f'<div class="bpdocs-table bpdocs-counterexample"><table><tbody>{body}</tbody></table></div>'
