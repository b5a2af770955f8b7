"""bpdocs as a user installs it: a wheel in a fresh virtual environment, then `bpdocs new` and a strict build."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import tarfile
import threading
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import bpcore
import bpdocs
from bpdocs.starter import REPOSITORY, requirement

from .install import clone, fresh_venv, git_repository, pip_environment, simple_index

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
    """What the package must carry besides code: static files (MathJax included) and the starter (not the
    build step that bundles MathJax for Node, static/bundling/: its result is in static/vendor/)."""
    bpdocs = PACKAGES["bpdocs"]
    files = {f"bpdocs/{p.relative_to(bpdocs)}" for sub in ("static", "starter") for p in (bpdocs / sub).rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and "bundling" not in p.parts}
    assert {"bpdocs/static/vendor/mathjax/tex-svg.js", "bpdocs/static/vendor/mathjax/mathjax-node.js"} <= files
    return files


def test_the_wheel_and_the_sdist_hold_every_package_and_data_file(installed):
    wheel = set(zipfile.ZipFile(installed.wheel).namelist())
    for package in source_packages():
        assert package.replace(".", "/") + "/__init__.py" in wheel, package
    assert data_files() <= wheel, data_files() - wheel
    assert not any("/bundling/" in name for name in wheel)
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


def assert_starter_built(site: Path) -> None:
    """The starter site, built: every output of bpdocs in place, its math typeset by MathJax in Node."""
    html = (site / "site" / "index.html").read_text()
    assert 'data-mml-node="mtable"' in html  # the fence's gradients, typeset as matrices
    for layer in (1, 2):  # each labelled, as dE/dW^l =
        assert f"<msup><mi>W</mi><mn>{layer}</mn></msup></mrow></mfrac><mo>=</mo>" in html
    assert 'data-md-component="palette"' in html and "Switch to dark mode" in html  # light, dark and a toggle
    net = bpcore.Network([1, 1, 1], activation="identity", seed=0)
    assert f"{net.loss([0.5], [1.0]):.4f}" in html  # the inline value
    assert html.count('class="bpdocs-network"') == 1  # the bpnet diagram
    assert "bpdocs-check-holds" in html  # the checked equation's mark
    assert html.count('<mjx-container class="MathJax" jax="SVG"') >= 6  # typeset by the wheel's MathJax in Node
    assert "tex-svg.js" not in html and (site / "site" / "assets" / "bpdocs" / "mathjax-svg.css").is_file()


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Use bpdocs in your own site", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.split("#", 1)[0].strip()]


INSTALL = f'pip install "{requirement()}"'  # the install command that works today: git URL, release tag


def test_the_readme_commands_make_a_site_that_builds_strictly_from_the_wheel(installed, tmp_path):
    commands = readme_commands()
    assert commands == [INSTALL, "bpdocs new mysite", "cd mysite", "mkdocs build --strict", "mkdocs serve"]
    # the install itself: the wheel under test (already installed, with its pinned dependencies); the git
    # URL and the package index are installed for real below
    script = " && ".join([f"pip install --quiet --no-deps --force-reinstall {installed.wheel}", *commands[1:4]])
    result = installed.run(script, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "mysite"
    assert_starter_built(site)
    html = (site / "site" / "index.html").read_text()
    page = site / "docs" / "index.md"
    lines = page.read_text().split("\n")
    (n,) = [n for n, line in enumerate(lines) if line.startswith(r"\frac{\partial E}{\partial w^2_{11}}")]
    lines[n] = lines[n].replace(r"(y_1 - t_1)\, h_1", r"(y_1 - t_1)\, x_1")
    page.write_text("\n".join(lines))
    result = installed.run("mkdocs build --strict", cwd=site)
    assert result.returncode != 0
    assert f"docs/index.md:{n + 1}: the equation does not hold" in result.stderr, result.stderr


def test_the_readmes_wheel_from_a_clone_builds_and_installs(installed, tmp_path):
    """The README's two commands for a wheel built from a clone (a newcomer's review found none): run as written,
    in a copy of this checkout, they make the wheel, MathJax in it, and install it."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```sh\n(.*?)```", readme.split("From a clone of this repository", 1)[1], re.S).group(1)
    commands = block.strip().splitlines()
    wheel = f"dist/bpdocs-{bpdocs.__version__}-py3-none-any.whl"
    assert commands == ["python -m pip wheel --no-deps -w dist .", f"pip install {wheel}"]
    source = clone(tmp_path / "source")
    result = installed.run(" && ".join(commands), cwd=source)
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(source / wheel) as built:
        assert any(name.startswith("bpdocs/static/vendor/mathjax/") for name in built.namelist())


