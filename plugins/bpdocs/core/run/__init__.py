"""Running a page's cells: the stage between the plan (:mod:`bpdocs.core.pages`) and assembly.

``executor`` plans cells per session and asks the ``cache`` what it can answer (its files by the rules of
``cachefs``, under the key of ``cachekey``); the rest runs in the ``worker``: one ``forkserver`` process per
build, a forked child per page (``runner``), and one per session but the last (``apart``), which runs each
cell (``cells`` for diagrams and checked equations), ``capture``-s what it prints, notices the site's
``sources`` it deletes, keeps only the author's frames of a traceback (``tracebacks``), stores
``checkpoints``, and leaves no process behind (``processes``).
"""
