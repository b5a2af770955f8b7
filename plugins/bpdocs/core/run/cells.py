"""The cells that are not Python: ``bpnet`` diagrams and checked ``math`` fences, run in the worker.

Both read the page session (a network by name) and return plain data, like
every cell: outputs, or an error located in the Markdown.
"""

from __future__ import annotations

import json
import re

import bpcore

from .tracebacks import error_data


def run_diagram(cell: dict, namespace: dict, page: str) -> dict:
    """A ``bpnet`` spec: checked, filled with values from the session if it names a network, drawn."""
    from ..diagrams.draw import draw, network_values
    from ..errors import AuthoringError
    from ..diagrams.netspec import parse

    def located(exc: AuthoringError) -> dict:
        return {"outputs": [], "error": {"line": cell["line"] + (0 if cell.get("placed") else exc.line or 0),
                                         "message": exc.message, "details": []}}

    def network(name: str):
        found = namespace.get(name)
        if not isinstance(found, bpcore.Network):
            what = "is not defined" if found is None else f"is a {type(found).__name__}"
            raise AuthoringError(f"network: {name!r} {what} in the session; it must be a bpcore Network")
        return found

    try:
        spec = parse(cell["source"], network_sizes=lambda name: list(network(name).sizes))
        values = None
        if spec.network is not None:
            x, t = (namespace.get(v, v) if isinstance(v, str) else v for v in (spec.input, spec.target))
            values = network_values(network(spec.network), x, t)
        diagram = draw(spec, values)
    except AuthoringError as exc:
        return located(exc)
    except Exception as exc:  # e.g. bpcore rejecting x or t: say what, where the spec is
        return {"outputs": [], "error": error_data(exc, page, cell["line"])}
    return {"outputs": [{"kind": "svg", "svg": diagram.svg, "caption": diagram.caption}], "error": None}


# A $$ block is checked because its page says bpdocs_check: one the checker cannot read (its TeX: a bound, an
# unknown macro) is told how to show it as written
BLOCK_HINT = (" (a $$ block is checked on a page with bpdocs_check; to show one unchecked, write it between \\[ and "
              "\\], or as a math fence with check=\"off\")")


def run_math(cell: dict, namespace: dict, page: str) -> dict:
    """A ``math`` fence with ``check``: the equation checked against bpcore, or with ``check="session"`` against
    the session's own values and functions (:func:`check_equation`)."""
    from ..mathcheck import check_equation

    spec = json.loads(cell["source"])
    target = spec["check"].strip()
    expect_fail = spec.get("expect") == "fail"

    def fail(message: str, line_offset: int = 0, details=()):
        return {"outputs": [], "error": {"line": cell["line"] + (0 if cell.get("placed") else line_offset),
                                         "message": traced(message, spec.get("written"), spec["latex"]),
                                         "details": list(details)}}

    check = target
    if target == "session":
        check = namespace  # the page's own code: its values and functions, bound by bind=
    elif target.isidentifier():
        network = namespace.get(target)
        if not isinstance(network, bpcore.Network):
            what = "is not defined" if network is None else f"is a {type(network).__name__}"
            return fail(f"check={target!r}: {target} {what} in the session; give shapes like 1-1-2 "
                        "or the name of a bpcore Network")
        check = network
    notation = spec.get("notation")  # a JSON string (a fence's or the page default's) is read by the checker
    try:
        result = check_equation(spec["latex"], check, activation=spec.get("activation", "identity"),
                                where=spec.get("where"), notation=notation, loss=spec.get("loss", "squared"),
                                biases=spec.get("biases", "off") in ("on", "true", "yes", "1"),
                                trials=spec.get("trials", 5), batch=spec.get("batch") or None,
                                reduction=spec.get("reduction", "sum"), l2=spec.get("l2"),
                                bind=spec.get("bind"), inputs=spec.get("inputs"))
    except Exception as exc:  # a fault in the checker itself: still one located message, no traceback
        return fail(f"the equation could not be checked ({type(exc).__name__}: {exc})")
    if not result.readable and not (expect_fail and result.report is not None):
        # (an equation wrong on purpose may be one that cannot be bound as written: its diagnosis is shown)
        unread = spec.get("block") == "$$" and result.headline.startswith("cannot check this equation:")  # (not a
        return fail(result.headline + BLOCK_HINT * unread, result.line, result.details)  # question a declaration ends)
    if result.holds and expect_fail:
        return fail(f'{_label(spec["latex"])} holds, but expect="fail" says it should not ({result.message})')
    if not result.holds and not expect_fail:
        return fail(result.headline, result.line, result.details)
    item = {"kind": "equation", "latex": spec.get("written", spec["latex"]), "holds": result.holds,  # (as written)
            "summary": result.message if result.holds else "", "headline": result.headline,
            "readable": result.readable, **({"caveat": result.caveat} if result.caveat else {})}
    if not result.holds:
        item["counterexample"] = result.details
        item["found"] = result.found  # the erratum's table: network, values, both sides
        if result.counterexample is not None:  # the checker's own record of a mismatch, for tools
            item["counterexample_data"] = result.counterexample.as_dict()
    return {"outputs": [item], "error": None}


def traced(message: str, written: str | None, expanded: str) -> str:
    """``message`` with a note where it names macros the author did not write: the site's (or the page's) macros,
    expanded for the checker, wrote them (a site's \\E as \\mathop{\\mathbb{E}}: "\\mathop is not bound")."""
    if not written or written == expanded:
        return message
    mine = set(re.findall(r"\\[A-Za-z]+", written))
    theirs = [m for m in dict.fromkeys(re.findall(r"\\[A-Za-z]+", message)) if m not in mine and m in expanded]
    expanded_away = [m for m in dict.fromkeys(re.findall(r"\\[A-Za-z]+", written)) if m not in expanded]
    if not theirs or not expanded_away:
        return message
    return (f"{message} ({', '.join(theirs)}, not written in the equation, {'come' if len(theirs) > 1 else 'comes'} "
            f"from its macros {', '.join(expanded_away[:4])}, expanded: the checker reads an equation with its "
            f"macros expanded)")


def _label(latex: str) -> str:
    tag = re.search(r"\\tag\*?\s*\{([^}]*)\}", latex)
    return f"equation ({tag.group(1)})" if tag else "the equation"
