"""An on-disk cache of cell results, keyed by everything a result depends on.

A cell's key chains the keys before it in its session: ``key_n = H(key_{n-1},
cell_n)``, starting from the environment fingerprint (bpcore and bpdocs
sources, Python and numpy versions, plugin options). So a prose edit changes
no key; an edit to one fence changes the keys of that fence and those after it
in its session; an engine edit changes every key.

Entries are written atomically (a new file, then a rename) without following any
link (:mod:`bpdocs.core.run.cachefs`), and authenticated: each carries an HMAC,
under a secret key kept outside the project (:mod:`bpdocs.core.run.cachekey`), of
its own cell key and its contents. An entry planted, edited, or copied over another (for example
by a cache restored in CI) fails the check, is ignored and recomputed: a result
never reaches a page, and a checkpoint is never unpickled, unless this machine's
key wrote it. A cache that cannot be written (read-only, full, not a folder)
degrades to running without storing results, and a cache folder that is a link or
another user's to running without it, each with one warning.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import json
import logging
import os
import platform
import stat
from contextlib import suppress
from pathlib import Path

from .cachefs import CacheLocation, Refused
from .cachekey import load_key

FORMAT_VERSION = 3
log = logging.getLogger("bpdocs")  # adapters route it to their generator's log


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def source_digest(*packages: Path) -> str:
    """A digest of every ``.py`` file below the given package directories."""
    h = hashlib.sha256()
    for root in packages:
        for path in sorted(Path(root).rglob("*.py")):
            h.update(str(path.relative_to(root)).encode() + b"\0")
            h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def source_fingerprint(packages: list[Path]) -> str:
    """A cheap test that sources changed (paths, sizes and modification times, no reading; what Python's own
    bytecode cache trusts): for long-lived processes that must notice an engine edit between renders, and for
    builds that find the digest of the same sources in the cache."""
    h = hashlib.sha256()
    for root in packages:
        for path in sorted(Path(root).rglob("*.py")):
            stat = path.stat()
            h.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return h.hexdigest()


_DIGESTS: dict[str, str] = {}  # source_fingerprint -> source_digest, for the builds of a long-lived process


def sources_digest(packages: list[Path], cache: "Cache | None" = None) -> str:
    """:func:`source_digest` of ``packages``, read again only when a file's size or modification time changed
    since this process (or, with ``cache``, a build that kept it there) last read them: each build would read
    every source otherwise."""
    fingerprint = source_fingerprint(packages)
    if fingerprint not in _DIGESTS:
        key = chain_key("sources-digest", fingerprint)
        kept = cache.get(key) if cache is not None else None
        digest = kept.get("digest") if kept is not None else None
        if not isinstance(digest, str):
            digest = source_digest(*packages)
            if cache is not None:
                cache.put(key, {"digest": digest})
        _DIGESTS.clear()
        _DIGESTS[fingerprint] = digest
    return _DIGESTS[fingerprint]


def numpy_identity() -> str:
    """Which numpy the worker imports: the text of its ``version.py`` (its version and git revision), found
    without importing numpy or scanning the installed distributions (``importlib.metadata`` took 3-12 ms of
    every build); its distribution's version where there is no such file."""
    spec = importlib.util.find_spec("numpy")
    if spec is not None and spec.origin:
        with suppress(OSError):
            return (Path(spec.origin).parent / "version.py").read_text(encoding="utf-8")
    return version("numpy")


def version(name: str) -> str:
    """``importlib.metadata.version``, imported when needed (20 ms: the worker, which imports this module, never
    needs it)."""
    from importlib.metadata import version as installed_version

    return installed_version(name)


def environment_key(options: dict, packages: list[Path], digest: str | None = None) -> str:
    """The root of every key: sources (``digest``, if known, is theirs), interpreter and library versions,
    options."""
    return _digest(f"format={FORMAT_VERSION}", platform.python_version(), numpy_identity(),
                   digest or source_digest(*packages), json.dumps(options, sort_keys=True))


def chain_key(previous: str, *parts: str) -> str:
    return _digest(previous, *parts)


FORMAT = "bpdocs-cache-3"
TEXTS_FORMAT = "bpdocs-texts-3"  # (Cache.put_texts)
BYTES_FORMAT = "bpdocs-bytes-3"  # (Cache.put_bytes)
MAX_ENTRY_BYTES = 256 << 20  # larger entries are neither written nor read


def sign(secret: bytes, key: str, body: bytes) -> str:
    return hmac.new(secret, key.encode() + b"\0" + body, hashlib.sha256).hexdigest()


