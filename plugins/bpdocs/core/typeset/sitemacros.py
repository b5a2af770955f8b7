"""The TeX macros of a site's own MathJax or KaTeX configuration (a script in ``extra_javascript``), read in Node
(``static/site-macros.js``), so that bpdocs' checker reads a formula as the site's renderer typesets it: a site
that keeps its own renderer defines ``\\pd`` once, in its configuration, not again in the ``tex`` option.

Macros the ``tex`` option defines win; a definition that is not one the ``tex`` option could take is left out
(the checker then says the macro is unknown). Without Node, or for a script that does more than configure, none
are read.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

from .settings import TeXSettingError, TeXSettings, _macro

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "site-macros.js"
TIMEOUT = 10.0
_read: dict[tuple, tuple[dict, list[str], list[str] | None]] = {}  # the scripts' versions -> what they define


def read_site_macros(scripts: list[Path]) -> tuple[dict, list[str]]:
    """The macros the ``scripts`` define (name without backslash -> definition as the ``tex`` option takes it),
    and the scripts that defined some; nothing when Node cannot run them. Read again only when a script changed
    (``mkdocs serve`` configures every rebuild)."""
    macros, read, _ = _site_configuration(scripts)
    return dict(macros), list(read)


def site_math_openings(scripts: list[Path]) -> list[str] | None:
    """What opens math for the site's renderer, as its configuration ``scripts`` name it (KaTeX auto-render's
    delimiters, MathJax's ``inlineMath`` and ``displayMath``, ``\\begin`` for its environments); None where none
    names them (the renderer's defaults, which read ``\\( \\)`` and ``\\[ \\]``), or Node could not read them."""
    opening = _site_configuration(scripts)[2]
    return None if opening is None else list(opening)


def _site_configuration(scripts: list[Path]) -> tuple[dict, list[str], list[str] | None]:
    if not scripts:
        return {}, [], None
    versions = tuple((str(path), *_version(path)) for path in scripts)
    if versions not in _read:
        found = _node_read([path for path, *_ in versions])
        if found is None:
            return {}, [], None  # (not kept: Node may answer the next build)
        _read.clear()  # (one site's scripts: the latest version is all a serve loop needs)
        _read[versions] = found
    return _read[versions]


def _version(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


def _node_read(scripts: list[str]) -> tuple[dict, list[str], list[str] | None] | None:
    """What Node read from ``scripts``, or None when it could not run them."""
    try:
        done = subprocess.run(["node", str(SCRIPT), *scripts], capture_output=True, text=True,
                              timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        found = json.loads(done.stdout) if done.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None
    macros = found.get("macros") if isinstance(found, dict) else None
    if not isinstance(macros, dict):
        return None
    opening = found.get("opening")
    opening = [str(left) for left in opening] if isinstance(opening, list) else None
    return ({str(name).lstrip("\\"): definition for name, definition in macros.items()}, list(found.get("read", [])),
            opening)


def with_site_macros(tex: TeXSettings, macros: dict) -> TeXSettings:
    """``tex`` with the site's ``macros`` it does not define itself."""
    own = {m.name for m in tex.macros}
    added = []
    for name, definition in macros.items():
        if name in own or not name.isalpha():
            continue
        try:
            added.append(_macro(name, definition))
        except TeXSettingError:
            continue
    if not added:
        return tex
    return replace(tex, macros=tuple(sorted([*tex.macros, *added], key=lambda m: m.name)))
