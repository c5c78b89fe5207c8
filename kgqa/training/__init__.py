"""Stage 4, training: kgqa learns from answered questions and experts' feedback.

Owns learning cue words for relations from question/answer pairs (``cues``). May import: the leaf
modules, ``knowledge``, ``representation``, ``curation`` and ``fusion``.
"""
