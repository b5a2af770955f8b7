"""The files fences write into the docs folder, made part of the MkDocs site (see :mod:`bpdocs.core.run.written`).

MkDocs lists the docs folder before any cell runs, so a file a fence saves there (a figure, a data file) is not
one of the site's files on the build that first makes it: a page's link to it fails validation (a warning, fatal
under ``--strict``) and the file is not copied. So each file a run wrote (or wrote again, from the cache) is added
to the site's files; a page that links to a file the site does not have yet is converted after its own cells (and,
if the file is still missing, after every page's) have run; and what a run still writes after MkDocs copied the
site's files is copied at the end of the build.
"""

from __future__ import annotations

import os
import posixpath
import re
from urllib.parse import unquote

from mkdocs.structure.files import File, InclusionLevel

# A Markdown link or image target, inline ``](target)`` or a reference definition ``[name]: target``; either may be
# in angle brackets, with spaces (``](<my plot.png>)``).
LINK_TARGET = re.compile(r"\]\(\s*(?:<([^>\n]+)>|([^)\s]+))|^ {0,3}\[[^\]]+\]:\s*(?:<([^>\n]+)>|(\S+))",
                         re.MULTILINE)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")  # (a link shown as code is not a link: MkDocs does not check it)


class WrittenFiles:
    """What the runs of one build wrote, as MkDocs files (for one build: made again in on_pre_build)."""

    def __init__(self, build, config):
        self.build = build
        self.docs, self.site = os.path.abspath(config.docs_dir), config.site_dir
        self.use_directory_urls = config.use_directory_urls
        self.added: dict[str, File] = {}  # src_uri -> the file added to the site's files
        self.files = None  # the site's files, as the last page converted was given them

    def add(self, files, wait: bool = False) -> None:
        """Add the files the runs done so far wrote (``wait``: every run's) to ``files``, if not there."""
        self.files = files
        for src_uri in self._written(wait):
            if src_uri in self.added or files.get_file_from_path(src_uri) is not None:
                continue
            file = File(src_uri, self.docs, self.site, self.use_directory_urls, inclusion=InclusionLevel.INCLUDED)
            if file.is_documentation_page():  # (a page written now is one of the next build's: MkDocs has its nav)
                continue
            files.append(file)
            self.added[src_uri] = file

    def before_conversion(self, markdown: str, src_uri: str, files, job) -> None:
        """Before MkDocs converts a page: if it links to a file the site lacks, wait for the page's run (then
        for every run) and add what they wrote."""
        self.add(files)
        prose = _prose(markdown, job.code)
        if not self._missing(prose, src_uri, files):
            return
        try:
            job.future.result()
        except Exception:  # (the page says why its run failed, when it is finished)
            pass
        self.add(files)
        if self._missing(prose, src_uri, files):
            self.add(files, wait=True)

    def copy_late(self) -> None:
        """At the end of the build: copy what cells that ran wrote again (MkDocs copied the site's files while they
        ran: a file it copied may have been written since, or a file it never knew written). What the cache wrote
        again, it wrote before MkDocs copied the site's files."""
        if self.files is None:  # (no page was converted)
            return
        self.add(self.files, wait=True)
        for src_uri in dict.fromkeys(self._written(wait=True, ran=True)):
            file = self.added.get(src_uri) or self.files.get_file_from_path(src_uri)
            if file is not None and not file.is_documentation_page() and os.path.isfile(file.abs_src_path):
                file.copy_file()  # (not a file a later cell deleted: that cell's error says so)

    def _written(self, wait: bool, ran: bool = False) -> list[str]:
        """The files the runs wrote (``ran``: their cells that ran, not the cache), as paths in the docs folder."""
        paths = [os.path.relpath(os.path.join(self.build.root, path), self.docs).replace(os.sep, "/")
                 for path in self.build.executor.written(wait=wait, ran=ran)]
        return [path for path in paths if not path.startswith("../")]

    @staticmethod
    def _missing(prose: str, src_uri: str, files) -> bool:
        """Whether ``prose`` links to a file of the docs folder that the site's files do not have."""
        folder = posixpath.dirname(src_uri)
        for match in LINK_TARGET.finditer(prose):
            target = next(group for group in match.groups() if group)
            if SCHEME.match(target) or target.startswith(("#", "/")):
                continue
            target = unquote(target.split("#", 1)[0].split("?", 1)[0])
            extension = posixpath.splitext(target)[1].lower()
            if not extension or extension == ".md":  # (a page, or a folder: not what a fence writes)
                continue
            path = posixpath.normpath(posixpath.join(folder, target))
            if not path.startswith("../") and files.get_file_from_path(path) is None:
                return True
        return False


def _prose(markdown: str, code) -> str:
    """The page without its code: the fenced blocks (``code``: their first and last lines, as the page's scan
    found them) and code spans, which MkDocs' link check never sees."""
    lines = markdown.split("\n")
    for start, end in code:
        stop = len(lines) if end is None else end + 1
        lines[start:stop] = [""] * (stop - start)
    return "\n".join(CODE_SPAN.sub("", line) if "`" in line else line for line in lines)
