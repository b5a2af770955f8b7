"""The starter (`bpdocs new`) built by MkDocs, ProperDocs and Zensical, looked at in Chromium: on each its
math is typeset when the site is built (no MathJax in the browser, none needed: it shows with JavaScript
off), its outputs are in place and styled, and nothing is asked of the network."""

from __future__ import annotations

import os
import subprocess

import pytest

from bpdocs import starter

from ..test_generators import GENERATORS
from .conftest import ARTIFACTS, SUBPATH, free_port, serve_under_subpath
from .test_published_site import MATH_STATE, page_problems

NO_SCRIPT_STATE = """() => {
  const svgs = [...document.querySelectorAll('.arithmatex mjx-container > svg')];
  const mml = document.querySelector('mjx-assistive-mml');
  return {
    drawn: svgs.filter(s => s.getBoundingClientRect().width > 0 && s.getBoundingClientRect().height > 0).length,
    assistiveHidden: !!mml && getComputedStyle(mml).position === 'absolute',
    checkStyled: getComputedStyle(document.querySelector('.bpdocs-check-holds')).textAlign === 'right',
    diagrams: document.querySelectorAll('svg.bpdocs-network').length,
    scripts: document.querySelectorAll('script[src*="mathjax" i]').length,
  };
}"""


@pytest.mark.parametrize("generator", GENERATORS)
def test_the_starter_typesets_its_math_on_every_generator(tmp_path, visit, chromium, generator):
    root = tmp_path / "mysite"
    starter.write(root)
    port = free_port()
    url = f"http://127.0.0.1:{port}{SUBPATH}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0", "SITE_URL": url}
    built = subprocess.run(GENERATORS[generator], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    server = serve_under_subpath(root / "site", port)
    try:
        v = visit(url)
        assert page_problems(v, generator) == []
        assert v.page.evaluate(MATH_STATE)["blocks"] >= 6  # x_1, h_1, y_1, the gradients, E, the checked equation
        ARTIFACTS.mkdir(exist_ok=True)
        v.page.screenshot(path=str(ARTIFACTS / f"starter-{generator}.png"), full_page=True)

        context = chromium.new_context(java_script_enabled=False)
        try:
            page = context.new_page()
            page.goto(url)
            state = page.evaluate(NO_SCRIPT_STATE)
        finally:
            context.close()
        assert state == {"drawn": state["drawn"], "assistiveHidden": True, "checkStyled": True, "diagrams": 1,
                         "scripts": 0}
        assert state["drawn"] >= 6
    finally:
        server.shutdown()
        server.server_close()
