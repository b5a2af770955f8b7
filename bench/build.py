"""Build time of pages with 20 executable fences: bpdocs cold and warm, execution off, markdown-exec.

Every variant is a whole ``mkdocs build`` command, as an author runs it, timed
end to end; variants are interleaved and each cell is the median of the runs.

    python bench/build.py [--runs 7]

Targets: warm within 1.1x of execution off; cold faster than markdown-exec.
markdown-exec is a bench-only dependency (``pip install -c constraints.txt markdown-exec``).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from timing import MINIMAL_CONFIG, build_seconds, interleaved_medians

FENCES = 20
PLUGINS = {
    # Math is left to the browser in every variant (as markdown-exec leaves it): bench/reader.py measures
    # what typesetting it at build time costs and gives.
    "bpdocs": "plugins:\n  - bpdocs:\n      typeset: browser\n",
    "off": "plugins:\n  - bpdocs:\n      enabled: false\n      typeset: browser\n",
    "markdown-exec": "plugins:\n  - markdown-exec\n",
}


# The same display in each tool's own words: output only, or source then output.
DISPLAY = {
    ("output", "bpdocs"): 'show="output"', ("output", "off"): 'show="output"',
    ("output", "markdown-exec"): "",
    ("both", "bpdocs"): 'show="both"', ("both", "off"): 'show="both"',
    ("both", "markdown-exec"): 'source="above"',
}


# What each fence does: next to nothing, or what an article's fence does (a gradient check).
WORK = {
    "tiny": "grads = net.gradients(x, t)\nprint({n}, [g.round(4).tolist() for g in grads])",
    "gradcheck": "report = gradcheck(Network([4, 16, 16, 2], 'tanh', seed={n}), [0.1, 0.2, 0.3, 0.4], [1.0, 0.0])\n"
                 "print({n}, report.ok, f'{{report.max_abs_error:.1e}}')",
}


def page(display: str, tool: str, work: str = "tiny") -> str:
    attrs = f'exec="on" session="bench" {DISPLAY[display, tool]}'.strip()
    parts = ["# Twenty fences\n",
             f'```python {attrs}\nfrom bpcore import Network, gradcheck\n'
             "net = Network([1, 1, 2], seed=0)\nx, t = [0.5], [1.0, -1.0]\nprint(net.loss(x, t))\n```\n"]
    for n in range(1, FENCES):
        parts.append(f"Step {n}: a little prose between the fences.\n")
        parts.append(f'```python {attrs}\nnet.weights[0][0, 0] += {n} * 0.01\n'
                     + WORK[work].format(n=n) + "\n```\n")
    return "\n".join(parts)


def make_site(root: Path, variant: str, display: str, pages: int, work: str) -> Path:
    site = root / f"{pages}-{display}-{work}" / variant
    (site / "docs").mkdir(parents=True)
    (site / "mkdocs.yml").write_text(MINIMAL_CONFIG + PLUGINS[variant])
    for n in range(pages):
        (site / "docs" / ("index.md" if n == 0 else f"page{n}.md")).write_text(page(display, variant, work))
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    try:
        import markdown_exec  # noqa: F401  (only: is it installed?)
        variants = ["bpdocs cold", "bpdocs warm", "execution off", "markdown-exec"]
    except ImportError:
        variants = ["bpdocs cold", "bpdocs warm", "execution off"]
        print("(markdown-exec not installed: pip install -c constraints.txt markdown-exec)")
    print(f"pages of {FENCES} executable fences each: whole `mkdocs build` command, "
          f"median of {args.runs} runs, interleaved, same run")
    scenarios = [(1, "output", "tiny"), (1, "both", "tiny"), (1, "both", "gradcheck"),
                 (4, "both", "tiny"), (4, "both", "gradcheck")]
    with tempfile.TemporaryDirectory() as tmp:
        for pages, display, work in scenarios:
            tool = {"bpdocs cold": "bpdocs", "bpdocs warm": "bpdocs", "execution off": "off",
                    "markdown-exec": "markdown-exec"}
            sites = {v: make_site(Path(tmp), tool[v], display, pages, work)
                     for v in variants if v != "bpdocs warm"}
            sites["bpdocs warm"] = sites["bpdocs cold"]
            medians = interleaved_medians(
                {v: (lambda v=v: build_seconds(sites[v], clear_cache=v == "bpdocs cold")) for v in variants},
                args.runs)
            shown = "output only" if display == "output" else "source, then output"
            does = "next to nothing" if work == "tiny" else "a gradient check of a 4-16-16-2 network"
            print(f"\n{pages} page(s); each fence does {does}; fences show {shown}")
            print(f"{'variant':<16}{'median s':>10}{'/ exec off':>12}" +
                  (f"{'/ md-exec':>12}" if "markdown-exec" in medians else ""))
            for variant in variants:
                row = f"{variant:<16}{medians[variant]:>10.3f}{medians[variant] / medians['execution off']:>11.2f}x"
                if "markdown-exec" in medians:
                    row += f"{medians[variant] / medians['markdown-exec']:>11.2f}x"
                print(row)


if __name__ == "__main__":
    main()
