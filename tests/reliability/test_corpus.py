"""The corpus: bad inputs and injected faults, each built for real. Every one ends with the exact located
message (``docs/index.md:LINE: ...``) or the correct page; none hangs, leaks a process or shows a traceback
of bpdocs' internals. Table-driven: a case is a page, the plugin's options, and what must come out."""

from __future__ import annotations

import pytest

from .harness import assert_no_internal_traceback, build, first_error, site


def fence(body: str, attrs: str = 'exec="on"', lang: str = "python") -> str:
    return f"# Page\n\n```{lang} {attrs}\n{body}\n```\n"


ERRORS = [  # (name, page, options, the located message's start)
    # -- attributes that do not parse, or look like ours but are not -------------------------------
    ("unclosed quote", '# P\n\n```python exec="on\nprint(1)\n```\n', "",
     "docs/index.md:3: cannot read the fence's attributes"),
    ("exec misspelt", fence("print(1)", 'exce="on"'), "", "docs/index.md:3: unknown attribute 'exce': did you mean 'exec'?"),
    ("execute for exec", fence("print(1)", 'execute="true"'), "", "docs/index.md:3: unknown attribute 'execute': did you mean 'exec'?"),
    ("session misspelt", fence("print(1)", 'exec="on" sesion="a"'), "", "docs/index.md:3: unknown attribute 'sesion': did you mean 'session'?"),
    ("show misspelt", fence("print(1)", 'exec="on" shwo="output"'), "", "docs/index.md:3: unknown attribute 'shwo': did you mean 'show'?"),
    ("check misspelt", fence("y_1 = w_1 x_1", 'chek="1-1"', "math"), "", "docs/index.md:3: unknown attribute 'chek': did you mean 'check'?"),
    ("capitalised Exec", fence("print(1)", 'Exec="on"'), "", "docs/index.md:3: unknown attribute 'Exec': did you mean 'exec'?"),
    ("exec maybe", fence("print(1)", 'exec="maybe"'), "", 'docs/index.md:3: exec="maybe" is not understood'),
    ("exec on javascript", fence("console.log(1)", 'exec="on"', "js"), "", "docs/index.md:3: only Python fences can run, this one is js"),
    ("unknown attribute", fence("print(1)", 'exec="on" colour="red"'), "", "docs/index.md:3: unknown attribute 'colour'; known:"),
    ("show everything", fence("print(1)", 'exec="on" show="everything"'), "", 'docs/index.md:3: show="everything" is not one of'),
    ("format fancy", fence("print(1)", 'exec="on" format="fancy"'), "", 'docs/index.md:3: format="fancy" is not one of'),
    ("precision negative", fence("print(1)", 'exec="on" precision="-1"'), "", 'docs/index.md:3: precision="-1" must be a whole number >= 0'),
    ("timeout zero", fence("print(1)", 'exec="on" timeout="0"'), "", 'docs/index.md:3: timeout="0" must be a number of seconds, more than 0'),
    ("timeout words", fence("print(1)", 'exec="on" timeout="soon"'), "", 'docs/index.md:3: timeout="soon" must be a number of seconds'),
    ("result language", fence("print(1)", 'exec="on" result="klingon"'), "", 'docs/index.md:3: result="klingon" is not a language Pygments knows'),
    ("memory words", fence("print(1)", 'exec="on" memory="lots"'), "", 'docs/index.md:3: memory="lots" must be a size such as 4 GiB'),
    ("output limit tiny", fence("print(1)", 'exec="on" output_limit="10"'), "", 'docs/index.md:3: output_limit="10" must be at least 1 MB'),
    ("unclosed fence", '# P\n\n```python exec="on"\nprint(1)\n', "", "docs/index.md:3: the fence opened here with ``` is never closed"),
    ("bpnet attribute", fence("layers: [1, 1]", 'title="x"', "bpnet"), "", "docs/index.md:3: unknown attribute 'title' on a bpnet fence"),
    ("math attribute", fence("y_1 = w_1 x_1", 'check="1-1" colour="red"', "math"), "", "docs/index.md:3: unknown attribute 'colour' on a math fence"),
    ("math empty check", fence("y_1 = w_1 x_1", 'check=""', "math"), "", "docs/index.md:3: check needs network shapes"),
    ("math expect", fence("y_1 = w_1 x_1", 'check="1-1" expect="maybe"', "math"), "", 'docs/index.md:3: expect="maybe" is not understood'),
    ("math activation", fence("y_1 = w_1 x_1", 'check="1-1" activation="swish"', "math"), "", 'docs/index.md:3: activation="swish": give one of'),
    ("math trials", fence("y_1 = w_1 x_1", 'check="1-1" trials="1000"', "math"), "", 'docs/index.md:3: trials="1000" must be a whole number from 1 to 100'),
    ("math loss", fence("y_1 = w_1 x_1", 'check="1-1" loss="hinge"', "math"), "", 'docs/index.md:3: loss="hinge" is not one of'),
    ("math biases", fence("y_1 = w_1 x_1", 'check="1-1" biases="sometimes"', "math"), "", 'docs/index.md:3: biases="sometimes" is not understood'),
    # -- checked equations ----------------------------------------------------------------------------
    ("where garbage", fence("y_1 = w_1 x_1", 'check="1-1" where="garbage ="', "math"), "", "docs/index.md:4: where='garbage =' is not a condition like 'l < L'"),
    ("where excludes all", fence("y_1 = w_1 x_1", 'check="1-1" where="1 > 2"', "math"), "", "docs/index.md:4: the equation cannot be checked"),
    ("bad shape", fence("y_1 = w_1 x_1", 'check="1-x-2"', "math"), "", "docs/index.md:4: check='1-x-2': '1-x-2' is not a network shape"),
    ("undefined network", fence("y_1 = w_1 x_1", 'check="net"', "math"), "", "docs/index.md:4: check='net': net is not defined in the session"),
    ("unreadable latex", fence(r"y_1 = \alpha x_1", 'check="1-1"', "math"), "", r"docs/index.md:4: cannot check this equation: the macro \alpha is not supported"),
    ("unbalanced braces", fence(r"y_1 = {w_1 x_1", 'check="1-1"', "math"), "", "docs/index.md:4: cannot check this equation: unbalanced braces"),
    ("matrix environment", fence(r"\begin{matrix} a \end{matrix} = 1", 'check="1-1"', "math"), "", "docs/index.md:4: cannot check this equation: the environment 'matrix'"),
    ("wrong equation", fence(r"y_1 = w_1 t_1", 'check="1-1"', "math"), "", "docs/index.md:4: the equation does not hold"),
    ("wrong second row", fence("y_1 = w^2_{11} h_1 \\\\\nh_1 = 2", 'check="1-1-1"', "math"), "", "docs/index.md:5: the equation does not hold"),
    ("expect fail holds", fence("y_1 = w_1 x_1", 'check="1-1" expect="fail"', "math"), "", 'docs/index.md:4: the equation holds, but expect="fail"'),
    ("unknown symbol", fence(r"y_1 = C x_1", 'check="1-1"', "math"), "", "docs/index.md:4: cannot check this equation: C is not part of the notation"),
    ("ambiguous delta", fence(r"\delta_j = 1", 'check="1-2-1"', "math"), "", "docs/index.md:4: the equation cannot be checked"),
    ("bad page default", "---\nbpdocs_check: garbage\n---\n\n# P\n\n$$ y_1 = w_1 x_1 $$\n", "", "docs/index.md:7: check='garbage': garbage is not defined in the session"),
    # -- inline values --------------------------------------------------------------------------------
    ("inline backslash", "# P\n\nValue `{python} '\\\\n'`.\n", "", 'docs/index.md:3: an inline value cannot contain """ or a backslash'),
    ("inline syntax error", "# P\n\nValue `{python} 1 +`.\n", "", "docs/index.md:3: SyntaxError"),
    ("inline name error", "# P\n\nValue `{python} nothing_here`.\n", "", "docs/index.md:3: NameError: name 'nothing_here' is not defined"),
    # -- fences that fail when run -------------------------------------------------------------------------
    ("zero division", fence("x = 1\nx / 0"), "", "docs/index.md:5: ZeroDivisionError: division by zero"),
    ("syntax error", fence("x = = 1"), "", "docs/index.md:4: SyntaxError: invalid syntax"),
    ("sys.exit", fence("import sys\nsys.exit(3)"), "", "docs/index.md:5: the fence called sys.exit(3)"),
    ("os._exit", fence("import os\nos._exit(1)"), "", "docs/index.md:3: the worker process exited with code 1"),
    ("segfault", fence("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)"), "", "docs/index.md:3: the worker process was killed by SIGSEGV"),
    ("endless loop", fence("while True:\n    pass", 'exec="on" timeout="1"'), "", "docs/index.md:3: timed out after 1 s"),
    ("keyboard interrupt", fence("raise KeyboardInterrupt"), "", "docs/index.md:4: KeyboardInterrupt"),
    ("recursion", fence("def f(n):\n    return f(n + 1)\nf(0)"), "", "docs/index.md:5: RecursionError: maximum recursion depth exceeded"),
    ("input", fence("input()"), "", "docs/index.md:4: EOFError: EOF when reading a line"),
    ("memory hog", fence("import numpy as np\nblock = np.ones(2 * 10**8)", 'exec="on" memory="300 MiB"'), "",
     "docs/index.md:3: the fence used more than 300 MiB of memory"),
    ("70 MB of output", fence("print('x' * 70_000_000)"), "", "docs/index.md:3: the fence printed more than 10 MB"),
    ("endless printing", fence("while True:\n    print('again and again')", 'exec="on" timeout="20"'), "",
     "docs/index.md:3: the fence printed more than 10 MB"),
    ("subprocess floods", fence("import subprocess\nsubprocess.run(['yes'])", 'exec="on" timeout="20"'), "",
     "docs/index.md:3: the fence printed more than 10 MB"),
    ("writes into the worker pipe", fence(
        "import os\nfor fd in range(3, 64):\n    try:\n        os.write(fd, b'not json\\n')\n    except OSError:\n        pass"),
     "", "docs/index.md:3: the fence wrote into bpdocs' private pipe"),
    ("huge exception", fence("raise ValueError('x' * 100000)"), "", "docs/index.md:4: ValueError: xxxx"),
    ("base exception", fence("class Stop(BaseException):\n    pass\nraise Stop('stop')"), "", "docs/index.md:6: Stop: stop"),
    # -- diagrams -----------------------------------------------------------------------------------------
    ("diagram yaml", fence("layers: [1, 1\ntargets: true", "", "bpnet"), "", "docs/index.md:5: the bpnet spec is not valid YAML"),
    ("diagram key", fence("layers: [1, 1]\ncolour: red", "", "bpnet"), "", "docs/index.md:5: unknown key 'colour' in the bpnet spec"),
    ("diagram layers", fence("layers: [1]", "", "bpnet"), "", "docs/index.md:4: layers must be a list of at least two whole numbers"),
    ("diagram label math", fence('layers: [1, 1]\nlabels: [["\\\\frac{a"], ["y"]]', "", "bpnet"), "",
     "docs/index.md:5: labels: '\\\\frac{a' is not math text matplotlib can draw"),
    ("diagram highlight", fence("layers: [1, 1]\nhighlight: [x_1, y_2]", "", "bpnet"), "", "docs/index.md:5: y_2: layer 1 has 1 unit(s)"),
    ("diagram network", fence("network: net", "", "bpnet"), "", "docs/index.md:4: network: 'net' is not defined in the session"),
    ("diagram values", fence("layers: [1, 1]\nweights: values", "", "bpnet"), "", "docs/index.md:5: showing values needs 'network:"),
    # -- pages and options --------------------------------------------------------------------------------
    ("not UTF-8", b"# P\n\ncaf\xe9\n", "", "docs/index.md:3: the page is not UTF-8 text (byte 0xe9)"),
]

