"""This repository's whole site with bpdocs against the same site without it: builds, memory, serve edits.

Three parts, each a whole command as an author runs it, on copies of the site (bpcore and the plugin linked):

- ``builds``: `mkdocs build` warm (cache kept), cold (cache cleared, every cell run and every formula
  typeset), and two baselines without bpdocs: *MkDocs alone* (the plugin ``enabled: false``, its Markdown
  extension removed, and the site's own superfences and arithmatex, math left to MathJax in the browser) and
  *bpdocs off, bare* (issue 21's variant: no extension in its place, so code is not highlighted and
  ``\\(x_1\\)`` reaches the page as "(x_1)"): interleaved, medians and ratios of the same run;
- ``memory``: peak memory of cold builds (the MkDocs process, the largest process it started, and all of
  them together), medians of a few runs;
- ``serve``: `mkdocs serve` (and `mkdocs serve --dirty`) running, an edit to the derivation page (one new
  executable fence with bpdocs, one new paragraph without it), timed from the write to the moment the
  server answers the page with the edit in it; the servers run side by side, the edits interleaved.

    python bench/site_speed.py [--runs 7] [--edits 7] [--only builds|memory|serve]

Targets (issue 21): warm at most 1.1x of bpdocs off; cold at most 2.5x of it; a new fence served at most 1.2x of
a plain-text edit with bpdocs off, and under 0.5 s in `make serve`'s mode; cold memory at most 1.5x of 90 MiB.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from memory import measured_build
from timing import ROOT, build_seconds, compile_sources, interleaved_medians, repository_site

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SERVE_MODE = re.search(r"mkdocs serve([^\n]*)", (ROOT / "Makefile").read_text())[1]  # `make serve`'s own options
DIRTY = "--dirty" in SERVE_MODE


def bpdocs_off(config: str) -> str:
    """The site's ``mkdocs.yml`` with bpdocs off, as issue 21 measured it: the plugin disabled, its Markdown
    extension removed, nothing else. (Code is not highlighted, and ``\\(x_1\\)`` reaches the page as "(x_1)":
    no Markdown extension keeps the math for a browser.)"""
    assert "  - bpdocs\n" in config and "  - bpdocs:\n" in config, "mkdocs.yml changed: update bench/site_speed.py"
    return config.replace("  - bpdocs\n", "").replace("  - bpdocs:\n", "  - bpdocs:\n      enabled: false\n")


# What a site of code and math sets up when MkDocs alone builds it (Material's and pymdown-extensions' own
# instructions): highlighted code fences, a math fence, arithmatex keeping the TeX for MathJax in the browser.
MKDOCS_ALONE_EXTENSIONS = """\
  - pymdownx.superfences:
      custom_fences:
        - name: math
          class: arithmatex
          format: !!python/object/apply:pymdownx.arithmatex.arithmatex_fenced_format {kwds: {mode: generic}}
  - pymdownx.arithmatex:
      generic: true
