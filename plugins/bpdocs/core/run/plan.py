"""The plan of a page's run: its cells, per session, in page order, each keyed by everything before it in its
session (a cell's key changes when anything it may depend on does).

A *cell* is one executable fence or one inline value. Fences join the session
named by their ``session`` attribute (default: the page's own session); an
inline value joins the session of the nearest executable fence above it.
"""

from __future__ import annotations

import json

from .cache import chain_key
from .executor import CHECKS, DEFAULT_SESSION, Cell
from ..fences import Fence, InlineValue, PageScan


def plan(scan: PageScan, page: str, root_key: str, default_timeout: float,
         memory: int | None = None, output_limit: int | None = None) -> dict[str, list[Cell]]:
    """Cells per session, in page order, each keyed by everything before it in its session."""
    from ..options import DEFAULT_OUTPUT_LIMIT, parse_size
    items: list[tuple[int, object]] = [(f.line, f) for f in scan.fences if f.executes]
    items += [(v.line, v) for v in scan.inline]
    items.sort(key=lambda item: item[0])
    sessions: dict[str, list[Cell]] = {}
    keys: dict[str, str] = {}
    current = DEFAULT_SESSION
    for _, item in items:
        if isinstance(item, Fence):
            current = item.attrs.get("session") or DEFAULT_SESSION
            kind = "diagram" if item.is_diagram else "math" if item.is_checked_math else "fence"
            source, line, anchor = item.source, item.line if item.placed else item.body_line, item.line
            if kind == "math":  # what is checked depends on the attributes too
                block = {"block": "$$"} if item.marker == "$$" else {}  # (checked by the page default: see cells)
                block |= {"written": item.written} if item.written not in (None, item.source) else {}  # (shown)
                source = json.dumps({"latex": item.source, **{k: v for k, v in sorted(item.attrs.items())
                                                               if k != "session"}, **block})
            timeout = float(item.attrs.get("timeout", default_timeout))
            cell_id = item.cell_id
        else:
            assert isinstance(item, InlineValue)
            kind, source, line, timeout = "inline", item.expr, item.line, default_timeout
            anchor = line
            cell_id = f"inline-{item.span[0]}"
        if kind == "math" and _against_networks(item.attrs):  # (current stays: an inline value below joins the
            sessions.setdefault(CHECKS, []).append(Cell(   # session it always did)
                cell_id, kind, CHECKS, source, line, anchor, chain_key(root_key, page, CHECKS, source), timeout,
                placed=item.placed, timeout_set="timeout" in item.attrs, memory=memory))
            continue
        previous = keys.get(current) or chain_key(root_key, page, current)
        keys[current] = chain_key(previous, kind, source)
        limits = {"memory": memory}  # every cell has the memory limit; a fence may set its own
        if kind == "fence":
            limits = {"memory": parse_size(item.attrs["memory"], "memory") if "memory" in item.attrs else memory,
                      "output_limit": parse_size(item.attrs["output_limit"], "output_limit")
                      if "output_limit" in item.attrs else output_limit or DEFAULT_OUTPUT_LIMIT}
        sessions.setdefault(current, []).append(
            Cell(cell_id, kind, current, source, line, anchor, keys[current], timeout,
                 placed=isinstance(item, Fence) and item.placed, timeout_set="timeout" in getattr(item, "attrs", {}),
                 **limits))
    return sessions


def _against_networks(attrs: dict) -> bool:
    """Whether a checked equation is checked against bpcore networks of given shapes (``check="2-3-2 1-2"``),
    reading nothing of its session (not ``check="session"``, nor a Network of the session by name)."""
    check = attrs.get("check", "").strip()
    return check != "session" and not check.isidentifier()
