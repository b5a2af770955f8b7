"""Sites of other authors, in Chromium, offline, under a subpath: math typesets with `plugins: [bpdocs]` alone."""

from __future__ import annotations

from ..sitebuild import build, write_site
from ..bpdocs.test_site_setup import MATH_PAGE
from .conftest import ARTIFACTS, SUBPATH, serve_under_subpath
from .test_published_site import MATH_STATE, page_problems


def test_the_starter_site_from_the_wheel_typesets_its_math_offline(installed, tmp_path, visit):
    server = serve_under_subpath(tmp_path / "mysite" / "site")  # (its port held from now: it is in the URL)
    url = f"http://127.0.0.1:{server.server_port}{SUBPATH}"
    try:
        result = installed.run("bpdocs new mysite && cd mysite && mkdocs build --strict", cwd=tmp_path, SITE_URL=url)
        assert result.returncode == 0, result.stdout + result.stderr
        v = visit(url)
        assert page_problems(v, "starter") == []
        assert v.page.evaluate(MATH_STATE)["blocks"] >= 5  # \(x_1\), \(h_1\), \(y_1\), the matrices, E, the check
        ARTIFACTS.mkdir(exist_ok=True)
        v.page.screenshot(path=str(ARTIFACTS / "starter-site.png"), full_page=True)
    finally:
        server.shutdown()
        server.server_close()


def test_every_math_syntax_typesets_on_both_themes(tmp_path, visit):
    # The mkdocs theme asks a CDN for highlight.js unless told not to (offline, it is told not to), and
    # its script fails without the search plugin (its own bug, bpdocs or not): so search is on.
    for theme, settings in (("mkdocs", "  highlightjs: false\n"), ("material", "  font: false\n")):
        # (arithmatex listed, as Material's docs list it: $...$ is math only on a site that sets it up itself)
        root = write_site(tmp_path / theme, {"index.md": MATH_PAGE},
                          config=f"site_name: t\ntheme:\n  name: {theme}\n{settings}markdown_extensions:\n"
                                 "  - pymdownx.arithmatex:\n      generic: true\nplugins:\n  - search\n  - bpdocs\n")
        server = serve_under_subpath(root / "site")
        url = f"http://127.0.0.1:{server.server_port}{SUBPATH}"
        try:
            result = build(root, env={"SITE_URL": url})
            assert result.returncode == 0, result.stderr
            v = visit(url)
            assert page_problems(v, theme) == []
            assert v.page.evaluate(MATH_STATE)["blocks"] == 5, theme
        finally:
            server.shutdown()
            server.server_close()
