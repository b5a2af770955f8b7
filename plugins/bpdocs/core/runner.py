"""Runs one page job inside a forked worker child: its sessions, cell by cell.

Called by :mod:`bpdocs.core.forkserver`, one child per page. Each cell's result is
sent as one message; the fence's own prints are captured into its outputs.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import hashlib
import importlib
import io
import os
import pickle
import random
import sys
import types

import numpy as np

import bpcore  # noqa: F401  (imported once per build, so engine edits reach the next build)

from . import display
from .cells import run_diagram, run_math
from .tracebacks import error_data

MAX_CHECKPOINT_BYTES = 8 << 20
SEED = 0


class _Capture(io.TextIOBase):
    """A text stream that appends what is written to the cell's output list, in order."""

    def __init__(self, sink: list[dict]):
        self.sink = sink

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self.sink and self.sink[-1]["kind"] == "text":
            self.sink[-1]["text"] += text
        elif text:
            self.sink.append({"kind": "text", "text": text})
        return len(text)


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


def _collect_figures(sink: list[dict]) -> None:
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    for number in pyplot.get_fignums():
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


def run_fence(cell: dict, namespace: dict, page: str) -> dict:
    outputs: list[dict] = []
    display._sink = outputs
    capture = _Capture(outputs)
    try:
        with contextlib.redirect_stdout(capture), contextlib.redirect_stderr(capture):
            tree = _compile(cell["source"], page, cell["line"], "exec")
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, page, "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), page, "eval"), namespace)
                # As in Jupyter: a trailing ";" hides the value; plot calls' artists are noise.
                if value is not None and not _ends_with_semicolon(cell["source"]) \
                        and not _is_artist(value):
                    display.show(value)
            _collect_figures(outputs)
    except BaseException as exc:  # a fence's failure, whatever it is, belongs to the page
        _collect_figures([])
        return {"outputs": outputs, "error": error_data(exc, page, cell["line"])}
    finally:
        display._sink = None
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


def _checkpoint(namespace: dict) -> bytes | None:
    """The session's state as checksummed pickle bytes, or None if it does not pickle."""
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
    return hashlib.sha256(data).hexdigest().encode() + b"\n" + data


def write_checkpoints(pending: list[tuple[str, bytes]]) -> None:
    """Write checkpoints taken during a job; atomic, so a reader sees an old file or a whole new one."""
    for path, blob in pending:
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(blob)
        os.replace(tmp, path)


def _restore(namespace: dict, path: str) -> bool:
    try:
        with open(path, "rb") as f:
            digest, _, data = f.read().partition(b"\n")
        if hashlib.sha256(data).hexdigest().encode() != digest:
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
    pending: list[tuple[str, bytes]] = []
    for session in job["sessions"]:
        namespace = new_namespace()
        cells = session["cells"]
        if session.get("prefix"):  # resume from a checkpoint, or replay the cells before
            if not (session.get("restore") and _restore(namespace, session["restore"])):
                namespace = new_namespace()
                cells = session["prefix"] + cells
        for cell in cells:
            send({"type": "start", "id": cell["id"]})
            runner = {"fence": run_fence, "diagram": run_diagram, "math": run_math,
                      "inline": run_inline}[cell["kind"]]
            result = runner(cell, namespace, page)
            if result["error"] is None and cell.get("checkpoint"):
                blob = _checkpoint(namespace)  # now: the next cell changes the namespace
                if blob is not None:
                    pending.append((cell["checkpoint"], blob))
            send({"type": "result", "id": cell["id"], **result})
            if result["error"] is not None:
                break  # later cells of this session depend on this one
    return pending
