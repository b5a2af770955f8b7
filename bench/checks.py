"""What checking equations adds to building the derivation: the site built with and without checks.

Both are whole `mkdocs build --strict` commands on a copy of this repository's
site, cache off (everything runs), medians of the runs, interleaved, same run.

    python bench/checks.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def site(tmp: Path, name: str, checks: bool) -> Path:
    root = tmp / name
    root.mkdir()
    config = (ROOT / "mkdocs.yml").read_text()
    if not checks:
        config = config.replace("  - bpdocs\n", "  - bpdocs:\n      check_equations: false\n")
    (root / "mkdocs.yml").write_text(config)
    shutil.copytree(ROOT / "docs", root / "docs")
    for package in ("bpcore", "plugins"):
        (root / package).symlink_to(ROOT / package)
    return root


def seconds(root: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=root, env=env, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sites = {"with checks": site(Path(tmp), "on", True), "without checks": site(Path(tmp), "off", False)}
        for root in sites.values():
            seconds(root)
        times = {name: [] for name in sites}
        for _ in range(args.runs):
            for name, root in sites.items():
                times[name].append(seconds(root))
        checked = (sites["with checks"] / "site" / "derivation" / "index.html").read_text().count("bpdocs-check-")
    med = {name: statistics.median(ts) for name, ts in times.items()}
    print(f"building the whole site (cache off), median of {args.runs} runs, same run; "
          f"the derivation alone has {checked} checked equations")
    for name, value in med.items():
        print(f"  {name:<15} {value:.3f} s")
    added = med["with checks"] - med["without checks"]
    print(f"  checking adds {added:.3f} s, {100 * added / med['with checks']:.1f}% of the build")


if __name__ == "__main__":
    main()
