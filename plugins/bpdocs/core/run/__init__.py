"""Running a page's cells: the stage between the plan (:mod:`bpdocs.core.pages`) and assembly.

``executor`` plans cells per session and asks the ``cache`` what it can answer; the rest runs in
the ``worker``: one ``forkserver`` process per build, a forked child per page (``runner``), which
runs each cell (``cells`` for diagrams and checked equations), ``capture``-s what it prints, keeps
only the author's frames of a traceback (``tracebacks``) and leaves no process behind (``processes``).
"""
