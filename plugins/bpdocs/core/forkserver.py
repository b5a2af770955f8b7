"""The worker process: imports once, then forks a fresh child for every page job.

Started by :mod:`bpdocs.core.worker` as ``python -m bpdocs.core.forkserver``, once per
build. It imports what fences use (numpy, bpcore: read afresh each build, so
engine edits reach the next rebuild), says ``ready``, then reads one job per
line from stdin. Each job runs in a forked child (:func:`bpdocs.core.runner.run_job`):
a page gets a clean process, a crash or ``os._exit`` ends only that child, and
the imports are paid once per build instead of once per page.

Output protocol, one line each on a private copy of stdout:
``{"type": "ready"}`` from the server, then ``<job> <json>`` lines relayed
from the children, and ``<job> {"type": "exit", "code": ..., "stderr": ...}``
when a child is gone.
"""

from __future__ import annotations

import gc
import json
import os
import selectors
import signal
import sys
import tempfile

from . import runner

STDERR_TAIL = 2000
DONE = b'{"type": "done"}'


def _child(job: dict, write_fd: int, stderr_path: str) -> None:
    """In the forked child: run the job, stream its messages, never return."""
    code = 0
    try:
        os.setpgid(0, 0)  # its own group: a kill reaches anything the fence started
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)  # a fence reading stdin gets end-of-file, not the job queue
        err = os.open(stderr_path, os.O_WRONLY | os.O_TRUNC)
        os.dup2(err, 2)
        os.dup2(err, 1)
        out = os.fdopen(write_fd, "w", buffering=1)

        def send(message: dict) -> None:
            out.write(json.dumps(message) + "\n")

        os.chdir(job.get("cwd", os.getcwd()))
        checkpoints = runner.run_job(job, send)
        send({"type": "done"})
        out.flush()
        runner.write_checkpoints(checkpoints)
    except BaseException:  # a failure of the runner itself: say so on stderr
        code = 70
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


def serve() -> None:
    # Children share the imported modules' memory copy-on-write; a collection
    # in a child would touch (and so copy) every object. Freezing keeps the
    # collector off everything that exists before the fork.
    runner.new_namespace()  # numpy's first seeding initialises lazily (~8 ms): pay it once, here
    gc.freeze()
    protocol = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # stray output of the server goes to stderr, not into the protocol
    protocol.write(json.dumps({"type": "ready", "pid": os.getpid()}) + "\n")
    selector = selectors.DefaultSelector()
    stdin = sys.stdin.fileno()
    selector.register(stdin, selectors.EVENT_READ, None)
    children: dict[int, dict] = {}  # read fd -> {job, pid, buffer, stderr}
    pending = b""
    open_input = True
    while open_input or children:
        for key, _ in selector.select():
            if key.fd == stdin:
                data = os.read(stdin, 1 << 16)
                if not data:  # the build is over: stop pages still running (finished ones may write checkpoints)
                    open_input = False
                    selector.unregister(stdin)
                    for child in children.values():
                        if not child["done"]:
                            _kill(child["pid"])
                    continue
                pending += data
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    job = json.loads(line)
                    if "preload" in job:  # modules many pages will use: import once, share with every child
                        _preload(job["preload"])
                        continue
                    read_fd, write_fd = os.pipe()
                    handle, stderr_path = tempfile.mkstemp(prefix="bpdocs-stderr-")
                    os.close(handle)
                    pid = os.fork()
                    if pid == 0:
                        os.close(read_fd)
                        selector.close()
                        _child(job, write_fd, stderr_path)
                    os.close(write_fd)
                    children[read_fd] = {"job": job["job"], "pid": pid, "buffer": b"",
                                         "stderr": stderr_path, "done": False}
                    selector.register(read_fd, selectors.EVENT_READ, None)
                    protocol.write(f'{job["job"]} {json.dumps({"type": "forked", "pid": pid})}\n')
                continue
            child = children[key.fd]
            data = os.read(key.fd, 1 << 16)
            if data:
                child["buffer"] += data
                *lines, child["buffer"] = child["buffer"].split(b"\n")
                for line in lines:
                    protocol.write(f'{child["job"]} {line.decode()}\n')
                    child["done"] = child["done"] or line == DONE
                continue
            selector.unregister(key.fd)
            os.close(key.fd)
            del children[key.fd]
            _, status = os.waitpid(child["pid"], 0)
            with open(child["stderr"], errors="replace") as f:
                tail = f.read()[-STDERR_TAIL:]
            os.unlink(child["stderr"])
            report = {"type": "exit", "code": os.waitstatus_to_exitcode(status), "stderr": tail}
            protocol.write(f'{child["job"]} {json.dumps(report)}\n')
    protocol.flush()
    os._exit(0)  # skip interpreter teardown (tens of ms with numpy loaded): nothing is left to do


def _preload(modules: list[str]) -> None:
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # a page that needs it will report the failure itself
            pass
    gc.freeze()


def _kill(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


if __name__ == "__main__":
    serve()
