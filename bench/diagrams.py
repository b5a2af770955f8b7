"""What network diagrams cost: bytes per diagram, and the build time that 10 diagrams add.

Builds one page with 10 bpnet diagrams and the same page without them (cache
off, so every diagram is drawn), as whole `mkdocs build` commands; medians of
the runs, interleaved, same run.

    python bench/diagrams.py [--runs 7]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
from pathlib import Path

from timing import MINIMAL_CONFIG, build_seconds, interleaved_medians

CONFIG = MINIMAL_CONFIG + "plugins:\n  - bpdocs\n"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sites = {"10 diagrams": write(Path(tmp) / "with", True), "no diagrams": write(Path(tmp) / "without", False)}
        med = interleaved_medians({name: (lambda root=root: build_seconds(root, {"BPDOCS_CACHE": "0"}))
                                   for name, root in sites.items()}, args.runs)
        html = (sites["10 diagrams"] / "site" / "index.html").read_text()
    svgs = re.findall(r"<svg role=\"img\".*?</svg>", html, re.S)
    print(f"diagram sizes (bytes of inline SVG), {len(svgs)} diagrams:")
    for spec, svg in zip(SPECS, svgs):
        print(f"  {len(svg):>7}  {spec.splitlines()[0]}")
    print(f"  median {statistics.median(len(s) for s in svgs):.0f} bytes")
    print(f"\nbuild time, whole `mkdocs build`, cache off, median of {args.runs} runs, same run")
    for name, value in med.items():
        print(f"  {name:<12} {value:.3f} s")
    added = med["10 diagrams"] - med["no diagrams"]
    print(f"  10 diagrams add {added:.3f} s ({added / 10 * 1000:.0f} ms per diagram)")


if __name__ == "__main__":
    main()
