"""The fork server's warm-up (issue 21): when pages draw or check equations, the server builds once what every
page's child would build again (the mathtext grammar, font lookups, the checker), and every child inherits it.
It changes no byte of a site, prints nothing, writes no file, leaves matplotlib's settings as they were and
keeps no font open across the fork."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bpdocs.core.build import PLOTTING_MODULES
from bpdocs.core.static import MATPLOTLIBRC

from ..sitebuild import build, write_site

PROBE = """\
import gc, json, os, sys
from importlib import import_module

for name in {modules!r}:
    import_module(name)
from matplotlib import font_manager, pyplot, rcParams
from matplotlib.mathtext import MathTextParser


def files(folder):
    return sorted(os.path.join(top, name) for top, _, names in os.walk(folder) for name in names)


def fds():
    found = {{}}
    for fd in os.listdir("/proc/self/fd"):
        try:
            found[fd] = os.readlink(f"/proc/self/fd/{{fd}}")
        except OSError:  # the listing's own descriptor
            pass
    return found


settings, open_before, written_before = dict(rcParams), fds(), files(".") + files(os.environ["MPLCONFIGDIR"])
cold = font_manager.FontManager._findfont_cached.cache_info().currsize
from bpdocs.core.diagrams import glyphs
from bpdocs.core.run import warm

failure = warm.warm_up()
gc.collect()
print(json.dumps({{
    "settings_kept": dict(rcParams) == settings,
    "new_open_files": sorted(set(fds().values()) - set(open_before.values())),
    "new_files": sorted(set(files(".") + files(os.environ["MPLCONFIGDIR"])) - set(written_before)),
    "figures": pyplot.get_fignums(),
    "font_lookups": [cold, font_manager.FontManager._findfont_cached.cache_info().currsize],
    "grammar": MathTextParser._parser is not None and glyphs._KeptParser._parser is MathTextParser._parser,
    "failure": repr(failure),
    "warmed": sorted(warm._done),
}}))
"""


def test_the_warm_up_fills_caches_and_leaves_nothing_behind(tmp_path):
    config = tmp_path / "mplconfig"
    config.mkdir()
    env = {**os.environ, "MPLBACKEND": "Agg", "MATPLOTLIBRC": str(MATPLOTLIBRC), "MPLCONFIGDIR": str(config)}
    subprocess.run([sys.executable, "-c", "import matplotlib.pyplot"], env=env, check=True)  # its font list
    modules = [*PLOTTING_MODULES, "bpdocs.core.mathcheck"]
    result = subprocess.run([sys.executable, "-c", PROBE.format(modules=modules)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["failure"] == "None" and report["warmed"] == ["bpdocs.core.mathcheck", "matplotlib"]
    assert report["settings_kept"] and report["figures"] == []
    assert report["new_open_files"] == [] and report["new_files"] == []
    assert report["font_lookups"][0] < report["font_lookups"][1] and report["grammar"]


DRAWING_PAGE = """\
# Drawn

```python exec="on" show="output"
import sys
from matplotlib import font_manager
from matplotlib.mathtext import MathTextParser

print("font lookups inherited:", font_manager.FontManager._findfont_cached.cache_info().currsize > 0)
print("grammar inherited:", MathTextParser._parser is not None)
print("checker inherited:", "bpdocs.core.mathcheck" in sys.modules)
```

```math check="1-1"
E = \\frac{1}{2}(t_1 - y_1)^2
```

```bpnet
layers: [1, 1, 2]
targets: true
error: true
highlight: [x_1, h_1, y_1]
```
"""


def test_page_children_inherit_the_warm_up(tmp_path):
    for warm, expected in (("1", "True"), ("0", "False")):
        root = write_site(tmp_path / warm, {"index.md": DRAWING_PAGE})
        result = build(root, env={"BPDOCS_CACHE": "0", "BPDOCS_WARM_UP": warm})
        assert result.returncode == 0, result.stderr
        page = (root / "site" / "index.html").read_text()
        for what in ("font lookups", "grammar", "checker"):
            assert f"{what} inherited: {expected}" in page


PAGES = {
    "index.md": """\
    # Diagrams

    ```python exec="on"
    from bpcore import Network
    net = Network([2, 3, 1], "sigmoid", seed=3)
    x, t = [0.5, -0.2], [1.0]
    ```

    ```bpnet
    layers: [1, 1, 1, 2]
    targets: true
    error: true
    highlight: [x_1, h^1_1, h^2_1, y_1]
    caption: 'Four layers.'
    ```

    ```bpnet
    network: net
    weights: gradients
    nodes: activations
    input: x
    target: t
    precision: 3
    ```

    ```bpnet
    network: net
    input: x
    target: t
    flow: backward
    weights: values
    nodes: deltas
    labels: [[x_1, x_2], ['\\delta^1_1', '\\delta^1_2', '\\delta^1_3'], ['\\hat{y}']]
    ```
    """,
    "plots.md": """\
    # Plots

    ```python exec="on" show="output"
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(4, 2.2))
    z = np.linspace(-4, 4, 200)
    ax.plot(z, 1 / (1 + np.exp(-z)), label=r"$\\sigma(z)$")
    ax.plot(z, np.tanh(z), label="tanh")
    ax.set(title="Two activations", xlabel="$z$")
    ax.legend()
    ax.grid(alpha=0.3)

    fig, ax = plt.subplots(figsize=(3.6, 3.0))
    ax.plot(np.exp(-np.linspace(0, 6, 50)))
    ax.set(xlabel="step", ylabel="error $E$", yscale="log")
    fig.tight_layout()

    fig, ax = plt.subplots(figsize=(4.0, 3.0))
    grid = np.linspace(-0.5, 1.5, 41)
    gx, gy = np.meshgrid(grid, grid)
    shading = ax.contourf(gx, gy, np.sin(3 * gx) * gy, levels=9, cmap="coolwarm")
    ax.scatter([0, 1], [1, 0], c=[0, 1], cmap="coolwarm", edgecolors="black", s=80)
    ax.set(title="The output $y$", xlabel="$x_1$", ylabel="$x_2$")
    fig.colorbar(shading, ax=ax, label="$y$")
    print(plt.rcParams["svg.hashsalt"], plt.get_fignums())
    ```

    ```math check="1-1-2"
    \\frac{\\partial E}{\\partial w^1_{11}} = x_1 \\sum_k (y_k - t_k)\\, w^2_{k1}
    ```
    """,
}


def written(site):
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_a_site_built_with_and_without_the_warm_up_writes_the_same_bytes(tmp_path):
    sites = {}
    for warm in ("1", "0"):
        root = write_site(tmp_path / warm, PAGES)
        result = build(root, env={"BPDOCS_CACHE": "0", "BPDOCS_WARM_UP": warm})
        assert result.returncode == 0, result.stderr
        sites[warm] = written(root / "site")
    assert "None [1, 2, 3]" in sites["1"]["plots/index.html"].decode()  # pyplot numbering, settings: as without
    assert sites["1"]["index.html"].count(b"<svg") >= 3 and sites["1"]["plots/index.html"].count(b"<svg") >= 3
    differ = [name for name in sites["1"] if sites["1"][name] != sites["0"].get(name)]
    assert sorted(sites["1"]) == sorted(sites["0"]) and differ == []
