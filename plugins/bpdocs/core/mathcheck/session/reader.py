"""Reading the names of a session check (a part of the parser): any bound symbol, with its indices."""

from __future__ import annotations


class SessionReader:
    def session_name(self, text: str) -> bool:
        """Whether ``text`` (a macro such as ``\\lambda``) names something in a session check."""
        return self.notation.session is not None and self.notation.session.knows(text)

    def session_atom(self):
        raise NotImplementedError
