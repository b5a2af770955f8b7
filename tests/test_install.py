"""bpdocs as a user installs it: a wheel in a fresh virtual environment, then `bpdocs new` and a strict build."""

from __future__ import annotations

import re
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import bpcore

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"bpcore": ROOT / "bpcore", "bpdocs": ROOT / "plugins" / "bpdocs"}


def source_packages() -> set[str]:
    """Every package and subpackage in the checkout, as dotted names."""
    found = set()
    for name, path in PACKAGES.items():
        for init in path.rglob("__init__.py"):
            parts = init.parent.relative_to(path).parts
            found.add(".".join((name, *parts)))
    return found


def data_files() -> set[str]:
    """What the package must carry besides code: static files (MathJax included) and the starter."""
    bpdocs = PACKAGES["bpdocs"]
    files = {f"bpdocs/{p.relative_to(bpdocs)}" for sub in ("static", "starter") for p in (bpdocs / sub).rglob("*")
             if p.is_file() and "__pycache__" not in p.parts}
    assert "bpdocs/static/vendor/mathjax/tex-svg.js" in files
    return files


def test_the_wheel_and_the_sdist_hold_every_package_and_data_file(installed):
    wheel = set(zipfile.ZipFile(installed.wheel).namelist())
    for package in source_packages():
        assert package.replace(".", "/") + "/__init__.py" in wheel, package
    assert data_files() <= wheel, data_files() - wheel
    with tarfile.open(installed.sdist) as sdist:
        members = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for package in source_packages():
        top = "plugins/" if package.startswith("bpdocs") else ""
        assert top + package.replace(".", "/") + "/__init__.py" in members, package
    assert {"plugins/" + name for name in data_files()} <= members


def test_the_distribution_metadata(installed):
    import bpdocs

    (name,) = [n for n in zipfile.ZipFile(installed.wheel).namelist() if n.endswith(".dist-info/METADATA")]
    metadata = Parser().parsestr(zipfile.ZipFile(installed.wheel).read(name).decode())
    assert metadata["Version"] == bpdocs.__version__
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Requires-Python"] == ">=3.11"
    classifiers = metadata.get_all("Classifier")
    assert "Operating System :: POSIX" in classifiers and "Framework :: MkDocs" in classifiers
    assert "Programming Language :: Python :: 3.11" in classifiers
    result = installed.run("python -c 'import bpdocs, bpcore; print(bpdocs.__version__, bpdocs.__file__, bpcore.__file__)'",
                           cwd=installed.dist)
    version, bpdocs_file, bpcore_file = result.stdout.split()
    assert version == bpdocs.__version__
    assert "site-packages" in bpdocs_file and "site-packages" in bpcore_file  # the wheel, not this checkout


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Use bpdocs in your own site", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.split("#", 1)[0].strip()]


def test_the_readme_commands_make_a_site_that_builds_strictly_from_the_wheel(installed, tmp_path):
    commands = readme_commands()
    assert commands == ["pip install bpdocs", "bpdocs new mysite", "cd mysite", "mkdocs build --strict",
                        "mkdocs serve"]
    # pip install bpdocs: the wheel under test (already installed, with its pinned dependencies)
    script = " && ".join([f"pip install --quiet --no-deps --force-reinstall {installed.wheel}", *commands[1:4]])
    result = installed.run(script, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "mysite"
    html = (site / "site" / "index.html").read_text()
    assert 'data-mml-node="mtable"' in html  # the fence's gradients, typeset as matrices
    net = bpcore.Network([1, 1, 1], activation="identity", seed=0)
    assert f"{net.loss([0.5], [1.0]):.4f}" in html  # the inline value
    assert html.count('class="bpdocs-network"') == 1  # the bpnet diagram
    assert "bpdocs-check-holds" in html  # the checked equation's mark
    assert html.count('<mjx-container class="MathJax" jax="SVG"') >= 6  # typeset by the wheel's MathJax in Node
    assert "tex-svg.js" not in html and (site / "site" / "assets" / "bpdocs" / "mathjax-svg.css").is_file()

    page = site / "docs" / "index.md"
    lines = page.read_text().split("\n")
    (n,) = [n for n, line in enumerate(lines) if line.startswith(r"\frac{\partial E}{\partial w^2_{11}}")]
    lines[n] = lines[n].replace(r"(y_1 - t_1)\, h_1", r"(y_1 - t_1)\, x_1")
    page.write_text("\n".join(lines))
    result = installed.run("mkdocs build --strict", cwd=site)
    assert result.returncode != 0
    assert f"docs/index.md:{n + 1}: the equation does not hold" in result.stderr, result.stderr


def test_bpdocs_new_never_overwrites(installed, tmp_path):
    (tmp_path / "mysite" / "docs").mkdir(parents=True)
    (tmp_path / "mysite" / "docs" / "index.md").write_text("mine\n")
    result = installed.run("bpdocs new mysite", cwd=tmp_path)
    assert result.returncode == 1
    assert "docs/index.md" in result.stderr and "nothing was written" in result.stderr
    assert (tmp_path / "mysite" / "docs" / "index.md").read_text() == "mine\n"
    assert not (tmp_path / "mysite" / "mkdocs.yml").exists()
    assert installed.run("bpdocs new", cwd=tmp_path).returncode == 2  # bad usage
