"""What a fence can show (the documented import path): ``from bpdocs.display import show``.

The functions live in :mod:`bpdocs.core.display`.
"""

from .core.display import describe, show, show_html, show_markdown

__all__ = ["describe", "show", "show_html", "show_markdown"]
