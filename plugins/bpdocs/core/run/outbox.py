"""What a page's child sends the build (through the fork server), and how: few writes, and the label parses it
made for the pages forked after it."""

from __future__ import annotations

import sys


class Outbox:
    """Messages to the build, sent together: a cell's end and result leave with the next cell's start (one write
    to the pipe, and one wake-up of the server and of the build, where each message took its own). Whatever is
    held leaves before a cell runs, before a checkpoint is taken and when a session ends, so nothing waits on
    a running cell and nothing is held when a session forks."""

    def __init__(self, send):
        self.send, self.held = send, []

    def __call__(self, message: dict) -> None:
        self.held.append(message)

    def flush(self) -> None:
        if self.held:
            held, self.held = self.held, []
            self.send(held)


def hand_over_parses(send) -> None:
    """The diagram labels parsed since, as plain data, to the fork server: the pages it forks from now on rebuild
    them instead of parsing them again (:mod:`bpdocs.core.diagrams.glyphs`). The server keeps them, and does not
    pass them on."""
    glyphs = sys.modules.get("bpdocs.core.diagrams.glyphs")
    records = glyphs.handoff() if glyphs is not None else None
    if records:
        send({"type": "parses", "records": records})
