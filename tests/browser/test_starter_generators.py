"""The starter (`bpdocs new`) built by MkDocs, ProperDocs and Zensical, looked at in Chromium: on each its
math is typeset when the site is built (no MathJax in the browser, none needed: it shows with JavaScript
off), its outputs are in place, labelled and styled, its header switches between light and dark, and nothing is
asked of the network."""

from __future__ import annotations

import os
import subprocess

import pytest

from bpdocs import starter

from ..test_generators import GENERATORS
from .conftest import ARTIFACTS, SUBPATH, serve_under_subpath
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
    server = serve_under_subpath(root / "site")  # (its port held from now: it is in the URL)
    url = f"http://127.0.0.1:{server.server_port}{SUBPATH}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0", "SITE_URL": url}
    try:
        built = subprocess.run(GENERATORS[generator], cwd=root, env=env, capture_output=True, text=True, timeout=600)
        assert built.returncode == 0, built.stdout + built.stderr
        v = visit(url)
        assert page_problems(v, generator) == []
        assert v.page.evaluate(MATH_STATE)["blocks"] >= 6  # x_1, h_1, y_1, the gradients, E, the checked equation
        labels = v.page.evaluate("() => [...document.querySelectorAll('mjx-assistive-mml')].map(m => m.textContent)"
                                 ".filter(t => t.startsWith('\u2202E\u2202W'))")
        assert [label[:6] for label in labels] == ["\u2202E\u2202W1=", "\u2202E\u2202W2="]  # each gradient labelled
        assert v.page.evaluate("() => document.body.dataset.mdColorScheme") == "default"
        v.page.click('[data-md-component="palette"] label[title="Switch to dark mode"]:visible')
        v.page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'", timeout=5000)
        v.page.click('[data-md-component="palette"] label[title="Switch to light mode"]:visible')
        v.page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'", timeout=5000)
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
