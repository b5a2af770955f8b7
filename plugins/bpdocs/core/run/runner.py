"""Runs one page job inside a forked worker child: its sessions, cell by cell.

Called by :mod:`bpdocs.core.run.forkserver`, one child per page. Each cell's result is
sent as one message; the fence's own prints are captured into its outputs.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import os
import random
import resource
import sys
import time
import types

import numpy as np

import bpcore  # noqa: F401  (imported once per build, so engine edits reach the next build)

from .. import display
from . import apart, capture as output, checkpoints
from .cachefs import CacheLocation
from .outbox import Outbox, hand_over_parses
from .capture import Capture, OutputLimit
from .cells import run_diagram, run_math
from .imported import SessionModules
from ..sizes import DEFAULT_OUTPUT_LIMIT, human_size
from .sources import SourceGuard
from .written import Written
from .tracebacks import error_data

SEED = 0


def _compile(source: str, filename: str, first_line: int, mode: str, placed: bool = False):
    """``source`` parsed, its lines numbered as the page's (``placed``: every line at ``first_line``)."""
    try:
        tree = ast.parse(source, filename, mode)
    except SyntaxError as exc:  # point at the Markdown line, and show it
        lines = source.splitlines()
        if exc.lineno and 0 < exc.lineno <= len(lines):
            exc.text = lines[exc.lineno - 1]
        exc.lineno = first_line if placed else (exc.lineno or 1) + first_line - 1
        raise
    if placed:  # (each frame at the include line, the whole line: no carets under columns of another text)
        for node in ast.walk(tree):
            if "lineno" in node._attributes:
                node.lineno, node.end_lineno, node.col_offset, node.end_col_offset = first_line, first_line, 0, 1 << 16
    else:
        ast.increment_lineno(tree, first_line - 1)  # tracebacks then name Markdown lines
    return tree


def _collect_figures(sink: list[dict], capture) -> None:
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    for number in pyplot.get_fignums():
        if capture is not None:
            capture.cut()
        sink.append({"kind": "svg", "svg": display.figure_to_svg(pyplot.figure(number))})
    pyplot.close("all")


def _ends_with_semicolon(source: str) -> bool:
    code = [line.split("#", 1)[0].rstrip() for line in source.strip().splitlines()]
    return bool(code) and code[-1].endswith(";")


def _is_artist(value) -> bool:
    if "matplotlib" not in sys.modules:
        return False
    from matplotlib.artist import Artist

    items = value if isinstance(value, (list, tuple)) else [value]
    return bool(items) and all(isinstance(v, Artist) for v in items)


