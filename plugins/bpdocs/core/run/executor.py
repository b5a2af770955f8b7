"""A page's cells (planned by :mod:`.plan`): answer what the cache can, run the rest in a worker."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from . import imported
from .cache import Cache
from ..errors import BPDocsError, ExecutionError, SourceRemoved
from .servers import Servers
from .worker import ForkServer, Seconds, run_job
from .tracebacks import printed_before
from .written import keepable, restore

DEFAULT_SESSION = ""
# Checks against bpcore networks (check="2-3-2") read nothing of a session: they run apart from the page's code, each
# keyed by itself, so an edit to a fence above re-runs none of them (a name no session= can give: see plan.py)
CHECKS = "\0checks"


@dataclass(frozen=True)
class Cell:
    id: str
    kind: str  # "fence" or "inline"
    session: str
    source: str
    line: int  # 1-based Markdown line of the code's first line
    anchor: int  # the line an error of the whole cell (timeout, crash) points at
    key: str
    timeout: float
    memory: int | None = None  # bytes a fence may use (None: no limit)
    output_limit: int | None = None  # bytes a fence may print
    placed: bool = False  # every line of it at ``line`` (a fence a snippet brought: at its include line)
    timeout_set: bool = False  # by the fence's own timeout attribute (else the option's)

    def job(self, checkpoint: bool) -> dict:
        """The cell as the worker runs it; ``checkpoint``: store the session after it (named by its key) if that
        pays."""
        job = {"id": self.id, "kind": self.kind, "source": self.source, "line": self.line, "anchor": self.anchor,
               "checkpoint": self.key if checkpoint else None, "memory": self.memory}
        if self.kind == "fence":
            job.update(output_limit=self.output_limit)
        if self.placed:
            job.update(placed=True)
        return job


@dataclass
class PageRun:
    """What executing a page produced: a result per cell id, counts, and errors by line."""

    results: dict[str, dict] = field(default_factory=dict)
    executed: int = 0
    cached: int = 0
    errors: list[BPDocsError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # located, e.g. output of a thread that was dropped
    written: list[str] = field(default_factory=list)  # files its cells wrote into the docs folder (see .written)
    cells_wrote: list[str] = field(default_factory=list)  # those cells that ran wrote (not restored from the cache)


class Executor:
    """Runs pages in forked worker children, in parallel, from the moment the build starts.

    :meth:`prefetch` starts a page as soon as its cells are known (a quick scan
    of the source files before MkDocs renders anything); :meth:`start` returns
    that run if the page's cells are still the same, else starts them now.
    """

    def __init__(self, cache: Cache, servers: Servers, jobs: int, *, own_servers: bool = True):
        self.cache = cache
        self.servers = servers  # the fork server, started on first need (a serve loop's, kept: ``own_servers``)
        self._own_servers = own_servers
        self._threads = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="bpdocs")
        # (a page the generator waits for, still queued behind costlier ones: run at once, beside them)
        self._now = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="bpdocs-now")
        self._prefetched: dict[str, tuple[list[str], Future]] = {}
        self._found_cached: dict[str, list[tuple[str, str]]] = {}  # page -> fingerprint: every cell in the cache
        self._runs: dict[str, Future] = {}  # every page's latest run, to find one that deleted sources
        self._lock = threading.Lock()
        self._closed = False
        self.sources: list[str] = []  # folders of the site's sources, which no cell may delete from

    def start_worker(self) -> None:
        """Start the worker now (it imports numpy and bpcore while the build goes on), without waiting for it."""
        self.servers.get()

    def preload(self, modules: list[str]) -> None:
        """Import ``modules`` once in the worker, for every page after (e.g. matplotlib)."""
        self.servers.preload(modules)

    def prefetch(self, page: str, sessions: dict[str, list[Cell]]) -> None:
        future = self._submit(page, sessions)
        self._prefetched[page] = (_fingerprint(sessions), future)
        self._runs[page] = future

    def found_cached(self, page: str, sessions: dict[str, list[Cell]]) -> None:
        """Note that every cell of the page is in the cache (as the caller just looked): :meth:`start` then does
        not look again (a warm build's every cell, twice)."""
        self._found_cached[page] = _fingerprint(sessions)

    def start(self, page: str, sessions: dict[str, list[Cell]], *, now: bool = False) -> Future:
        """The page's run: the prefetched one if its cells are unchanged, else a new one. ``now``: the generator
        waits for it, so one still queued behind costlier pages runs at once, beside them (api.md, whose fence
        writes Markdown, held the conversion of every page after it for 3 s behind the derivation's run)."""
        fingerprint, future = self._prefetched.pop(page, (None, None))
        if future is not None and fingerprint == _fingerprint(sessions):
            if now and future.cancel():  # (it had not started)
                self._runs[page] = self._submit(page, sessions, self._now)
                return self._runs[page]
            return future
        # (An entry gone since it was looked for is a miss that runs now, as any miss does.)
        if self._found_cached.pop(page, None) == _fingerprint(sessions) or \
                all(self.cache.has(cell.key) for cells in sessions.values() for cell in cells):
            done: Future = Future()  # all cached: answer now, no thread hop
            done.set_result(self._execute(page, sessions))
            self._runs[page] = done  # (the files its results hold: see written)
            return done
        self._runs[page] = self._submit(page, sessions, self._now if now else self._threads)
        return self._runs[page]

    def _submit(self, page: str, sessions: dict[str, list[Cell]], threads: ThreadPoolExecutor | None = None) -> Future:
        """Run the page in a thread of the pool; what the cache answers is read here, in the caller's thread (a
        thread reading many small cache files while the generator's renders pages waits a switch interval, 5 ms,
        for the lock after every read: a serve rebuild's derivation page took 145 ms to look up so, 6 ms here)."""
        return (threads or self._threads).submit(self._run, page, look_up(page, sessions, self.cache, self.sources))

    def unclaimed(self) -> list[Future]:
        """The runs prefetched for pages the generator never asked for (e.g. a page a fence deleted)."""
        return [future for _, future in self._prefetched.values()]

    def written(self, wait: bool = False, ran: bool = False) -> list[str]:
        """The files the runs so far wrote into the docs folder (see :mod:`.written`): those done, or all;
        ``ran``: only those cells that ran wrote, not the cache (it writes while a build looks up the pages)."""
        runs = [future for future in list(self._runs.values()) if wait or future.done()]
        return [path for run in _results(runs) for path in (run.cells_wrote if ran else run.written)]

    def removed_by(self, path: str) -> BPDocsError | None:
        """The error of the cell that deleted ``path`` (from the site's folder), waiting for every run."""
        for run in _results(list(self._runs.values())):
            found = next((e for e in run.errors if isinstance(e, SourceRemoved) and path in e.paths), None)
            if found is not None:
                return found
        return None

    def close(self) -> None:
        """Stop every page still running (and the worker, unless a serve loop keeps it), wait for the threads."""
        with self._lock:
            self._closed = True
        if self._own_servers:
            self.servers.close()
        else:
            self.servers.stop_pages()
        self._threads.shutdown(wait=True, cancel_futures=True)
        self._now.shutdown(wait=True, cancel_futures=True)

    def _get_server(self) -> ForkServer:
        with self._lock:
            if self._closed:
                raise ExecutionError("the build is over; nothing more runs")
        return self.servers.get()

    def _execute(self, page: str, sessions: dict[str, list[Cell]]) -> PageRun:
        return execute(page, sessions, self.cache, self._get_server, self.sources)

    def _run(self, page: str, looked_up: "LookedUp") -> PageRun:
        return run_missing(page, looked_up, self.cache, self._get_server, self.sources)


def _results(futures: list[Future]) -> list[PageRun]:
    """The runs of ``futures`` (waiting for each), but those cancelled at the end of the build, or failed."""
    runs = []
    for future in futures:
        try:
            runs.append(future.result())
        except Exception:  # (it says nothing about what was written or removed)
            pass
    return runs


def _fingerprint(sessions: dict[str, list[Cell]]) -> list[tuple[str, str]]:
    """What a run answers: each cell's id (which names its line) and key."""
    return [(cell.id, cell.key) for cells in sessions.values() for cell in cells]


@dataclass
class LookedUp:
    """What the cache answered for a page (``run``), and the job that runs the rest: its sessions, from the
    latest checkpoint before each one's first miss, and the cells it must answer by id."""

    run: PageRun
    sessions: list[dict]
    pending: dict[str, Cell]


def execute(page: str, sessions: dict[str, list[Cell]], cache: Cache, get_server,
            sources: list[str] = ()) -> PageRun:
    """Answer what the cache can; run the rest as one job of the server ``get_server()`` (a timeout or a
    crash ends its own session only: the sessions after it run in a new job); no cell may delete files
    below the folders ``sources``."""
    return run_missing(page, look_up(page, sessions, cache, sources), cache, get_server, sources)


def look_up(page: str, sessions: dict[str, list[Cell]], cache: Cache, sources: list[str] = ()) -> LookedUp:
    """The page's cells the cache answers (each session's up to its first miss), and the job for the rest; the
    files the cached results hold are written again below ``sources`` where missing (see :mod:`.written`)."""
    run = PageRun()
    job_sessions, pending, held = [], {}, {}
    checkpoints = cache.checkpoints
    for name, cells in sessions.items():
        if name == CHECKS:  # each on its own: a hit is a hit, whatever runs before it
            missing = _answered(cells, cache, run)
            pending.update({cell.id: cell for cell in missing})
            job_sessions += [{"name": name, "restore": None, "prefix": [],
                              "cells": [cell.job(False) for cell in missing]}] if missing else []
            continue
        first_miss = None
        for n, cell in enumerate(cells):
            hit = cache.get(cell.key)
            if hit is not None and not imported.unchanged(hit.get("modules"), cache.root, cache.module_digests):
                hit = None  # (a module of the site's it imported has changed since)
            if hit is None:  # it and every cell after it run (their entries, if any, are kept: see prune.py)
                first_miss = n
                for later in cells[n + 1:]:
                    cache.use(later.key)
                break
            run.results[cell.id] = hit
            held.update(hit.get("files") or {})  # (a file two cells wrote: as the later left it)
        if first_miss is None:
            run.cached += len(cells)
            continue
        # Resume after the latest checkpoint before the first miss, else from the top.
        resume = next((n for n in range(first_miss - 1, -1, -1) if cache.has_checkpoint(cells[n].key)), None)
        start = 0 if resume is None else resume + 1
        run.cached += start
        to_run = cells[start:]
        pending.update({cell.id: cell for cell in cells})
        job_sessions.append({
            "name": name,
            "restore": None if resume is None or checkpoints is None else cells[resume].key,
            "prefix": [cell.job(False) for cell in cells[:start]],
            "cells": [cell.job(checkpoints is not None) for cell in to_run],
        })
    run.written += restore(held, cache.root, sources)  # (before the cells that run: they may read or append)
    return LookedUp(run, job_sessions, pending)


def _answered(cells: list[Cell], cache: Cache, run: PageRun) -> list[Cell]:
    """The cells of the checks' session the cache answers, put in ``run``; the others, to run."""
    missing = []
    for cell in cells:
        hit = cache.get(cell.key)
        if hit is None:
            missing.append(cell)
        else:
            run.results[cell.id] = hit
            run.cached += 1
    return missing


def run_missing(page: str, looked_up: LookedUp, cache: Cache, get_server, sources: list[str] = ()) -> PageRun:
    """Run what :func:`look_up` found missing (see :func:`execute`)."""
    run, job_sessions, pending = looked_up.run, looked_up.sessions, looked_up.pending
    checkpoints = cache.checkpoints
    timeouts = {cid: Seconds(cell.timeout, "its timeout attribute" if cell.timeout_set
                             else "the option timeout") for cid, cell in pending.items()}
    lines = {cid: cell.anchor for cid, cell in pending.items()}
    while job_sessions:
        job = {"page": page, "sessions": job_sessions, "secret": cache.secret.hex(), "cache": checkpoints,
               "sources": list(sources)}
        reached = set()
        try:
            for cell_id, message in run_job(get_server(), job, timeouts, lines):
                run.warnings += [f"{page}:{w['line']}: {w['message']}" for w in message.get("warnings", ())]
                if cell_id is None:  # warnings only
                    continue
                reached.add(cell_id)
                run.executed += 1
                cell = pending[cell_id]
                error = message.get("error")
                if error is not None:
                    kind = SourceRemoved if error.get("removed") else ExecutionError
                    extra = {"paths": error["removed"]} if error.get("removed") else {}
                    outputs = message.get("outputs") or []  # (what it showed before it failed, as Jupyter shows it)
                    details = [*printed_before(outputs), *error["details"]]  # (the page shows all it printed)
                    run.errors.append(kind(error["message"], page, error["line"], details, **extra))
                    shown = kind(error["message"], page, error["line"], error["details"], **extra)
                    run.results[cell_id] = {"error": str(shown), "outputs": outputs}
                    continue
                payload = {k: message[k] for k in ("outputs", "text", "modules", "files") if k in message}
                run.results[cell_id] = payload
                wrote = sorted(payload.get("files") or {})  # (written by the cell itself)
                run.written += wrote
                run.cells_wrote += wrote
                if keepable(payload.get("files")):  # (else it runs every build, and writes the file itself)
                    cache.put(cell.key, payload)
            break
        except ExecutionError as exc:  # a timeout or a crash: the page's process is gone
            run.errors.append(exc)
            reached.add(_cell_at(pending, exc.line))
            run.results[_cell_at(pending, exc.line)] = {"error": str(exc)}
            # Its session ends there; the sessions it had not reached run in a new process.
            started = [n for n, s in enumerate(job_sessions)
                       if any(c["id"] in reached for c in s["prefix"] + s["cells"])]
            job_sessions = job_sessions[started[-1] + 1:] if started else []
    run.errors.sort(key=lambda e: e.line or 0)
    return run


def _cell_at(pending: dict[str, Cell], line: int | None) -> str:
    return next((cid for cid, cell in pending.items() if cell.anchor == line), "")
