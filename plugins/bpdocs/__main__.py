"""``python -m bpdocs``: the ``bpdocs`` command (as markdown-exec's and MkDocs' own ``python -m`` forms)."""

import sys

from .cli import main

sys.exit(main())
