"""Stage 2, representation: the graph as kgqa reads it.

Owns graph stores (``stores``), the names of nodes and the sentence of each triple (``labels``),
facts with provenance (``facts``), embedders (``embedders``), vector indexes (``vectors``), the fact
index on disk (``index``), and catching a store and an index up with the change log (``sync``).
May import: the leaf modules and ``knowledge``.
"""
