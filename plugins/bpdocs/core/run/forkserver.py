"""The worker process: imports once, then forks a fresh child for every page job.

Started by :mod:`bpdocs.core.run.worker` as ``python -m bpdocs.core.run.forkserver``, once
per build. It imports what fences use (numpy, bpcore: read afresh each build, so
engine edits reach the next rebuild), says ``ready``, then reads one job per line
from stdin. Each job runs in a forked child (:func:`bpdocs.core.run.runner.run_job`):
a page gets a clean process, a crash or ``os._exit`` ends only that child, and the
imports are paid once per build instead of once per page. When pages draw, the build
asks the server to preload matplotlib; the server then also warms what every child
would build again (:mod:`bpdocs.core.run.warm`), and it imports what a job's cells
need (the checker, diagrams) before forking it. ``BPDOCS_WARM_UP=0`` turns both off.

Output protocol, one line each on a private copy of stdout: ``{"type": "ready"}``
from the server, then ``<job> <json>`` lines relayed from the children, and
``<job> {"type": "exit", "code": ..., "stderr": ...}`` when a child is gone. A child's
``{"type": "parses", ...}`` lines (diagram labels it laid out) are the server's own: kept
for the children it forks after, not relayed.

Nothing a page starts outlives it: the child runs in its own process group, which
is killed when the child ends; the server is a subreaper, so processes that left
the group come back to it and are killed too; and a child is over when its
process ends, not when its pipe closes (a fence's background process may hold it).
"""

from __future__ import annotations

import gc
import json
import os
import selectors
import sys
import tempfile

from . import processes, runner, warm

STDERR_TAIL = 2000
DONE = b'{"type": "done"}'
PARSES = b'{"type": "parses"'  # a child's diagram label parses (runner.py), for the children forked after it
POLL = 0.05  # seconds between looks for children that exited
# What cells of a kind import when they run (the checker alone takes ~50 ms to import): imported by the
# server when a job first has such a cell, so that this and every later child inherit it.
CELL_MODULES = {"math": ["bpdocs.core.mathcheck", "bpdocs.core.mathcheck.session.check"],
                "diagram": ["bpdocs.core.diagrams.draw", "bpdocs.core.diagrams.netspec"]}


def _child(job: dict, write_fd: int, stderr_fd: int) -> None:
    """In the forked child: run the job, stream its messages, never return."""
    code = 0
    try:
        os.setpgid(0, 0)  # its own group: a kill reaches anything the fence started
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)  # a fence reading stdin gets end-of-file, not the job queue
        os.dup2(stderr_fd, 1)
        os.dup2(stderr_fd, 2)
        # Nothing of the server's (its job queue, its protocol) stays open where fence code runs.
        for fd in (null, stderr_fd):
            os.close(fd)
        os.closerange(3, write_fd)
        os.closerange(write_fd + 1, 1 << 16)
        out = os.fdopen(write_fd, "w", buffering=1)

        def send(messages: list[dict]) -> None:
            out.write("".join(json.dumps(message) + "\n" for message in messages))  # one write: line-buffered

        os.chdir(job.get("cwd", os.getcwd()))
        checkpoints = runner.run_job(job, send)
        send([{"type": "done"}])
        out.flush()
        runner.write_checkpoints(job, checkpoints)
    except BaseException:  # a failure of the runner itself: say so on stderr
        code = 70
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


class Child:
    """A running page job, as the server sees it."""

    def __init__(self, job_id: str, pid: int, read_fd: int, stderr_fd: int):
        self.job, self.pid, self.read_fd, self.stderr_fd = job_id, pid, read_fd, stderr_fd
        self.buffer = bytearray()
        self.done = False  # sent "done": its results are all out (checkpoints may follow)


