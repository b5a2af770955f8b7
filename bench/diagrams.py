"""What network diagrams cost: bytes per diagram, and the build time that 10 diagrams add.

Builds one page with 10 bpnet diagrams and the same page without them (cache
off, so every diagram is drawn), as whole `mkdocs build` commands; medians of
the runs, interleaved, same run.

    python bench/diagrams.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFIG = """\
site_name: bench
theme:
  name: material
  font: false
markdown_extensions:
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
plugins:
  - bpdocs
"""
SPECS = [
    "layers: [1, 1]\ntargets: true\nerror: true",
    "layers: [1, 2]\ntargets: true\nerror: true\nhighlight: [x_1, y_1, t_1, E]",
    "layers: [1, 1, 2]\ntargets: true\nerror: true\nhighlight: [x_1, h_1, y_1]",
    "layers: [1, 1, 1, 2]\ntargets: true\nerror: true\nhighlight: [x_1, h^1_1, h^2_1, y_1]",
    "layers: [2, 3, 1]",
    "layers: [2, 2, 2]\nweights: symbols",
    "layers: [3, 4, 2]\ntargets: true",
    "layers: [4, 6, 6, 2]\nhighlight: [x_1, h^1_2, h^2_3, y_1]",
    "layers: [6, 6, 6, 6, 6]",
    "layers: [2, 4, 4, 1]\nerror: true",
]


def write(root: Path, with_diagrams: bool) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG)
    parts = ["# Diagrams\n"]
    for n, spec in enumerate(SPECS):
        parts.append(f"Paragraph {n} of prose around the pictures.\n")
        if with_diagrams:
            parts.append(f"```bpnet\n{spec}\n```\n")
    (root / "docs" / "index.md").write_text("\n".join(parts))
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
        sites = {"10 diagrams": write(Path(tmp) / "with", True), "no diagrams": write(Path(tmp) / "without", False)}
        times = {name: [] for name in sites}
        for name, root in sites.items():
            seconds(root)
        for _ in range(args.runs):
            for name, root in sites.items():
                times[name].append(seconds(root))
        html = (sites["10 diagrams"] / "site" / "index.html").read_text()
    svgs = re.findall(r"<svg role=\"img\".*?</svg>", html, re.S)
    print(f"diagram sizes (bytes of inline SVG), {len(svgs)} diagrams:")
    for spec, svg in zip(SPECS, svgs):
        print(f"  {len(svg):>7}  {spec.splitlines()[0]}")
    print(f"  median {statistics.median(len(s) for s in svgs):.0f} bytes")
    med = {name: statistics.median(ts) for name, ts in times.items()}
    print(f"\nbuild time, whole `mkdocs build`, cache off, median of {args.runs} runs, same run")
    for name, value in med.items():
        print(f"  {name:<12} {value:.3f} s")
    added = med["10 diagrams"] - med["no diagrams"]
    print(f"  10 diagrams add {added:.3f} s ({added / 10 * 1000:.0f} ms per diagram)")


if __name__ == "__main__":
    main()
