"""Stage 4, training: kgqa learns from answered questions and experts' feedback.

Owns learning cue words for relations from question/answer pairs (``cues``), training examples
(``examples``), fine-tuning the chain matcher (``matcher``), tuning the reader with a LoRA adapter
(``reader``), and making, recording and using both on an open knowledge base (``trainer``). May import: the leaf
modules, ``knowledge``, ``representation``, ``curation`` and ``fusion``.
"""
