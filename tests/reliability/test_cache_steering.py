"""A planted cache folder cannot steer a build (issue 20, point 2).

Links planted where bpdocs keeps its cache (a restored CI cache, a shared folder), folders owned by someone
else, FIFOs and huge files at entry names: the build goes on (uncached where it must, with a warning), never
hangs, never fails, and writes nothing outside its cache and site folders. Each case hashes the whole
temporary tree (links not followed) before and after the build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .harness import build, changed, key_home, site, tree_state
from .test_cache_faults import PAGE, entries, html

EDITED = PAGE.replace('print("a3", value * 2)', 'print("a3", value * 2)  # edited')
SUBFOLDERS = [f"{n:02x}" for n in range(256)]


def setup(tmp_path: Path) -> tuple[Path, dict]:
    root = site(tmp_path / "s", {"index.md": PAGE})
    return root, key_home(tmp_path / "home", os.urandom(32))


def outside_state(tmp_path: Path, root: Path) -> dict:
    """Everything but the site's cache folder and its built site (which a build may write)."""
    return tree_state(tmp_path, exclude=(root / ".cache", root / "site"))


def built(root: Path, env: dict, **kwargs) -> str:
    result = build(root, env=env, **kwargs)
    assert result.returncode == 0, result.stderr
    assert "a3 42" in html(root) and "a1 20" in html(root)
    return result.stderr


