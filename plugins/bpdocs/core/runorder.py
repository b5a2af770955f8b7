"""The order a build starts its pages' runs in: the generator's, the costliest first (:func:`in_running_order`)."""

from __future__ import annotations

# What a cell costs to run, roughly, in units of a plain fence: for the order pages start in, nothing else.
KIND_COST = {"diagram": 8.0, "math": 3.0, "fence": 1.0, "inline": 0.2}
PLOTS = ("matplotlib", "plt.", "savefig")


def cell_cost(cell) -> float:
    if cell.kind == "fence" and any(word in cell.source for word in PLOTS):
        return KIND_COST["diagram"]
    return KIND_COST.get(cell.kind, 1.0)


def in_running_order(to_run: list, jobs: int) -> list:
    """The pages ``(path, sessions, plots, cost, waits)`` to run in the generator's order (it renders them in
    turn), except that with more than one job the ``jobs`` costliest pages start first, one per job: a long page
    started late would run alone at the end of the build, and its math be typeset after it (issue 21: the
    derivation's hundred cells, the checking page's sessions; with only the costliest first, the second waited
    for a job behind the quick pages and ended the build alone, ~0.15 s later in the median, 0.35 s at best);
    and then the pages the generator must wait for before it can convert them (``waits``: see
    :func:`~bpdocs.core.pages.converted_after_results`), so that it goes on converting while the others run."""
    if jobs < 2 or len(to_run) < 2:
        return to_run
    costliest = sorted(range(len(to_run)), key=lambda n: -to_run[n][3])[:jobs]
    rest = [page for n, page in enumerate(to_run) if n not in costliest]
    return [*(to_run[n] for n in costliest), *[p for p in rest if p[4]], *[p for p in rest if not p[4]]]
