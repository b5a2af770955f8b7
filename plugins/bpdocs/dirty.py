"""``mkdocs serve --dirty`` (and ``mkdocs build --dirty``) with bpdocs.

MkDocs then builds only the pages whose Markdown file is newer than their HTML. bpdocs also has it build:

- every page whose results are not all in the cache, though its Markdown did not change (bpcore or bpdocs was
  edited, an option changed, the cache was cleared): its old HTML would show old results;
- every page, when the configuration or the set of pages changed since the build before in this process (a
  page added, removed or renamed; the navigation, the theme or an option changed): each page shows the site's
  navigation, and links between pages.

A page is made to build by removing its HTML from the site folder, which MkDocs then takes for changed (the
page is written again in the same build). What MkDocs itself leaves stale in a dirty build stays so: a page's
new title in the navigation of the other pages, until they are built.
"""

from __future__ import annotations

import hashlib
import os
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
        digest.update(file.src_uri.encode() + b"\0")
    return digest.hexdigest()
