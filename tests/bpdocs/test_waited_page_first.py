"""A page the generator must wait for before it converts it (a fence that writes Markdown) runs at once, beside
the costlier pages that started first, not queued behind them: on this site's cold build the generator stood still
for 3 s at api.md, whose one fence writes Markdown, while the derivation's hundred cells held the jobs (issue 21).
A real build's runs (worker processes), one job."""

from __future__ import annotations

from dataclasses import replace

from bpdocs.core.build import Build
from bpdocs.core.options import DEFAULTS

SLOW = '# Slow\n\n```python exec="on"\nimport time\ntime.sleep(6)\nprint("slept")\n```\n'
WAITED = '# Waited\n\n```python exec="on"\nfrom bpdocs import show_markdown\nshow_markdown("**bold**")\n```\n'


def test_a_page_the_generator_waits_for_jumps_the_queue(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "slow.md").write_text(SLOW)
    (docs / "waited.md").write_text(WAITED)
    build = Build(tmp_path, replace(DEFAULTS, jobs="1", cache=False))
    try:
        build.prefetch([docs / "slow.md", docs / "waited.md"])  # the costlier first: the one job is the slow page's
        slow = build.executor._runs["docs/slow.md"]
        job = build.page(WAITED, "docs/waited.md", meta={})  # (waits: its fence writes Markdown)
        assert job.future.done() and "**bold**" in job.assembled.markdown, job.assembled.markdown
        assert not slow.done(), "the waited page ran only after the slow one"
        assert "slept" in str(slow.result(timeout=60).results)
    finally:
        build.executor.close()
