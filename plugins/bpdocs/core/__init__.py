"""The generator-independent core of bpdocs: nothing here imports MkDocs, ProperDocs or Zensical.

The stages, in the order data flows::

    fences (scan) -> pages (plan; check attributes) -> executor (cache, worker) -> assemble -> fill
                                                        worker/forkserver -> runner, cells
    mathcheck/   checked equations: LaTeX -> tree -> bind notation -> evaluate
    diagrams/    bpnet specs and their SVG drawing
    build        one build, for any adapter; options, errors, frontmatter, static
"""
