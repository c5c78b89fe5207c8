"""Stage 3, fusion: the graph and the language model answer a question together.

Owns entity linking (``linking``), relation-path walks (``paths``), scoring chains against the
question (``scoring``), retrieval of answers and facts (``retrieval``), the reader (``readers``), the
answer types (``answer``) and the answer decision (``answering``). May import: the leaf modules,
``knowledge``, ``representation`` and ``curation``.
"""
