"""The project itself: the README's promise and the repository's own site."""

import re
from pathlib import Path

from .sitebuild import build, copy_repository_site

ROOT = Path(__file__).resolve().parents[1]


def test_readme_opens_with_the_serve_and_test_commands():
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.S).group(1)
    commands = [line for line in first_block.splitlines() if line and not line.startswith("#")]
    assert commands == ["make serve", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    for target in ("serve", "test", "build"):
        assert re.search(rf"^{target}: setup$", makefile, re.M), target


def test_the_repository_site_builds_strictly(tmp_path):
    copy_repository_site(tmp_path)
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "site" / "index.html").read_text()
    # math is typeset at build time: SVG in the page, one small stylesheet, no MathJax script
    assert '<mjx-container class="MathJax" jax="SVG"' in index and "tex-svg.js" not in index
    assert "assets/bpdocs/mathjax-svg.css" in index
    assert not (tmp_path / "site" / "assets" / "bpdocs" / "mathjax").exists()
    # the API page is generated from bpcore itself: every public class and function has its section
    import inspect

    import bpcore

    api = (tmp_path / "site" / "api" / "index.html").read_text()
    for name in bpcore.__all__:
        if inspect.isclass(getattr(bpcore, name)) or inspect.isfunction(getattr(bpcore, name)):
            assert f'<h2 id="{name.lower()}"><code>{name}</code></h2>' in api, name
