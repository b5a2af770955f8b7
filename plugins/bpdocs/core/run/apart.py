"""Sessions apart: every session of a page but the last runs in a forked process of its own.

A session is one Python process's worth of state: its names, but also the modules it imported and
changed (``json.X = 1``, ``np.set_printoptions``, ``sys.modules``, module-level settings of bpcore). Run
one after another in the page's process, a later session would see what an earlier one changed. So each
session but the last is forked off the page's clean process, runs there, writes its checkpoints, and
ends; the last runs in the page's process itself (nothing runs after it). A fork costs a millisecond or
two, and only pages with several sessions to run pay it.

The forked session speaks through the page's own pipe, and dies the way the page's process would have: a
crash, ``os._exit`` or a kill there ends the page with the same code, so the build reports it as before.
"""

from __future__ import annotations

import mmap
import os
import signal

_finished: mmap.mmap | None = None  # in a forked session: where it says it finished normally


def forked_off() -> bool:
    """Fork a process for the next session. In the page's process, wait for it and return True (the
    session is done); in the forked one, return False (run the session, then call :func:`end`)."""
    global _finished
    finished = mmap.mmap(-1, 1)  # shared with the fork: a byte it sets once its results are all sent
    pid = os.fork()
    if pid == 0:
        _finished = finished
        return False
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
    if finished[0] != 1:  # it crashed, exited or was killed before the end of its session
        _end_as(status)
    finished.close()
    return True


def end(after) -> None:
    """In a forked session whose results are all sent: mark it finished, run ``after`` (writing its
    checkpoints, which only speed up a later build), and end the process."""
    code = 0
    try:
        _finished[0] = 1
        after()
    except BaseException:  # a failure writing checkpoints: the results are out, the page goes on
        pass
    finally:
        os._exit(code)


def _end_as(status: int) -> None:
    """End this process as the forked session ended: by the same signal, or with the same exit code."""
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
        code = 128 - code  # a signal that does not end a process
    os._exit(code)
