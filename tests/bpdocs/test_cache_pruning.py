"""A cache that stays bounded (issue 21): after a full build, the entries it did not use and that are older than
``cache_max_age`` are removed; what a page needs is kept whatever its age, and a partial (``--dirty``) build of a
serve loop removes nothing."""

from __future__ import annotations

import os
import re
import time

from ..sitebuild import WORTH_A_CHECKPOINT, MINIMAL_CONFIG, build, build_in_process, serve_loop, write_site

DAY = 86400
CONFIG = re.sub(r"      typeset: browser.*\n", "      cache_max_age: {age}\n", MINIMAL_CONFIG)  # math typeset at build time
PAGE = '# {title}\n\nMath: \\(x_{{1}} + {n}\\).\n\n```python exec="on"\nx = {n}\n' + WORTH_A_CHECKPOINT + '\n```\n\n```python exec="on"\nprint("{title}", x * 2)\n```\n'


def entries(root) -> dict[str, float]:
    """Every file of the cache, by name: its modification time."""
    cache = root / ".cache" / "bpdocs"
    return {path.name: path.stat().st_mtime for path in cache.glob("*/*")}


def age_everything(root, days: float) -> None:
    then = time.time() - days * DAY
    for path in (root / ".cache" / "bpdocs").glob("*/*"):
        os.utime(path, (then, then))


def planted(root, key_digit: str, days: float, suffix: str = ".json") -> str:
    """An entry no page uses, last written ``days`` ago; its file name."""
    folder = root / ".cache" / "bpdocs" / (key_digit * 2)
    folder.mkdir(exist_ok=True)
    path = folder / f"{key_digit * 64}{suffix}"
    path.write_text("bpdocs-cache-3 unused entry\n{}")
    then = time.time() - days * DAY
    os.utime(path, (then, then))
    return path.name


def test_a_full_build_removes_old_unused_entries_and_keeps_used_and_young_ones(tmp_path):
    root = write_site(tmp_path, {"index.md": PAGE.format(title="Home", n=1), "other.md": PAGE.format(title="Other", n=2)},
                      config=CONFIG.format(age=30))
    assert (first := build(root)).returncode == 0, first.stderr
    used = entries(root)
    assert any(name.endswith(".pickle") for name in used)  # checkpoints are entries too
    assert any(name.endswith(".bytes") for name in used)  # and the theme's compiled templates (templatecache.py)
    (root / "docs" / "other.md").write_text(PAGE.format(title="Other", n=3))  # its old results: no longer used
    assert (second := build(root)).returncode == 0, second.stderr
    replaced = set(used) - set(entries(root))
    assert not replaced  # young: kept, though unused
    age_everything(root, 40)
    old, young = planted(root, "a", 31), planted(root, "b", 29)
    old_template = planted(root, "c", 31, ".bytes")  # compiled in an environment no longer the site's
    assert (third := build(root, "-v")).returncode == 0, third.stderr
    assert re.search(r"bpdocs: 0 cell\(s\) run, \d+ from cache, 2 formula\(s\) typeset \(2 from cache\)", third.stderr)
    left = entries(root)
    assert old not in left and old_template not in left and young in left
    stale = {name for name in used if name not in left}
    assert stale and all(name in used for name in stale)  # the results of other.md's first version
    now = time.time()
    assert all(now - mtime < DAY for name, mtime in left.items() if name != young)  # used: last used now
    assert (fourth := build(root)).returncode == 0 and "bpdocs: 0 cell(s) run" in fourth.stderr, fourth.stderr


def test_a_serve_loops_partial_build_removes_nothing_and_a_full_build_what_no_page_uses(tmp_path):
    root = write_site(tmp_path, {"index.md": PAGE.format(title="Home", n=1), "other.md": PAGE.format(title="Other", n=2)},
                      config=CONFIG.format(age=0))
    with serve_loop(root, dirty=True) as rebuild:
        rebuild()
        before = set(entries(root))
        age_everything(root, 1)
        time.sleep(0.05)
        (root / "docs" / "index.md").write_text(PAGE.format(title="Home", n=5))  # only this page is built
        rebuild()
        after = set(entries(root))
        assert before <= after and after - before  # other.md's entries, and index.md's old ones, all kept
        assert "Home 10" in (root / "site" / "index.html").read_text()
    age_everything(root, 1)
    build_in_process(root, command="build")
    full = set(entries(root))
    assert full < after and {name for name in before if name not in full}  # index.md's first results: gone
    assert (result := build(root, "-v")).returncode == 0 and "bpdocs: 0 cell(s) run" in result.stderr, result.stderr
