"""How often `mkdocs serve` looks for changed files: the ``watch_interval`` option.

MkDocs watches by polling (watchdog's ``PollingObserver``): every 0.5 s it lists each watched folder
and compares. An edit therefore waits a quarter of a second on average before it is even seen, longer
than bpdocs takes to rebuild a page whose one fence changed (issue 21). bpdocs makes each folder's
poller look every ``watch_interval`` seconds instead, but never spend more than a tenth of a core on one
folder: after each look, a folder whose listing took more CPU than a tenth of the interval is looked at
less often (Material's own templates, ~14,000 files with ``--watch-theme``, take ~0.1 s to list).

MkDocs keeps its observer on the server (``server.observer``); its pollers read their interval from
``_timeout`` before every look. Those names are watchdog's, not a public API: where they are not what
this module knows, MkDocs' watcher is left as it is (and the debug log says so).
"""

from __future__ import annotations

from time import thread_time

from watchdog.observers.polling import PollingEmitter, PollingObserver

BUSY_SHARE = 0.1  # the most of one core a folder's poller may spend listing it


def watch_every(server, interval: float) -> bool:
    """Make the pollers of MkDocs' live-reload ``server`` look every ``interval`` seconds (the folders it
    watches now, and those watched later: ``watch:`` in mkdocs.yml, other plugins'); False if its
    watcher is not MkDocs' polling one, which is then left alone."""
    observer = getattr(server, "observer", None)
    if type(observer) is not PollingObserver or not callable(getattr(observer, "_emitter_class", None)):
        return False
    emitters = list(observer.emitters)
    if not all(_knows(emitter) for emitter in emitters):
        return False
    for emitter in emitters:
        _look_every(emitter, interval)
    make_emitter = observer._emitter_class

    def emitter_class(*args, **kwargs):
        emitter = make_emitter(*args, **kwargs)
        return _look_every(emitter, interval) if _knows(emitter) else emitter
    observer._emitter_class = emitter_class
    return True


def _knows(emitter) -> bool:
    return isinstance(emitter, PollingEmitter) and hasattr(emitter, "_timeout") and \
        callable(getattr(emitter, "_take_snapshot", None))


def _look_every(emitter: PollingEmitter, interval: float) -> PollingEmitter:
    """``emitter`` looking every ``interval`` seconds, or less often if a look costs more than its share."""
    take_snapshot = emitter._take_snapshot

    def timed_snapshot():
        # The look's CPU (this poller thread's), not its wall time: while a rebuild holds the interpreter a look
        # waits long, and wall time would make the pollers slower than MkDocs' own just after every rebuild.
        started = thread_time()
        try:
            return take_snapshot()
        finally:
            emitter._timeout = max(interval, (thread_time() - started) / BUSY_SHARE)
    emitter._take_snapshot = timed_snapshot
    emitter._timeout = interval
    return emitter
