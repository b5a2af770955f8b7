"""``bpnet`` diagrams: the spec (:mod:`.netspec`, pure), the names of its parts and its words for screen readers
(:mod:`.names`), the figure (:mod:`.layout`, matplotlib) and its SVG (:mod:`.draw`)."""
