"""Finding and stopping the processes a fence started, directly or not. POSIX; exact on Linux.

The fork server makes itself a *subreaper* (Linux ``prctl``), so a process whose
parent exits is re-parented to the server instead of init: nothing a fence starts
can outlive the build, even after ``setsid``. Each page runs in its own process
group, so stopping a page stops its group in one call.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Orphaned descendants of this process come back to it (Linux); False where that is not possible."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux: /proc; elsewhere, nothing is known)."""
    found = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return found
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(name))
    return found


def running(pid: int) -> bool:
    """Whether process ``pid`` exists (another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def reap() -> list[tuple[int, int]]:
    """Collect every child that has exited: (pid, exit code) pairs, without waiting."""
    done = []
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return done
        if pid == 0:
            return done
        done.append((pid, os.waitstatus_to_exitcode(status)))


def _group(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except (ProcessLookupError, PermissionError):
        return None


def kill_descendants(keep: set[int] = frozenset()) -> None:
    """Kill every process re-parented to this one, and reap them; repeated, since killing a parent
    re-parents its children here. ``keep``: running pages (pids, which are also their process groups):
    they and the processes still in their groups stay."""
    me = os.getpid()
    for _ in range(50):
        strays = [pid for pid in children_of(me) if pid not in keep and _group(pid) not in keep]
        if not strays:
            return
        for pid in strays:
            for child in children_of(pid):
                kill(child)
            kill(pid)
        for pid in strays:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
