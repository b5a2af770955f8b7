"""`mkdocs serve` looks for changed files every ``watch_interval`` seconds (issue 21: an edit seen sooner)."""

import time

import pytest
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from watchdog.observers.api import EventQueue, ObservedWatch
from watchdog.observers.polling import PollingEmitter

from bpdocs import watching
from bpdocs.watching import BUSY_SHARE, watch_every

from ..sitebuild import write_site


@pytest.fixture
def served():
    servers = []

    def serve(root, option: str = ""):
        servers.append(_served(root, option))
        return servers[-1]
    yield serve
    for server in servers:
        server.server_close()  # (its socket, made but never bound)


def _served(root, option: str = ""):
    """MkDocs' own live-reload server for the site at ``root``, set up as `mkdocs serve` does: its folders
    watched, then the plugins' ``on_serve``, then the ``watch:`` folders of mkdocs.yml."""
    config_text = "site_name: t\nplugins:\n  - bpdocs" + (f":\n      {option}\n" if option else "\n")
    write_site(root, {"index.md": "# t\n"}, config=config_text)
    (root / "more").mkdir()
    config = load_config(str(root / "mkdocs.yml"))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root / "site"))
    server.watch(config.docs_dir)
    server.watch(config.config_file_path)
    server = config.plugins.on_serve(server, config=config, builder=lambda: None)
    server.watch(str(root / "more"))  # (a `watch:` folder: watched after on_serve)
    return server


def intervals(server) -> list[float]:
    return sorted(emitter.timeout for emitter in server.observer.emitters)


@pytest.mark.parametrize("option, expected", [("", 0.1), ("watch_interval: 0.05", 0.05),
                                              ("watch_interval: 2", 2.0), ("enabled: false", 0.5)])
def test_every_folder_serve_watches_is_looked_at_every_watch_interval(served, tmp_path, option, expected):
    server = served(tmp_path, option)
    assert intervals(server) == [expected] * 3  # the docs folder, mkdocs.yml, the folder watched after


def test_a_change_is_seen_and_asks_for_a_rebuild(served, tmp_path):
    server = served(tmp_path, "watch_interval: 0.05")
    server.observer.start()
    try:
        time.sleep(0.2)  # (the pollers' first look, which later ones are compared with)
        (tmp_path / "docs" / "index.md").write_text("# changed\n")
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=30)
    finally:
        server.observer.stop()
        server.observer.join()


def test_a_folder_slow_to_list_is_looked_at_less_often(tmp_path, monkeypatch):
    clock = [0.0]
    monkeypatch.setattr(watching, "thread_time", lambda: clock[0])
    emitter = PollingEmitter(EventQueue(), ObservedWatch(str(tmp_path), recursive=True), timeout=0.5)
    look_takes = [0.2]

    def look(quick=emitter._take_snapshot):
        clock[0] += look_takes[0]
        return quick()
    emitter._take_snapshot = look
    watching._look_every(emitter, 0.05)
    assert emitter.timeout == 0.05
    emitter._take_snapshot()
    assert emitter.timeout == pytest.approx(0.2 / BUSY_SHARE)  # at most a tenth of a core on this folder
    look_takes[0] = 0.001
    emitter._take_snapshot()
    assert emitter.timeout == 0.05  # quick again: looked at as often as asked


def test_a_look_that_only_waits_does_not_slow_the_polling(tmp_path):
    """While a rebuild holds the interpreter, a look waits long but costs the poller little CPU: it is looked at as
    often as asked right after (found in review: wall time made it poll every 0.8 s after a rebuild)."""
    emitter = PollingEmitter(EventQueue(), ObservedWatch(str(tmp_path), recursive=True), timeout=0.5)

    def waiting_look(quick=emitter._take_snapshot):
        time.sleep(0.3)  # (a wait, as for the interpreter's lock: no CPU)
        return quick()
    emitter._take_snapshot = waiting_look
    watching._look_every(emitter, 0.05)
    emitter._take_snapshot()
    assert emitter.timeout == 0.05


def test_a_watcher_that_is_not_mkdocs_polling_one_is_left_as_it_is(served, tmp_path):
    server = served(tmp_path)
    other = type("Observer", (), {"emitters": ()})()
    server.observer = other
    assert watch_every(server, 0.1) is False and server.observer is other
    assert watch_every(object(), 0.1) is False
