"""The cache under faults and attacks: it cannot be written, it is full, it holds the wrong things, someone
planted entries in it. A build then runs without it (with a note) or ignores what it cannot authenticate;
it never fails, hangs, runs planted code, or serves planted HTML."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
from pathlib import Path

from ..sitebuild import WORTH_A_CHECKPOINT
from .harness import build, site

PAGE = f'''# Cached

```python exec="on" session="a"
value = 20
print("a1", value)
{WORTH_A_CHECKPOINT}
```

```python exec="on" session="a"
value = value + 1
print("a2", value)
{WORTH_A_CHECKPOINT}
```

```python exec="on" session="a"
print("a3", value * 2)
```
'''
CACHE = {"BPDOCS_CACHE": "1"}


def entries(root: Path, suffix: str) -> list[Path]:
    return sorted((root / ".cache" / "bpdocs").rglob(f"*{suffix}"))


def html(root: Path) -> str:
    return (root / "site" / "index.html").read_text()


def ok(root: Path, env=CACHE) -> str:
    result = build(root, env=env)
    assert result.returncode == 0, result.stderr
    assert "a3 42" in html(root) and "a1 20" in html(root)
    return result.stderr


INJECT = '''
import errno, os, re
_open, _mkdir = os.open, os.mkdir
ENTRY = re.compile(r"(^|/)\\.?[0-9a-f]{{64}}\\.(json|pickle|texts)")  # an entry, or the new file that becomes one
def _fail(path):
    raise OSError(errno.{code}, os.strerror(errno.{code}), str(path))
def open(path, flags, *args, **kwargs):
    if flags & os.O_CREAT and ENTRY.search(str(path)):
        _fail(path)
    return _open(path, flags, *args, **kwargs)
def mkdir(path, *args, **kwargs):
    if "/.cache/bpdocs" in os.path.abspath(str(path)) or re.fullmatch(r"[0-9a-f]{{2}}", str(path)):
        _fail(path)
    return _mkdir(path, *args, **kwargs)
os.open, os.mkdir = open, mkdir
'''


def injected(tmp_path: Path, code: str) -> dict:
    """An environment whose Python processes (MkDocs and the worker) fail every cache write with ``code``: every
    new entry or checkpoint file, every new cache folder."""
    folder = tmp_path / f"inject-{code}"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(INJECT.format(code=code))
    return {**CACHE, "PYTHONPATH": str(folder)}


def test_a_read_only_cache_runs_without_it_and_says_so(tmp_path):
    root = site(tmp_path / "s", {"index.md": PAGE})
    stderr = ok(root, injected(tmp_path, "EROFS"))
    assert "cannot be written (Read-only file system): this build runs without storing results" in stderr
    assert entries(root, ".json") == []


def test_a_full_cache_runs_without_it_and_says_so(tmp_path):
    root = site(tmp_path / "s", {"index.md": PAGE})
    stderr = ok(root, injected(tmp_path, "ENOSPC"))
    assert "cannot be written (No space left on device)" in stderr


def test_a_full_filesystem_for_real_when_one_can_be_mounted(tmp_path):
    """A 64 KiB tmpfs as the cache (needs the right to mount; the injected test above runs everywhere)."""
    root = site(tmp_path / "s", {"index.md": PAGE * 40})
    cache = root / ".cache" / "bpdocs"
    cache.mkdir(parents=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(cache)],
                             capture_output=True).returncode == 0
    try:
        result = build(root, env=CACHE)
        assert result.returncode == 0, result.stderr
        if mounted:
            assert "cannot be written (No space left on device)" in result.stderr
    finally:
        if mounted:
            subprocess.run(["umount", str(cache)], check=True)


def test_a_file_where_the_cache_folder_should_be(tmp_path):
    root = site(tmp_path / "s", {"index.md": PAGE})
    (root / ".cache").mkdir()
    (root / ".cache" / "bpdocs").write_text("not a folder")
    assert "this build runs without storing results" in ok(root)


def test_a_folder_where_an_entry_should_be(tmp_path):
    root = site(tmp_path / "s", {"index.md": PAGE})
    ok(root)
    first = entries(root, ".json")[0]
    first.unlink()
    first.mkdir()
    ok(root)  # a miss, recomputed; its entry cannot be stored, the build goes on


def test_a_cache_folder_leading_outside_the_site_is_not_used(tmp_path):
    root = site(tmp_path / "s", {"index.md": PAGE})
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / ".cache").mkdir()
    (root / ".cache" / "bpdocs").symlink_to(outside)
    assert "leads outside the site's folder" in ok(root)
    assert list(outside.iterdir()) == []


def test_a_planted_checkpoint_is_never_unpickled(tmp_path):
    root = site(tmp_path / "s", {"index.md": PAGE})
    ok(root)
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps({"names": {"value": Exploit()}, "modules": {}})
    import hashlib
    assert entries(root, ".pickle")
    for checkpoint in entries(root, ".pickle"):  # signed as the old format was: a digest of its own bytes
        checkpoint.write_bytes(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    page = root / "docs" / "index.md"
    page.write_text(PAGE.replace('print("a3", value * 2)', 'print("a3", value * 2)  # edited'))
    ok(root)  # resumes would have unpickled; instead the session is replayed from its start
    assert not marker.exists()


def test_a_doctored_entry_never_reaches_the_page(tmp_path):
    root = site(tmp_path / "s", {"index.md": PAGE})
    ok(root)
    for entry in entries(root, ".json"):
        header, _, body = entry.read_bytes().partition(b"\n")
        fields = header.split(b" ")
        doctored = json.dumps({"outputs": [{"kind": "html", "text": "<script>alert('planted')</script>"}]})
        entry.write_bytes(b" ".join(fields[:2] + [b"0" * 64]) + b"\n" + doctored.encode())
    ok(root)
    assert "planted" not in html(root)


def test_an_entry_copied_over_another_is_not_used(tmp_path):
    root = site(tmp_path / "s", {"index.md": PAGE})
    ok(root)
    first, second = entries(root, ".json")[:2]
    shutil.copyfile(first, second)
    checkpoints = entries(root, ".pickle")
    assert len(checkpoints) >= 2  # after a1 and after a2 (after a3 too, if it was slow)
    shutil.copyfile(checkpoints[0], checkpoints[-1])
    (root / "docs" / "index.md").write_text(PAGE.replace('print("a3", value * 2)', 'print("a3", value * 2)  # x'))
    ok(root)  # right values: nothing was resumed from, or served, for the wrong cell


def test_a_key_from_the_environment_signs_entries_for_ci(tmp_path):
    root = site(tmp_path / "s", {"index.md": PAGE})
    ok(root, {**CACHE, "BPDOCS_CACHE_KEY": "a secret from the CI's store"})
    result = subprocess.run([str(Path(os.sys.executable).parent / "bpdocs"), "check", "--json"], cwd=root,
                            env={**os.environ, "BPDOCS_CACHE_KEY": "a secret from the CI's store"},
                            capture_output=True, text=True)
    assert json.loads(result.stdout)["cells_run"] == 0  # every entry authenticated under that key
    other = subprocess.run([str(Path(os.sys.executable).parent / "bpdocs"), "check", "--json"], cwd=root,
                           env={**os.environ, "BPDOCS_CACHE_KEY": "another key, as long as keys must be"}, capture_output=True, text=True)
    assert json.loads(other.stdout)["cells_run"] == 3  # under another key, none is trusted


def test_two_builds_sharing_one_cache_at_once(tmp_path):
    root = site(tmp_path / "s", {"index.md": PAGE, "other.md": PAGE.replace("Cached", "Other")})
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "1"}
    runs = [subprocess.Popen([os.sys.executable, "-m", "mkdocs", "build", "--strict", "-d", f"site{n}"], cwd=root,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in (1, 2)]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
    for n in (1, 2):
        assert "a3 42" in (root / f"site{n}" / "index.html").read_text()
    result = build(root, env=CACHE)
    assert result.returncode == 0 and "0 cell(s) run" in result.stderr


def test_long_texts_are_kept_as_they_are_and_authenticated(tmp_path):
    """Cache.put_texts keeps texts (typeset SVG, search text) unescaped, read back exactly (any Unicode, empty
    texts, newlines); an entry edited, cut short, or signed by another key is a miss, never wrong texts."""
    from bpdocs.core.run.cache import Cache

    cache = Cache(tmp_path / ".cache" / "bpdocs", secret=b"a" * 32, root=tmp_path)
    key = "ab" + "0" * 62
    texts = ['<svg id="a">"quoted"</svg>', "", "line\nbreaks\n", "émoji 😀 and 𝑤", "\\(x\\)"]
    cache.put_texts(key, {"results": [{"error": None}]}, texts)
    assert cache.get_texts(key) == ({"results": [{"error": None}]}, texts)
    assert cache.has(key, ".texts") and not cache.has(key) and cache.get(key) is None
    (path,) = entries(tmp_path, ".texts")
    assert b'<svg id="a">"quoted"</svg>' in path.read_bytes()  # as it is, not escaped
    assert Cache(tmp_path / ".cache" / "bpdocs", secret=b"b" * 32, root=tmp_path).get_texts(key) is None
    stored = path.read_bytes()
    for doctored in (stored.replace(b"quoted", b"QUOTED"), stored[:-3], stored.replace(b'"lengths": [', b'"lengths": [1, ')):
        path.write_bytes(doctored)
        assert cache.get_texts(key) is None
