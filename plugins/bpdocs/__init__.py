"""bpdocs: a MkDocs plugin that executes annotated code fences against bpcore.

Installed as the import package ``bpdocs`` (from ``plugins/bpdocs/``) and
registered under the ``mkdocs.plugins`` entry point as ``bpdocs``.
"""

__version__ = "0.1.0"