def test_bpdocs_new_never_overwrites(installed, tmp_path):
    (tmp_path / "mysite" / "docs").mkdir(parents=True)
    (tmp_path / "mysite" / "docs" / "index.md").write_text("mine\n")
    result = installed.run("bpdocs new mysite", cwd=tmp_path)
    assert result.returncode == 1
    assert "docs/index.md" in result.stderr and "nothing was written" in result.stderr
    assert (tmp_path / "mysite" / "docs" / "index.md").read_text() == "mine\n"
    assert not (tmp_path / "mysite" / "mkdocs.yml").exists()
    assert installed.run("bpdocs new", cwd=tmp_path).returncode == 2  # bad usage


def test_the_install_command_is_the_same_in_the_readme_the_docs_and_the_starter(tmp_path):
    """One way to install today (git URL at the release tag), and what it becomes once on PyPI, said alike
    in the README, on the getting-started page and in the starter's requirements.txt."""
    version = bpdocs.__version__
    wheel = f"pip install {REPOSITORY}/releases/download/v{version}/bpdocs-{version}-py3-none-any.whl"
    for page in (ROOT / "README.md", ROOT / "docs" / "getting-started.md"):
        text = " ".join(page.read_text().split())
        assert INSTALL in text and wheel in text, page
        assert "`pip install bpdocs`" in text and f"`bpdocs=={version}`" in text, page
    from bpdocs import starter

    starter.write(tmp_path / "mysite")
    lines = (tmp_path / "mysite" / "requirements.txt").read_text().splitlines()
    assert [line for line in lines if not line.startswith("#")] == [requirement()]
    assert f"# Once bpdocs is published on PyPI, this line becomes: bpdocs=={version}" in lines
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["urls"]["Source"] == REPOSITORY


def install_and_build_the_starter(bin: Path, command: str, env: dict, work: Path) -> subprocess.CompletedProcess:
    """``command`` (an install, as documented) in the fresh venv of ``bin``, then the README's next steps."""
    script = " && ".join([command, "bpdocs new mysite", "cd mysite", "mkdocs build --strict"])
    result = subprocess.run(script, shell=True, cwd=work, env=env, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_starter_built(work / "mysite")
    return result


def test_the_documented_install_from_a_git_url_at_the_tag_works(tmp_path):
    """The README's command, with this checkout as the repository (a local git URL, the release tag)."""
    tag = f"v{bpdocs.__version__}"
    url = git_repository(tmp_path, tag)
    command = INSTALL.replace(REPOSITORY, url)
    assert command == f'pip install "bpdocs @ git+{url}@{tag}"'
    bin = fresh_venv(tmp_path / "venv")
    # Dependencies as pip finds them on this machine, held to the pinned versions (as every test does).
    env = {**pip_environment(bin), **{k: v for k, v in os.environ.items() if k.startswith("PIP_")},
           "PIP_CONSTRAINT": str(ROOT / "constraints.txt")}
    install_and_build_the_starter(bin, command, env, tmp_path)
    origin = subprocess.run([str(bin / "python"), "-c", "import importlib.metadata as m; "
                             "print(m.distribution('bpdocs').read_text('direct_url.json'))"],
                            cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert json.loads(origin) == {"url": url, "vcs_info": {"vcs": "git", "requested_revision": tag,
                                                           "commit_id": json.loads(origin)["vcs_info"]["commit_id"]}}


def test_once_published_pip_install_bpdocs_works_from_a_package_index(installed, tmp_path):
    """`pip install bpdocs` from a package index served on 127.0.0.1 (the wheel and sdist under test and
    every dependency, nothing else: this machine's pip settings are left out), into a fresh venv."""
    wheelhouse = tmp_path / "wheelhouse"
    # Every dependency as a wheel (`pip wheel` builds one for a dependency that has only an sdist): the
    # fresh venv then needs nothing that is not on the index.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--wheel-dir",
                    str(wheelhouse), "-c", str(ROOT / "constraints.txt"), str(installed.wheel)],
                   check=True, capture_output=True, text=True, timeout=1800)
    dependencies = [p for p in wheelhouse.iterdir() if not p.name.startswith("bpdocs-")]
    index = simple_index(tmp_path / "index", [installed.wheel, installed.sdist, *dependencies])
    handler = functools.partial(QuietHandler, directory=str(index))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        bin = fresh_venv(tmp_path / "venv")
        env = pip_environment(bin, PIP_CONFIG_FILE=os.devnull,
                              PIP_INDEX_URL=f"http://127.0.0.1:{server.server_port}/simple/")
        install_and_build_the_starter(bin, "pip install bpdocs", env, tmp_path)
        # the starter it wrote installs bpdocs again as it was installed: from the index, this version
        lines = (tmp_path / "mysite" / "requirements.txt").read_text().splitlines()
        assert [line for line in lines if not line.startswith("#")] == [f"bpdocs=={bpdocs.__version__}"]
    finally:
        server.shutdown()
        server.server_close()
    assert f"GET /files/{installed.wheel.name}" in " ".join(QuietHandler.requests)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, format, *args):
        QuietHandler.requests.append(str(args[0]) if args else "")


