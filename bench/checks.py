"""What checking equations adds to building the derivation: the site built with and without checks;
and the checker alone, in equations per second.

Both builds are whole `mkdocs build --strict` commands on a copy of this
repository's site, cache off (everything runs), medians of the runs,
interleaved, same run. The checker alone checks every checked equation of the
site's pages (as the build finds them) with `check_equation`. Depth scaling: a general formula
checked on one-unit networks 1-1-...-1 of growing depth (target: at most quadratic growth, and a
30-layer network in under 1 s).

Per equation: CPU seconds of each checked equation of the site as the build runs it (``run_math``, with its
session's namespace: tests/checker/site_equations.py), median of the runs; the median equation and the total.

    python bench/checks.py [--runs 7] [--only builds|checker|depth|equations]
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
    parser.add_argument("--only", choices=("builds", "checker", "depth", "equations"))
    args = parser.parse_args()
    if args.only in (None, "builds"):
        builds(args.runs)
    if args.only in (None, "checker"):
        equations, seconds = checker_alone(args.runs)
        print(f"the checker alone: {len(equations)} equations of the site, median {seconds:.3f} s of {args.runs} "
              f"runs, {len(equations) / seconds:.0f} equations/s")
    if args.only in (None, "depth"):
        depth_scaling(args.runs)
    if args.only in (None, "equations"):
        per_equation(args.runs)


def builds(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sites = {"with checks": site(Path(tmp), "on", True), "without checks": site(Path(tmp), "off", False)}
        med = interleaved_medians({name: (lambda root=root: build_seconds(root, {"BPDOCS_CACHE": "0"}))
                                   for name, root in sites.items()}, runs)
        checked = (sites["with checks"] / "site" / "derivation" / "index.html").read_text().count("bpdocs-check-")
    print(f"building the whole site (cache off), median of {runs} runs, same run; "
          f"the derivation alone has {checked} checked equations")
    for name, value in med.items():
        print(f"  {name:<15} {value:.3f} s")
    added = med["with checks"] - med["without checks"]
    print(f"  checking adds {added:.3f} s, {100 * added / med['with checks']:.1f}% of the build")


DEPTH_EQUATIONS = {  # general formulas, as the derivation and Nielsen write them
    "dE/dw": r"\frac{\partial E}{\partial w^l_{ji}} = \delta^l_j \, h^{l-1}_i",
    "recursion": r"\delta^l_j = \sigma'(z^l_j) \sum_k w^{l+1}_{kj} \, \delta^{l+1}_k",
    "dE/dW": r"\frac{\partial E}{\partial W^l} = \delta^l (h^{l-1})^T",
}


def depth_scaling(runs: int) -> None:
    """Seconds to check each formula on 1-1-...-1 networks of depth L (median of ``runs``), and the growth."""
    import math
    import statistics
    import time

    from bpdocs import check_equation

    depths = (5, 10, 20, 30)
    print(f"depth scaling: one-unit networks of L layers, sigmoid, median of {runs} runs, seconds")
    print(f"  {'L':>4}" + "".join(f"{name:>12}" for name in DEPTH_EQUATIONS))
    table = {}
    for depth in depths:
        shape = "-".join(["1"] * (depth + 1))
        row = []
        for latex in DEPTH_EQUATIONS.values():
            times = []
            for _ in range(runs if depth <= 20 else max(1, runs // 2)):
                start = time.perf_counter()
                result = check_equation(latex, check=shape, activation="sigmoid", where="l < L" if "sum" in latex else None)
                times.append(time.perf_counter() - start)
                assert result.holds, result.message
            row.append(statistics.median(times))
        table[depth] = row
        print(f"  {depth:>4}" + "".join(f"{t:>12.3f}" for t in row), flush=True)
    growth = [math.log(table[30][n] / table[10][n]) / math.log(3) for n in range(len(DEPTH_EQUATIONS))]
    print("  growth from L=10 to L=30, as a power of L: " + ", ".join(
        f"{name} {g:.1f}" for name, g in zip(DEPTH_EQUATIONS, growth)))


def checker_alone(runs: int):
    """Every checked equation on the site's pages, each with its fence's attributes, checked ``runs`` times."""
    import json
    import re
    import statistics
    import time

    from bpdocs import check_equation
    from bpdocs.core import frontmatter
    from bpdocs.core.fences import scan
    from bpdocs.core.pages import with_page_defaults

    equations = []
    for path in sorted((Path(__file__).resolve().parents[1] / "docs").glob("*.md")):
        markdown, meta = frontmatter.split(path.read_text())
        page = with_page_defaults(scan(markdown, path.name, display_math=bool(meta.get("bpdocs_check"))), meta)
        for fence in page.fences:
            a = fence.attrs
            if fence.lang == "math" and re.fullmatch(r"[\d -]+", a.get("check", "off")):
                notation = a.get("notation")
                equations.append((fence.source, dict(
                    check=a["check"], activation=a.get("activation", "identity"), where=a.get("where"),
                    notation=json.loads(notation) if notation and notation.startswith("{") else notation,
                    loss=a.get("loss", "squared"), biases=a.get("biases") == "on")))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for latex, kw in equations:
            check_equation(latex, **kw)
        times.append(time.perf_counter() - start)
    return equations, statistics.median(times)


def per_equation(runs: int) -> None:
    """CPU milliseconds per checked equation of the site (median of ``runs`` each), the median and the total."""
    import statistics
    import sys
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bpdocs.core.run.cells import run_math
    from tests.checker.site_equations import site_equations

    try:  # the cases a process shares between equations
        from bpdocs.core.mathcheck.cases import _shared

        fresh_page = _shared.cache_clear
    except ImportError:  # (a checker from before they were shared)
        def fresh_page():
            return None

    equations = site_equations()
    for equation in equations:  # imports and first calls out of the way
        run_math(equation.cell, equation.namespace, equation.page)
    times = {equation.name: [] for equation in equations}
    for _ in range(runs):  # interleaved: a burst of load spreads over every equation
        for number, equation in enumerate(equations):
            if number == 0 or equations[number - 1].page != equation.page:
                fresh_page()  # each page's equations are checked in a process of its own
            start = time.process_time()
            run_math(equation.cell, equation.namespace, equation.page)
            times[equation.name].append(time.process_time() - start)
    medians = {name: 1000 * statistics.median(values) for name, values in times.items()}
    slowest = sorted(medians.items(), key=lambda item: -item[1])[:5]
    print(f"the checker per equation: {len(medians)} checked equations of the site, CPU ms, median of {runs} runs each")
    print(f"  median equation {statistics.median(medians.values()):.2f} ms, total {sum(medians.values()):.0f} ms; "
          "slowest: " + ", ".join(f"{name} {ms:.1f}" for name, ms in slowest))


if __name__ == "__main__":
    main()
