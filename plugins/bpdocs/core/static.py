"""The files bpdocs adds to a site (its stylesheet, the MathJax configuration, MathJax itself, KaTeX's stylesheet
and fonts) and where the browser gets MathJax from. Generator-independent: paths and URLs, no copying.

MathJax and KaTeX are not committed to the repository: the pinned npm packages are copied into
``bpdocs/static/vendor/`` when the package is built (``setup.py``; ``make setup`` in a checkout), so every
wheel and sdist carries them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "static"
VENDOR = STATIC / "vendor"
VENDOR_MATHJAX = VENDOR / "mathjax"  # the npm packages' files that bpdocs ships
VENDOR_KATEX = VENDOR / "katex"
MATPLOTLIBRC = STATIC / "matplotlibrc"  # fences' figures: colours that follow the page's scheme
MATHJAX_VERSION = "3.2.2"  # the versions in package-lock.json (a test keeps them equal)
KATEX_VERSION = "0.19.1"
MATHJAX_CDN = f"https://cdn.jsdelivr.net/npm/mathjax@{MATHJAX_VERSION}/es5/tex-svg.js"
# Where the files go in the built site, and where they come from in the package.
STYLESHEET = "assets/bpdocs/bpdocs.css"
MATHJAX_CONFIG = "assets/bpdocs/mathjax-config.js"  # made for the site: its `tex` option, the safe rules
MATHJAX_SELF_HOSTED = "assets/bpdocs/mathjax/tex-svg.js"
SITE_FILES = {
    STYLESHEET: STATIC / "bpdocs.css",
    MATHJAX_CONFIG: STATIC / "mathjax-config.js",
    MATHJAX_SELF_HOSTED: VENDOR_MATHJAX / "tex-svg.js",
}
SCRIPT, SCRIPT_FILE = "assets/bpdocs/bpdocs.js", STATIC / "bpdocs.js"  # equation links, scrolling blocks
OWN_MATH_RULES = re.compile(r"/\* bpdocs-math \{.*?/\* \} bpdocs-math \*/\n", re.S)  # (bpdocs.css's marked block)
MATHJAX_SVG_CSS = "assets/bpdocs/mathjax-svg.css"  # MathJax's stylesheet for build-time SVG (made by Node)
KATEX_CSS = "assets/bpdocs/katex/katex.min.css"
MISSING_MATHJAX = (
    "MathJax is not in this bpdocs installation ({path} is missing), so the site's math would not "
    "render. In a source checkout run `make setup` (it copies the pinned npm package in); from a "
    "wheel, reinstall bpdocs; or set the plugin option `mathjax: cdn`.")


def self_hosted_extras() -> dict[str, Path]:
    """What the browser's MathJax loads on demand, next to it: the safe-mode filter, and the TeX extensions
    (\\boldsymbol, \\require, the ``tex`` option's packages)."""
    folder = VENDOR_MATHJAX / "input" / "tex" / "extensions"
    extras = {"assets/bpdocs/mathjax/ui/safe.js": VENDOR_MATHJAX / "ui" / "safe.js"}
    extras.update({f"assets/bpdocs/mathjax/input/tex/extensions/{p.name}": p for p in sorted(folder.glob("*.js"))})
    return extras


def katex_files() -> dict[str, Path]:
    """KaTeX's stylesheet and fonts, which its HTML needs (the browser asks for the woff2 of each font)."""
    files = {KATEX_CSS: VENDOR_KATEX / "katex.min.css"}
    files.update({f"assets/bpdocs/katex/fonts/{p.name}": p for p in sorted((VENDOR_KATEX / "fonts").glob("*.woff2"))})
    return files


def mathjax_config(engine: dict) -> str:
    """The browser's MathJax configuration for this site: its ``tex`` settings (``engine``, as
    :meth:`~bpdocs.core.typeset.settings.TeXSettings.engine` gives them), the safe rules, then the configuration."""
    settings = json.dumps(engine, sort_keys=True).replace("</", "<\\/")
    return (f"window.bpdocsTeX = {settings};\n" + (STATIC / "mathjax-safe.js").read_text(encoding="utf-8")
            + SITE_FILES[MATHJAX_CONFIG].read_text(encoding="utf-8"))


def stylesheet_without_math_rules() -> str:
    """bpdocs.css without its rules for display math, for a site whose own MathJax or KaTeX typesets it."""
    return OWN_MATH_RULES.sub("", SITE_FILES[STYLESHEET].read_text(encoding="utf-8"))


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


RENDERER_SCRIPT = re.compile(r"(?P<katex>katex)|(?P<mathjax>mathjax)", re.I)


# What bpdocs says of a site whose own scripts load a renderer (MkDocs' plugin and the extension alike).
MIGRATE = {
    "mathjax": "the site loads MathJax itself ({scripts}), so bpdocs leaves its math to that MathJax, in the "
               "browser, and does not check its TeX (the search index gets each formula as text, \\lambda_1 as "
               "λ₁). To have bpdocs typeset it when the site is built (no script for readers, every TeX error "
               "located at its line), take those scripts out of extra_javascript and move the macros (and packages, "
               "and the inlineMath and displayMath delimiters if it typeset the whole page, and tags: none if it "
               "numbered no equation, MathJax's default) of your MathJax configuration into the bpdocs option tex; "
               "to keep your MathJax, set the bpdocs option mathjax: off (see \"Your own MathJax or KaTeX\" on "
               "the publishing page)",
    "katex": "the site loads KaTeX itself ({scripts}), so bpdocs leaves KaTeX to render its math in the browser, "
             "adds no MathJax, and does not check its TeX (the search index gets each formula as text, \\lambda_1 "
             "as λ₁). To have bpdocs render it with KaTeX when the site is built (no script for readers, every TeX "
             "error located at its line), set the bpdocs option tex: {{renderer: katex}} and move the macros (and "
             "delimiters) of your renderMathInElement call into tex; to keep it as it is, set the bpdocs option "
             "mathjax: off (see \"Your own MathJax or KaTeX\" on the publishing page)",
}


def own_renderers(scripts: list) -> dict[str, list[str]]:
    """The site's own scripts that load or configure a math renderer, by renderer (``mathjax``, ``katex``):
    what ``extra_javascript`` says, e.g. ``javascripts/mathjax.js`` and MathJax's URL."""
    found: dict[str, list[str]] = {}
    for script in scripts:
        match = RENDERER_SCRIPT.search(str(script))
        if match:
            found.setdefault(match.lastgroup, []).append(str(script))
    return found


def math_left_to_the_site(scripts: list, options) -> bool:
    """Whether the site's own renderer typesets its math in the browser, and bpdocs neither typesets nor checks it:
    the site loads MathJax or KaTeX itself (``scripts``: its ``extra_javascript``), or says ``mathjax: off``,
    and has not asked for KaTeX (``tex: {renderer: katex}`` renders every page when the site is built, whatever
    the site loads). One decision for the MkDocs plugin, the Zensical extension and ``bpdocs check``."""
    if options.tex.renderer == "katex":
        return False
    return options.mathjax == "off" or bool(own_renderers(list(scripts)))


def brings_own_mathjax(scripts: list) -> bool:
    """Whether the site's own scripts already load MathJax (then bpdocs adds neither it nor its configuration)."""
    return "mathjax" in own_renderers(scripts)
