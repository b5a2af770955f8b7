"""Pages run and typeset at once (the ``jobs`` option, issue 21) make the same site as a serial build, byte for
byte: every file written, this repository's own site (cells, plots, diagrams, checked equations, typeset math,
the search index), both built from an empty cache."""

from __future__ import annotations

from pathlib import Path

from bpdocs.core.options import job_count

from .sitebuild import build, copy_repository_site

BPDOCS = "  - bpdocs:\n"


def written(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_a_build_with_jobs_1_writes_the_same_bytes_as_the_default(tmp_path):
    at_once = "" if job_count("auto") > 1 else "      jobs: 2\n"  # the default, or 2 on a machine of one core
    sites = {"default": copy_repository_site(tmp_path / "default", lambda text: text.replace(BPDOCS, BPDOCS + at_once)),
             "serial": copy_repository_site(tmp_path / "serial", lambda text: text.replace(BPDOCS, BPDOCS + "      jobs: 1\n"))}
    assert "jobs: 1" in (sites["serial"] / "mkdocs.yml").read_text()
    for root in sites.values():
        result = build(root, env={"BPDOCS_CACHE": "0", "SITE_URL": "https://example.org/"})
        assert result.returncode == 0, result.stderr
    default, serial = (written(root / "site") for root in sites.values())
    assert sorted(default) == sorted(serial) and len(default) > 20
    differ = [name for name in default if default[name] != serial[name]]
    assert differ == [], f"files that differ between jobs: 1 and the default: {differ}"
