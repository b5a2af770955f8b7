"""``mkdocs serve --dirty`` (and ``mkdocs build --dirty``) with bpdocs.

MkDocs then builds only the pages whose Markdown file is newer than their HTML. bpdocs also has it build:

- every page whose results are not all in the cache, though its Markdown did not change (bpcore or bpdocs was
  edited, an option changed, the cache was cleared): its old HTML would show old results;
- every page, when the configuration or the set of pages changed since the build before in this process (a
  page added, removed or renamed; the navigation, the theme or an option changed), or what may be a page's title
  (its front matter, its lines that start a first-level heading): each page shows the site's navigation, with
  every page's title, and the previous and next pages'.

A page is made to build by removing its HTML from the site folder, which MkDocs then takes for changed (the
page is written again in the same build). So an edit that changes what other pages show (a title, a page, the
configuration) builds them all, and any other edit builds its own page only: what `mkdocs serve --dirty` then
serves is what a full build would. (Not seen: what a theme or another plugin draws from other pages' text, such
as a blog's excerpts; a link to a heading of another page is checked only by a full build.)
"""

from __future__ import annotations

import hashlib
import os
import re
from contextlib import suppress


class DirtyBuilds:
    """What a dirty build needs from the build before it in this process."""

    def __init__(self):
        self._shape: str | None = None

    def rebuild(self, pages, stale: list[str], build, config) -> list[str]:
        """Make MkDocs build the ``pages`` (its documentation files) whose results changed (``stale``: the page
        paths, as ``build`` names them, whose cells are not all cached), or all of them when the site's shape
        changed; return the source paths of the pages made to build."""
        shape = _shape(pages, config)
        everything, self._shape = self._shape is not None and shape != self._shape, shape
        stale = set(stale)
        made = []
        for file in pages:
            if not (everything or build.page_path(file.abs_src_path) in stale) or file.is_modified():
                continue
            with suppress(FileNotFoundError):
                os.remove(file.abs_dest_path)
            made.append(file.src_uri)
        return made


def _shape(pages, config) -> str:
    """What every page's HTML depends on besides its own Markdown: the configuration file and the list of pages."""
    digest = hashlib.sha256()
    if config.config_file_path:
        with suppress(OSError), open(config.config_file_path, "rb") as f:
            digest.update(f.read())
    for file in sorted(pages, key=lambda f: f.src_uri):
        digest.update(file.src_uri.encode() + b"\0" + _title_lines(file.abs_src_path) + b"\0")
    return digest.hexdigest()


TITLE_LINES = re.compile(rb"\A---[ \t]*\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*$|^[ ]{0,3}#[ \t][^\n]*|^[^\n]*\n[ ]{0,3}=+[ \t]*$",
                         re.M)


def _title_lines(path: str) -> bytes:
    """What a page's title may come from: its front matter and its first-level headings (ATX or setext; more
    than the title, a comment line in a code block too, which only makes an edit build more)."""
    try:
        with open(path, "rb") as f:
            return b"\n".join(m.group(0) for m in TITLE_LINES.finditer(f.read()))
    except OSError:
        return b""
