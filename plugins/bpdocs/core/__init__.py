"""The generator-independent core of bpdocs: nothing here imports MkDocs, ProperDocs or Zensical.

The stages, in the order data flows (a folder per stage that has several modules)::

    fences (scan) -> pages (plan; check attributes) -> run/ (executor, cache, worker, forkserver,
    runner, cells, capture) -> assemble, render -> fill -> typeset/ (TeX -> SVG, in Node)
    mathcheck/   checked equations: LaTeX -> tree -> bind notation -> evaluate
    diagrams/    bpnet specs and their SVG drawing
    build        one build, for any adapter; options, errors, frontmatter, static
"""
