"""The ``bpdocs`` command.

- ``bpdocs check [PATH ...]`` runs every fence and checks every equation, as a build would, and
  reports every error (``--json`` for tools);
- ``bpdocs new DIR`` writes a starter site.

Exit status: 0 done (no error), 1 errors found or nothing written, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__, starter


def _new(args) -> int:
    try:
        written = starter.write(Path(args.directory))
    except starter.StarterError as exc:
        print(f"bpdocs new: {exc}", file=sys.stderr)
        return 1
    for name in written:
        print(f"wrote {Path(args.directory) / name}")
    print(f"\nNext: cd {args.directory} && mkdocs serve   (or mkdocs build --strict)")
    return 0


def _check(args) -> int:
    from . import sitecheck
    from .core.errors import SetupError

    try:
        site = sitecheck.read_site(Path(args.config_file) if args.config_file else sitecheck.find_config(Path.cwd()))
        files = sitecheck.markdown_files([Path(p) for p in args.paths], site)
    except sitecheck.UsageError as exc:
        print(f"bpdocs check: {exc}", file=sys.stderr)
        return 2
    try:
        report = sitecheck.check(files, site)
    except SetupError as exc:  # e.g. a bad BPDOCS_CACHE_KEY
        print(f"bpdocs check: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({**report.as_json(), "notes": site.notes}, indent=2))
    else:
        for note in site.notes:
            print(f"note: {note}", file=sys.stderr)
        for error in report.errors:
            print(error)
        print(report.summary)
    return 1 if report.errors else 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="bpdocs", description="Executable, checked math for documentation sites.")
    main.add_argument("--version", action="version", version=f"bpdocs {__version__}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check", help="run every fence and check every equation, as a build would; report every error",
        description="Run every executable fence, inline value and diagram, and check every checked equation "
                    "of the given Markdown files or folders (default: the docs_dir of ./mkdocs.yml, or of "
                    "./properdocs.yml or ./zensical.toml; else ./docs), exactly "
                    "as a build would, with the same cache, without writing a site. Every error is printed "
                    "as page:line: message; then a summary. Exit 1 if there was any error.")
    check.add_argument("paths", nargs="*", metavar="PATH", help="Markdown files or folders")
    check.add_argument("-f", "--config-file", metavar="FILE",
                       help="the site's configuration (default: ./mkdocs.yml, ./properdocs.yml or ./zensical.toml)")
    check.add_argument("--json", action="store_true", help="print the report as JSON, for tools")
    check.set_defaults(run=_check)
    new = commands.add_parser("new", help="write a starter site into DIR (never overwrites a file)",
                              description="Write a minimal site that builds strictly as written: mkdocs.yml, "
                                          "docs/index.md, .gitignore, requirements.txt and a GitHub Pages "
                                          "workflow.")
    new.add_argument("directory", metavar="DIR")
    new.set_defaults(run=_new)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
