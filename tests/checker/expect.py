"""The expectations of a table-driven checker test: a true form holds; a mistake fails (and, where asked, as a
verdict, "does not hold"); what cannot be read is refused, saying the given words."""


def expect(result, holds: bool, name: str, verdict: bool = False) -> None:
    if holds:
        assert result.holds, result.message
        return
    assert not result.holds, f"{name} was accepted: {result.message}"
    if verdict:
        assert result.readable and result.headline.endswith("does not hold"), \
            f"{name} should be a verdict: {result.message}"


def expect_refused(result, words: list[str]) -> None:
    assert not result.holds and not result.readable, result.message
    for word in words:
        assert word in result.message, result.message
