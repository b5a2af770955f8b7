"""Builds that do only what changed (issue 21): a warm build starts no worker and plans each page once; a serve
loop keeps its worker and its typesetter from one rebuild to the next (a new worker once bpcore or bpdocs
changed); `serve --dirty` builds the edited page, every page whose results changed, and everything when the
configuration or the set of pages changed."""

from __future__ import annotations

import os
import threading
import time

import pytest

from bpdocs.core import pages as pages_module
from bpdocs.core.run import worker
from bpdocs.core.run.servers import Servers

from ..sitebuild import MINIMAL_CONFIG, build, build_in_process, serve_loop, write_site

PAGE = '# {title}\n\n```python exec="on"\nprint("{title}", 6 * 7)\n```\n\nValue: `{{python}} 40 + 2`.\n'
SEARCH_CONFIG = MINIMAL_CONFIG.replace("plugins:\n", "plugins:\n  - search\n")


def pages(*titles: str) -> dict[str, str]:
    return {("index.md" if n == 0 else f"{title.lower()}.md"): PAGE.format(title=title)
            for n, title in enumerate(titles)}


def html_of(root, name: str) -> str:
    return (root / "site" / ("index.html" if name == "index" else f"{name}/index.html")).read_text()


def counting(monkeypatch, owner, name: str) -> list:
    """Calls of ``owner.name`` from now on, each call's arguments kept."""
    calls, original = [], getattr(owner, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_a_warm_build_starts_no_worker_and_plans_each_page_once(tmp_path, monkeypatch):
    root = write_site(tmp_path, pages("Home", "Other"))
    started = counting(monkeypatch, worker.ForkServer, "__init__")
    planned = counting(monkeypatch, pages_module, "prepare")
    build_in_process(root, command="build")
    assert len(started) == 1 and len(planned) == 2  # prefetched, then converted: planned once per page
    build_in_process(root, command="build")
    assert len(started) == 1, "a build whose every cell is cached started the worker"
    assert "Other 42" in html_of(root, "other")


def test_a_first_build_starts_the_worker_before_mkdocs_lists_the_files(tmp_path, monkeypatch):
    """With no cache folder yet (a fresh clone, CI), every cell runs: the worker starts in ``on_pre_build``, its
    imports under way while MkDocs lists the site's files, not in ``on_files``; never where nothing runs."""
    from mkdocs.structure.files import Files

    root = write_site(tmp_path, pages("Home", "Other"))
    (tmp_path / "plain").mkdir()
    plain = write_site(tmp_path / "plain", {"index.md": "# Plain\n\nNothing to run.\n"})
    started = counting(monkeypatch, worker.ForkServer, "__init__")
    when = []
    monkeypatch.setattr(Files, "documentation_pages", lambda self, *a, original=Files.documentation_pages, **k:
                        when.append(len(started)) or original(self, *a, **k))
    build_in_process(root, command="build")
    assert when and when[0] == 1 and len(started) == 1  # started before on_files asked for the pages, once
    build_in_process(plain, command="build")
    assert len(started) == 1  # a site with nothing to run starts none


def test_a_warm_build_looks_for_each_cells_entry_once(tmp_path, monkeypatch):
    """The pages found cached before MkDocs renders them are not looked for again when it does (a warm build's
    every cell was looked for twice: a system call each, slow in virtual machines), then read."""
    from bpdocs.core.run.cache import Cache

    root = write_site(tmp_path, pages("Home", "Other"))
    build_in_process(root, command="build")
    looked, read = counting(monkeypatch, Cache, "has"), counting(monkeypatch, Cache, "get")
    build_in_process(root, command="build")
    cells = [args[1] for args in read if len(args[1]) == 64]
    assert looked and sorted(args[1] for args in looked) == sorted(set(args[1] for args in looked))
    assert set(args[1] for args in looked) <= set(cells)
    assert "Other 42" in html_of(root, "other")


def test_a_serve_loop_keeps_its_worker_until_the_engine_changes(tmp_path, monkeypatch):
    root = write_site(tmp_path, pages("Home"))
    started = counting(monkeypatch, worker.ForkServer, "__init__")
    with serve_loop(root) as rebuild:
        for n in range(3):  # each rebuild runs a new fence, in the worker the first one started
            (root / "docs" / "index.md").write_text(PAGE.format(title=f"Edit{n}"))
            plugin = rebuild().plugins["bpdocs"]
            assert f"Edit{n} 42" in html_of(root, "index")
        assert len(started) == 1
        server = plugin._servers.get()
        assert server.alive and server.running == {}  # kept, with nothing left running
    assert not server.alive  # serve stopped it at the end


def test_a_new_engine_digest_starts_a_new_worker(tmp_path):
    servers = Servers(str(tmp_path))
    try:
        servers.use("engine-1")
        first = servers.get()
        servers.use("engine-1")
        assert servers.get() is first
        servers.use("engine-2")  # bpcore or bpdocs edited: their new code in a new worker
        second = servers.get()
        assert second is not first and not first.alive and second.alive
    finally:
        servers.close()
    assert not second.alive


def test_stopping_a_builds_pages_keeps_the_worker(tmp_path):
    servers = Servers(str(tmp_path))
    try:
        server = servers.get()
        job = {"page": "docs/p.md", "secret": "00", "cache": None, "sources": [], "sessions": [
            {"name": "", "restore": None, "prefix": [], "cells": [
                {"id": "fence-3", "kind": "fence", "source": "import time\ntime.sleep(60)", "line": 4, "anchor": 3,
                 "checkpoint": None, "memory": None, "output_limit": 10**6}]}]}
        ended = []

        def run():
            try:
                list(worker.run_job(server, job, {"fence-3": 120}, {"fence-3": 3}))
            except Exception as exc:  # the page's process was stopped: its run ends with an error
                ended.append(str(exc))

        running = threading.Thread(target=run)
        running.start()
        while not any(handle.pid for handle in list(server.running.values())):
            time.sleep(0.01)
        started = time.monotonic()
        servers.stop_pages()
        running.join(timeout=30)
        assert time.monotonic() - started < 30 and "killed by SIGKILL" in ended[0]
        assert server.alive and server.running == {}
    finally:
        servers.close()


def test_workers_do_their_linear_algebra_on_one_thread(tmp_path, monkeypatch):
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    page = '# T\n\n```python exec="on"\nimport os\nprint([os.environ.get(n) for n in ("OPENBLAS_NUM_THREADS", ' \
           '"OMP_NUM_THREADS", "MKL_NUM_THREADS")])\n```\n'
    root = write_site(tmp_path, {"index.md": page})
    assert (result := build(root, env={"BPDOCS_CACHE": "0"})).returncode == 0, result.stderr
    assert "[&#x27;1&#x27;, &#x27;1&#x27;, &#x27;1&#x27;]" in html_of(root, "index") or \
        "['1', '1', '1']" in html_of(root, "index")


def test_serve_dirty_builds_the_edited_page_and_keeps_the_search_index_whole(tmp_path):
    root = write_site(tmp_path, pages("Home", "Other", "Third"), config=SEARCH_CONFIG)
    with serve_loop(root, dirty=True) as rebuild:
        rebuild()
        untouched = {name: (root / "site" / name / "index.html").stat().st_mtime_ns for name in ("other", "third")}
        time.sleep(0.05)
        (root / "docs" / "other.md").write_text(PAGE.format(title="Other") + '\nEdited prose.\n\n```python exec="on"\n'
                                                'print("new", 1 + 1)\n```\n')  # the same title: this page only
        rebuild()
        assert "new 2" in html_of(root, "other") and "Edited prose." in html_of(root, "other")
        assert (root / "site" / "third" / "index.html").stat().st_mtime_ns == untouched["third"]
        index = (root / "site" / "search" / "search_index.json").read_text()
        assert all(text in index for text in ("Home", "Edited prose", "Third"))


def test_serve_dirty_builds_the_pages_whose_results_changed_and_everything_on_a_new_configuration(tmp_path):
    root = write_site(tmp_path, pages("Home", "Other", "Third"))
    with serve_loop(root, dirty=True) as rebuild:
        rebuild()
        mtimes = lambda: {name: (root / "site" / name / "index.html").stat().st_mtime_ns  # noqa: E731
                          for name in ("other", "third")}
        before = mtimes()
        time.sleep(0.05)
        for cached in (root / ".cache" / "bpdocs").iterdir():  # results the pages show are gone from the cache
            if cached.is_dir():
                for entry in cached.iterdir():
                    if entry.read_bytes().find(b"Third 42") >= 0:
                        entry.unlink()
        rebuild()
        after = mtimes()
        assert after["third"] != before["third"] and after["other"] == before["other"]
        time.sleep(0.05)
        (root / "mkdocs.yml").write_text(MINIMAL_CONFIG.replace("site_name: fixture", "site_name: renamed"))
        rebuild()
        assert all(mtimes()[name] != after[name] for name in ("other", "third"))
        assert "renamed" in html_of(root, "third")


def test_the_engine_digest_is_read_again_only_when_a_source_changes(tmp_path, monkeypatch):
    from bpdocs.core.run import cache

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    read = counting(monkeypatch, cache, "source_digest")
    first = cache.sources_digest([package])
    assert cache.sources_digest([package]) == first and len(read) == 1
    (package / "a.py").write_text("x = 22\n")
    os.utime(package / "a.py", ns=(time.time_ns(), time.time_ns() + 10**9))
    assert cache.sources_digest([package]) != first and len(read) == 2


def test_a_new_process_finds_the_engine_digest_of_unchanged_sources_in_the_cache(tmp_path, monkeypatch):
    """What a process reads (every source of bpdocs and bpcore, a part of every key) is kept in the cache, by the
    sources' paths, sizes and times: the next build (a new process) reads no source, unless one changed."""
    from bpdocs.core.run import cache

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    store = cache.Cache(tmp_path / ".cache" / "bpdocs", secret=b"k" * 32, root=tmp_path)
    read = counting(monkeypatch, cache, "source_digest")
    first = cache.sources_digest([package], store)
    monkeypatch.setattr(cache, "_DIGESTS", {})  # a new process
    assert cache.sources_digest([package], store) == first == cache.source_digest(package) and len(read) == 2
    monkeypatch.setattr(cache, "_DIGESTS", {})
    (package / "a.py").write_text("x = 22\n")
    os.utime(package / "a.py", ns=(time.time_ns(), time.time_ns() + 10**9))
    changed = cache.sources_digest([package], store)
    assert changed != first and changed == cache.source_digest(package)


def test_a_warm_build_reads_the_search_text_of_each_page_from_the_cache(tmp_path, monkeypatch):
    from bpdocs.core import build as build_module

    root = write_site(tmp_path, pages("Home", "Other"), config=SEARCH_CONFIG)
    made = counting(monkeypatch, build_module, "search_html")
    build_in_process(root, command="build")
    index = (root / "site" / "search" / "search_index.json").read_text()
    assert len(made) == 2 and "Other 42" in index
    build_in_process(root, command="build")
    assert len(made) == 2 and (root / "site" / "search" / "search_index.json").read_text() == index


def test_serve_dirty_builds_every_page_when_a_title_changes(tmp_path):
    """Each page's navigation shows every page's title: a new title builds them all (make serve runs --dirty);
    an edit below the title builds its own page only."""
    root = write_site(tmp_path, pages("Home", "Other", "Third"))
    with serve_loop(root, dirty=True) as rebuild:
        rebuild()
        mtime = lambda: (root / "site" / "third" / "index.html").stat().st_mtime_ns  # noqa: E731
        before = mtime()
        time.sleep(0.05)
        (root / "docs" / "other.md").write_text(PAGE.format(title="Other") + "\nMore prose.\n")
        rebuild()
        assert mtime() == before and "More prose." in html_of(root, "other")
        (root / "docs" / "other.md").write_text(PAGE.format(title="Renamed") + "\nMore prose.\n")
        rebuild()
        assert mtime() != before and "Renamed" in html_of(root, "third") and "Renamed" in html_of(root, "index")


def test_keys_name_the_numpy_the_worker_imports_without_asking_importlib_metadata(monkeypatch):
    """numpy's identity in every key is its own version file (version and git revision), read without importing
    numpy or scanning the installed distributions; another numpy is another key."""
    import importlib.metadata

    import numpy

    from bpdocs.core.run import cache

    monkeypatch.setattr(cache, "version", lambda name: pytest.fail("importlib.metadata scanned"))
    identity = cache.numpy_identity()
    assert f'"{numpy.__version__}"' in identity and importlib.metadata.version("numpy") == numpy.__version__
    key = cache.environment_key({}, [], digest="d")
    monkeypatch.setattr(cache, "numpy_identity", lambda: identity.replace(numpy.__version__, "0.0.1"))
    assert cache.environment_key({}, [], digest="d") != key


def test_the_costliest_pages_start_first_then_those_the_generator_waits_for_and_the_rest_in_its_order():
    """With two jobs or more, the pages with the most (and the heaviest) cells to run start first, one per job:
    started late, one would run alone at the end of the build. Then the pages the generator cannot convert before
    their results (a fence writes Markdown), then the others, each in the generator's order; one job keeps that
    order throughout."""
    from bpdocs.core.runorder import cell_cost as _cost, in_running_order as _in_running_order
    from bpdocs.core.run.executor import Cell

    def cell(kind, source="x = 1"):
        return Cell("c", kind, "", source, 1, 1, "k", 30.0)

    assert _cost(cell("diagram")) > _cost(cell("math")) > _cost(cell("fence")) > _cost(cell("inline"))
    assert _cost(cell("fence", "import matplotlib.pyplot as plt\nplt.plot([1])")) == _cost(cell("diagram"))
    pages = [("index", None, False, 6.0, False), ("api", None, False, 1.0, False),
             ("derivation", None, True, 150.0, False), ("nielsen", None, False, 36.0, False)]
    assert [p[0] for p in _in_running_order(pages, 2)] == ["derivation", "nielsen", "index", "api"]
    assert [p[0] for p in _in_running_order(pages, 3)] == ["derivation", "nielsen", "index", "api"]
    assert [p[0] for p in _in_running_order(pages, 1)] == ["index", "api", "derivation", "nielsen"]
    waiting = [*pages, ("getting-started", None, False, 2.0, True)]
    waiting[1] = ("api", None, False, 1.0, True)
    assert [p[0] for p in _in_running_order(waiting, 2)] == \
        ["derivation", "nielsen", "api", "getting-started", "index"]
    assert [p[0] for p in _in_running_order(waiting, 1)] == [p[0] for p in waiting]
    assert _in_running_order(pages[:1], 4) == pages[:1] and _in_running_order([], 2) == []


def test_the_worker_imports_nothing_of_the_typesetter_nor_importlib_metadata():
    """The worker (started by every cold build and serve loop) imports what cells need: not the typesetter, nor
    importlib.metadata (together ~50 ms of every worker's start)."""
    import subprocess
    import sys

    code = ("import sys, bpdocs.core.run.forkserver; "
            "print(sorted(m for m in sys.modules if m.startswith(('bpdocs.core.typeset', 'importlib.metadata'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_page_that_runs_reads_its_cached_cells_in_the_thread_that_starts_it(tmp_path, monkeypatch):
    """An edit that adds a fence to a page runs the page again; the cells before the fence come from the cache.
    They are read where the page's run starts (MkDocs' thread, in ``on_files``), not in the run's own thread: a
    thread reading small files while MkDocs' thread renders templates waits for the interpreter lock after each
    read (the derivation page's 104 cached cells took 145 ms to read so in a serve rebuild, 6 ms here)."""
    from bpdocs.core.run.cache import Cache

    root = write_site(tmp_path, pages("Home"))
    build_in_process(root, command="build")
    page = root / "docs" / "index.md"
    page.write_text(page.read_text() + '\n```python exec="on"\nprint("added", 6 * 7)\n```\n')
    reads = []
    original = Cache.get

    def get(self, key):
        found = original(self, key)
        reads.append((threading.current_thread().name, found is not None))
        return found

    monkeypatch.setattr(Cache, "get", get)
    build_in_process(root, command="build")
    assert "added 42" in html_of(root, "index")
    hits = [thread for thread, hit in reads if hit]
    assert len(hits) >= 2 and set(hits) == {threading.main_thread().name}, reads


def test_a_pages_declared_notation_is_read_without_the_checker_nor_numpy():
    """A page's ``bpdocs_notation`` is read in every build, a warm one too, where nothing is checked: reading it
    imports the notation's reader only, not the whole checker and numpy (55 ms of every warm build of this site)."""
    import subprocess
    import sys

    code = ("import sys; from bpdocs.core.attributes import page_default_problem as p; "
            "print(p('notation', '{\"superscripts\": \"layers\"}'), p('notation', '{\"superscripts\": \"sideways\"}')"
            " is not None, sorted(m for m in sys.modules if m == 'numpy' or m.startswith('bpdocs.core.mathcheck.')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ("None True ['bpdocs.core.mathcheck.declarations', 'bpdocs.core.mathcheck.joined', "
                                     "'bpdocs.core.mathcheck.lexer', 'bpdocs.core.mathcheck.notation', "
                                     "'bpdocs.core.mathcheck.tree']")


def _planned(code: str) -> dict:
    from bpdocs.core.fences import scan
    from bpdocs.core.run.plan import plan

    markdown = (f'```python exec="on"\n{code}\n```\n\n'
                '```math check="1-1"\n\\frac{\\partial E}{\\partial w} = (y - t)\\, x\n```\n\n'
                '```math check="session" bind="E=a"\nE = 2\n```\n\nThe value is `{python} a`.\n')
    sessions = plan(scan(markdown, "index.md"), "index.md", "root", 30.0)
    cells = sorted((cell for cells in sessions.values() for cell in cells), key=lambda cell: cell.line)
    return dict(enumerate((cell.session, cell.key) for cell in cells))  # (in page order: an inline id moves)


def test_a_check_against_networks_is_keyed_by_itself_not_by_the_code_above():
    """A newcomer's review: an edit to one fence re-ran every checked equation after it in the page's session,
    though a check against bpcore networks (check="1-1") reads nothing of it. Such checks run apart, each keyed by
    itself; a check against the session's values, and an inline value, stay keyed by everything before them."""
    from bpdocs.core.run.executor import CHECKS

    before, after = _planned("a = 2"), _planned("a = 2  # edited")
    assert before.keys() == after.keys() and len(before) == 4
    sessions = {cell: session for cell, (session, _) in before.items()}
    assert sorted(sessions.values()).count(CHECKS) == 1 and sorted(sessions.values()).count("") == 3
    unchanged = {cell for cell in before if before[cell][1] == after[cell][1]}
    assert unchanged == {cell for cell, session in sessions.items() if session == CHECKS}
