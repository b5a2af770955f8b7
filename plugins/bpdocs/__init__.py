"""bpdocs: executable, checked math for documentation sites.

Installed as the import package ``bpdocs``: a MkDocs plugin (entry point
``bpdocs`` in ``mkdocs.plugins``), a Python-Markdown extension, and the
``bpdocs`` command. The generator-independent work lives in :mod:`bpdocs.core`.

The public API (imported lazily, so that loading the plugin stays cheap)::

    from bpdocs import show, show_markdown, show_html   # inside an executable fence
    from bpdocs import draw_network                       # a bpnet diagram from Python
    from bpdocs import check_equation                     # the equation checker, outside a site
    from bpdocs import BPDocsError
"""

__version__ = "0.2.0"

_API = {
    "show": "bpdocs.core.display",
    "show_markdown": "bpdocs.core.display",
    "show_html": "bpdocs.core.display",
    "draw_network": "bpdocs.core.diagrams.draw",
    "BPDocsError": "bpdocs.core.errors",
    "check_equation": "bpdocs.core.mathcheck.api",
    "EquationResult": "bpdocs.core.mathcheck.api",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'bpdocs' has no attribute {name!r}")
