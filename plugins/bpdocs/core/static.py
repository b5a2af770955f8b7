"""The files bpdocs adds to a site (its stylesheet, the MathJax configuration, MathJax itself) and
where the browser gets MathJax from. Generator-independent: paths and URLs, no copying.

MathJax is not committed to the repository: the pinned npm package is copied into
``bpdocs/static/vendor/`` when the package is built (``setup.py``; ``make setup``
in a checkout), so every wheel and sdist carries it.
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "static"
VENDOR_MATHJAX = STATIC / "vendor" / "mathjax"  # the npm package's files that bpdocs ships
MATPLOTLIBRC = STATIC / "matplotlibrc"  # fences' figures: colours that follow the page's scheme
MATHJAX_VERSION = "3.2.2"  # the version in package-lock.json (a test keeps them equal)
MATHJAX_CDN = f"https://cdn.jsdelivr.net/npm/mathjax@{MATHJAX_VERSION}/es5/tex-svg.js"
# Where the files go in the built site, and where they come from in the package.
SITE_FILES = {
    "assets/bpdocs/bpdocs.css": STATIC / "bpdocs.css",
    "assets/bpdocs/mathjax-config.js": STATIC / "mathjax-config.js",
    "assets/bpdocs/mathjax/tex-svg.js": VENDOR_MATHJAX / "tex-svg.js",
}
STYLESHEET, MATHJAX_CONFIG, MATHJAX_SELF_HOSTED = SITE_FILES
SCRIPT, SCRIPT_FILE = "assets/bpdocs/bpdocs.js", STATIC / "bpdocs.js"  # equation links, scrolling blocks
MATHJAX_SVG_CSS = "assets/bpdocs/mathjax-svg.css"  # MathJax's stylesheet for build-time SVG (made by Node)
MISSING_MATHJAX = (
    "MathJax is not in this bpdocs installation ({path} is missing), so the site's math would not "
    "render. In a source checkout run `make setup` (it copies the pinned npm package in); from a "
    "wheel, reinstall bpdocs; or set the plugin option `mathjax: cdn`.")


def self_hosted_extras() -> dict[str, Path]:
    """The TeX extensions the browser's MathJax loads on demand (\\boldsymbol, \\require), next to it."""
    folder = VENDOR_MATHJAX / "input" / "tex" / "extensions"
    return {f"assets/bpdocs/mathjax/input/tex/extensions/{p.name}": p for p in sorted(folder.glob("*.js"))}


class MissingMathJax(FileNotFoundError):
    """The self-hosted MathJax file is not in the installed package."""


def mathjax_source(setting: str) -> str | None:
    """Where the page loads MathJax from for the option ``mathjax``: a site path, a URL, or None (off).

    Raises :class:`MissingMathJax` when self-hosting and the file is not in the package.
    """
    if setting == "off":
        return None
    if setting == "cdn":
        return MATHJAX_CDN
    if setting == "self-hosted":
        if not SITE_FILES[MATHJAX_SELF_HOSTED].is_file():
            raise MissingMathJax(MISSING_MATHJAX.format(path=SITE_FILES[MATHJAX_SELF_HOSTED]))
        return MATHJAX_SELF_HOSTED
    return setting  # a URL or a path in the site, chosen by the author


def brings_own_mathjax(scripts: list[str]) -> bool:
    """Whether the site's own scripts already load MathJax (then bpdocs adds neither it nor its configuration)."""
    return any("mathjax" in str(script).lower() for script in scripts)
