"""Every checked equation of this repository's docs pages, as the build runs it: each page planned as a build
plans it (page defaults, macros expanded), its sessions' fences run in order in-process, and each ``math`` cell
taken with the namespace it is checked against (a session's values, or a Network named by ``check``).

Used by the golden comparison of the checker's reports (tests/checker/test_site_reports.py) and by
bench/checks.py (the checker alone, per equation).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


@dataclass
class SiteEquation:
    page: str
    line: int
    cell: dict  # the cell as the worker gets it (its source is the fence's spec, JSON)
    namespace: dict  # the session at that point (a shallow copy)

    @property
    def name(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def spec(self) -> dict:
        return json.loads(self.cell["source"])


def site_equations(docs: Path = DOCS) -> list[SiteEquation]:
    from bpdocs.core import frontmatter
    from bpdocs.core.pages import prepare
    from bpdocs.core.run.runner import new_namespace, run_cell

    found = []
    for path in sorted(docs.glob("*.md")):
        markdown, meta = frontmatter.split(path.read_text())
        planned = prepare(markdown, path.name, meta=meta, line_offset=0, root_key="golden", timeout=60)
        for cells in planned.sessions.values():
            if not any(cell.kind == "math" for cell in cells):
                continue
            namespace = new_namespace(as_main=False)
            with _quiet(docs):
                for cell in cells:
                    job = cell.job(False)
                    if cell.kind == "math":
                        found.append(SiteEquation(path.name, cell.line, job, dict(namespace)))
                    elif cell.kind in ("fence", "inline"):
                        run_cell(job, namespace, path.name)
    return found


@contextlib.contextmanager
def _quiet(where: Path):
    """Fences run from the docs folder, as a build runs them, their prints and plots kept out of the way."""
    import matplotlib

    matplotlib.use("Agg")
    before = os.getcwd()
    os.chdir(where)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        os.chdir(before)
