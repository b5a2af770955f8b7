"""The ``bpdocs`` command.

- ``bpdocs check [PATH ...]`` runs every fence, checks every equation and typesets every formula, as a
  build would, and reports every error (``--json`` for tools: always one JSON document on stdout);
- ``bpdocs new DIR`` writes a starter site.

Exit status: 0 done (no error), 1 errors found or nothing written, 2 bad usage, 130 interrupted (Ctrl-C).
A problem with a file is one line, ``path: what is wrong``, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

from . import __version__, starter
from .termination import exit_on_termination

INTERRUPTED = 128 + signal.SIGINT


class Usage(Exception):
    """What argparse would print before exiting with status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # raised, not printed: with --json it becomes JSON
        raise Usage(f"{self.format_usage()}{self.prog}: error: {message}")


def _new(args) -> int:
    try:
        written = starter.write(Path(args.directory))
    except starter.StarterError as exc:
        print(exc, file=sys.stderr)
        return 1
    for name in written:
        print(f"wrote {Path(args.directory) / name}")
    print(f"\nNext: cd {args.directory} && mkdocs serve   (or mkdocs build --strict)")
    if starter.REPOSITORY in (line := starter.requirement()):  # (a local or editable install: no URL to give CI)
        print(f"Before publishing: {Path(args.directory) / 'requirements.txt'} installs {line!r}, where OWNER is a "
              "placeholder (this bpdocs was installed from a folder or a local file): write where your CI installs "
              "bpdocs from")
    return 0


def _check(args) -> int:
    from . import sitecheck
    from .core.errors import SetupError

    try:
        config_file = Path(args.config_file) if args.config_file else sitecheck.find_config(Path.cwd())
        site = sitecheck.read_site(config_file)
        files, problems = sitecheck.markdown_files([Path(p) for p in args.paths], site)
    except sitecheck.UsageError as exc:
        return _usage(f"bpdocs check: {exc}", args.json)
    try:
        report = sitecheck.check(files, site, problems)
    except SetupError as exc:  # e.g. a bad BPDOCS_CACHE_KEY: nothing was checked
        return _usage(f"bpdocs check: {exc}", args.json)
    if args.json:
        print(json.dumps(_document(report.as_json(), notes=site.notes), indent=2))
    else:
        for note in site.notes:
            print(f"note: {note}", file=sys.stderr)
        for error in report.errors:
            print(error)
        print(report.summary)
    return 1 if report.errors else 0


def _document(report: dict | None = None, *, notes=(), usage_error: str | None = None,
              interrupted: bool = False) -> dict:
    """``bpdocs check --json``'s one document: the same keys whatever happened."""
    empty = {"pages": 0, "cells_run": 0, "from_cache": 0, "equations_checked": 0, "formulas_typeset": None,
             "seconds": 0.0, "errors": []}
    return {**(report or empty), "notes": list(notes), "usage_error": usage_error, "interrupted": interrupted}


def _usage(message: str, as_json: bool) -> int:
    """Bad usage: nothing was done (exit status 2); with ``--json``, said as JSON on stdout too."""
    print(message, file=sys.stderr)
    if as_json:
        print(json.dumps(_document(usage_error=message), indent=2))
    return 2


def parser() -> argparse.ArgumentParser:
    main = _Parser(prog="bpdocs", description="Executable, checked math for documentation sites.")
    main.add_argument("--version", action="version", version=f"bpdocs {__version__}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    check = commands.add_parser(
        "check", help="run every fence, check every equation and typeset every formula, as a build would; "
                      "report every error",
        description="Run every executable fence, inline value and diagram, check every checked equation "
                    "and typeset every formula of the given Markdown files or folders (default: the "
                    "docs_dir of ./mkdocs.yml, or of ./properdocs.yml or ./zensical.toml; else ./docs), "
                    "exactly as a build would, with the same cache, without writing a site. Every error is "
                    "printed as page:line: message; then a summary. Exit 1 if there was any error.")
    check.add_argument("paths", nargs="*", metavar="PATH", help="Markdown files or folders")
    check.add_argument("-f", "--config-file", metavar="FILE",
                       help="the site's configuration (default: ./mkdocs.yml, ./properdocs.yml or ./zensical.toml)")
    check.add_argument("--json", action="store_true",
                       help="print the report as one JSON document on stdout, for tools (bad usage too)")
    check.set_defaults(run=_check)
    new = commands.add_parser("new", help="write a starter site into DIR (never overwrites a file)",
                              description="Write a minimal site that builds strictly as written: mkdocs.yml, "
                                          "docs/index.md, .gitignore, requirements.txt and a GitHub Pages "
                                          "workflow. Nothing is written if any of them exists, and nothing "
                                          "is written through a symbolic link.")
    new.add_argument("directory", metavar="DIR")
    new.set_defaults(run=_new)
    return main


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    as_json = "check" in argv and "--json" in argv
    exit_on_termination()  # (SIGTERM ends a check through its clean-up, as Ctrl-C does)
    try:
        try:
            args = parser().parse_args(argv)
        except Usage as exc:
            return _usage(str(exc), as_json)
        return args.run(args)
    except KeyboardInterrupt:  # everything started was stopped on the way out (the builds' finally)
        print("bpdocs: interrupted", file=sys.stderr)
        if as_json:
            print(json.dumps(_document(interrupted=True), indent=2))
        return INTERRUPTED
    except BrokenPipeError:  # the reader of our output went away (`bpdocs check | head`): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # a file-system problem not tied to one page: its path and what is wrong
        where = exc.filename or "bpdocs"
        print(f"{os.fspath(where)}: {exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
