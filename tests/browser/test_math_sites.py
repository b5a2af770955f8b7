"""Sites shaped like real ones (tests/browser/mathsites/), built before and after adding bpdocs and compared in
Chromium: every formula the site typeset before is typeset after, with bpdocs as documented no raw TeX is left
for a reader without JavaScript, and no second renderer is loaded. The CDN scripts the sites name are served
from the pinned npm packages, so the comparison runs offline."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ..sitebuild import MKDOCS, ROOT
from .conftest import ARTIFACTS, free_port, serve_under_subpath

SITES = Path(__file__).resolve().parent / "mathsites"
CDN = {"https://unpkg.com/mathjax@3/": ROOT / "node_modules" / "mathjax",
       "https://unpkg.com/katex@0/": ROOT / "node_modules" / "katex"}
PAGES = ["", "newcommand/", "unknown/", "formulas/"]
STATE = """() => {
  const article = document.querySelector('article');
  const prose = article.cloneNode(true);
  prose.querySelectorAll('pre, code, mjx-assistive-mml, .katex-mathml, .MJX_Assistive_MathML').forEach(e => e.remove());
  return {
    // (MathJax's MathML input, in tex-mml-chtml, typesets the assistive MathML again when Material's document$
    // asks for a second pass: those copies are not formulas of the page)
    typeset: article.querySelectorAll('mjx-container:not(mjx-assistive-mml mjx-container)').length
             + article.querySelectorAll('.katex').length,
    errors: article.querySelectorAll('mjx-merror, [data-mjx-error], .katex-error, [style*="color:#cc0000"]').length,
    raw: (prose.textContent.match(/\\\\[()\\[\\]]|\\$\\$|\\$[^$\\s][^$]*\\$/g) || []),
    mathjax: !!window.MathJax, katex: !!window.katex,
    // what bpdocs.js marks of the display math (a shadow, a tab stop): never the site's own renderer's
    marked: article.querySelectorAll('div.arithmatex.bpdocs-scrolls, div.arithmatex[tabindex]').length,
    // each display block's height: KaTeX at build time spaces equations as auto-render does
    heights: [...article.querySelectorAll('div.arithmatex')].map(d => Math.round(d.getBoundingClientRect().height)),
    scripts: [...document.scripts].map(s => s.getAttribute('src') || '').filter(s => /mathjax|katex/i.test(s)),
  };
}"""


def build(root: Path, config: str, site: str, strict: bool = False) -> subprocess.CompletedProcess:
    command = [*MKDOCS, "build", "-f", config, "-d", site] + (["--strict"] if strict else [])
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0"})


def offline(route) -> None:
    url = route.request.url
    for prefix, folder in CDN.items():
        if url.startswith(prefix):
            path = folder / url[len(prefix):].split("?")[0]
            return route.fulfill(path=str(path)) if path.is_file() else route.abort()
    return route.continue_() if url.startswith("http://127.0.0.1:") else route.abort()


def look(chromium, url: str, name: str, javascript: bool = True) -> dict:
    """The page's math as a reader sees it, once it is typeset (by the page's scripts, or already)."""
    context = chromium.new_context(java_script_enabled=javascript, viewport={"width": 1100, "height": 900})
    context.route("**/*", offline)
    page = context.new_page()
    page.goto(url)
    if javascript:
        page.wait_for_load_state("networkidle")
        page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise ? "
                      "MathJax.startup.promise.then(() => true) : true")
        page.wait_for_timeout(500)  # Material's document$ typesets once more
    state = page.evaluate(STATE)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"mathsites-{name}.png"), full_page=False)
    context.close()
    return state


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each fixture site built three ways: as its author had it, with `- bpdocs` added to its plugins and
    nothing else changed, and migrated as the publishing page says; each served on 127.0.0.1."""
    sites, servers = {}, []
    for name in ("mathjax-course", "katex-notes"):
        root = tmp_path_factory.mktemp(name)
        shutil.copytree(SITES / name, root, dirs_exist_ok=True)
        (root / "mkdocs.added.yml").write_text((root / "mkdocs.yml").read_text()
                                               + "plugins:\n  - search\n  - bpdocs\n")
        results = {}
        for variant, config in (("before", "mkdocs.yml"), ("added", "mkdocs.added.yml"),
                                ("migrated", "mkdocs.bpdocs.yml")):
            results[variant] = build(root, config, f"site-{variant}")
            assert results[variant].returncode == 0, results[variant].stderr
            port = free_port()
            servers.append(serve_under_subpath(root / f"site-{variant}", port))
            results[f"{variant}-url"] = f"http://127.0.0.1:{port}/bpdocs/"
        sites[name] = results
    yield sites
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("name", ["mathjax-course", "katex-notes"])
def test_every_formula_typeset_before_is_typeset_after(built, chromium, name):
    site = built[name]
    for page in PAGES:
        before = look(chromium, site["before-url"] + page, f"{name}-before-{page.strip('/') or 'index'}")
        added = look(chromium, site["added-url"] + page, f"{name}-added-{page.strip('/') or 'index'}")
        assert added == before, (name, page, before, added)  # bpdocs added: the page as it was
        migrated = look(chromium, site["migrated-url"] + page, f"{name}-migrated-{page.strip('/') or 'index'}")
        # every formula; KaTeX at build time also shows the one its auto-render gave up on (red, as MathJax does)
        assert migrated["typeset"] >= before["typeset"] > 0, (name, page, before, migrated)
        assert set(migrated["raw"]) <= set(before["raw"]), (name, page, migrated["raw"])  # no new raw TeX
        assert (migrated["marked"] > 0) == (page == "formulas/"), (name, page, migrated)  # (bpdocs' wide math)
        if name == "katex-notes" and page != "unknown/":  # (its error is shown in red: not the same box)
            assert migrated["heights"] == before["heights"], (page, before["heights"], migrated["heights"])
        if name == "mathjax-course":  # an undefined macro as MathJax in the browser shows it (red), no error box
            assert migrated["errors"] == before["errors"], (name, page, before, migrated)
    assert look(chromium, site["before-url"] + "formulas/", "count")["typeset"] >= 100