OPTION_ERRORS = [  # (name, options block, what the configuration error says)
    ("timeout zero", "\n      timeout: 0", "timeout must be more than 0 and at most 86400 seconds, not 0"),
    ("timeout negative", "\n      timeout: -1", "timeout must be more than 0 and at most 86400 seconds, not -1"),
    ("timeout words", "\n      timeout: soon", "timeout must be a number of seconds, not 'soon'"),
    ("cache_dir absolute", "\n      cache_dir: /tmp/elsewhere", "cache_dir must be a folder inside the site's folder"),
    ("cache_dir outside", "\n      cache_dir: ../outside", "cache_dir must be a folder inside the site's folder"),
    ("unknown option", "\n      enabeld: false", "enabeld"),
    ("memory words", "\n      memory: lots", "memory must be a size such as 4 GiB or 10 MB, not 'lots'"),
    ("default_show", "\n      default_show: all", "default_show must be one of both, source, output, none"),
    ("mathjax empty", "\n      mathjax: ''", "mathjax must be a non-empty string"),
    ("cache maybe", "\n      cache: maybe", "cache must be true or false, not 'maybe'"),
]


@pytest.mark.parametrize("name, page, options, message", ERRORS, ids=[e[0] for e in ERRORS])
def test_a_bad_page_fails_with_its_located_message(tmp_path, name, page, options, message):
    root = site(tmp_path, {"index.md": "" if isinstance(page, bytes) else page}, options)
    if isinstance(page, bytes):
        (root / "docs" / "index.md").write_bytes(page)
    result = build(root, timeout=120)
    assert first_error(result).startswith(message), result.stderr


