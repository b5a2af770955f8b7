"""What the plugin sets up itself, so a minimal mkdocs.yml works: fences, math fence, stylesheet."""

from __future__ import annotations

from pathlib import Path

from .assemble import PLACEHOLDER_FENCE

STYLESHEET = "assets/stylesheets/bpdocs.css"
CSS = """\
/* bpdocs: output of executable fences */
.bpdocs-stdout, .bpdocs-value { margin-top: -0.6em; }
.bpdocs-stdout code, .bpdocs-value code { border-left: 0.2rem solid var(--md-accent-fg-color, #526cfe); }
.bpdocs-figure { margin: 1em 0; overflow-x: auto; }
.bpdocs-figure svg { max-width: 100%; height: auto; }
.bpdocs-table td, .bpdocs-table th { font-variant-numeric: tabular-nums; text-align: right; }
.bpdocs-error .bpdocs-error-text { white-space: pre-wrap; }
/* Material caps every svg at max-width: 100%; on phones it sizes display math to min-content, and
   the two together collapse MathJax's SVG to a pixel. Let equations keep their size (they scroll). */
.md-typeset .arithmatex mjx-container[jax="SVG"] > svg { max-width: none; }
.bpdocs-check-holds { margin: -0.8em 0 1em; text-align: right; font-size: 0.68rem;
  color: var(--md-default-fg-color--light, #777); }
.bpdocs-check-holds span { color: var(--md-accent-fg-color, #526cfe); font-weight: 700; }
.bpdocs-counterexample code { white-space: pre-wrap; }
"""


def configure_markdown(config, placeholder_formatter) -> None:
    """Register the HTML placeholder fence and the ``math`` fence with pymdownx.superfences."""
    if "pymdownx.superfences" not in config.markdown_extensions:
        config.markdown_extensions.append("pymdownx.superfences")
    settings = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences = [f for f in settings.get("custom_fences", []) if f.get("name") != PLACEHOLDER_FENCE]
    fences.append({"name": PLACEHOLDER_FENCE, "class": PLACEHOLDER_FENCE,
                   "format": placeholder_formatter})
    if not any(f.get("name") == "math" for f in fences):
        from pymdownx.arithmatex import arithmatex_fenced_format

        fences.append({"name": "math", "class": "arithmatex",
                       "format": arithmatex_fenced_format(mode="generic")})
    settings["custom_fences"] = fences


def add_stylesheet(config) -> None:
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)


def write_stylesheet(config) -> None:
    path = Path(config.site_dir) / STYLESHEET
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CSS)
