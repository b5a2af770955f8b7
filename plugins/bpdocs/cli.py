"""The ``bpdocs`` command: ``bpdocs new DIR`` writes a starter site.

Exit status: 0 done, 1 failed, 2 bad usage.
"""

from __future__ import annotations

import argparse
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


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="bpdocs", description="Executable, checked math for documentation sites.")
    main.add_argument("--version", action="version", version=f"bpdocs {__version__}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
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
