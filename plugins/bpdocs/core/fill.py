"""The last stage: put every page's results into whatever HTML the generator writes.

A page's results may show up elsewhere than on the page: a blog index shows a
post's excerpt, a theme may copy the content. So tokens are filled by page
salt from any HTML, and :meth:`Filler.leaks` finds any of this build's that
survived. Salts are random on every build, so text that merely looks like a
token (a fence printing one, a page about bpdocs) is never filled, and never
taken for a leak.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .pages import PageJob

# Every token bpdocs puts into Markdown ends with "x" and the salt of its page (see assemble.token_salt).
TOKEN = re.compile(r"bpdocs(?:out\d+(?:n\d+)?|inline\d+)x([0-9a-f]{32})")
# What every token starts with: a page without either has none (a quick look; "bpdocs" alone is in every page's
# class names).
TOKEN_STARTS = ("bpdocsout", "bpdocsinline")


def may_hold_tokens(text: str | bytes) -> bool:
    """False if ``text`` certainly holds no token."""
    starts = TOKEN_STARTS if isinstance(text, str) else tuple(start.encode() for start in TOKEN_STARTS)
    return any(start in text for start in starts)


class Filler:
    """The page jobs of one build, by salt."""

    def __init__(self):
        self.jobs: dict[str, PageJob] = {}

    def add(self, job: PageJob) -> None:
        self.jobs[job.salt] = job

    def fill(self, html_text: str) -> str:
        """``html_text`` with the tokens of every known page filled in (waiting for those pages' runs)."""
        if not may_hold_tokens(html_text):
            return html_text
        for salt in dict.fromkeys(TOKEN.findall(html_text)):
            job = self.jobs.get(salt)
            if job is not None:
                html_text = job.fill(html_text)
        return html_text

    def clear(self) -> None:
        self.jobs.clear()

    def issued(self, token: str) -> bool:
        """Whether ``token`` is an output block's token of this build (not text that merely looks like one)."""
        match = TOKEN.fullmatch(token)
        job = self.jobs.get(match.group(1)) if match else None
        return job is not None and token in job.assembled.blocks

    def leaks(self, text: str) -> list[str]:
        """This build's tokens left in ``text``: each one is a value or an output a reader would not see."""
        return list(dict.fromkeys(m.group(0) for m in TOKEN.finditer(text) if m.group(1) in self.jobs))


WRITTEN_TEXT = (".html", ".json", ".xml", ".txt")  # what a site writes that a reader or a search sees


def leaked_tokens(site_dir: Path, filler: Filler, since: float) -> list[tuple[str, list[str]]]:
    """This build's tokens left in the text files of the site written since ``since`` (a time; with a margin for
    file systems that keep coarse times: a dirty build leaves the files of earlier builds, which hold none)."""
    found = []
    if not filler.jobs:  # no page issued a token
        return found
    for folder, _, names in os.walk(site_dir):
        for name in sorted(names):
            if not name.endswith(WRITTEN_TEXT):
                continue
            path = os.path.join(folder, name)
            try:
                if os.stat(path).st_mtime < since - 2:
                    continue
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            if may_hold_tokens(data):
                tokens = filler.leaks(data.decode("utf-8", errors="replace"))
                if tokens:
                    found.append((os.path.relpath(path, site_dir), tokens))
    return sorted(found)


def leak_message(site_dir: Path, filler: Filler, since: float) -> str | None:
    """What to say if this build left a token in the written site (see :func:`leaked_tokens`), or None."""
    found = leaked_tokens(site_dir, filler, since)
    if not found:
        return None
    path, tokens = found[0]
    return (f"{path}: bpdocs left a placeholder ({tokens[0]}) in the written site: a value or an output a reader "
            "would not see. Please report this with the page that shows it.")
