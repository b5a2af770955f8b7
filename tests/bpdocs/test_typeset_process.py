"""When Node or MathJax fails as a whole (not one formula): a located error that names the way out, never a
traceback of bpdocs, and no Node left running."""

from __future__ import annotations

import logging

import pytest
from mkdocs.exceptions import Abort

from bpdocs.core.typeset import process as typeset  # where Node is started and read
from bpdocs.core.run.cache import Cache
from bpdocs.core.typeset import TypesetError, Typesetter, typeset_page

from ..sitebuild import build_in_process, write_site

# Node's side of the protocol (static/typeset.js): the first line in configures, the answer is "ready"; then
# a page a line. Each script misbehaves on the first page.
ON_PAGE = ('const lines = require("readline").createInterface({input: process.stdin}); let configured = false;\n'
           'lines.on("line", (line) => { if (!configured) { configured = true; '
           'process.stdout.write(JSON.stringify({ready: true, version: "3", css: "svg {}"}) + "\\n"); return; }\n')
SCRIPTS = {
    "dies at start": 'process.stderr.write("no MathJax here\\n"); process.exit(3);\n',
    "hangs at start": "setInterval(() => {}, 1000);\n",
    "dies on a page": ON_PAGE + 'process.stderr.write("out of memory\\n"); process.exit(7); });\n',
    "answers garbage": ON_PAGE + 'process.stdout.write("Segmentation\\n"); });\n',
}


@pytest.fixture
def script(tmp_path, monkeypatch):
    def use(name: str):
        path = tmp_path / "typeset.js"
        path.write_text(SCRIPTS[name])
        monkeypatch.setattr(typeset, "SCRIPT", path)
    return use


def test_node_that_dies_at_start_says_why(script):
    script("dies at start")
    typesetter = Typesetter()
    with pytest.raises(TypesetError) as caught:
        typesetter.ready()
    assert caught.value.message.startswith("MathJax in Node ended (exit status 3): no MathJax here; set the "
                                           "bpdocs option typeset: browser")
    assert typesetter.process.poll() == 3


def test_node_that_hangs_at_start_is_stopped(script, monkeypatch):
    script("hangs at start")
    monkeypatch.setattr(typeset, "START_TIMEOUT", 0.5)
    typesetter = Typesetter()
    with pytest.raises(TypesetError, match="MathJax in Node did not start in time"):
        typesetter.ready()
    assert typesetter.process.poll() is not None


@pytest.mark.parametrize("name, message", [
    ("dies on a page", "MathJax in Node ended (exit status 7): out of memory"),
    ("answers garbage", "MathJax in Node answered something that is not JSON: 'Segmentation\\n'"),
])
def test_a_failure_on_a_page_is_located_at_its_first_formula(script, tmp_path, name, message):
    script(name)
    typesetter = Typesetter()
    source = "# P\n\nText.\n\nSee \\(x_1\\) and \\(y_1\\).\n"
    page = '<p>See <span class="arithmatex">\\(x_1\\)</span> and <span class="arithmatex">\\(y_1\\)</span>.</p>'
    try:
        with pytest.raises(TypesetError) as caught:
            typeset_page(page, typesetter=typesetter, cache=Cache(tmp_path / "cache", enabled=False),
                         page_path="docs/p.md", source=source)
    finally:
        typesetter.close()
    assert str(caught.value).startswith(f"docs/p.md:5: {message}; set the bpdocs option typeset: browser")
    assert typesetter.process.poll() is not None


def test_the_build_fails_with_the_located_error_not_a_traceback(script, tmp_path, monkeypatch, caplog):
    script("dies on a page")
    monkeypatch.setenv("BPDOCS_CACHE", "0")
    root = write_site(tmp_path / "site", {"index.md": "# P\n\nThe output \\(y_1\\).\n"},
                      config="site_name: t\nplugins:\n  - bpdocs\n")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):  # MkDocs' end of a build that failed cleanly
        build_in_process(root, command="build")
    assert ("docs/index.md:3: MathJax in Node ended (exit status 7): out of memory; set the bpdocs option "
            "typeset: browser") in caplog.text


@pytest.mark.parametrize("ends", ["while the build runs", "before it is configured"])
def test_a_node_that_dies_at_start_fails_the_build_cleanly(script, tmp_path, monkeypatch, caplog, ends):
    """Node is started for MathJax's stylesheet when the build begins, and waited for only before the site's files
    are written: its failure is then the build's, as a sentence. Review: a Node that ends at once (a NODE_OPTIONS
    it rejects: ``--cpu-prof is not allowed in NODE_OPTIONS``) was gone before its configuration was written, and
    the broken pipe was a traceback of bpdocs from on_pre_build (here it has ended before anything is sent)."""
    script("dies at start")
    if ends == "before it is configured":
        popen = typeset.subprocess.Popen

        def node_gone_before_it_is_written_to(command, *args, **kwargs):
            process = popen(command, *args, **kwargs)
            if command[0] == "node":
                process.wait()
            return process

        monkeypatch.setattr(typeset.subprocess, "Popen", node_gone_before_it_is_written_to)
    monkeypatch.setenv("BPDOCS_CACHE", "0")
    root = write_site(tmp_path / "site", {"index.md": "# P\n\nThe output \\(y_1\\).\n"},
                      config="site_name: t\nplugins:\n  - bpdocs\n")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_in_process(root, command="build")
    assert "MathJax in Node ended (exit status 3): no MathJax here; set the bpdocs option typeset: browser" \
        in caplog.text
    assert "Traceback" not in caplog.text
    assert not (root / "site" / "assets" / "bpdocs" / "mathjax-svg.css").exists()


@pytest.mark.parametrize("renderer", ["mathjax", "katex"])
def test_node_optimizes_only_after_its_first_formulas(renderer):
    """V8's optimizing compiler costs a site's first build more CPU than it saves on its few hundred formulas
    (static/typeset.js): it is off in a new Node, and on once that Node has typeset OPTIMIZE_AFTER formulas (a
    bigger site, a serve loop's Node). The pages are the same either way (tests/test_jobs.py, test_typeset_memo)."""
    from bpdocs.core.typeset import read_tex

    script = (typeset.STATIC / "typeset.js").read_text(encoding="utf-8")
    after = int(script.split("const OPTIMIZE_AFTER = ", 1)[1].split(";", 1)[0])
    typesetter = Typesetter(settings=read_tex({"renderer": renderer}), memo=False)
    try:
        answers = [typesetter.typeset([(f"x_{{{n}}} + y", False) for n in range(start, start + 100)])
                   for start in range(0, after + 100, 100)]
    finally:
        typesetter.close()
    assert [a["optimizing"] for a in answers] == [False] * (after // 100 - 1) + [True, True]
