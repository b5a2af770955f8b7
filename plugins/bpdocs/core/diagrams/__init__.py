"""``bpnet`` diagrams: the spec (:mod:`.netspec`, pure) and its drawing (:mod:`.draw`, matplotlib)."""
