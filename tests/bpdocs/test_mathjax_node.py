"""MathJax for Node as bpdocs ships it (static/bundling/mathjax-node.js: mathjax-full's sources, for ES2020,
issue 21) typesets exactly what MathJax's own ES5 Node components of the same release do: every answer of the
typesetter, byte for byte, for this repository's formulas and for what loads extensions (autoload, \\require, the
``packages`` option), defines macros, numbers and refers to equations, fails, or is filtered by the safe rules."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from bpdocs.core import static
from bpdocs.core.typeset import Typesetter, process, read_tex  # (process: its SCRIPT, replaced)
from bpdocs.core.typeset.process import unavailable

ROOT = Path(__file__).resolve().parents[2]
ES5 = ROOT / "node_modules" / "mathjax" / "es5"  # MathJax's own components (npm `mathjax`, what `make setup` installs)
# What node-main.js loads for typeset-mathjax.js, from files.
ES5_COMPONENTS = ["input/tex.js", "output/svg.js", "output/svg/fonts/tex.js", "adaptors/liteDOM.js",
                  "a11y/assistive-mml.js", "ui/safe.js"]

pytestmark = pytest.mark.skipif(unavailable() is not None, reason="needs Node and MathJax")

DOCS_MATH = re.compile(r"\$\$(?P<display>.+?)\$\$|\\\[(?P<square>.+?)\\\]|\\\((?P<inline>.+?)\\\)", re.S)
FEATURES = [
    [(r"\cancel{x} + \bbox[red]{a} \enclose{circle}{b} \ce{H2O} \boldsymbol{W}", False),  # autoloaded
     (r"\require{braket} \braket{a | b}", False), (r"\braket{c}", False),
     (r"\newcommand{\R}{\mathbb{R}} \R^n \def\y{c} \y", False), (r"x \in \R", True),
     (r"\eqref{eq:later}", False), (r"\begin{align} y &= w x \label{eq:later} \\ E &= y^2 \tag{7} \end{align}", True),
     (r"\frac{1}{", False), (r"\undefinedmacro x", False), (r"\href{javascript:alert(1)}{x}", False),
     (r"\class{evil}{x} \style{color:red}{y} \cssId{i}{z}", False),
     (r"\begin{bmatrix} 0.3409 & 1.225 \\ -0.04436 & \cdots \end{bmatrix} \xrightarrow{f} \overbrace{a+b}^{n}", True),
     (r"\dv{f}{x}", False), (r"\color{red}{y} \textcolor{blue}{z}", False), (r"\verb|v| \unicode{x2206}", False)],
]
SETTINGS = {
    "default": read_tex(None),
    "macros and packages": read_tex({"macros": {"RR": r"\mathbb{R}", "norm": [r"\left\lVert #1 \right\rVert", 1]},
                                     "packages": ["physics", "colorv2", "mathtools"], "tags": "all"}),
}


def docs_pages() -> list[list[tuple[str, bool]]]:
    pages = []
    for path in sorted((ROOT / "docs").glob("*.md")):
        found = [((m["display"] or m["square"] or m["inline"]).strip(), m["inline"] is None)
                 for m in DOCS_MATH.finditer(path.read_text(encoding="utf-8"))]
        pages.append([(tex, display) for tex, display in found if tex and "`" not in tex])
    return pages


def es5_typesetter(tmp_path: Path) -> Path:
    """bpdocs' scripts with MathJax's own ES5 components in place of the bundle."""
    if not ES5.is_dir():
        pytest.fail(f"{ES5} is missing: run `make setup` (npm ci)")
    shutil.copytree(static.STATIC, tmp_path, ignore=shutil.ignore_patterns("vendor", "bundling"), dirs_exist_ok=True)
    mathjax = tmp_path / "vendor" / "mathjax"
    for name in ES5_COMPONENTS:
        (mathjax / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ES5 / name, mathjax / name)
    shutil.copyfile(ES5 / "node-main.js", mathjax / "mathjax-node.js")  # (typeset-mathjax.js loads it by this name)
    shutil.copytree(ES5 / "input" / "tex" / "extensions", mathjax / "input" / "tex" / "extensions")
    return tmp_path


def answers(script: Path, settings, pages, monkeypatch) -> list[dict]:
    """What bpdocs' typesetter answers for each page, its Node running ``script``."""
    monkeypatch.setattr(process, "SCRIPT", script)
    typesetter = Typesetter(None, settings)
    try:
        return [typesetter.ready()] + [typesetter.typeset(formulas) for formulas in pages]
    finally:
        typesetter.close()


@pytest.mark.parametrize("name", SETTINGS)
def test_the_bundle_typesets_as_mathjax_own_components(tmp_path, monkeypatch, name):
    pages = FEATURES + docs_pages()
    assert sum(len(page) for page in pages) > 500  # (the repository's pages were read)
    shipped = answers(process.SCRIPT, SETTINGS[name], pages, monkeypatch)
    own = answers(es5_typesetter(tmp_path) / "typeset.js", SETTINGS[name], pages, monkeypatch)
    assert len(shipped) == len(own) == len(pages) + 1
    for page, (ours, theirs) in enumerate(zip(shipped, own)):
        assert ours == theirs, f"page {page}: the bundle typeset otherwise"
    typeset = [result for answer in shipped[1:] for result in answer["results"]]
    assert sum(result["error"] is None for result in typeset) > 500  # (formulas typeset, not failed alike)
    assert any("Undefined control sequence" in (result["error"] or "") for result in typeset)  # (errors alike)
    loaded = shipped[1]["results"][:3]  # autoloaded, \require{braket}, \braket again: extensions were loaded
    assert [result["error"] for result in loaded] == [None, None, None]


def test_the_bundle_is_what_the_package_ships_and_loads_nothing_else():
    bundle = static.VENDOR_MATHJAX / "mathjax-node.js"
    assert bundle.is_file()
    text = bundle.read_text(encoding="utf-8")
    assert text.startswith(f"// MathJax {static.MATHJAX_VERSION} ")
    assert str(ROOT) not in text  # (built anywhere, the same file)
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/mathjax-full"]["version"] == static.MATHJAX_VERSION  # (the browser's)