@pytest.mark.parametrize("name, options, message", OPTION_ERRORS, ids=[e[0] for e in OPTION_ERRORS])
def test_a_bad_option_fails_with_a_sentence(tmp_path, name, options, message):
    result = build(site(tmp_path, {"index.md": "# P\n"}, ":" + options))
    assert result.returncode != 0 and message in result.stderr, result.stderr
    assert_no_internal_traceback(result.stderr)


PAGES = [  # (name, page, what the built page must show, what it must not)
    ("a forked child keeps running", fence(
        "import os, time\nif os.fork() == 0:\n    time.sleep(600)\n    os._exit(0)\nprint('parent done')"),
     ["parent done"], []),
    ("a subprocess left running", fence(
        "import subprocess\nsubprocess.Popen(['sleep', '600'])\nprint('started')"), ["started"], []),
    ("a detached daemon", fence(
        "import subprocess\nsubprocess.Popen(['setsid', 'sleep', '600'], start_new_session=True)\nprint('detached')"),
     ["detached"], []),
    ("a daemon that double-forks", fence(
        "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        time.sleep(600)\n"
        "    os._exit(0)\nprint('double')"), ["double"], []),
    ("output of os.system and subprocesses, in order", fence(
        "import os, subprocess\nprint('one')\nos.system('echo two')\nsubprocess.run(['echo', 'three'])\n"
        "print('four', flush=True)"), ["one\ntwo\nthree\nfour"], []),
    ("stderr of a subprocess", fence("import subprocess\nsubprocess.run(['sh', '-c', 'echo oops 1>&2'])"), ["oops"], []),
    ("a thread prints after its fence", "# P\n\n```python exec=\"on\"\nimport threading, time\n"
     "def later():\n    time.sleep(0.5)\n    print('LATE LINE')\nthreading.Thread(target=later, daemon=True).start()\n"
     "print('first')\n```\n\n```python exec=\"on\"\nimport time\ntime.sleep(1)\nprint('second')\n```\n",
     ["first", "second"], ["LATE LINE"]),
    ("a non-daemon thread finishes within its fence", fence(
        "import threading\nthreading.Thread(target=lambda: print('from the thread')).start()"), ["from the thread"], []),
    ("working directory, sys.path and environment are the fence's own", "# P\n\n```python exec=\"on\"\n"
     "import os, sys\nos.chdir('/')\nsys.path.insert(0, '/nowhere')\nos.environ['LEAKED'] = '1'\n```\n\n"
     "```python exec=\"on\"\nimport os, sys\nprint(os.getcwd() != '/', '/nowhere' not in sys.path, 'LEAKED' not in os.environ)\n```\n",
     ["True True True"], []),
    ("fifty thousand lines", fence("for i in range(50_000):\n    print(i)"), ["49999"], []),
    ("an inline value in a heading", "# Result is `{python} 6 * 7`\n\n## Part `{python} 2 + 3` of it\n\nText.\n",
     ['<h1 id="result-is-42">Result is 42', 'id="part-5-of-it"', 'href="#part-5-of-it" class="nav-link">Part 5 of it'],
     ["bpdocsinline"]),
    ("inline values in a table and a link", "# P\n\n| a | b |\n| - | - |\n| `{python} 1 + 1` | x |\n\n"
     "[`{python} 'see'` this](https://example.org)\n", ["<td>2</td>", ">see this</a>"], ["bpdocsinline"]),
    ("a title with quotes", fence("print('titled')", 'exec="on" title=\'She said "hi"\''),
     ["titled", "She said &quot;hi&quot;"], ["bpdocsout"]),
    ("a fence in a blockquote", "# P\n\n> Quoted:\n>\n> ```python exec=\"on\"\n> print('in a quote', 6 * 7)\n> ```\n>\n> after.\n",
     ["in a quote 42", "after."], []),
    ("a fence in a list", "# P\n\n1. Item\n\n    ```python exec=\"on\"\n    print('in a list')\n    ```\n", ["in a list"], []),
    ("a fence in an admonition", "# P\n\n!!! note\n\n    ```python exec=\"on\"\n    print('in a note')\n    ```\n",
     ["in a note"], []),
    ("a fence in a collapsible block", "# P\n\n??? note \"More\"\n\n    ```python exec=\"on\"\n    print('folded')\n    ```\n",
     ["folded"], []),
    ("a fence in a tab", "# P\n\n=== \"One\"\n\n    ```python exec=\"on\"\n    print('in a tab')\n    ```\n\n=== \"Two\"\n\n    Text.\n",
     ["in a tab"], []),
    ("a fence in a footnote", "# P\n\nText.[^1]\n\n[^1]: Note.\n\n    ```python exec=\"on\"\n    print('in a footnote')\n    ```\n",
     ["in a footnote"], []),
    ("front matter that is not YAML", "---\ntitle: [unclosed\n---\n\n# P\n\n```python exec=\"on\"\nprint('still runs')\n```\n",
     ["still runs"], []),
    ("printed HTML stays text", fence("print('<script>alert(1)</script>')"), ["&lt;script&gt;alert(1)&lt;/script&gt;"],
     ["<script>alert(1)"]),
    ("exec off shows the code only", fence("print('never')", 'exec="off"'), ["never"], ["bpdocs-stdout"]),
]