"""
MKDOCS_ALONE_SCRIPTS = "extra_javascript:\n  - https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-svg.js\n"


def mkdocs_alone(config: str) -> str:
    """The same site as MkDocs alone builds it, math left to MathJax in the browser: bpdocs off (as in
    :func:`bpdocs_off`), and the Markdown extensions bpdocs would otherwise set up listed by the site itself."""
    off = bpdocs_off(config)
    assert "\nplugins:" in off
    return off.replace("\nplugins:", f"{MKDOCS_ALONE_EXTENSIONS}\n{MKDOCS_ALONE_SCRIPTS}\nplugins:", 1)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


BASELINES = {"MkDocs alone": mkdocs_alone, "bpdocs off, bare": bpdocs_off}


def builds(tmp: Path, runs: int) -> None:
    on = repository_site(tmp / "on")
    off = {name: repository_site(tmp / name.replace(" ", "-").replace(",", ""), edit)
           for name, edit in BASELINES.items()}
    print(f"\nwhole `mkdocs build --strict` of this site, median of {runs} runs, interleaved ({load()})")
    medians = interleaved_medians({
        "bpdocs, warm": lambda: build_seconds(on),
        "bpdocs, cold": lambda: build_seconds(on, clear_cache=True),
        **{name: (lambda root=root: build_seconds(root)) for name, root in off.items()},
    }, runs)
    print(f"  {'':<18}{'median':>9}" + "".join(f"{'/ ' + name:>20}" for name in off))
    for name, seconds in medians.items():
        print(f"  {name:<18}{seconds:>7.3f} s" + "".join(f"{seconds / medians[base]:>19.2f}x" for base in off))
    print(f"  (after: {load()})")


def memory(tmp: Path, runs: int) -> None:
    sites = {"bpdocs, cold": repository_site(tmp / "mem-on"),
             "MkDocs alone": repository_site(tmp / "mem-off", mkdocs_alone)}
    peaks = {name: [] for name in sites}
    for _ in range(runs):
        for name, root in sites.items():
            shutil.rmtree(root / ".cache", ignore_errors=True)
            peaks[name].append(measured_build(root, ["build", "--strict", "--quiet"], ENV))
    print(f"\npeak memory of a cold build, MiB, median of {runs} ({load()})")
    print(f"  {'':<16}{'MkDocs process':>16}{'largest child':>16}{'all processes':>16}")
    for name, samples in peaks.items():
        med = {key: statistics.median(s[key] for s in samples) for key in samples[0]}
        print(f"  {name:<16}{med['main']:>16.0f}{med['largest child']:>16.0f}{med['all processes']:>16.0f}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode("utf-8")


class Served:
    """`mkdocs serve` of a copy of the site, and edits to its derivation page."""

    def __init__(self, root: Path, options: list[str], fence: bool):
        self.root, self.fence = root, fence
        self.page = root / "docs" / "derivation.md"
        self.original = self.page.read_text()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/derivation/"
        self.log = open(root / "serve.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}", *options],
            cwd=root, env={**ENV, "SITE_URL": f"http://127.0.0.1:{self.port}/"}, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.edits = 0

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 300
        while True:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("mkdocs serve did not start:\n" + (self.root / "serve.log").read_text())
            try:
                fetch(self.url)
                return
            except OSError:
                time.sleep(0.2)

    def edit(self) -> float:
        """Seconds from writing an edit to the page to the server answering with it."""
        self.edits += 1
        marker = f"bench-edit-{self.edits}"
        if self.fence:  # the marker is the fence's output; its source holds it only in two pieces
            addition = f'\n```python exec="on" show="output"\nprint("bench" + "-edit-{self.edits}")\n```\n'
        else:
            addition = f"\nA new paragraph, {marker}.\n"
        start = time.perf_counter()
        self.page.write_text(self.original + addition)
        while marker not in fetch(self.url):
            time.sleep(0.005)
        return time.perf_counter() - start

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGINT)  # Ctrl-C: MkDocs removes its temporary site (not on SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def serve(tmp: Path, edits: int) -> None:
    modes = {"mkdocs serve": [], "mkdocs serve --dirty": ["--dirty"]}
    variants = {}
    for mode, options in modes.items():
        tag = mode.replace(" ", "-")
        for name, edit in BASELINES.items():
            root = repository_site(tmp / f"{tag}-{name.replace(' ', '-').replace(',', '')}", edit)
            variants[f"{name}, new paragraph, {mode}"] = (root, options, False)
        variants[f"bpdocs, new fence, {mode}"] = (repository_site(tmp / f"{tag}-on"), options, True)
    servers = {name: Served(root, options, fence) for name, (root, options, fence) in variants.items()}
    try:
        for server in servers.values():
            server.wait_until_up()
        times = {name: [] for name in servers}
        for round_ in range(edits + 1):  # the first round warms up, untimed
            for name, server in servers.items():
                seconds = server.edit()
                if round_:
                    times[name].append(seconds)
                time.sleep(1.0)  # the server settles (live reload polls, logs) before the next edit anywhere
    finally:
        for server in servers.values():
            server.stop()
    make_mode = "mkdocs serve --dirty" if DIRTY else "mkdocs serve"
    print(f"\nedit to served, the derivation page, median of {edits} edits, interleaved ({load()})")
    print(f"(`make serve` runs: mkdocs serve{SERVE_MODE})")
    print(f"  {'':<54}{'median':>9}{'range':>16}" + "".join(f"{'/ ' + name:>20}" for name in BASELINES))
    for name, values in times.items():
        mode = name.rsplit(", ", 1)[1]
        median = statistics.median(values)
        ratios = "".join(f"{median / statistics.median(times[f'{base}, new paragraph, {mode}']):>19.2f}x"
                         for base in BASELINES)
        mark = "   <- make serve" if mode == make_mode and name.startswith("bpdocs,") else ""
        print(f"  {name:<54}{median:>7.3f} s{min(values):>9.3f}-{max(values):.3f}{ratios}{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="builds per variant (memory: a third of it)")
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--only", choices=["builds", "memory", "serve"])
    args = parser.parse_args()
    compile_sources()
    print(f"this repository's site; {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "builds"):
            builds(Path(tmp) / "builds", args.runs)
        if args.only in (None, "memory"):
            memory(Path(tmp) / "memory", max(3, args.runs // 3))
        if args.only in (None, "serve"):
            serve(Path(tmp) / "serve", args.edits)


if __name__ == "__main__":
    main()