class Server:
    def __init__(self):
        self.protocol = os.fdopen(os.dup(1), "w", buffering=1)
        os.dup2(2, 1)  # stray output of the server goes to stderr, not into the protocol
        self.selector = selectors.DefaultSelector()
        self.stdin = sys.stdin.fileno()
        self.selector.register(self.stdin, selectors.EVENT_READ, None)
        self.children: dict[int, Child] = {}  # pid -> child
        self.pending = b""
        self.open_input = True

    def send(self, job: str, message: dict | bytes) -> None:
        self.send_all(job, [message])

    def send_all(self, job: str, messages: list[dict | bytes]) -> None:
        """Relay ``messages`` of the job, in one write (the protocol is line-buffered)."""
        lines = [message.decode("utf-8", "replace") if isinstance(message, bytes) else json.dumps(message)
                 for message in messages]
        if lines:
            self.protocol.write("".join(f"{job} {line}\n" for line in lines))

    def serve(self) -> None:
        self.protocol.write(json.dumps({"type": "ready", "pid": os.getpid()}) + "\n")
        while self.open_input or self.children:
            for key, _ in self.selector.select(POLL):
                if key.fd == self.stdin:
                    self.read_jobs()
                else:
                    self.read_child(key.data)
            for pid, code in processes.reap():
                child = self.children.get(pid)
                if child is not None:
                    self.finish(child, code)
        processes.kill_descendants()  # anything re-parented here after its page ended
        self.protocol.flush()
        os._exit(0)  # skip interpreter teardown (tens of ms with numpy loaded): nothing is left to do

    def read_jobs(self) -> None:
        data = os.read(self.stdin, 1 << 16)
        if not data:  # the build is over: stop pages still running (finished ones may write checkpoints)
            self.open_input = False
            self.selector.unregister(self.stdin)
            for child in self.children.values():
                if not child.done:
                    processes.kill_group(child.pid)
            return
        self.pending += data
        while b"\n" in self.pending:
            line, self.pending = self.pending.split(b"\n", 1)
            job = json.loads(line)
            if "preload" in job:  # modules many pages will use: import once, share with every child
                _preload(job["preload"])
                continue
            self.start(job)

    def start(self, job: dict) -> None:
        _import_for(job)
        read_fd, write_fd = os.pipe()
        stderr = tempfile.TemporaryFile()  # anonymous: nothing is left behind, whatever happens
        stderr_fd = os.dup(stderr.fileno())
        stderr.close()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _child(job, write_fd, stderr_fd)
        os.close(write_fd)
        try:  # the child does this too; here as well, so that its group exists before anyone hears of it
            os.setpgid(pid, pid)
        except OSError:  # it already did (and may have exec'd, or ended)
            pass
        os.set_blocking(read_fd, False)
        child = Child(job["job"], pid, read_fd, stderr_fd)
        self.children[pid] = child
        self.selector.register(read_fd, selectors.EVENT_READ, child)
        self.send(child.job, {"type": "forked", "pid": pid})

    def read_child(self, child: Child) -> None:
        while True:
            try:
                data = os.read(child.read_fd, 1 << 20)
            except BlockingIOError:
                return
            if not data:
                self.selector.unregister(child.read_fd)
                os.close(child.read_fd)
                child.read_fd = -1
                return
            child.buffer += data
            start, relayed = 0, []
            while (end := child.buffer.find(b"\n", start)) >= 0:
                line = bytes(child.buffer[start:end])
                if line.startswith(PARSES):
                    _adopt_parses(line)
                else:
                    relayed.append(line)
                child.done = child.done or line == DONE
                start = end + 1
            del child.buffer[:start]
            self.send_all(child.job, relayed)

    def finish(self, child: Child, code: int) -> None:
        """The child's process has ended: take what it wrote last, stop its group, report."""
        if child.read_fd >= 0:
            self.read_child(child)  # the pipe holds everything the child wrote before it exited
            if child.read_fd >= 0:
                self.selector.unregister(child.read_fd)
                os.close(child.read_fd)
        processes.kill_group(child.pid)  # a fence's processes end with its page
        size = os.fstat(child.stderr_fd).st_size
        tail = os.pread(child.stderr_fd, STDERR_TAIL, max(0, size - STDERR_TAIL)).decode("utf-8", "replace")
        os.close(child.stderr_fd)
        del self.children[child.pid]
        self.send(child.job, {"type": "exit", "code": code, "stderr": tail})
        processes.kill_descendants(keep=set(self.children))


def serve() -> None:
    # Children share the imported modules' memory copy-on-write; a collection
    # in a child would touch (and so copy) every object. Freezing keeps the
    # collector off everything that exists before the fork.
    processes.become_subreaper()
    sys.path.append(os.getcwd())  # the site's own modules (helpers.py beside mkdocs.yml), after every installed one
    runner.seed()  # numpy's first seeding initialises lazily (~8 ms): pay it once, here
    gc.freeze()
    Server().serve()


def _adopt_parses(line: bytes) -> None:
    """In the server: keep a child's label parses (:mod:`bpdocs.core.diagrams.glyphs`), so the children forked
    from now on rebuild them instead of parsing them again. Only where the server imported the diagrams itself
    (which it does before forking a page that draws one); data not shaped like parses is ignored."""
    glyphs = sys.modules.get("bpdocs.core.diagrams.glyphs")
    if glyphs is None or not _ahead():
        return
    try:
        glyphs.adopt(json.loads(line)["records"])
    except Exception:  # (a child whose fence wrote to the protocol: nothing to keep)
        pass


def _ahead() -> bool:
    """Whether the server builds ahead what children would (``BPDOCS_WARM_UP=0``: not, to compare a site)."""
    return os.environ.get("BPDOCS_WARM_UP", "1") != "0"


def _import_for(job: dict) -> None:
    """Import, before the fork, what the job's cells will import: once here rather than in every child."""
    if not _ahead():
        return
    kinds = {cell["kind"] for session in job.get("sessions", ())
             for cell in [*session.get("prefix", ()), *session.get("cells", ())]}
    missing = [name for kind in kinds for name in CELL_MODULES.get(kind, ()) if name not in sys.modules]
    if missing:
        _preload(missing)


def _preload(modules: list[str]) -> None:
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # a page that needs it will report the failure itself
            pass
    if _ahead():
        warm.warm_up()  # what every child would build again (the mathtext grammar, the checker): once, inherited
    gc.collect()  # the warm-up's garbage is not frozen into every child
    gc.freeze()


if __name__ == "__main__":
    serve()
