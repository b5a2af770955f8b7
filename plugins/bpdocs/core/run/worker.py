"""The MkDocs side of the worker: one fork server per build, one forked child per page job.

Why a separate process: a fence that loops forever, crashes, or calls
``sys.exit`` or ``os._exit`` can only fail its page, never MkDocs or
``mkdocs serve``; and each build imports bpcore afresh, so engine edits reach
the next rebuild. Why a fork server (:mod:`bpdocs.core.run.forkserver`): numpy and
bpcore are imported once per build, and pages still get a clean process each.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time

from ..errors import ExecutionError
from ..static import MATPLOTLIBRC

STARTUP_TIMEOUT = 120.0


class ForkServer:
    """A ``python -m bpdocs.core.run.forkserver`` process and the jobs running in its children."""

    def __init__(self, cwd: str, env: dict[str, str] | None = None):
        # Fences' figures: no display, and colours that follow the page's scheme (static/matplotlibrc).
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
               "MATPLOTLIBRC": str(MATPLOTLIBRC), **(env or {})}
        self.cwd = cwd
        self.stderr = tempfile.TemporaryFile(mode="w+")  # anonymous: nothing left behind
        self.process = subprocess.Popen(
            # -P: do not put the working directory first on sys.path, so fences import
            # the same bpcore the MkDocs process found (and hashed for the cache key).
            [sys.executable, "-P", "-m", "bpdocs.core.run.forkserver"], cwd=cwd, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
            start_new_session=True)
        self._ready = threading.Event()
        self._queues: dict[str, queue.Queue] = {}
        self._ids = itertools.count(1)
        self.pages: set[int] = set()  # every page process forked (each is its own process group)
        self.running: dict[str, Job] = {}  # jobs submitted and not yet over, by id
        self.used = False  # a job was submitted (else closing it need not wait for its imports)
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True, name="bpdocs-forkserver")
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if line.startswith("{"):
                self._ready.set()
                continue
            job, _, message = line.partition(" ")
            target = self._queues.get(job)
            if target is None:
                continue
            try:
                decoded = json.loads(message)
                if not isinstance(decoded, dict) or "type" not in decoded:
                    raise ValueError(message)
            except ValueError:  # a fence wrote into its page's private pipe: that page fails, the reader goes on
                decoded = {"type": "garbage", "text": message[:200]}
            target.put(decoded)
        self._ready.set()
        with self._lock:
            for target in self._queues.values():
                target.put(None)  # the server is gone: every job ends

    def submit(self, job: dict) -> "Job":
        if not self._ready.wait(STARTUP_TIMEOUT) or self.process.poll() is not None:
            raise ExecutionError(f"the worker did not start: {self._describe_exit()}")
        with self._lock:
            self.used = True
            job_id = str(next(self._ids))
            messages: queue.Queue = queue.Queue()
            self._queues[job_id] = messages
            try:
                self.process.stdin.write(json.dumps({**job, "job": job_id, "cwd": self.cwd}) + "\n")
                self.process.stdin.flush()
            except (BrokenPipeError, ValueError):  # the server is gone (ValueError: its pipe is closed)
                del self._queues[job_id]
                raise ExecutionError(f"the worker process ended: {self._describe_exit()}") from None
            handle = self.running[job_id] = Job(job_id, messages)
        return handle

    def finished(self, handle: "Job") -> None:
        """The job is over (its child has ended or been stopped): forget it."""
        with self._lock:
            self._queues.pop(handle.id, None)
            self.running.pop(handle.id, None)

    def stop_jobs(self) -> None:
        """Stop every job still running (their children, and all they started); the server goes on."""
        with self._lock:
            running = list(self.running.values())
        for handle in running:
            handle.stopped = True
            handle.kill()

    def preload(self, modules: list[str]) -> None:
        """Have the server import ``modules`` before it forks further pages."""
        with self._lock:
            self.process.stdin.write(json.dumps({"preload": modules}) + "\n")
            self.process.stdin.flush()

    def close(self) -> None:
        """End the server; it stops any child still running (and all they started). Release the pipes."""
        with self._lock:
            if not self.used and self.process.poll() is None:
                _kill_group(self.process.pid)  # never used: no need to wait for its imports
            if not self.process.stdin.closed:
                try:
                    self.process.stdin.close()
                except BrokenPipeError:
                    pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # stuck: stop it and every page it forked, by force
            for pid in self.pages:
                _kill_group(pid)
            _kill_group(self.process.pid)
            self.process.wait()
        self._reader.join(timeout=5)
        self.process.stdout.close()
        self.stderr.close()

    def _describe_exit(self) -> str:
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        how = f"it was killed by {signal.Signals(-code).name}" if code is not None and code < 0 else \
            f"exit code {code}"
        self.stderr.seek(0)
        tail = self.stderr.read()[-2000:].strip()
        return how + (f"; its stderr ends with:\n{tail}" if tail else "")

    @property
    def alive(self) -> bool:
        return self.process.poll() is None


class Job:
    """A page job in a forked child: its messages, and how to stop it."""

    def __init__(self, job_id: str, messages: queue.Queue):
        self.id = job_id
        self.messages = messages
        self.pid: int | None = None
        self.stopped = False  # by the end of its build (not a crash of the page)

    def kill(self) -> None:
        if self.pid is not None:
            _kill_group(self.pid)


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def describe_exit(code: int, stderr: str) -> str:
    if code < 0:
        what = f"the worker process was killed by {signal.Signals(-code).name} (a crash)"
    else:
        what = f"the worker process exited with code {code} (os._exit() or a crash)"
    tail = stderr.strip()
    return what + (f"; its stderr ends with:\n{tail}" if tail else "")


RELAY_TIMEOUT = 600.0  # seconds to receive a finished cell's results (not charged to the cell)


def run_job(server: ForkServer, job: dict, timeouts: dict[str, float], lines: dict[str, int]):
    """Run ``job`` in a forked child and yield ``(cell_id, result)`` as cells finish (and ``(None,
    {"warnings": [...]})`` for warnings that belong to no result).

    ``timeouts[cell_id]`` bounds each cell's own running time (from its ``start``
    to its ``finished`` message; sending the results is not charged to it);
    ``lines[cell_id]`` locates errors. Raises :class:`ExecutionError`, located at
    the running cell (or the page's first cell), on a timeout, a crash or an
    exit of the child, the end of the worker, or stray data in the child's pipe.
    """
    handle = server.submit(job)
    try:
        yield from _messages(server, handle, job["page"], timeouts, lines)
    finally:
        server.finished(handle)


class Seconds(float):
    """A cell's time limit, and what set it (said when it runs out)."""

    def __new__(cls, seconds: float, said: str):
        limit = super().__new__(cls, seconds)
        limit.said = said
        return limit


def _messages(server: ForkServer, handle: Job, page: str, timeouts: dict[str, float], lines: dict[str, int]):
    first = min(lines.values(), default=1)
    current, deadline = None, time.monotonic() + STARTUP_TIMEOUT

    def line() -> int:
        return lines.get(current, first)

    while True:
        try:
            message = handle.messages.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            handle.kill()
            if current is None:
                raise ExecutionError("the worker did not answer in time").at(page, first) from None
            limit = timeouts.get(current, STARTUP_TIMEOUT)
            threads = " (if it started threads, it waits for those that are not daemons, as a program does at its " \
                "end)" if current.startswith("fence-") else ""
            raise ExecutionError(f"timed out after {limit:g} s ({getattr(limit, 'said', 'its timeout')}); the run was "
                                 f"stopped{threads}").at(page, line()) from None
        if message is None:
            raise ExecutionError(f"the worker process ended: {server._describe_exit()}").at(page, line())
        kind = message["type"]
        if kind == "forked":
            handle.pid = message["pid"]
            server.pages.add(handle.pid)
            if handle.stopped:  # its build ended before it even started
                handle.kill()
        elif kind == "start":
            current = message["id"]
            deadline = time.monotonic() + timeouts[current]
        elif kind == "finished":  # the cell's code is done; its results are on their way
            deadline = time.monotonic() + RELAY_TIMEOUT
        elif kind == "result":
            yield message["id"], message
            current, deadline = None, time.monotonic() + STARTUP_TIMEOUT
        elif kind == "warnings":  # about cells already reported (output of their threads, dropped)
            yield None, message
        elif kind == "done":
            return
        elif kind == "garbage":
            handle.kill()
            raise ExecutionError("the fence wrote into bpdocs' private pipe to the worker (a file descriptor it "
                                 f"did not open): {message['text']!r}").at(page, line())
        elif kind == "exit":  # gone before "done": a crash or an exit
            raise ExecutionError(describe_exit(message["code"], message["stderr"])).at(page, line())
