"""Build hook: put the pinned MathJax into the package before it is built (wheel, sdist, editable).

MathJax is not committed. The npm package pinned in package-lock.json is
copied into plugins/bpdocs/static/vendor/ (running ``npm ci`` first if
node_modules lacks it), so every wheel and sdist carries MathJax; an sdist
already has the file and needs no npm. All metadata is in pyproject.toml.
"""

import json
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "plugins" / "bpdocs" / "static" / "vendor" / "mathjax"
# What bpdocs uses of the npm package (paths in its es5/ folder, kept as they are under VENDOR): the
# browser's combined file, the components Node typesets with at build time, and the TeX extensions
# both load on demand (\\boldsymbol, \\require).
FILES = ["tex-svg.js", "node-main.js", "input/tex.js", "output/svg.js", "output/svg/fonts/tex.js",
         "adaptors/liteDOM.js", "a11y/assistive-mml.js"]
FOLDERS = ["input/tex/extensions"]


def pinned_version() -> str | None:
    lock = HERE / "package-lock.json"
    if not lock.is_file():
        return None
    return json.loads(lock.read_text())["packages"]["node_modules/mathjax"]["version"]


def vendored() -> bool:
    return all((VENDOR / name).is_file() for name in FILES) and all((VENDOR / name).is_dir() for name in FOLDERS)


def vendor_mathjax() -> None:
    if vendored() and not (HERE / "package-lock.json").is_file():
        return  # an sdist: MathJax came with it
    version = pinned_version()
    package = HERE / "node_modules" / "mathjax"
    installed = package / "package.json"
    if not installed.is_file() or json.loads(installed.read_text())["version"] != version:
        if shutil.which("npm") is None:
            if vendored():
                return
            raise SystemExit(f"bpdocs bundles MathJax {version} from npm, and npm is not on this machine: "
                             "install Node.js and npm, or build from an sdist (which carries MathJax)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=HERE, check=True)
    for name in FILES:
        (VENDOR / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package / "es5" / name, VENDOR / name)
    for name in FOLDERS:
        shutil.copytree(package / "es5" / name, VENDOR / name, dirs_exist_ok=True)


class BuildPy(build_py):
    def run(self):
        if getattr(self, "editable_mode", False):  # a checkout: without npm, the plugin says what to run
            try:
                vendor_mathjax()
            except (SystemExit, OSError, subprocess.CalledProcessError) as exc:
                print(f"warning: MathJax not vendored ({exc}); `make setup` does it")
        else:
            vendor_mathjax()
        super().run()


class Sdist(sdist):
    def run(self):
        vendor_mathjax()
        super().run()


if __name__ == "__main__":  # setuptools runs this file as __main__; `make` imports vendor_mathjax
    setup(cmdclass={"build_py": BuildPy, "sdist": Sdist})
