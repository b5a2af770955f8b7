"""What a reader gets: math typeset when the site is built against MathJax in the browser (the fallback).

For the derivation page, in headless Chromium from a local server: time from navigation to the
formulas of the first screen laid out as SVG (before first paint means math at first paint) and to the
last formula of the page, JavaScript and total bytes, and cumulative layout shift (medians of several loads,
the two set-ups interleaved); then the build cost: cold and warm builds of the whole site with and
without build-time math (whole `mkdocs build` commands, medians, interleaved, same run).

    python bench/reader.py [--loads 9] [--builds 5]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import tempfile
import threading
from pathlib import Path

from timing import build_seconds, interleaved_medians, repository_site

INIT = """
window.__cls = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
  .observe({type: 'layout-shift', buffered: true});
// Every frame from the start of parsing, note when each formula is first laid out as SVG; the page's
// math is all visible at the latest of those times, once the document is parsed and none is missing.
const seen = new Map();
(function check() {
  const blocks = [...document.querySelectorAll('.arithmatex')];
  const now = performance.now();
  for (const b of blocks) {
    const s = b.querySelector('mjx-container svg');
    if (!seen.has(b) && s && s.getBoundingClientRect().width > 0) seen.set(b, now);
  }
  if (document.readyState !== 'loading' && blocks.length > 0 && blocks.every(b => seen.has(b)))
  {
    window.__math = Math.max(...seen.values());
    const onScreen = blocks.filter(b => b.getBoundingClientRect().top < innerHeight).map(b => seen.get(b));
    window.__screen = onScreen.length ? Math.max(...onScreen) : NaN;
  }
  else requestAnimationFrame(check);
})();
"""
MEASURE = """() => {
  const resources = performance.getEntriesByType('resource');
  const nav = performance.getEntriesByType('navigation')[0];
  const js = resources.filter(r => r.name.split('?')[0].endsWith('.js')).reduce((s, r) => s + r.encodedBodySize, 0);
  const all = resources.reduce((s, r) => s + r.encodedBodySize, 0) + nav.encodedBodySize;
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return {math: window.__math, screen: window.__screen, paint: paint ? paint.startTime : NaN, js, all, cls: window.__cls};
}"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path):
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/derivation/"


def load(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(INIT)
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.__math !== undefined", timeout=60000)
    page.wait_for_timeout(300)  # late layout shifts are counted too
    result = page.evaluate(MEASURE)
    context.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=9)
    parser.add_argument("--builds", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        sites = {"build-time math": repository_site(Path(tmp) / "build"),
                 "MathJax in the browser": repository_site(Path(tmp) / "browser")}
        envs = {"build-time math": {}, "MathJax in the browser": {"BPDOCS_TYPESET": "browser"}}
        for name, root in sites.items():
            build_seconds(root, envs[name])
        servers = {name: serve(root / "site") for name, root in sites.items()}
        samples = {name: [] for name in sites}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            for name in sites:
                load(browser, servers[name][1])  # warm-up
            for _ in range(args.loads):
                for name in sites:
                    samples[name].append(load(browser, servers[name][1]))
            browser.close()
        for server, _ in servers.values():
            server.shutdown()
        print(f"the derivation page in headless Chromium from 127.0.0.1, median of {args.loads} loads, same run")
        print(f"  {'':<24}{'first paint':>13}{'first screen of math':>22}{'last formula visible':>22}{'JavaScript':>12}{'all bytes':>12}"
              f"{'layout shift':>14}")
        for name, runs in samples.items():
            med = {key: statistics.median(r[key] for r in runs) for key in ("paint", "screen", "math", "js", "all", "cls")}
            print(f"  {name:<24}{med['paint']:>10.0f} ms{med['screen']:>19.0f} ms{med['math']:>19.0f} ms{med['js'] / 1024:>9.0f} KB"
                  f"{med['all'] / 1024:>9.0f} KB{med['cls']:>14.3f}")
        builds = interleaved_medians({
            f"{name}, {state}": (lambda root=root, env=envs[name], cold=cold: build_seconds(root, env, clear_cache=cold))
            for name, root in sites.items() for state, cold in (("cold", True), ("warm", False))}, args.builds)
    print(f"building the whole site, median of {args.builds} runs, interleaved, same run")
    for name, seconds in builds.items():
        print(f"  {name:<34}{seconds:.3f} s")


if __name__ == "__main__":
    main()
