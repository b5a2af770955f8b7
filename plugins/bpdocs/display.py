"""What a fence can show (the documented import path): ``from bpdocs.display import show``.

The functions live in :mod:`bpdocs.core.display`.
"""

from .core.display import TeX, describe, show, show_html, show_markdown

__all__ = ["TeX", "describe", "show", "show_html", "show_markdown"]
