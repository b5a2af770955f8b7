"""The key that authenticates the cache is either good or replaced (issue 20, point 3).

A key file that is missing, empty, short, unreadable, a folder, a dangling link or a FIFO is replaced
atomically, or, where it cannot be, the build uses a key of its own and says so once. An entry forged under
the bad key (the empty key, the short one) never reaches a page. A bad ``BPDOCS_CACHE_KEY`` stops the build
with a sentence that says what is wrong, never a traceback.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .harness import assert_no_internal_traceback, build, key_home, site
from .test_cache_faults import PAGE, entries, html

FORGED = "<script>alert('forged')</script>"
CHECK = [str(Path(sys.executable).parent / "bpdocs"), "check"]


def forge(root: Path, weak_key: bytes) -> int:
    """Rewrite every cache entry (the fences', the typeset math's) as an attacker who knows ``weak_key``
    would: valid under that key."""
    body = json.dumps({"outputs": [{"kind": "html", "text": FORGED}]}, sort_keys=True).encode()
    forged = 0
    for entry in entries(root, ".json"):
        key = entry.stem
        signature = hmac.new(weak_key, key.encode() + b"\0" + body, hashlib.sha256).hexdigest()
        entry.write_bytes(f"bpdocs-cache-3 {key} {signature}\n".encode() + body)
        forged += 1
    return forged


def prepared(tmp_path: Path) -> tuple[Path, dict, Path]:
    """A site built once under a good key; its key file's path."""
    root = site(tmp_path / "s", {"index.md": PAGE})
    env = key_home(tmp_path / "home", os.urandom(32))
    result = build(root, env=env)
    assert result.returncode == 0, result.stderr
    return root, env, tmp_path / "home" / "bpdocs" / "key"


def rebuilt(root: Path, env: dict) -> str:
    result = build(root, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    page = html(root)
    assert "a3 42" in page and "forged" not in page and "<script>alert" not in page
    return result.stderr


def assert_good_key(path: Path) -> None:
    info = os.lstat(path)
    assert stat.S_ISREG(info.st_mode) and info.st_size >= 32 and stat.S_IMODE(info.st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["key"], "no temporary file left beside the key"


def warned(stderr: str, words: str) -> None:
    lines = [line for line in stderr.splitlines() if "cache key" in line]
    assert len(lines) == 1 and words in lines[0], stderr  # one warning, saying what was wrong


def make_empty(path: Path) -> None:
    path.write_bytes(b"")


def make_short(path: Path) -> None:
    path.write_bytes(b"short")


def make_dangling(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.parent / "gone")


def make_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path, 0o600)


REPLACED = [  # (name, how the key file goes bad, the key an attacker forges with, what the warning says)
    ("empty", make_empty, b"", "is empty"),
    ("short", make_short, b"short", "holds only 5 bytes"),
    ("dangling link", make_dangling, b"", "is a link to nothing"),
    ("fifo", make_fifo, b"", "is not a regular file"),
]


@pytest.mark.parametrize("name, spoil, weak_key, words", REPLACED, ids=[r[0] for r in REPLACED])
def test_a_bad_key_file_is_replaced_and_nothing_forged_is_served(tmp_path, name, spoil, weak_key, words):
    root, env, key = prepared(tmp_path)
    spoil(key)
    assert forge(root, weak_key) >= 3
    stderr = rebuilt(root, env)
    warned(stderr, words)
    assert "was replaced by a new key" in stderr
    assert_good_key(key)
    second = build(root, env=env)  # the new key stays: the next build is served from the cache, quietly
    assert second.returncode == 0 and "0 cell(s) run" in second.stderr and "cache key" not in second.stderr


UNREADABLE = '''
import builtins, errno, os
def _refusing(opener):
    def refuse(path, *args, **kwargs):
        if str(path).endswith("/bpdocs/key"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return opener(path, *args, **kwargs)
    return refuse
os.open, builtins.open = _refusing(os.open), _refusing(builtins.open)
'''


def test_an_unreadable_key_file_is_replaced(tmp_path):
    """(Root reads any file, so 'unreadable' is injected: every open of the key fails with EACCES.)"""
    root, env, key = prepared(tmp_path)
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(UNREADABLE)
    assert forge(root, b"") >= 3
    stderr = rebuilt(root, {**env, "PYTHONPATH": str(inject)})
    warned(stderr, "cannot be read (Permission denied)")
    assert "was replaced by a new key" in stderr


def test_a_folder_where_the_key_should_be_gives_a_key_for_this_build_only(tmp_path):
    root, env, key = prepared(tmp_path)
    key.unlink()
    key.mkdir()
    (key / "something").write_text("a folder that is not empty")
    assert forge(root, b"") >= 3
    stderr = rebuilt(root, env)
    warned(stderr, "is a folder")
    assert "a key of its own" in stderr
    assert (key / "something").read_text() == "a folder that is not empty"


def test_no_writable_place_for_the_key_gives_a_key_for_this_build_only(tmp_path):
    root = site(tmp_path / "s", {"index.md": PAGE})
    (tmp_path / "not-a-folder").write_text("a file where the cache home should be")
    env = {"XDG_CACHE_HOME": str(tmp_path / "not-a-folder"), "BPDOCS_CACHE": "1"}
    first = build(root, env=env)
    assert first.returncode == 0, first.stderr
    warned(first.stderr, "cannot be made")
    assert forge(root, b"") >= 3
    warned(rebuilt(root, env), "a key of its own")


def test_a_missing_key_is_made_atomically_and_quietly(tmp_path):
    root = site(tmp_path / "s", {"index.md": PAGE})
    env = key_home(tmp_path / "home")
    first = build(root, env=env)
    assert first.returncode == 0 and "cache key" not in first.stderr, first.stderr
    assert_good_key(tmp_path / "home" / "bpdocs" / "key")
    assert stat.S_IMODE(os.stat(tmp_path / "home" / "bpdocs").st_mode) == 0o700
    second = build(root, env=env)
    assert "0 cell(s) run" in second.stderr


def test_concurrent_builds_agree_on_a_new_key(tmp_path):
    """Eight processes find no key at once: all end up with the one that was written."""
    home = tmp_path / "home"
    code = ("import sys; from bpdocs.core.run.cachekey import load_key; "
            "sys.stdout.write(load_key().secret.hex())")
    env = {**os.environ, "XDG_CACHE_HOME": str(home)}
    env.pop("BPDOCS_CACHE_KEY", None)
    runs = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
            for _ in range(8)]
    keys = {run.communicate(timeout=60)[0] for run in runs}
    assert keys == {(home / "bpdocs" / "key").read_bytes().hex()}


