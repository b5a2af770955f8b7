"""The published site: reproducible bytes, and a strict build that fails when the engine or the math is wrong."""

import filecmp
import re
import shutil
from pathlib import Path

import bpcore

from .sitebuild import build, copy_repository_site

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600", "BPDOCS_CACHE": "0"}


def site_copy(tmp_path: Path) -> Path:
    return copy_repository_site(tmp_path / "repo")


def test_two_clean_builds_are_byte_identical(tmp_path):
    root = site_copy(tmp_path)
    assert (result := build(root, env=EPOCH)).returncode == 0, result.stderr
    first = tmp_path / "first"
    shutil.copytree(root / "site", first)
    shutil.rmtree(root / "site")
    assert (result := build(root, env=EPOCH)).returncode == 0, result.stderr
    comparison = filecmp.dircmp(first, root / "site")
    differing = []

    def walk(c, prefix=""):
        differing.extend(prefix + name for name in c.diff_files + c.left_only + c.right_only)
        for name, sub in c.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(comparison)
    assert differing == []
    html = (root / "site" / "derivation" / "index.html").read_text()
    assert html.count("bpdocs-check-holds") >= 20
    assert html.count('class="bpdocs-network"') == 5  # the post's four networks, and the error flowing back


def test_a_sign_flipped_in_backward_fails_the_strict_build_at_a_page_line(tmp_path):
    engine = tmp_path / "engine"
    shutil.copytree(Path(bpcore.__file__).parent, engine / "bpcore")
    network = engine / "bpcore" / "network.py"
    source = network.read_text()
    assert source.count("    dE_dW = delta.T @ h_prev\n") == 1
    network.write_text(source.replace("    dE_dW = delta.T @ h_prev\n", "    dE_dW = -(delta.T @ h_prev)\n"))
    result = build(site_copy(tmp_path), env={**EPOCH, "PYTHONPATH": str(engine)})
    assert result.returncode != 0
    # the checker cross-checks bpcore's backward pass against its forward pass, and says which is wrong
    assert re.search(r"^(?:ERROR\s+-\s+)?docs/[\w-]+\.md:\d+: .*(does not hold|cannot be checked)", result.stderr,
                     re.M), result.stderr
    assert "does not hold" in result.stderr or "bpcore's backward pass is wrong" in result.stderr


def test_an_index_changed_in_an_article_equation_fails_at_its_line(tmp_path):
    root = site_copy(tmp_path)
    article = root / "docs" / "derivation.md"
    lines = article.read_text().split("\n")
    (n,) = [n for n, line in enumerate(lines) if r"\label{eq-hidden}" in line]
    assert r"w^2_{k1}" in lines[n]
    lines[n] = lines[n].replace(r"w^2_{k1}", r"w^2_{1k}")
    article.write_text("\n".join(lines))
    result = build(root, env=EPOCH)
    assert result.returncode != 0
    assert f"docs/derivation.md:{n + 1}: equation (6) does not hold" in result.stderr, result.stderr
