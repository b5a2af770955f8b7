"""A failure inside a cell as plain data: its Markdown line, a message, and the fence's own traceback.

Frames of the worker itself (this package's runner, cells, capture and display modules)
are left out, so an author sees their code and bpcore, never our internals. The build's message for a failed
fence also quotes the last lines it printed (:func:`printed_before`).
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_INTERNAL_FILES = {str(_HERE / name) for name in ("runner.py", "cells.py", "forkserver.py", "tracebacks.py",
                                                  "capture.py", "apart.py")} | {str(_HERE.parent / "display.py")}


def error_data(exc: BaseException, page: str, fallback_line: int) -> dict:
    if isinstance(exc, SyntaxError) and exc.filename == page:
        line = exc.lineno or fallback_line
        return {"line": line, "message": f"SyntaxError: {exc.msg}",
                "details": [f"    {(exc.text or '').rstrip()}"] if exc.text else []}
    if isinstance(exc, SystemExit):
        message = f"the fence called sys.exit({exc.code!r}); fences must not exit the process"
    else:
        message = "".join(traceback.format_exception_only(type(exc), exc)).strip()  # (a fence's class: __main__'s)
        message += _beside_the_page(exc, page)
    frames = _frames(exc)
    page_lines = [f.lineno for f in frames if f.filename == page]
    details = ["Traceback (most recent call last):"] + [
        line.rstrip("\n") for line in traceback.format_list(frames)] if frames else []
    return {"line": page_lines[-1] if page_lines else fallback_line, "message": message,
            "details": _chain(exc) + details}


def _frames(exc: BaseException) -> list:
    return [f for f in traceback.extract_tb(exc.__traceback__) if os.path.abspath(f.filename) not in _INTERNAL_FILES]


def _chain(exc: BaseException, depth: int = 0) -> list[str]:
    """The exceptions before ``exc``, as Python prints them above it: ``raise ... from`` its cause, or one raised
    while another was handled (its frames and message, each; not beyond a few)."""
    cause = exc.__cause__ if exc.__cause__ is not None else None if exc.__suppress_context__ else exc.__context__
    if cause is None or depth >= 3:
        return []
    frames = _frames(cause)
    said = "".join(traceback.format_exception_only(type(cause), cause)).strip().split("\n")
    joint = "The above exception was the direct cause of the following exception:" if exc.__cause__ is not None \
        else "During handling of the above exception, another exception occurred:"
    return [*_chain(cause, depth + 1), *(["Traceback (most recent call last):"] if frames else []),
            *(line.rstrip("\n") for line in traceback.format_list(frames)), *said, "", joint, ""]


def _beside_the_page(exc: BaseException, page: str) -> str:
    """A file not found that is there beside the page: fences run in the site's folder (Jupyter Book runs a
    notebook in its own), so say how to name it."""
    name = getattr(exc, "filename", None) if isinstance(exc, FileNotFoundError) else None
    beside = os.path.join(os.path.dirname(page), name) if isinstance(name, str) and not os.path.isabs(name) else None
    if beside is None or not os.path.exists(beside):
        return ""
    return f" (fences run in the site's folder, where mkdocs.yml is: the file beside this page is {beside!r})"


PRINTED_LINES = 10  # of a failed fence's printed text, in the build's message


def printed_before(outputs: list[dict]) -> list[str]:
    """The last lines a failed fence printed, for the build's message (the page shows them all)."""
    from ..render import as_a_terminal_shows  # (a progress bar's \r, colours: as the page shows them)

    printed = "".join(item["text"] for item in outputs if item.get("kind") == "text")
    lines = as_a_terminal_shows(printed).rstrip("\n").split("\n")
    if lines == [""]:
        return []
    shown = [f"    {line[:200]}" for line in lines[-PRINTED_LINES:]]
    return [f"Printed before it{' (its last lines)' if len(lines) > PRINTED_LINES else ''}:", *shown]