@pytest.mark.parametrize("origin, expected", [
    ({}, "bpdocs==0.9.1"),  # from a package index
    ({"url": "https://github.com/someone/bpdocs", "vcs_info": {"vcs": "git", "requested_revision": "v0.9.1",
                                                             "commit_id": "a" * 40}},
     "bpdocs @ git+https://github.com/someone/bpdocs@v0.9.1"),
    ({"url": "https://github.com/someone/bpdocs", "vcs_info": {"vcs": "git", "commit_id": "b" * 40}},
     "bpdocs @ git+https://github.com/someone/bpdocs@" + "b" * 40),
    ({"url": "https://example.org/dist/bpdocs-0.9.1-py3-none-any.whl", "archive_info": {}},
     "bpdocs @ https://example.org/dist/bpdocs-0.9.1-py3-none-any.whl"),
    # nothing a CI runner could reach again: the repository at the release tag
    ({"url": "file:///home/me/bpdocs", "dir_info": {"editable": True}}, f"bpdocs @ git+{REPOSITORY}@v0.9.1"),
    ({"url": "file:///tmp/bpdocs-0.9.1-py3-none-any.whl", "archive_info": {}}, f"bpdocs @ git+{REPOSITORY}@v0.9.1"),
    (None, f"bpdocs @ git+{REPOSITORY}@v0.9.1"),
])
def test_the_starter_pins_the_bpdocs_that_wrote_it_the_way_it_was_installed(origin, expected):
    assert requirement("0.9.1", origin) == expected


@pytest.mark.parametrize("origin, placeholder", [
    ({"url": "file:///home/me/bpdocs", "dir_info": {"editable": True}}, True),
    ({"url": "https://github.com/someone/bpdocs", "vcs_info": {"vcs": "git", "requested_revision": "v0.9.1"}}, False),
    ({}, False),
])
def test_new_says_when_its_requirements_hold_the_placeholder_repository(tmp_path, monkeypatch, capsys, origin,
                                                                        placeholder):
    """A newcomer's review: `bpdocs new` after a local wheel's install wrote OWNER's repository into
    requirements.txt, and only a comment in the file said so; the command says it too."""
    from bpdocs import starter
    from bpdocs.cli import main

    monkeypatch.setattr(starter, "installed_origin", lambda: origin)
    assert main(["new", str(tmp_path / "site")]) == 0
    said = capsys.readouterr().out
    assert ("OWNER is a placeholder" in said) == placeholder, said
    assert (f"git+{REPOSITORY}" in (tmp_path / "site" / "requirements.txt").read_text()) == placeholder
