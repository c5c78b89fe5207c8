"""Stage 1, knowledge acquisition: what experts write and how it is recorded.

Owns knowledge packs on disk (``pack``), the terms and literals curators type (``terms``), the
curation change log with its provenance (``changes``) and importers of other formats (``importers``).
May import: the leaf modules (``errors``, ``vocab``, ``text``, ``settings``) and rdflib. Nothing
here knows about stores, embeddings or questions.
"""

from __future__ import annotations

from .changes import Change, ChangeLog, Definition, plan_sync
from .pack import Pack, PackInfo
from .terms import Triple

__all__ = ["Change", "ChangeLog", "Definition", "Pack", "PackInfo", "Triple", "plan_sync"]