def _vm_size() -> int | None:
    """This process's virtual memory, in bytes (Linux), which RLIMIT_AS caps."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


@contextlib.contextmanager
def _memory_limit(extra: int | None):
    """RLIMIT_AS for the fence: what the process has now, plus ``extra`` bytes (where the OS enforces it)."""
    used = _vm_size() if extra else None
    if used is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used + extra if hard == resource.RLIM_INFINITY else min(used + extra, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def _own_process_state():
    """The working directory, sys.path and the environment belong to the fence that changes them."""
    cwd, path, environ = os.getcwd(), list(sys.path), dict(os.environ)
    try:
        yield
    finally:
        os.chdir(cwd)
        sys.path[:] = path
        if dict(os.environ) != environ:
            os.environ.clear()
            os.environ.update(environ)


def _anchor(cell: dict) -> int:
    """The line an error of the whole cell points at: a fence's opening line, an inline value's own."""
    return cell.get("anchor", cell["line"] - 1 if cell["kind"] == "fence" else cell["line"])


def _out_of_memory(cell: dict) -> dict:
    what, limit = ("fence", "the fence's memory attribute, or the option memory") if cell["kind"] == "fence" \
        else ({"inline": "inline value", "diagram": "diagram", "math": "equation"}[cell["kind"]], "the option memory")
    return {"outputs": [], "error": {"line": _anchor(cell), "details": [], "message":
            f"the {what} used more than {human_size(cell.get('memory') or 0)} of memory (its limit: {limit})"}}


def run_fence(cell: dict, namespace: dict, page: str) -> dict:
    outputs: list[dict] = []
    output_limit = cell.get("output_limit", DEFAULT_OUTPUT_LIMIT)
    capture = Capture(outputs, output_limit, _anchor(cell))
    display._sink, display._before_emit = outputs, capture.cut
    error = None
    try:
        with _own_process_state(), _memory_limit(cell.get("memory")), capture:
            try:
                tree = _compile(cell["source"], page, cell["line"], "exec", cell.get("placed", False))
                last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
                exec(compile(tree, page, "exec"), namespace)
                if last is not None:
                    value = eval(compile(ast.Expression(last.value), page, "eval"), namespace)
                    # As in Jupyter: a trailing ";" hides the value; plot calls' artists are noise.
                    if value is not None and not _ends_with_semicolon(cell["source"]) \
                            and not _is_artist(value):
                        display.show(value)
                _collect_figures(outputs, capture)
            finally:
                capture.adopt_threads()
    except BaseException as exc:  # a fence's failure, whatever it is, belongs to the page
        error = exc
        try:  # what it drew before it failed is shown, after what it printed (as Jupyter shows it)
            if isinstance(exc, Exception):
                _collect_figures(outputs, None)
        except Exception:  # (a figure that cannot be drawn: the fence's own failure is what is shown)
            pass
        finally:
            if "matplotlib.pyplot" in sys.modules:
                sys.modules["matplotlib.pyplot"].close("all")
    finally:
        display._sink = display._before_emit = None
    if capture.over or isinstance(error, OutputLimit):
        return {"outputs": [], "error": {"line": _anchor(cell), "details": [], "message":
                f"the fence printed more than {human_size(output_limit)} (its output limit: the fence's "
                "output_limit attribute, or the option output_limit)"}}
    if isinstance(error, MemoryError) or capture.out_of_memory:  # (out of memory in one of its threads, too)
        return _out_of_memory(cell)
    if error is not None:
        return {"outputs": outputs, "error": error_data(error, page, cell["line"])}
    return {"outputs": outputs, "error": None}


def run_inline(cell: dict, namespace: dict, page: str) -> dict:
    expr = cell["source"]
    if '"""' in expr or "\\" in expr:
        return {"error": {"line": cell["line"], "details": [],
                          "message": 'an inline value cannot contain """ or a backslash'}}
    try:
        tree = _compile('f"""{' + expr + '}"""', page, cell["line"], "eval")
        _columns_of_the_page(tree, expr, page, cell["line"])
        with _memory_limit(cell.get("memory")):
            text = eval(compile(tree, page, "eval"), namespace)
    except MemoryError:
        return {"error": _out_of_memory(cell)["error"]}
    except BaseException as exc:
        return {"error": error_data(exc, page, cell["line"])}
    return {"text": text, "error": None}


def _columns_of_the_page(tree, expr: str, page: str, line: int) -> None:
    """Give an inline value's code the columns its expression has on its Markdown line (the line a traceback
    shows), so the traceback's carets point under the author's expression, not under the text before it."""
    import linecache

    from ..fences import inline_values

    linecache.checkcache(page)
    text = linecache.getline(page, line)
    start = next((text.index(expr, start) for start, _, found in inline_values(text) if found == expr), None)
    if start is None:
        return
    shift = len(text[:start].encode()) - len('f"""{')  # columns count UTF-8 bytes
    for node in ast.walk(tree):
        if getattr(node, "end_col_offset", None) is not None:
            node.col_offset += shift
            node.end_col_offset += shift


def seed() -> None:
    random.seed(SEED)
    np.random.seed(SEED)


def new_namespace(as_main: bool = True) -> dict:
    """A session's fresh globals, seeded: a new ``__main__`` module's, and (``as_main``, in a page's own process)
    that module is ``sys.modules["__main__"]``, as Jupyter runs cells: ``if __name__ == "__main__":`` runs, and
    what a fence defines pickles by reference (``pickle``, a fork's ``multiprocessing``, ``torch.save``)."""
    seed()
    module = types.ModuleType("__main__")
    module.__builtins__ = builtins
    if as_main:
        sys.modules["__main__"] = module
    return module.__dict__


def run_cell(cell: dict, namespace: dict, page: str) -> dict:
    """One cell of any kind, under the memory limit."""
    if cell["kind"] in ("fence", "inline"):
        run = run_fence if cell["kind"] == "fence" else run_inline
        return run(cell, namespace, page)
    try:
        with _memory_limit(cell.get("memory")):
            return {"diagram": run_diagram, "math": run_math}[cell["kind"]](cell, namespace, page)
    except MemoryError:
        return _out_of_memory(cell)