BAD_ENVIRONMENT_KEYS = [  # (name, value as bytes, what the message says)
    ("not UTF-8", b"\xff\xfe a key in Latin-1 \xe9\xe9\xe9", "BPDOCS_CACHE_KEY is not UTF-8 text"),
    ("short", b"abc", "BPDOCS_CACHE_KEY is 3 characters long; a cache key needs at least 16"),
]


@pytest.mark.parametrize("name, value, message", BAD_ENVIRONMENT_KEYS, ids=[k[0] for k in BAD_ENVIRONMENT_KEYS])
def test_a_bad_environment_key_is_an_error_that_says_what_is_wrong(tmp_path, name, value, message):
    root = site(tmp_path / "s", {"index.md": PAGE})
    env = {**{k.encode(): v.encode() for k, v in os.environ.items()}, b"NO_MKDOCS_2_WARNING": b"1",
           b"BPDOCS_CACHE": b"1", b"BPDOCS_CACHE_KEY": value, b"XDG_CACHE_HOME": str(tmp_path / "home").encode()}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env,
                            capture_output=True, timeout=300)
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode != 0 and message in stderr, stderr
    assert_no_internal_traceback(stderr)
    assert not (root / ".cache").exists()
    check = subprocess.run(CHECK, cwd=root, env=env, capture_output=True, timeout=300)
    stderr = check.stderr.decode("utf-8", "replace")
    assert check.returncode == 2 and message in stderr and "Traceback" not in stderr, stderr


def test_a_blank_environment_key_is_no_key(tmp_path):
    """CI gives an unset secret as an empty string (pull requests from forks): the key file is used then."""
    root = site(tmp_path / "s", {"index.md": PAGE})
    env = {**key_home(tmp_path / "home", os.urandom(32)), "BPDOCS_CACHE_KEY": "  "}
    result = build(root, env=env)
    assert result.returncode == 0 and "cache key" not in result.stderr, result.stderr
    assert "0 cell(s) run" in build(root, env=key_home(tmp_path / "home")).stderr
