"""The MkDocs side of the worker: one fork server per build, one forked child per page job.

Why a separate process: a fence that loops forever, crashes, or calls
``sys.exit`` or ``os._exit`` can only fail its page, never MkDocs or
``mkdocs serve``; and each build imports bpcore afresh, so engine edits reach
the next rebuild. Why a fork server (:mod:`bpdocs.core.forkserver`): numpy and
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

from .errors import ExecutionError

STARTUP_TIMEOUT = 120.0


class ForkServer:
    """A ``python -m bpdocs.core.forkserver`` process and the jobs running in its children."""

    def __init__(self, cwd: str):
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
        self.cwd = cwd
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            # -P: do not put the working directory first on sys.path, so fences import
            # the same bpcore the MkDocs process found (and hashed for the cache key).
            [sys.executable, "-P", "-m", "bpdocs.core.forkserver"], cwd=cwd, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
            start_new_session=True)
        self._ready = threading.Event()
        self._queues: dict[str, queue.Queue] = {}
        self._ids = itertools.count(1)
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
            if target is not None:
                target.put(json.loads(message))
        self._ready.set()
        with self._lock:
            for target in self._queues.values():
                target.put(None)  # the server is gone: every job ends

    def submit(self, job: dict) -> "Job":
        if not self._ready.wait(STARTUP_TIMEOUT) or self.process.poll() is not None:
            raise ExecutionError(f"the worker did not start: {self._describe_exit()}")
        with self._lock:
            job_id = str(next(self._ids))
            messages: queue.Queue = queue.Queue()
            self._queues[job_id] = messages
            self.process.stdin.write(json.dumps({**job, "job": job_id, "cwd": self.cwd}) + "\n")
            self.process.stdin.flush()
        return Job(job_id, messages)

    def preload(self, modules: list[str]) -> None:
        """Have the server import ``modules`` before it forks further pages."""
        with self._lock:
            self.process.stdin.write(json.dumps({"preload": modules}) + "\n")
            self.process.stdin.flush()

    def close(self) -> None:
        """End the server; it stops any child still running. Release the pipes."""
        with self._lock:
            if not self._queues and self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)  # never used: no need to wait for its imports
            if not self.process.stdin.closed:
                try:
                    self.process.stdin.close()
                except BrokenPipeError:
                    pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self._reader.join(timeout=5)
        self.process.stdout.close()
        self.stderr.close()

    def _describe_exit(self) -> str:
        code = self.process.poll()
        self.stderr.seek(0)
        tail = self.stderr.read()[-2000:].strip()
        return f"exit code {code}" + (f"; stderr ends with:\n{tail}" if tail else "")


class Job:
    """A page job in a forked child: its messages, and how to stop it."""

    def __init__(self, job_id: str, messages: queue.Queue):
        self.id = job_id
        self.messages = messages
        self.pid: int | None = None

    def kill(self) -> None:
        if self.pid is not None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def describe_exit(code: int, stderr: str) -> str:
    if code < 0:
        what = f"the worker process was killed by {signal.Signals(-code).name} (a crash)"
    else:
        what = f"the worker process exited with code {code} (os._exit() or a crash)"
    tail = stderr.strip()
    return what + (f"; its stderr ends with:\n{tail}" if tail else "")


def run_job(server: ForkServer, job: dict, timeouts: dict[str, float], lines: dict[str, int]):
    """Run ``job`` in a forked child and yield ``(cell_id, result)`` as cells finish.

    ``timeouts[cell_id]`` bounds each cell; ``lines[cell_id]`` locates errors.
    Raises :class:`ExecutionError` (located at the running cell) on a
    timeout, a crash or an exit of the child.
    """
    page = job["page"]
    handle = server.submit(job)
    current, deadline = None, time.monotonic() + STARTUP_TIMEOUT
    while True:
        try:
            message = handle.messages.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            handle.kill()
            limit = timeouts.get(current, STARTUP_TIMEOUT)
            raise ExecutionError(f"timed out after {limit:g} s (the fence's timeout); "
                                 "the run was stopped").at(page, lines.get(current, 0)) from None
        if message is None:
            raise ExecutionError(f"the worker process ended: {server._describe_exit()}").at(
                page, lines.get(current, 0))
        kind = message["type"]
        if kind == "forked":
            handle.pid = message["pid"]
        elif kind == "start":
            current = message["id"]
            deadline = time.monotonic() + timeouts[current]
        elif kind == "result":
            yield message["id"], message
            current, deadline = None, time.monotonic() + STARTUP_TIMEOUT
        elif kind == "done":
            return
        elif kind == "exit":  # gone before "done": a crash or an exit
            raise ExecutionError(describe_exit(message["code"], message["stderr"])).at(
                page, lines.get(current, 0))
