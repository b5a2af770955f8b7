"""Real-browser fixtures: Debian's Chromium driven by Playwright, the site served under a subpath, offline.

In CI (``CI=true``) a missing browser is a failure; elsewhere these tests skip
with the command that installs it.
"""

from __future__ import annotations

import functools
import http.server
import os
import socket
import threading
from pathlib import Path

import pytest

from ..sitebuild import build, copy_repository_site

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SUBPATH = "/bpdocs/"
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get update && apt-get install -y chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


class SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site only under SUBPATH, as GitHub Pages serves a project site; logs every request."""

    log: list

    def translate_path(self, path):
        if not path.startswith(SUBPATH):
            return str(Path(self.directory) / "__outside_the_subpath__")
        return super().translate_path("/" + path[len(SUBPATH):])

    def log_message(self, format, *args):  # recorded, not printed
        self.log.append(args)


def serve_under_subpath(site: Path, port: int = 0) -> http.server.ThreadingHTTPServer:
    """Serve ``site`` at http://127.0.0.1:PORT/bpdocs/ (``server.server_port``), in a thread; shut it down when
    done. With no port given, the server takes one at once and holds it: start it before building a site whose
    URL names the port (the folder is read only when a page is asked for), so that nothing else on the machine
    can take the port while the site builds."""
    handler = functools.partial(type("Handler", (SubpathHandler,), {"log": []}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def publish(tmp_path_factory, name: str, env: dict | None = None, config_edit=lambda text: text,
            warnings: list[str] = ()):
    """Build the repository's site for a project subpath and serve it there on 127.0.0.1; strictly, unless the
    build may say ``warnings`` (patterns, one a warning), and nothing else."""
    root = copy_repository_site(tmp_path_factory.mktemp(name), config_edit)
    server = serve_under_subpath(root / "site")
    url = f"http://127.0.0.1:{server.server_port}{SUBPATH}"
    try:
        result = build(root, env={"SITE_URL": url, **(env or {})})
        if warnings:
            import re

            said = re.findall(r"^WARNING\s+-\s+(.*)$", result.stderr, re.M)
            assert len(said) == len(warnings) and all(re.fullmatch(w, s) for w, s in zip(warnings, said)), \
                result.stderr
            result = build(root, "--no-strict", env={"SITE_URL": url, **(env or {})})
        assert result.returncode == 0, result.stderr
    except BaseException:
        server.shutdown()
        server.server_close()
        raise
    return root / "site", url, server


@pytest.fixture(scope="session")
def published_site(tmp_path_factory):
    site, url, server = publish(tmp_path_factory, "published")
    yield site, url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def broken_site(tmp_path_factory):
    """The same site broken twice on purpose: MathJax missing, and an asset path that ignores the subpath."""
    site, url, server = publish(
        tmp_path_factory, "broken", env={"MATHJAX_URL": "javascripts/vendor/mathjax/missing.js",
                                         "BPDOCS_TYPESET": "browser"},
        config_edit=lambda text: text + "extra_css:\n  - /assets/bpdocs/bpdocs.css\n")
    yield site, url
    server.shutdown()
    server.server_close()


class Visit:
    """A page opened offline: every request outside 127.0.0.1 is aborted and recorded."""

    def __init__(self, browser, url: str, scheme: str = "light", width: int = 1280, wait_math: bool = True):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        self.page = self.context.new_page()
        self.outside, self.failed, self.bad_status, self.console_errors = [], [], [], []
        self.context.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("response", lambda r: r.status >= 400 and self.bad_status.append((r.status, r.url)))
        self.response = self.page.goto(url)
        self.math_ready = self.wait_for_math(timeout=20000) if wait_math else None

    def _route(self, route):
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def wait_for_math(self, timeout: int = 20000) -> bool:
        """Wait until the page's math is typeset (by MathJax in the browser, if the page loads it; else it
        came typeset from the build); False if it never is."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            if self.page.evaluate("() => !!document.querySelector('script[src*=\"mathjax\" i]')"):
                self.page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise",
                                            timeout=timeout)
                self.page.evaluate("() => MathJax.startup.promise")
            self.page.wait_for_function(
                "() => document.querySelectorAll('.arithmatex').length === "
                "document.querySelectorAll('.arithmatex mjx-container').length", timeout=timeout)
        except PlaywrightTimeout:
            return False
        return True

    def close(self):
        self.context.close()


@pytest.fixture
def visit(chromium):
    opened = []

    def open_page(url: str, **kwargs) -> Visit:
        opened.append(Visit(chromium, url, **kwargs))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()
