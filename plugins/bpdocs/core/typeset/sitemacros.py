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


def read_site_macros(scripts: list[Path]) -> tuple[dict, list[str]]:
    """The macros the ``scripts`` define (name without backslash -> definition as the ``tex`` option takes it),
    and the scripts that defined some; nothing when Node cannot run them."""
    if not scripts:
        return {}, []
    try:
        done = subprocess.run(["node", str(SCRIPT), *map(str, scripts)], capture_output=True, text=True,
                              timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        found = json.loads(done.stdout) if done.returncode == 0 else {}
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return {}, []
    macros = found.get("macros") if isinstance(found, dict) else None
    if not isinstance(macros, dict):
        return {}, []
    return {str(name).lstrip("\\"): definition for name, definition in macros.items()}, list(found.get("read", []))


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
