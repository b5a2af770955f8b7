"""How a bpdocs error fails ``zensical build``: with its located message, not two tracebacks around it.

Zensical renders pages from Rust; an exception a Markdown extension raises comes back out of its ``build()`` as
a ``RuntimeError`` whose text is ``Python error: BPDocsError: docs/page.md:LINE: ...`` followed by the
traceback of the page's rendering, and Python prints that with a traceback of Zensical's command line above
it. Zensical configures no logging either, so raising is the only way an extension fails its build. Once
bpdocs has raised under Zensical, :func:`report_cleanly` has Python print such an exception as MkDocs prints a
plugin's error, ``ERROR - docs/page.md:LINE: ...`` (exit status 1, as before); every other exception is
printed as it would have been.
"""

from __future__ import annotations

import sys

MARK = "BPDocsError: "
TRACEBACK = "\nTraceback (most recent call last):"


def located_message(error: BaseException) -> str | None:
    """Our message inside the exception Zensical's ``build()`` raised for it, or None if it holds none."""
    if not isinstance(error, RuntimeError) or MARK not in str(error):
        return None
    text = str(error).split(MARK, 1)[1]
    return text.split(TRACEBACK, 1)[0].rstrip()


def report_cleanly() -> None:
    """Print the Zensical build's failure over a bpdocs error as its message alone (installed once)."""
    previous = sys.excepthook
    if getattr(previous, "bpdocs", False):
        return

    def hook(kind, error, traceback) -> None:
        message = located_message(error)
        if message is None:
            previous(kind, error, traceback)
            return
        sys.stderr.write(f"ERROR   -  {message}\nAborted: bpdocs found an error (above).\n")

    hook.bpdocs = True
    sys.excepthook = hook
