"""The cells that are not Python: ``bpnet`` diagrams and checked ``math`` fences, run in the worker.

Both read the page session (a network by name) and return plain data, like
every cell: outputs, or an error located in the Markdown.
"""

from __future__ import annotations

import json

import bpcore

from .tracebacks import error_data


def run_diagram(cell: dict, namespace: dict, page: str) -> dict:
    """A ``bpnet`` spec: checked, filled with values from the session if it names a network, drawn."""
    from .diagrams.draw import draw, network_values
    from .errors import AuthoringError
    from .diagrams.netspec import parse

    def located(exc: AuthoringError) -> dict:
        return {"outputs": [], "error": {"line": cell["line"] + (exc.line or 0), "message": exc.message,
                                         "details": []}}

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


def run_math(cell: dict, namespace: dict, page: str) -> dict:
    """A ``math`` fence with ``check``: parse the LaTeX, check it against bpcore, report."""
    from .mathcheck import LatexError, check, parse_equation, parse_shapes

    spec = json.loads(cell["source"])
    latex, target = spec["latex"], spec["check"].strip()
    expect_fail = spec.get("expect") == "fail"

    def fail(message: str, line_offset: int = 0, details=()):
        return {"outputs": [], "error": {"line": cell["line"] + line_offset, "message": message,
                                         "details": list(details)}}

    try:
        equation = parse_equation(latex)
    except LatexError as exc:
        return fail(f"cannot check this equation: {exc.message}")
    label = f"equation ({equation.tags[0]})" if equation.tags else "the equation"
    networks = None
    if target.isidentifier():
        network = namespace.get(target)
        if not isinstance(network, bpcore.Network):
            what = "is not defined" if network is None else f"is a {type(network).__name__}"
            return fail(f"check={target!r}: {target} {what} in the session; give shapes like 1-1-2 "
                        "or the name of a bpcore Network")
        networks, shapes = [network], [list(network.sizes)]
    else:
        try:
            shapes = parse_shapes(target)
        except ValueError as exc:
            return fail(f"check={target!r}: {exc}")
    try:
        report = check(equation, shapes, activation=spec.get("activation", "identity"),
                       trials=int(spec.get("trials", 5)), networks=networks, where=spec.get("where"))
    except ValueError as exc:
        return fail(str(exc))
    except Exception as exc:  # a fault in the checker itself: still one located message, no traceback
        return fail(f"the equation could not be checked ({type(exc).__name__}: {exc})")
    if report.holds and expect_fail:
        return fail(f'{label} holds, but expect="fail" says it should not ({report.summary()})')
    if not report.holds and not expect_fail:
        failure = report.failures[0]
        row = equation.rows[failure.row]
        return fail(f"{label} does not hold", row.lines[failure.step], failure.report(equation))
    result = {"kind": "equation", "latex": latex, "holds": report.holds, "summary": report.summary()}
    if not report.holds:
        result["counterexample"] = report.failures[0].report(equation)
    return {"outputs": [result], "error": None}
