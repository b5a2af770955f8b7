"""bpnet fences in real builds: placed as figures, unique ids, identical bytes, located errors."""

import re

from ..sitebuild import build, write_site
from .test_build import error_of
from .test_diagrams import DERIVATION

PAGE = "# Networks\n\n" + "\n".join(
    f"```bpnet\n{spec}\ncaption: {name}\n```\n" for name, spec in DERIVATION.items()) + '''
```python exec="on" show="output"
from bpcore import Network
net = Network([1, 2], weights=[[[0.5], [-0.25]]])
x = [2.0]
```

```bpnet
network: net
weights: values
nodes: activations
input: x
caption: live values
```
'''


def test_diagrams_are_figures_with_unique_ids_and_identical_bytes(tmp_path):
    root = write_site(tmp_path, {"index.md": PAGE})
    assert (result := build(root, env={"BPDOCS_CACHE": "0"})).returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    figures = re.findall(r'<figure class="bpdocs-captioned"><div class="bpdocs-figure"><svg role="img".*?<figcaption>(.*?)</figcaption>',
                         html, re.S)
    assert figures == ["bp1", "bp2", "bp3", "bp4", "live values"]
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    refs = re.findall(r'xlink:href="#([^"]+)"', html)
    assert refs and set(refs) <= set(ids)
    svgs = re.findall(r'<svg role="img".*?</svg>', html, re.S)
    assert len(svgs) == 5
    for svg in svgs:  # each draws its labels with glyphs of its own (ids made unique on the page)
        glyphs = set(re.findall(r'<path id="([^"]+)"', svg))
        assert glyphs and set(re.findall(r'xlink:href="#([^"]+)"', svg)) == glyphs
    assert "```" not in html and "layers:" not in html
    assert (result := build(root, env={"BPDOCS_CACHE": "0"})).returncode == 0, result.stderr
    assert (root / "site" / "index.html").read_text() == html


def test_a_bad_spec_fails_the_build_at_its_line(tmp_path):
    page = "# N\n\n```bpnet\nlayers: [1, 1, 2]\ntargets: true\nhighlight: [x_1, h_3, y_1]\n```\n"
    message = error_of(build(write_site(tmp_path, {"index.md": page})))
    assert message.startswith("docs/index.md:6: h_3: layer 1 has 1 unit(s)")


def test_a_network_that_is_not_in_the_session_is_a_located_error(tmp_path):
    page = "# N\n\n```bpnet\nnetwork: missing\nweights: values\n```\n"
    message = error_of(build(write_site(tmp_path, {"index.md": page})))
    assert message.startswith("docs/index.md:4: network: 'missing' is not defined in the session")


def test_bpnet_fences_take_no_attributes_but_session(tmp_path):
    page = '# N\n\n```bpnet show="source"\nlayers: [1, 1]\n```\n'
    message = error_of(build(write_site(tmp_path, {"index.md": page})))
    assert message.startswith("docs/index.md:3: unknown attribute 'show' on a bpnet fence")