def verified(secret: bytes, key: str, signature: str, body: bytes) -> bool:
    return hmac.compare_digest(sign(secret, key, body), signature)


def cache_enabled(options) -> bool:
    """Whether the ``cache`` option and ``BPDOCS_CACHE`` leave the cache on."""
    return options.cache and os.environ.get("BPDOCS_CACHE", "1").lower() not in ("0", "off", "false", "no")


def site_cache(root: Path, options) -> "Cache":
    """The cache of the site in the folder ``root``: its ``cache_dir`` option's folder, off if it leads outside."""
    root = Path(root).resolve()
    cache_dir = root / os.path.normpath(options.cache_dir)  # relative, without "..": validated
    leads_to = cache_dir.resolve()  # (its links are refused anyway; this one says more)
    confined = leads_to.is_relative_to(root)
    cache = Cache(cache_dir, enabled=cache_enabled(options) and confined, root=root)
    if not confined:
        cache.warnings.append(f"the cache folder {options.cache_dir} leads outside the site's folder "
                              f"(to {leads_to}): this build runs without the cache")
    return cache


def published_cache(root: Path, options, published: dict[str, str]) -> str | None:
    """Why ``cache_dir`` cannot be the cache: in (or around) a folder the build publishes or clears, as written."""
    root = Path(os.path.abspath(root))
    cache_dir = Path(os.path.normpath(root / options.cache_dir))
    for name, folder in published.items():
        folder = Path(os.path.normpath(root / folder))
        inside = cache_dir.is_relative_to(folder)
        if inside or folder.is_relative_to(cache_dir):
            why = ("its entries would be published with the site" if name == "docs_dir" else "the build empties it") \
                if inside else f"pruning the cache would reach into {name}"
            return (f"the cache folder {options.cache_dir} (the option cache_dir) is "
                    f"{'inside' if inside else 'around'} {name} ({os.path.relpath(folder, root)}): "
                    f"{why}; give the cache a folder of its own, such as the default .cache/bpdocs")
    return None


