"""Run a page's sessions in a separate, single-use worker process (:mod:`bpdocs.runner`).

Why a process: a fence that loops forever, crashes, or calls ``sys.exit`` or
``os._exit`` can then only fail its page, never MkDocs or ``mkdocs serve``; and
each page imports bpcore afresh, so engine edits reach the next rebuild.
"""

from __future__ import annotations

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


class Worker:
    """One ``python -m bpdocs.runner`` process, used for one job."""

    def __init__(self, cwd: str):
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
               "PYTHONDONTWRITEBYTECODE": "1"}
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bpdocs.runner"], cwd=cwd, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
            start_new_session=True)  # its own process group, so a kill takes its children too
        self.messages: queue.Queue = queue.Queue()
        self._kill_lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.messages.put(json.loads(line))
        self.messages.put(None)  # end of stream: the process exited

    def next_message(self, timeout: float):
        """The next protocol message, ``None`` at exit, or raise ``queue.Empty`` after ``timeout``."""
        return self.messages.get(timeout=timeout)

    def send(self, job: dict) -> None:
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.close()

    def kill(self) -> None:
        """Stop the process (and any children it started) and release its pipes."""
        with self._kill_lock:  # the build's end may kill a worker while its job ends
            self._kill()

    def _kill(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        self.reader.join(timeout=5)
        for stream in (self.process.stdin, self.process.stdout, self.stderr):
            if not stream.closed:
                stream.close()

    def exit_description(self) -> str:
        code = self.process.wait()
        self.stderr.seek(0)
        tail = self.stderr.read()[-2000:].strip()
        if code < 0:
            what = f"the worker process was killed by {signal.Signals(-code).name} (a crash)"
        else:
            what = f"the worker process exited with code {code} (os._exit() or a crash)"
        return what + (f"; its stderr ends with:\n{tail}" if tail else "")


def run_job(worker: Worker, job: dict, timeouts: dict[str, float], lines: dict[str, int]):
    """Run ``job`` in ``worker`` and yield ``(cell_id, result)`` as cells finish.

    ``timeouts[cell_id]`` bounds each cell; ``lines[cell_id]`` locates errors.
    Raises :class:`ExecutionError` (located at the running cell) on a
    timeout, a crash or an exit of the worker.
    """
    page = job["page"]
    try:
        message = worker.next_message(STARTUP_TIMEOUT)
        if message is None or message.get("type") != "ready":
            raise ExecutionError(f"the worker did not start: {worker.exit_description()}")
        worker.send(job)
        current, deadline = None, time.monotonic() + STARTUP_TIMEOUT
        while True:
            try:
                message = worker.next_message(max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                limit = timeouts.get(current, 0)
                raise ExecutionError(f"timed out after {limit:g} s (the fence's timeout); "
                                     "the run was stopped").at(page, lines.get(current, 0)) from None
            if message is None:
                where = lines.get(current, 0)
                raise ExecutionError(worker.exit_description()).at(page, where)
            kind = message["type"]
            if kind == "start":
                current = message["id"]
                deadline = time.monotonic() + timeouts[current]
            elif kind == "result":
                yield message["id"], message
                current, deadline = None, time.monotonic() + STARTUP_TIMEOUT
            elif kind == "done":
                return
    finally:
        worker.kill()
