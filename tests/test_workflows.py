"""The GitHub Pages workflows (this repository's and the starter's): audited, pinned, and gated on `bpdocs check`."""

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


def test_zizmor_finds_nothing_even_pedantic():
    zizmor = Path(sys.executable).parent / "zizmor"
    result = subprocess.run([str(zizmor), "--offline", "--persona=pedantic", *map(str, WORKFLOWS)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=["repository", "starter"])
def test_actions_are_pinned_to_commits_and_the_gate_runs_before_the_build(workflow):
    text = workflow.read_text()
    uses = re.findall(r"uses: (\S+)(.*)", text)
    assert uses and all(re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", ref) and re.fullmatch(r" # v\d+\.\d+\.\d+", comment)
                        for ref, comment in uses), uses
    steps = yaml.safe_load(text)["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    check = next(n for n, run in enumerate(runs) if "bpdocs check" in run)
    build = next(n for n, run in enumerate(runs) if "build" in run and "bpdocs" not in run)
    assert check < build
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_both_workflows_pin_the_same_action_versions():
    pins = [dict(re.findall(r"uses: ([\w-]+/[\w-]+)@([0-9a-f]{40})", w.read_text())) for w in WORKFLOWS]
    shared = pins[0].keys() & pins[1].keys()
    assert shared and all(pins[0][a] == pins[1][a] for a in shared)