class Cache:
    """Results by key under ``directory``, a folder inside ``root`` (the site's folder; by default the
    directory's parent): see :mod:`bpdocs.core.run.cachefs` for how its files are read and written. A
    disabled cache misses and stores nothing; so does one whose folder is refused."""

    def __init__(self, directory: Path, enabled: bool = True, secret: bytes | None = None,
                 root: Path | None = None):
        self.directory = Path(directory)
        self._folder = str(self.directory)
        self.root = root = Path(root) if root is not None else self.directory.parent  # (the site's folder)
        self.module_digests: dict = {}  # the site's modules, as read (see .imported)
        self.location = CacheLocation.of(str(root), self.directory.relative_to(root).parts)
        self.enabled = enabled
        self.writable = True
        self.warnings: list[str] = []  # for the adapter to show, once each
        self.rejected = 0  # entries that failed authentication
        self.used: set[str] = set()  # keys this build asked for, wrote or planned: never pruned (see prune.py)
        self.existed = os.path.isdir(self._folder)  # when the build started (a site's first build: not yet)
        self.secret, self.key_source = secret or b"", "given" if secret is not None else "off"
        if not enabled:
            return
        try:
            self.location.check()
        except Refused as exc:
            self._refuse(exc)
        except OSError as exc:  # a file where the folder should be, an unreadable folder
            self._give_up_writing(exc)
        if self.enabled and secret is None:
            key = load_key()
            self.secret, self.key_source = key.secret, key.source
            if key.warning:
                self.warnings.append(key.warning)

    def _path(self, key: str, suffix: str) -> str:
        return f"{self._folder}/{key[:2]}/{key}{suffix}"  # (a string: looked up for every cell of every build)

    def use(self, key: str) -> None:
        """Note that this build uses the entry ``key`` (its result or checkpoint) without reading it here."""
        self.used.add(key)

    def get(self, key: str) -> dict | None:
        body = self._read(key, ".json", FORMAT)
        if body is None:
            return None
        try:
            payload = json.loads(body)
        except ValueError:
            return None
        return payload if isinstance(payload, dict) else None

    def has(self, key: str, suffix: str = ".json") -> bool:
        """Whether an entry exists (not verified: a quick look, for planning); ``.texts`` for :meth:`put_texts`'."""
        self.used.add(key)
        return self.enabled and _is_file(self._path(key, suffix))

    def put(self, key: str, payload: dict) -> None:
        """Store ``payload`` under ``key``: a header line (format, key, HMAC), then the JSON body."""
        self._write(key, ".json", FORMAT, lambda: json.dumps(payload, sort_keys=True).encode())

    def put_texts(self, key: str, data: dict, texts: list[str]) -> None:
        """Store long ``texts`` (and a little JSON ``data``) under ``key``: the texts as they are, one after another
        (typeset formulas are SVG: as JSON strings, every quote escaped, they took 8 ms a megabyte to read)."""
        def body() -> bytes:
            head = json.dumps({"data": data, "lengths": [len(text) for text in texts]}, sort_keys=True)
            return f"{head}\n{''.join(texts)}".encode()
        self._write(key, ".texts", TEXTS_FORMAT, body)

    def get_texts(self, key: str) -> tuple[dict, list[str]] | None:
        """What :meth:`put_texts` stored under ``key``: ``(data, texts)``, or None."""
        body = self._read(key, ".texts", TEXTS_FORMAT)
        if body is None:
            return None
        head, _, tail = body.partition(b"\n")
        try:
            head, tail = json.loads(head), tail.decode("utf-8")
        except ValueError:
            return None
        lengths = head.get("lengths") if isinstance(head, dict) else None
        if not isinstance(lengths, list) or not isinstance(head.get("data"), dict) \
                or not all(isinstance(n, int) and n >= 0 for n in lengths) or sum(lengths) != len(tail):
            return None
        texts, position = [], 0
        for length in lengths:
            texts.append(tail[position:position + length])
            position += length
        return head["data"], texts

    def put_bytes(self, key: str, data: bytes) -> None:
        """Store ``data`` as it is under ``key`` (e.g. a template Jinja compiled: see bpdocs.templatecache)."""
        self._write(key, ".bytes", BYTES_FORMAT, lambda: bytes(data))

    def get_bytes(self, key: str) -> bytes | None:
        """What :meth:`put_bytes` stored under ``key``, if this machine's key signed it, else None."""
        return self._read(key, ".bytes", BYTES_FORMAT)

    def _read(self, key: str, suffix: str, fmt: str) -> bytes | None:
        """The body of the entry ``key`` if this machine's key signed it, else None (a miss)."""
        self.used.add(key)
        if not self.enabled:
            return None
        try:
            data = self.location.read(key[:2], f"{key}{suffix}", MAX_ENTRY_BYTES)
        except Refused as exc:
            self._refuse(exc)
            return None
        except OSError:  # a folder on the way is not one, or cannot be read: a miss
            return None
        if data is None:
            return None
        header, _, body = data.partition(b"\n")
        fields = header.decode("ascii", "replace").split(" ")
        if len(fields) != 3 or fields[0] != fmt or fields[1] != key or \
                not verified(self.secret, key, fields[2], body):
            self.rejected += 1
            log.debug(f"bpdocs cache: the entry {key} is not one this machine wrote for this cell; ignored")
            return None
        return body

    def _write(self, key: str, suffix: str, fmt: str, body) -> None:
        """Store ``body()`` under ``key``: a header line (format, key, HMAC), then the body."""
        self.used.add(key)
        if not self.enabled or not self.writable:
            return
        body = body()
        if len(body) > MAX_ENTRY_BYTES:
            return
        try:
            self.location.write(key[:2], f"{key}{suffix}", f"{fmt} {key} {sign(self.secret, key, body)}\n".encode()
                                + body)
        except Refused as exc:
            self._refuse(exc)
        except OSError as exc:
            self._give_up_writing(exc)

    def _refuse(self, exc: Refused) -> None:
        self.enabled = False
        self.warnings.append(f"the cache folder {exc.path} {exc.reason}: bpdocs follows no link in its cache "
                             "and uses no folder of another user's; this build runs without the cache")

    def _give_up_writing(self, exc: OSError) -> None:
        self.writable = False
        self.warnings.append(f"the cache folder {self.directory} cannot be written ({exc.strerror or exc}): "
                             "this build runs without storing results")

    @property
    def checkpoints(self) -> dict | None:
        """Where the worker may store sessions' namespaces (the cache's location, as data), or None."""
        return self.location.as_json() if self.enabled and self.writable else None

    def has_checkpoint(self, key: str) -> bool:
        self.used.add(key)
        return self.enabled and _is_file(self._path(key, ".pickle"))

    def __repr__(self) -> str:
        return f"Cache({str(self.directory)!r}, enabled={self.enabled})"


def _is_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
