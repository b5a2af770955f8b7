"""The GitHub workflows: the Pages workflows (this repository's and the starter's) and the release workflow,
audited by zizmor, pinned to commits; the Pages ones gated on `bpdocs check`, the release one publishing
with trusted publishing and the least permissions each job needs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = [ROOT / ".github" / "workflows" / "pages.yml",
             ROOT / "plugins" / "bpdocs" / "starter" / "github" / "workflows" / "pages.yml"]
RELEASE = ROOT / ".github" / "workflows" / "release.yml"


def test_zizmor_finds_nothing_even_pedantic():
    zizmor = Path(sys.executable).parent / "zizmor"
    result = subprocess.run([str(zizmor), "--offline", "--persona=pedantic", *map(str, WORKFLOWS + [RELEASE])],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=["repository", "starter"])
def test_actions_are_pinned_to_commits_and_the_gate_runs_before_the_build(workflow):
    text = workflow.read_text()
    assert pinned(text)
    steps = yaml.safe_load(text)["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    check = next(n for n, run in enumerate(runs) if "bpdocs check" in run)
    build = next(n for n, run in enumerate(runs) if "build" in run and "bpdocs" not in run)
    assert check < build
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def pinned(text: str) -> bool:
    uses = re.findall(r"uses: (\S+)(.*)", text)
    assert uses and all(re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", ref) and re.fullmatch(r" # v\d+\.\d+\.\d+", comment)
                        for ref, comment in uses), uses
    return True


def test_every_workflow_pins_the_same_action_versions():
    pins = [dict(re.findall(r"uses: ([\w-]+/[\w-]+)@([0-9a-f]{40})", w.read_text())) for w in WORKFLOWS + [RELEASE]]
    for a, b in [(0, 1), (0, 2), (1, 2)]:
        shared = pins[a].keys() & pins[b].keys()
        assert shared and all(pins[a][name] == pins[b][name] for name in shared)


def test_a_version_tag_builds_attaches_and_publishes_with_the_least_permissions():
    workflow = yaml.safe_load(RELEASE.read_text())
    assert pinned(RELEASE.read_text())
    assert workflow[True] == {"push": {"tags": ["v*"]}}  # YAML reads the key `on` as true
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert {name: job["permissions"] for name, job in jobs.items()} == {
        "build": {"contents": "read"}, "github-release": {"contents": "write"}, "pypi": {"id-token": "write"}}
    assert jobs["github-release"]["needs"] == jobs["pypi"]["needs"] == "build"
    build = jobs["build"]["steps"]
    assert build[0]["with"]["persist-credentials"] is False
    runs = "\n".join(step.get("run", "") for step in build)
    assert '"v${version}" != "${GITHUB_REF_NAME}"' in runs  # the tag is the version (run for real below)
    assert "python -m build" in runs
    assert build[-1]["uses"].startswith("actions/upload-artifact@") and build[-1]["with"]["path"] == "dist/"
    release = "\n".join(step.get("run", "") for step in jobs["github-release"]["steps"])
    assert "gh release create" in release and "dist/*" in release and "--verify-tag" in release
    publish = jobs["pypi"]
    assert publish["environment"]["name"] == "pypi"
    assert publish["steps"][-1]["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert "with" not in publish["steps"][-1]  # no password, no token: trusted publishing
    assert "secrets." not in RELEASE.read_text()


def test_the_release_tag_check_matches_the_package_version(tmp_path):
    """The release's first check, run for real: it passes for the tag of this version, fails for another."""
    import bpdocs

    (step,) = [s["run"] for s in yaml.safe_load(RELEASE.read_text())["jobs"]["build"]["steps"]
               if "GITHUB_REF_NAME" in s.get("run", "")]
    for tag, status in [(f"v{bpdocs.__version__}", 0), ("v0.0.0-not-this", 1)]:
        result = subprocess.run(["bash", "-e", "-c", step], cwd=ROOT, env={"GITHUB_REF_NAME": tag, "PATH": "/usr/bin:/bin"},
                                capture_output=True, text=True)
        assert result.returncode == status, (tag, result.stdout, result.stderr)