def _removal(cell: dict, removed: list[str]) -> dict:
    what = "fence" if cell["kind"] == "fence" else "inline value" if cell["kind"] == "inline" else cell["kind"]
    names = ", ".join(removed[:5]) + (f" and {len(removed) - 5} more" if len(removed) > 5 else "")
    files = "a file" if len(removed) == 1 else "files"
    return {"outputs": [], "error": {"line": _anchor(cell), "details": [], "removed": removed, "message":
            f"the {what} removed {names}, {files} of the site's docs folder; fences must not delete or move "
            "the site's sources"}}


def _may_follow(error: dict) -> bool:
    """Whether an error may follow from an earlier fence that failed: a name it would have defined (a check's too)."""
    return (message := error.get("message", "")).startswith(("NameError", "UnboundLocalError")) or \
        "is not defined in the session" in message


def run_job(job: dict, send) -> list[tuple[str, bytes]]:
    """Run the job's sessions, sending each cell's result (and the site's modules its session has imported:
    :mod:`.imported`); return the checkpoints still to write, after the results are out (they only speed up a
    later build). ``send`` takes a list of messages, sent in one write. Every session but the last runs in a
    process of its own (:mod:`bpdocs.core.run.apart`)."""
    page = job["page"]
    secret = bytes.fromhex(job.get("secret", ""))
    location = CacheLocation.from_json(job["cache"]) if job.get("cache") else None
    sources, written = SourceGuard(job.get("sources") or []), Written(job.get("sources") or [])
    pending: list[tuple[str, bytes]] = []
    send = Outbox(send)
    for number, session in enumerate(job["sessions"]):
        alone = number < len(job["sessions"]) - 1
        if alone and apart.forked_off():
            continue  # it ran in its own process
        namespace, imported = new_namespace(), SessionModules(os.getcwd())
        cells = session["cells"]
        if session.get("prefix"):  # resume from a checkpoint, or replay the cells before
            if not (session.get("restore") and checkpoints.restore(namespace, location, session["restore"], secret)):
                namespace = new_namespace()
                cells = session["prefix"] + cells
        spacing = checkpoints.Spacing()
        failed_at = None  # the line of the session's latest Python fence that failed (its state is partial)
        for cell in cells:
            send({"type": "start", "id": cell["id"]})
            send.flush()
            sources.refresh()
            written.start()
            started = time.perf_counter()
            result = run_cell(cell, namespace, page)
            result.update({"files": files} if (files := written.taken()) else {})  # (see .written)
            spacing.ran(time.perf_counter() - started)
            removed = sources.removed()
            if removed:
                result = _removal(cell, removed)
            send({"type": "finished", "id": cell["id"]})  # the cell's time ends here (not after its checkpoint)
            if result["error"] is None and cell.get("checkpoint") and failed_at is None and spacing.due:
                send.flush()  # (the cell's time ends with "finished", not after its checkpoint)
                started = time.perf_counter()
                blob = checkpoints.take(namespace, secret, cell["checkpoint"])  # now: the next cell changes it
                spacing.taken(time.perf_counter() - started)
                if blob is not None:
                    pending.append((cell["checkpoint"], blob))
            if result["error"] is not None:  # the session goes on, as in markdown-exec: every error is found
                if failed_at is not None and _may_follow(result["error"]):  # a name the failed fence would define
                    result["error"]["details"] = [f"(after the failure at line {failed_at} of this session, "
                                                  "which may be the cause)", *result["error"]["details"]]
                if cell["kind"] == "fence":  # only a Python fence leaves the session's state half made
                    failed_at = result["error"]["line"]
            warnings, modules = output.take_warnings(), imported.update()
            send({"type": "result", "id": cell["id"], **result, **({"warnings": warnings} if warnings else {}),
                  **({"modules": modules} if modules else {})})
            hand_over_parses(send)
        if alone:
            _send_warnings(send)
            send.flush()
            apart.end(lambda: checkpoints.write(location, pending))
    _send_warnings(send)
    send.flush()
    return pending


def write_checkpoints(job: dict, pending: list[tuple[str, bytes]]) -> None:
    """After the job's results are out: store the checkpoints :func:`run_job` returned."""
    checkpoints.write(CacheLocation.from_json(job["cache"]) if job.get("cache") else None, pending)


def _send_warnings(send) -> None:
    warnings = output.take_warnings()
    if warnings:
        send({"type": "warnings", "warnings": warnings})
