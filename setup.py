"""Build hook: put the pinned MathJax and KaTeX into the package before it is built (wheel, sdist, editable).

Neither is committed. The npm packages pinned in package-lock.json are
copied into plugins/bpdocs/static/vendor/ (running ``npm ci`` first if
node_modules lacks them), so every wheel and sdist carries them and a build
works offline; an sdist already has the files and needs no npm. All metadata
is in pyproject.toml.
"""

import json
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "plugins" / "bpdocs" / "static" / "vendor"
# What bpdocs uses of each npm package: (package, folder in it, the files and folders under it), kept as they
# are under VENDOR/package. MathJax: the browser's combined file, the safe-mode filter and the TeX extensions it
# loads on demand (\\boldsymbol, \\require). KaTeX: the renderer Node runs, its mhchem extension, and the
# stylesheet and fonts its HTML needs.
PACKAGES = {
    "mathjax": ("es5", ["tex-svg.js", "ui/safe.js"], ["input/tex/extensions"]),
    "katex": ("dist", ["katex.min.js", "katex.min.css", "contrib/mhchem.min.js"], ["fonts"]),
}
# What Node typesets with: the same MathJax release's sources (mathjax-full) bundled into one file for ES2020 by
# esbuild (see the script), which typesets the same, faster than the ES5 components of `mathjax`.
NODE_BUNDLE = ("mathjax/mathjax-node.js", HERE / "plugins" / "bpdocs" / "static" / "bundling" / "mathjax-node.js")
BUILT_WITH = ["mathjax-full", "esbuild"]


def pinned_version(package: str) -> str | None:
    lock = HERE / "package-lock.json"
    if not lock.is_file():
        return None
    return json.loads(lock.read_text())["packages"][f"node_modules/{package}"]["version"]


def vendored() -> bool:
    return (VENDOR / NODE_BUNDLE[0]).is_file() \
        and all((VENDOR / package / name).is_file() for package, (_, files, _) in PACKAGES.items() for name in files) \
        and all((VENDOR / package / name).is_dir() for package, (_, _, folders) in PACKAGES.items() for name in folders)


def installed(package: str) -> bool:
    found = HERE / "node_modules" / package / "package.json"
    return found.is_file() and json.loads(found.read_text())["version"] == pinned_version(package)


def vendor_mathjax() -> None:
    """Copy the pinned MathJax and KaTeX in (the name is the one `make setup` calls)."""
    if vendored() and not (HERE / "package-lock.json").is_file():
        return  # an sdist: they came with it
    if not all(installed(package) for package in [*PACKAGES, *BUILT_WITH]):
        if shutil.which("npm") is None:
            if vendored():
                return
            raise SystemExit(f"bpdocs bundles MathJax {pinned_version('mathjax')} and KaTeX "
                             f"{pinned_version('katex')} from npm, and npm is not on this machine: install "
                             "Node.js and npm, or build from an sdist (which carries them)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=HERE, check=True)
    for package, (folder, files, folders) in PACKAGES.items():
        source = HERE / "node_modules" / package / folder
        shutil.rmtree(VENDOR / package, ignore_errors=True)  # (what an older bpdocs copied in would be shipped)
        for name in files:
            (VENDOR / package / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, VENDOR / package / name)
        for name in folders:
            shutil.copytree(source / name, VENDOR / package / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.ttf", "*.woff"))  # KaTeX's CSS asks for woff2 first
    subprocess.run(["node", str(NODE_BUNDLE[1]), str(VENDOR / NODE_BUNDLE[0])], cwd=HERE, check=True)


class BuildPy(build_py):
    def run(self):
        if getattr(self, "editable_mode", False):  # a checkout: without npm, the plugin says what to run
            try:
                vendor_mathjax()
            except (SystemExit, OSError, subprocess.CalledProcessError) as exc:
                print(f"warning: MathJax and KaTeX not vendored ({exc}); `make setup` does it")
        else:
            vendor_mathjax()
        super().run()


class Sdist(sdist):
    def run(self):
        vendor_mathjax()
        super().run()


if __name__ == "__main__":  # setuptools runs this file as __main__; `make` imports vendor_mathjax
    setup(cmdclass={"build_py": BuildPy, "sdist": Sdist})
