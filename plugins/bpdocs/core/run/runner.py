"""Runs one page job inside a forked worker child: its sessions, cell by cell.

Called by :mod:`bpdocs.core.run.forkserver`, one child per page. Each cell's result is
sent as one message; the fence's own prints are captured into its outputs.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import importlib
import os
import pickle
import random
import resource
import sys
import types

import numpy as np

import bpcore  # noqa: F401  (imported once per build, so engine edits reach the next build)

from .. import display
from .cache import sign, verified
from .capture import Capture, OutputLimit
from .cells import run_diagram, run_math
from ..options import DEFAULT_OUTPUT_LIMIT, human_size
from .tracebacks import error_data

MAX_CHECKPOINT_BYTES = 8 << 20
SEED = 0


def _compile(source: str, filename: str, first_line: int, mode: str):
    try:
        tree = ast.parse(source, filename, mode)
    except SyntaxError as exc:  # point at the Markdown line, and show it
        lines = source.splitlines()
        if exc.lineno and 0 < exc.lineno <= len(lines):
            exc.text = lines[exc.lineno - 1]
        exc.lineno = (exc.lineno or 1) + first_line - 1
        raise
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


class Limits:
    """What every fence of a page may use, and which threads belong to which fence."""

    def __init__(self):
        self.thread_owners: dict[int, int] = {}
        self.fences = 0


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


def run_fence(cell: dict, namespace: dict, page: str, limits: Limits | None = None) -> dict:
    limits = limits or Limits()
    limits.fences += 1
    outputs: list[dict] = []
    output_limit = cell.get("output_limit", DEFAULT_OUTPUT_LIMIT)
    capture = Capture(outputs, output_limit, limits.thread_owners, limits.fences)
    display._sink, display._before_emit = outputs, capture.cut
    error = None
    try:
        with _own_process_state(), _memory_limit(cell.get("memory")), capture:
            try:
                tree = _compile(cell["source"], page, cell["line"], "exec")
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
        _collect_figures([], None)
        error = exc
    finally:
        display._sink = display._before_emit = None
    if capture.over or isinstance(error, OutputLimit):
        return {"outputs": [], "error": {"line": cell["line"] - 1, "details": [], "message":
                f"the fence printed more than {human_size(output_limit)} (its output limit: the fence's "
                "output_limit attribute, or the option output_limit)"}}
    if isinstance(error, MemoryError):
        return {"outputs": [], "error": {"line": cell["line"] - 1, "details": [], "message":
                f"the fence used more than {human_size(cell.get('memory') or 0)} of memory (its limit: the "
                "fence's memory attribute, or the option memory)"}}
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
        text = eval(compile(tree, page, "eval"), namespace)
    except BaseException as exc:
        return {"error": error_data(exc, page, cell["line"])}
    return {"text": text, "error": None}


def _checkpoint(namespace: dict, secret: bytes, key: str) -> bytes | None:
    """The session's state as pickle bytes behind their HMAC (see :mod:`bpdocs.core.run.cache`), or None if
    it does not pickle."""
    state = {"names": {}, "modules": {}, "np_random": np.random.get_state(), "random": random.getstate()}
    for name, value in namespace.items():
        if name.startswith("__"):
            continue
        if isinstance(value, types.ModuleType):
            state["modules"][name] = value.__name__
        else:
            state["names"][name] = value
    try:
        data = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # functions and classes defined in a fence do not pickle: no checkpoint
        return None
    if len(data) > MAX_CHECKPOINT_BYTES:
        return None
    return sign(secret, key, data).encode() + b"\n" + data


def write_checkpoints(pending: list[tuple[str, bytes]]) -> None:
    """Write checkpoints taken during a job; atomic, so a reader sees an old file or a whole new one.
    They only speed up a later build: one that cannot be written is left out."""
    for path, blob in pending:
        tmp = f"{path}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as f:
                f.write(blob)
            os.replace(tmp, path)
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            return


def _restore(namespace: dict, path: str, secret: bytes) -> bool:
    """Load a checkpoint only if this machine's key signed it for this cell; else the session replays."""
    key = os.path.basename(path).removesuffix(".pickle")
    try:
        with open(path, "rb") as f:
            signature, _, data = f.read().partition(b"\n")
        if not verified(secret, key, signature.decode("ascii", "replace"), data):
            return False
        state = pickle.loads(data)
        namespace.update(state["names"])
        for name, module in state["modules"].items():
            namespace[name] = importlib.import_module(module)
        np.random.set_state(state["np_random"])
        random.setstate(state["random"])
    except Exception:
        return False
    return True


def new_namespace() -> dict:
    random.seed(SEED)
    np.random.seed(SEED)
    return {"__name__": "__bpdocs_session__", "__builtins__": builtins}


def run_job(job: dict, send) -> list[tuple[str, bytes]]:
    """Run the job's sessions, sending each cell's result; return the checkpoints still to write.

    The checkpoint files are written after the results are out (they only speed
    up a later build), so the page does not wait for them.
    """
    page = job["page"]
    secret = bytes.fromhex(job.get("secret", ""))
    pending: list[tuple[str, bytes]] = []
    for session in job["sessions"]:
        namespace = new_namespace()
        cells = session["cells"]
        if session.get("prefix"):  # resume from a checkpoint, or replay the cells before
            if not (session.get("restore") and _restore(namespace, session["restore"], secret)):
                namespace = new_namespace()
                cells = session["prefix"] + cells
        limits = Limits()
        failed_at = None  # the line of the session's first failure
        for cell in cells:
            send({"type": "start", "id": cell["id"]})
            if cell["kind"] == "fence":
                result = run_fence(cell, namespace, page, limits)
            else:
                result = {"diagram": run_diagram, "math": run_math, "inline": run_inline}[cell["kind"]](
                    cell, namespace, page)
            send({"type": "finished", "id": cell["id"]})  # the cell's time ends here, not after sending
            if result["error"] is None and cell.get("checkpoint") and failed_at is None:
                key = os.path.basename(cell["checkpoint"]).removesuffix(".pickle")
                blob = _checkpoint(namespace, secret, key)  # now: the next cell changes the namespace
                if blob is not None:
                    pending.append((cell["checkpoint"], blob))
            if result["error"] is not None:  # the session goes on, as in markdown-exec: every error is found
                if failed_at is not None and cell["kind"] in ("fence", "inline"):  # Python: reads the names
                    result["error"]["details"] = [f"(after the failure at line {failed_at} of this session, "
                                                  "which may be the cause)", *result["error"]["details"]]
                failed_at = failed_at or result["error"]["line"]
            send({"type": "result", "id": cell["id"], **result})
    return pending
