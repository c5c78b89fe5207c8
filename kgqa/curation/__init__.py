"""Stage 2b, curation: experts change the represented graph and check it.

Owns the ``Curator`` (add, retract, edit, correct, import, undo, each recorded with provenance),
pack validation and the shape check that guards every edit (``validation``), and corrections
remembered with their questions (``corrections``). May import: the leaf modules, ``knowledge`` and
``representation``.
"""