@pytest.mark.parametrize("name", ["mathjax-course", "katex-notes"])
def test_migrated_the_math_is_there_without_javascript_and_one_renderer_only(built, chromium, name):
    site = built[name]
    for page in PAGES:
        before = look(chromium, site["before-url"] + page, f"{name}-before-js-{page.strip('/') or 'index'}")
        plain = look(chromium, site["migrated-url"] + page, f"{name}-nojs-{page.strip('/') or 'index'}",
                     javascript=False)
        assert plain["typeset"] >= before["typeset"] and set(plain["raw"]) <= set(before["raw"]), (name, page, plain)
        live = look(chromium, site["migrated-url"] + page, f"{name}-migrated-js-{page.strip('/') or 'index'}")
        assert live["scripts"] == [] and not live["mathjax"] and not live["katex"], live  # nothing to load
    added = look(chromium, site["added-url"], f"{name}-added-scripts")
    kind = "katex" if name.startswith("katex") else "mathjax"
    assert all(kind in s.lower() for s in added["scripts"]) and added[kind]  # the site's own, and only that
    assert not added["mathjax" if kind == "katex" else "katex"]


@pytest.mark.parametrize("name, unknown_line", [("mathjax-course", 6), ("katex-notes", 6)])
def test_what_the_builds_said(built, name, unknown_line):
    site = built[name]
    said = lambda variant: re.findall(r"^WARNING\s+-\s+(.*)$", site[variant].stderr, re.M)  # noqa: E731
    assert said("before") == [] and said("added") == []  # (bpdocs added: a strict build passes as before)
    told = re.findall(r"^INFO\s+-\s+bpdocs: (the site loads .*)$", site["added"].stderr, re.M)
    assert len(told) == 1 and "loads " + ("KaTeX" if "katex" in name else "MathJax") + " itself" in told[0], told
    migrated = said("migrated")
    assert len(migrated) == 1 and migrated[0].startswith(f"bpdocs: docs/unknown.md:{unknown_line}: "), migrated
    assert "formula(s) typeset" in site["migrated"].stderr


def test_the_browser_fallback_keeps_the_same_safe_rules(tmp_path, chromium):
    """Math typeset by MathJax in the reader's browser (typeset: browser) goes through the same rules."""
    from ..reliability.test_math_safety import CONTROL, INJECTIONS

    formulas = "\n\n".join(f"\\({tex}\\)" for tex in [CONTROL, *INJECTIONS.values(), r"x \in \RR"])
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text(f"# Safe\n\n{formulas}\n")
    (root / "mkdocs.yml").write_text("site_name: s\nplugins:\n  - bpdocs:\n      typeset: browser\n      tex:\n"
                                     "        macros:\n          RR: \\mathbb{R}\n")
    assert build(root, "mkdocs.yml", "site").returncode == 0
    port = free_port()
    server = serve_under_subpath(root / "site", port)
    try:
        context = chromium.new_context()
        context.route("**/*", offline)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/bpdocs/")
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.document && "
                               "document.querySelectorAll('.arithmatex mjx-container').length === "
                               "document.querySelectorAll('.arithmatex').length", timeout=20000)
        found = page.evaluate("""() => {
          const math = [...document.querySelectorAll('mjx-container')];
          const all = math.flatMap(m => [m, ...m.querySelectorAll('*')]);
          return {
            links: all.map(e => e.getAttribute('href')).filter(Boolean),
            styles: all.map(e => e.getAttribute('style') || '').filter(s => /url\\(|javascript/i.test(s)),
            handlers: all.flatMap(e => [...e.attributes].map(a => a.name)).filter(n => /^on/i.test(n)),
            scripts: all.filter(e => e.tagName.toLowerCase() === 'script').length,
            errors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
            safe: !!MathJax.startup.document.safe,
          };
        }""")
        context.close()
    finally:
        server.shutdown()
        server.server_close()
    assert found["safe"] and found["styles"] == [] and found["handlers"] == [] and found["scripts"] == 0, found
    assert "#top" in found["links"] and "https://example.org/?a=1&b=2" in found["links"]
    assert not [link for link in found["links"] if re.search(r"^\s*(java|vb)\s*script|^\s*data:", link, re.I | re.S)]
    assert not [link for link in found["links"] if re.sub(r"[\t\n\r]", "", link).lower().startswith("javascript")]
    assert found["errors"] == 0  # \RR, the tex option's macro, is known in the browser too
