"""The expectation of a table-driven checker test: a true form holds; a mistake fails (and, where asked, as a
verdict, "does not hold")."""


def expect(result, holds: bool, name: str, verdict: bool = False) -> None:
    if holds:
        assert result.holds, result.message
        return
    assert not result.holds, f"{name} was accepted: {result.message}"
    if verdict:
        assert result.readable and result.headline.endswith("does not hold"), \
            f"{name} should be a verdict: {result.message}"
