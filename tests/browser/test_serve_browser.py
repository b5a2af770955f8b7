"""`mkdocs serve` as an author uses it: live reload shows new values, errors show on the page, fixes recover."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from ..sitebuild import stop_server, write_site
from .conftest import free_port

PAGE = '''# Live

```python exec="on" show="output"
print("value", 40 + {n})
```
'''
WRONG_EQUATION = '''

```math check="1-1-2" notation="weights=to-from"
\\Delta w^1_{11} = x_1 \\sum_k (y_k - t_k)\\, w^2_{1k}
```
'''


@pytest.fixture
def served(tmp_path):
    root = write_site(tmp_path, {"index.md": PAGE.format(n=2)})
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = open(tmp_path / "serve.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail("mkdocs serve did not start:\n" + (tmp_path / "serve.log").read_text())
            time.sleep(0.2)
    yield root, url, server, tmp_path / "serve.log"
    stop_server(server)  # the server we started, by its process id
    log.close()


def test_live_reload_errors_on_the_page_and_recovery(served, visit):
    root, url, server, log = served
    page_file = root / "docs" / "index.md"
    v = visit(url, wait_math=False)  # the fixture site loads no MathJax
    page = v.page
    page.wait_for_selector("text=value 42")

    page_file.write_text(PAGE.format(n=3))  # an edit: the open page reloads with the new value
    page.wait_for_selector("text=value 43", timeout=30000)

    page_file.write_text(PAGE.format(n="undefined_name"))  # broken: the server stays up, the page says why
    page.wait_for_selector("text=bpdocs: this fence failed", timeout=30000)
    assert "NameError: name 'undefined_name' is not defined" in page.inner_text(".bpdocs-error")
    assert "docs/index.md:4: NameError" in log.read_text()
    assert server.poll() is None

    page_file.write_text(PAGE.format(n=4) + WRONG_EQUATION)  # fence fixed, a wrong equation added
    page.wait_for_selector("text=equation does not hold", timeout=30000)
    assert page.locator("text=value 44").count() == 1
    assert "w^2_{12}: layer 2 has 2 units" in page.inner_text(".bpdocs-error") or \
        "layer 1 has 1 unit" in page.inner_text(".bpdocs-error")

    page_file.write_text(PAGE.format(n=5) + WRONG_EQUATION.replace("w^2_{1k}", "w^2_{k1}"))  # all fixed
    page.wait_for_selector("text=value 45", timeout=30000)
    assert page.locator(".bpdocs-error").count() == 0
    assert page.locator(".bpdocs-check-holds").count() == 1
    assert server.poll() is None and v.outside == []