@pytest.mark.parametrize("name, page, shown, hidden", PAGES, ids=[p[0] for p in PAGES])
def test_a_hard_page_builds_correctly_and_leaves_nothing_running(tmp_path, name, page, shown, hidden):
    import html as html_module
    import re

    root = site(tmp_path, {"index.md": page})
    result = build(root, timeout=120)
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    text = html_module.unescape(re.sub(r"<[^>]+>", "", html))
    for piece in shown:
        assert piece in html or piece in text, (piece, html[-3000:])
    outputs = "".join(re.findall(r'<pre class="bpdocs-stdout"><code>(.*?)</code>', html, re.S))
    for piece in hidden:  # markup anywhere in the page; words in what the fences printed
        assert piece not in (html if piece.startswith(("<", "bpdocs")) else outputs), piece


def test_an_inline_value_in_a_heading_is_the_pages_title(tmp_path):
    root = site(tmp_path, {"index.md": "# Home\n", "other.md": "# Result is `{python} 6 * 7`\n\nText.\n"})
    assert (result := build(root)).returncode == 0, result.stderr
    html = (root / "site" / "other" / "index.html").read_text()
    assert "<title>Result is 42 - t</title>" in html
    assert ">Result is 42</a>" in (root / "site" / "index.html").read_text()  # the navigation
