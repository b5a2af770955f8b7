"""``bpdocs new DIR``: a minimal site that builds strictly as written. File copying, carefully.

The files live in ``bpdocs/starter/``; names that start with a dot are stored
without it (package data skips hidden files) and renamed on the way out.
``requirements.txt`` is a template: it pins the bpdocs that wrote it, installed again the way it was installed.

Nothing is overwritten, nothing is written through a symbolic link (each file
and folder is created relative to its parent's descriptor, with ``O_NOFOLLOW``
and ``O_EXCL``), and a write that fails takes back what it had written.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path, PurePosixPath

from . import __version__

STARTER = Path(__file__).resolve().parent / "starter"
HIDDEN = {"gitignore": ".gitignore", "github": ".github"}
TEMPLATES = {PurePosixPath("requirements.txt")}
# Where bpdocs is installed from until it is on PyPI: its repository, at a release tag.
REPOSITORY = "https://github.com/OWNER/bpdocs"


_INSTALLED = object()  # requirement()'s default: read how the installed bpdocs was installed


def requirement(version: str = __version__, origin: dict | None | object = _INSTALLED) -> str:
    """The line that installs this bpdocs again, as it was installed (its PEP 610 ``direct_url.json``,
    ``origin``, read from the installed package when not given; None when unknown): from a package index,
    ``bpdocs==version``;
    from a git URL or a wheel's URL that a CI runner can reach too, that URL at the same revision; otherwise
    (an editable or local install) the repository's git URL at this version's release tag."""
    if origin is _INSTALLED:
        origin = installed_origin()
    if origin is None:
        origin = {"url": ""}
    if origin == {}:  # no direct URL: pip took it from a package index
        return f"bpdocs=={version}"
    url = str(origin.get("url", ""))
    if url.startswith("https://"):
        vcs = origin.get("vcs_info")
        if isinstance(vcs, dict) and vcs.get("vcs") == "git":
            return f"bpdocs @ git+{url}@{vcs.get('requested_revision') or vcs.get('commit_id')}"
        if "archive_info" in origin:
            return f"bpdocs @ {url}"
    return f"bpdocs @ git+{REPOSITORY}@v{version}"


def installed_origin() -> dict | None:
    """Where the installed bpdocs came from (PEP 610): ``{}`` from a package index, the ``direct_url.json``
    mapping from a URL or a folder, None when that cannot be read."""
    import json
    from importlib import metadata

    try:
        distribution = metadata.distribution("bpdocs")
    except metadata.PackageNotFoundError:
        return None
    text = distribution.read_text("direct_url.json")
    if text is None:  # installed by an installer without a URL: from an index (a source tree's egg-info: unknown)
        return {} if distribution.read_text("INSTALLER") else None
    try:
        origin = json.loads(text)
    except ValueError:
        return None
    return origin if isinstance(origin, dict) else None


class StarterError(Exception):
    """The starter cannot be written (a file exists, a path is a link or not a folder, a write failed);
    nothing was written."""


def files() -> dict[PurePosixPath, Path]:
    """Each starter file: where it goes (relative to the new site) and where it comes from."""
    out = {}
    for source in sorted(STARTER.rglob("*")):
        if source.is_file() and "__pycache__" not in source.parts:
            parts = source.relative_to(STARTER).parts
            out[PurePosixPath(HIDDEN.get(parts[0], parts[0]), *parts[1:])] = source
    return out


def content(name: PurePosixPath, source: Path) -> bytes:
    if name in TEMPLATES:
        return source.read_text(encoding="utf-8").format(requirement=requirement(), version=__version__).encode()
    return source.read_bytes()


def _what_is_in_the_way(directory: Path, names) -> list[str]:
    """Why the starter cannot go into ``directory``: each path that is a link, not a folder, or exists."""
    problems, existing = [], []
    if os.path.lexists(directory) and not os.path.isdir(directory):
        kind = f"a symbolic link to {os.readlink(directory)}, which does not exist" \
            if os.path.islink(directory) else "not a folder"
        return [f"{directory}: {kind}"]
    for name in names:
        for depth in range(1, len(name.parts) + 1):
            path = directory.joinpath(*name.parts[:depth])
            last = depth == len(name.parts)
            if os.path.islink(path):
                problems.append(f"{path}: a symbolic link (bpdocs new never writes through one)")
            elif last and os.path.lexists(path):
                existing.append(str(name))
            elif not last and os.path.lexists(path) and not os.path.isdir(path):
                problems.append(f"{path}: a file where the starter needs a folder")
            else:
                continue
            break
    if existing:
        problems.append(f"{directory} already has {', '.join(existing)} (bpdocs new never overwrites a file)")
    return list(dict.fromkeys(problems))


def write(directory: Path) -> list[PurePosixPath]:
    """Write the starter into ``directory`` (created if missing); refuse if any of its files exists, or
    if any path on the way is a symbolic link."""
    directory = Path(directory)
    starter = files()
    problems = _what_is_in_the_way(directory, starter)
    if problems:
        raise StarterError("; ".join(problems) + "; nothing was written")
    made: list[tuple[Path, bool]] = []  # what this call created (path, is a folder), to take back on failure
    try:
        if not os.path.isdir(directory):
            os.makedirs(directory)
            made.append((directory, True))
        for name, source in starter.items():
            _write_file(directory, name, content(name, source), made)
    except OSError as exc:
        for path, is_folder in reversed(made):
            try:
                os.rmdir(path) if is_folder else os.unlink(path)
            except OSError:
                pass
        where = exc.filename or directory
        raise StarterError(f"{where}: {exc.strerror or exc}; nothing was written") from None
    return list(starter)


def _write_file(directory: Path, name: PurePosixPath, data: bytes, made: list) -> None:
    """``directory/name``, each folder and the file created at its parent's descriptor without following
    a link: a link planted after the check above is refused (ELOOP, ENOTDIR or EEXIST), not followed."""
    parent = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for depth, part in enumerate(name.parts[:-1], start=1):
            path = directory.joinpath(*name.parts[:depth])
            try:
                os.mkdir(part, dir_fd=parent)
                made.append((path, True))
            except FileExistsError:
                pass
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, str(path)) from None
            try:
                child = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
            except OSError as exc:
                raise OSError(exc.errno, "not a folder (or a symbolic link)" if exc.errno in (
                    errno.ELOOP, errno.ENOTDIR) else exc.strerror, str(path)) from None
            os.close(parent)
            parent = child
        path = directory / Path(*name.parts)
        try:
            fd = os.open(name.parts[-1], os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=parent)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        made.append((path, False))
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        except OSError as exc:  # e.g. a full disk
            raise OSError(exc.errno, exc.strerror, str(path)) from None
    finally:
        os.close(parent)
