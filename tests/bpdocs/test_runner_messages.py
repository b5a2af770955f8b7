"""A page's child sends its messages in few writes (issue 21, cold builds): a cell's end and result leave with the
next cell's start, one write per cell where each message was one; nothing is held while a cell runs."""

from __future__ import annotations

import sys

from bpdocs.core.run import runner


def cells(count: int) -> list[dict]:
    return [{"id": f"fence-{n}", "kind": "fence", "source": f"x{n} = {n}\nprint(x{n})", "line": n * 4 + 2,
             "anchor": n * 4 + 1, "checkpoint": None, "memory": None, "output_limit": 10**6} for n in range(count)]


def test_a_cells_messages_leave_with_the_next_cells_start(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    glyphs = sys.modules.get("bpdocs.core.diagrams.glyphs")
    if glyphs is not None:  # (label parses an earlier test made in this process would be handed over too)
        glyphs.handoff()
    writes = []
    job = {"page": "docs/p.md", "secret": "00", "cache": None, "sources": [],
           "sessions": [{"name": "", "restore": None, "prefix": [], "cells": cells(6)}]}
    runner.run_job(job, lambda messages: writes.append([(m["type"], m.get("id")) for m in messages]))
    assert len(writes) == 7  # one per cell, and one for the last cell's end (18 messages, 18 writes before)
    for before, batch in zip(writes, writes[1:]):
        assert before[-1][0] == "start"  # a cell runs only once its start is out, with nothing held behind it
        assert [kind for kind, _ in batch] == ["finished", "result", "start"] or batch is writes[-1]
    assert [kind for kind, _ in writes[-1]] == ["finished", "result"]
    flat = [message for batch in writes for message in batch]
    assert flat == [(kind, f"fence-{n}") for n in range(6) for kind in ("start", "finished", "result")]
