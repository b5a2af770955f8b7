"""Structured errors. They travel as data; :func:`bpdocs.plugin` turns them into ``PluginError`` once."""

from __future__ import annotations


class BPDocsError(Exception):
    """A problem an author must fix, located at ``page:line`` once known."""

    def __init__(self, message: str, page: str | None = None, line: int | None = None,
                 details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.page = page
        self.line = line
        self.details = details or []

    def at(self, page: str, line: int) -> "BPDocsError":
        """The same error, located (keeps an existing location)."""
        if self.page is None:
            self.page, self.line = page, line
        return self

    @property
    def location(self) -> str:
        if not self.page:
            return "<unknown>"
        return f"{self.page}:{self.line}" if self.line else self.page  # a whole file: mkdocs.yml

    def __str__(self) -> str:
        head = f"{self.location}: {self.message}"
        return "\n".join([head, *self.details])


class AuthoringError(BPDocsError):
    """The Markdown itself is wrong: a bad attribute, an unclosed fence, bad syntax."""


class ExecutionError(BPDocsError):
    """A fence or inline value failed when run: exception, timeout, crash, exit."""


class SetupError(BPDocsError):
    """The build's surroundings are wrong, not a page (e.g. a bad ``BPDOCS_CACHE_KEY``): no location."""

    def __str__(self) -> str:
        return "\n".join([self.message, *self.details])


class SourceRemoved(ExecutionError):
    """A cell deleted or moved files of the site's sources (``paths``, relative to the site's folder)."""

    def __init__(self, message: str, page: str | None = None, line: int | None = None,
                 details: list[str] | None = None, paths: list[str] | None = None):
        super().__init__(message, page, line, details)
        self.paths = paths or []
