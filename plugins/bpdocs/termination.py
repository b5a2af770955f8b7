"""SIGTERM (a CI job cancelled, `timeout`, a container stopped) ends a build or a serve loop as Ctrl-C does: through
its clean-up, the worker's and Node's processes stopped and bpdocs' temporary folder removed. Python's default for
SIGTERM ends the process at once, with no clean-up: a process a fence had started in a session of its own could
outlive the build, and the folder was left for the next build to remove."""

from __future__ import annotations

import signal
import threading


def exit_on_termination() -> None:
    """From now on SIGTERM raises SystemExit (status 143) in the main thread, where this process had left it to
    the default (a handler of the host's own stays); a second SIGTERM ends the process at once."""
    if threading.current_thread() is not threading.main_thread() \
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise SystemExit(128 + signum)
