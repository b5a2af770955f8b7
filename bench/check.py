"""How long `bpdocs check` takes on this repository's site, cold and warm, next to `mkdocs build`.

Cold: the cache cleared before each run (every cell runs). Warm: the cache filled by the run
before. Whole commands on a copy of the site, medians of the runs, interleaved, same run.

    python bench/check.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import build_seconds, interleaved_medians, repository_site

BPDOCS = Path(sys.executable).parent / "bpdocs"


def check_seconds(root: Path, clear_cache: bool = False) -> float:
    if clear_cache:
        shutil.rmtree(root / ".cache", ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([str(BPDOCS), "check"], cwd=root, env=os.environ, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        check_site, build_site = repository_site(Path(tmp) / "check"), repository_site(Path(tmp) / "build")
        med = interleaved_medians({
            "bpdocs check, cold": lambda: check_seconds(check_site, clear_cache=True),
            "mkdocs build, cold": lambda: build_seconds(build_site, clear_cache=True),
            "bpdocs check, warm": lambda: check_seconds(check_site),
            "mkdocs build, warm": lambda: build_seconds(build_site),
        }, args.runs)
    print(f"this repository's site, whole commands, median of {args.runs} runs, same run")
    for name, value in med.items():
        print(f"  {name:<20} {value:.3f} s")
    for state in ("cold", "warm"):
        print(f"  {state}: bpdocs check takes {med[f'bpdocs check, {state}'] / med[f'mkdocs build, {state}']:.2f}x "
              "of mkdocs build")


if __name__ == "__main__":
    main()
