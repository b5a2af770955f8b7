"""What checking equations adds to building the derivation: the site built with and without checks.

Both are whole `mkdocs build --strict` commands on a copy of this repository's
site, cache off (everything runs), medians of the runs, interleaved, same run.

    python bench/checks.py [--runs 7]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from timing import build_seconds, interleaved_medians, repository_site



def site(tmp: Path, name: str, checks: bool) -> Path:
    off = "  - bpdocs:\n      check_equations: false\n"
    return repository_site(tmp / name, (lambda text: text) if checks else (lambda text: text.replace("  - bpdocs:\n", off)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sites = {"with checks": site(Path(tmp), "on", True), "without checks": site(Path(tmp), "off", False)}
        med = interleaved_medians({name: (lambda root=root: build_seconds(root, {"BPDOCS_CACHE": "0"}))
                                   for name, root in sites.items()}, args.runs)
        checked = (sites["with checks"] / "site" / "derivation" / "index.html").read_text().count("bpdocs-check-")
    print(f"building the whole site (cache off), median of {args.runs} runs, same run; "
          f"the derivation alone has {checked} checked equations")
    for name, value in med.items():
        print(f"  {name:<15} {value:.3f} s")
    added = med["with checks"] - med["without checks"]
    print(f"  checking adds {added:.3f} s, {100 * added / med['with checks']:.1f}% of the build")


if __name__ == "__main__":
    main()
