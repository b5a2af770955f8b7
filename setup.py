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
FILES = {"es5/tex-svg.js": "tex-svg.js"}  # in the npm package -> in VENDOR


def pinned_version() -> str | None:
    lock = HERE / "package-lock.json"
    if not lock.is_file():
        return None
    return json.loads(lock.read_text())["packages"]["node_modules/mathjax"]["version"]


def vendor_mathjax() -> None:
    if all((VENDOR / name).is_file() for name in FILES.values()) and not (HERE / "package-lock.json").is_file():
        return  # an sdist: MathJax came with it
    version = pinned_version()
    package = HERE / "node_modules" / "mathjax"
    installed = package / "package.json"
    if not installed.is_file() or json.loads(installed.read_text())["version"] != version:
        if shutil.which("npm") is None:
            if all((VENDOR / name).is_file() for name in FILES.values()):
                return
            raise SystemExit(f"bpdocs bundles MathJax {version} from npm, and npm is not on this machine: "
                             "install Node.js and npm, or build from an sdist (which carries MathJax)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=HERE, check=True)
    VENDOR.mkdir(parents=True, exist_ok=True)
    for source, target in FILES.items():
        shutil.copyfile(package / source, VENDOR / target)


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