def test_cache_subfolders_that_are_links_to_a_folder_outside_are_refused(tmp_path):
    root, env = setup(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    cache = root / ".cache" / "bpdocs"
    cache.mkdir(parents=True)
    for name in SUBFOLDERS:  # whatever the keys are, every entry's folder is a link
        (cache / name).symlink_to(outside)
    before = outside_state(tmp_path, root)
    stderr = built(root, env)
    assert changed(before, outside_state(tmp_path, root)) == []
    assert list(outside.iterdir()) == []
    assert "is a symbolic link" in stderr and "this build runs without the cache" in stderr, stderr


def test_a_cache_folder_that_is_a_link_into_the_docs_is_refused(tmp_path):
    root, env = setup(tmp_path)
    (root / ".cache").mkdir()
    (root / ".cache" / "bpdocs").symlink_to(root / "docs")  # inside the site, so not "outside" it
    before = outside_state(tmp_path, root)
    stderr = built(root, env)
    assert changed(before, outside_state(tmp_path, root)) == []
    assert ".cache/bpdocs is a symbolic link" in stderr, stderr


def test_a_link_in_the_middle_of_the_cache_path_is_refused(tmp_path):
    root, env = setup(tmp_path)
    (root / "elsewhere").mkdir()
    (root / ".cache").symlink_to(root / "elsewhere")
    before = outside_state(tmp_path, root)
    stderr = built(root, env)
    assert changed(before, outside_state(tmp_path, root)) == []
    assert list((root / "elsewhere").iterdir()) == []
    assert ".cache is a symbolic link" in stderr, stderr


def next_pids(count: int) -> range:
    """The process ids the kernel hands out next (give or take what other processes take meanwhile)."""
    last = int(Path("/proc/sys/kernel/ns_last_pid").read_text())
    return range(last + 1, last + 1 + count)


def test_links_planted_at_predictable_temporary_names_are_never_followed(tmp_path):
    """Checkpoints were written to ``<entry>.<pid>.tmp`` with a plain open: a link planted there, for each
    process id the build might get, made it overwrite any file the builder can write."""
    root, env = setup(tmp_path)
    built(root, env)
    names = [path.relative_to(root) for path in entries(root, ".json") + entries(root, ".pickle")]
    for path in entries(root, ""):
        if path.is_file():
            path.unlink()  # the same cells run again, and write the same entries and checkpoints
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    for name in names:
        for pid in next_pids(3000):
            (root / f"{name}.{pid}.tmp").symlink_to(victim)
    before = outside_state(tmp_path, root)
    built(root, env)
    assert victim.read_text() == "precious\n"
    assert changed(before, outside_state(tmp_path, root)) == []
    assert entries(root, ".pickle"), "the checkpoints were written, under names of their own"


def test_entries_planted_as_links_to_files_outside_are_replaced_not_followed(tmp_path):
    root, env = setup(tmp_path)
    built(root, env)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    for path in entries(root, ".json") + entries(root, ".pickle"):
        path.unlink()
        path.symlink_to(victim)
    (root / "docs" / "index.md").write_text(EDITED)
    before = outside_state(tmp_path, root)
    built(root, env)
    assert victim.read_text() == "precious\n"
    assert changed(before, outside_state(tmp_path, root)) == []
    assert built(root, env)  # and the next build is served from real entries again


def test_fifos_planted_at_entry_names_do_not_hang_the_build(tmp_path):
    root, env = setup(tmp_path)
    built(root, env)
    for path in entries(root, ".json") + entries(root, ".pickle"):
        path.unlink()
        os.mkfifo(path)
    (root / "docs" / "index.md").write_text(EDITED)  # the session resumes: a checkpoint is read too
    built(root, env, timeout=120)


def test_a_huge_file_planted_as_an_entry_is_not_read(tmp_path):
    root, env = setup(tmp_path)
    built(root, env)
    for path in entries(root, ".json") + entries(root, ".pickle"):
        with open(path, "r+b") as f:
            f.truncate(1 << 40)  # 1 TiB, sparse: reading it whole would exhaust memory
    (root / "docs" / "index.md").write_text(EDITED)
    built(root, env, timeout=120)


def as_root():
    if os.geteuid() != 0:  # CI runs as root (.ci/run installs with apt-get), so there it must run
        message = "giving a folder to another user needs root (the rule is unit-tested without it too)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


NOBODY = 65534


def test_a_cache_folder_owned_by_someone_else_is_refused(tmp_path):
    as_root()
    root, env = setup(tmp_path)
    cache = root / ".cache" / "bpdocs"
    cache.mkdir(parents=True)
    os.chown(cache, NOBODY, NOBODY)
    stderr = built(root, env)
    assert "is owned by another user" in stderr and "this build runs without the cache" in stderr, stderr
    assert list(cache.iterdir()) == []


def test_cache_subfolders_owned_by_someone_else_are_refused(tmp_path):
    as_root()
    root, env = setup(tmp_path)
    cache = root / ".cache" / "bpdocs"
    cache.mkdir(parents=True)
    for name in SUBFOLDERS:
        (cache / name).mkdir()
        os.chown(cache / name, NOBODY, NOBODY)
    stderr = built(root, env)
    assert "is owned by another user" in stderr, stderr
    assert [p for p in cache.rglob("*") if p.is_file()] == []


def test_a_site_owned_by_another_user_may_keep_its_cache_there(tmp_path):
    """Whoever owns the site's folder writes its fences, so runs them anyway: their cache is as trusted."""
    as_root()
    root, env = setup(tmp_path)
    built(root, env)
    for path in [root, *root.rglob("*")]:
        os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
    stderr = built(root, env)
    assert "without the cache" not in stderr and "0 cell(s) run" in stderr, stderr


def test_the_built_site_and_cache_are_all_a_build_writes(tmp_path):
    """The ordinary case, as the reference for the others: a cold and a warm build change nothing else."""
    root, env = setup(tmp_path)
    before = outside_state(tmp_path, root)
    built(root, env)
    (root / "docs" / "index.md").write_text(EDITED)
    built(root, env)
    assert changed(before, outside_state(tmp_path, root)) == ["s/docs/index.md"]
    shutil.rmtree(root / "site")


# -- the rules themselves, without a build (and without root) -------------------------------------------

def test_the_cache_location_refuses_links_and_other_users_folders(tmp_path):
    from bpdocs.core.run.cachefs import CacheLocation, Refused

    me = os.geteuid()
    (tmp_path / ".cache" / "bpdocs").mkdir(parents=True)
    mine = CacheLocation(str(tmp_path), (".cache", "bpdocs"), frozenset({me}))
    mine.write("ab", "entry.json", b"data")
    assert mine.read("ab", "entry.json", 100) == b"data"
    assert mine.read("ab", "entry.json", 3) is None  # larger than allowed: not read at all
    assert mine.read("cd", "entry.json", 100) is None  # a missing folder: a miss, and nothing made
    assert not (tmp_path / ".cache" / "bpdocs" / "cd").exists()
    theirs = CacheLocation(str(tmp_path), (".cache", "bpdocs"), frozenset({me + 1}))
    with pytest.raises(Refused, match=r"^\.cache is owned by another user"):
        theirs.read("ab", "entry.json", 100)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / ".cache" / "bpdocs" / "ef").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(Refused, match=r"^\.cache/bpdocs/ef is a symbolic link \(to "):
        mine.write("ef", "entry.json", b"data")
    assert list((tmp_path / "elsewhere").iterdir()) == []
    os.mkfifo(tmp_path / ".cache" / "bpdocs" / "ab" / "fifo.json")
    assert mine.read("ab", "fifo.json", 100) is None  # at once: a FIFO is not waited on


def test_a_new_file_replaces_a_link_at_its_name_and_leaves_no_temporary_file(tmp_path):
    from bpdocs.core.run.cachefs import CacheLocation

    victim = tmp_path / "victim"
    victim.write_text("precious")
    folder = tmp_path / "c" / "ab"
    folder.mkdir(parents=True)
    (folder / "entry.json").symlink_to(victim)
    CacheLocation.of(str(tmp_path), ("c",)).write("ab", "entry.json", b"new")
    assert victim.read_text() == "precious"
    assert [p.name for p in folder.iterdir()] == ["entry.json"] and (folder / "entry.json").read_bytes() == b"new"
