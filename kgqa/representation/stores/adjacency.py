"""Every node's edges of an on-disk store as integer arrays (compressed sparse rows) in files beside it.

The walk reads a node's edges with two array slices instead of two scans of the store's indexes,
each of which decodes every term it meets: at a million facts that decoding was most of retrieval's
time on the on-disk store. Terms are numbered once when the store is loaded; a term's rdflib form is
made the first time a walk meets it. Nodes that an edit touched since (``dirty``) are read from the
store itself, so the arrays never answer with an edge that is gone or without one that was added.
"""

from __future__ import annotations

import json
import os
import shutil
from array import array
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ...knowledge.terms import Triple

#: Edited nodes past which the arrays are rebuilt at the next open rather than bypassed.
REBUILD_AFTER = 50_000
_ARRAYS = ("offsets", "others", "predicates", "forward")


class Adjacency:
    """The edges of each numbered node: ``others[offsets[i]:offsets[i+1]]`` with their predicates and
    directions, the numbered terms, and the nodes edited since the arrays were made."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        arrays = {name: np.load(folder / f"{name}.npy") for name in _ARRAYS}  # ~20 bytes an edge
        self.offsets, self.others = arrays["offsets"], arrays["others"]
        self.predicates, self.forward = arrays["predicates"], arrays["forward"]
        terms = json.loads((folder / "terms.json").read_text(encoding="utf-8"))
        self._kinds: str = terms["kinds"]
        self._values: list[str] = terms["values"]
        self._extra: dict[str, list[str]] = terms["extra"]  # a literal's language or datatype
        # IRIs by their text, blank nodes as "_:id" (no IRI starts so: it has a scheme)
        kinds, values = self._kinds, self._values
        self._ids = {values[i] if k == "i" else "_:" + values[i]: i for i, k in enumerate(kinds) if k != "l"}
        self._nodes: list[Node | None] = [None] * len(self._values)
        self.dirty: set[str] = set(json.loads((folder / "dirty.json").read_text()))
        self._masks: dict[frozenset[Node], np.ndarray] = {}

    @staticmethod
    def build(quads: Iterable[ox.Quad], folder: Path) -> None:
        """Number the terms of every distinct triple and write the arrays to ``folder`` (whole or not at all)."""
        ids: dict[object, int] = {}
        kinds: list[str] = []
        values: list[str] = []
        extra: dict[str, list[str]] = {}
        rows = array("q")
        for q in quads:
            for t in (q.subject, q.predicate, q.object):
                i = ids.get(t)
                if i is None:
                    i = ids[t] = len(values)
                    kind, value, more = _encode(t)
                    kinds.append(kind)
                    values.append(value)
                    if more:
                        extra[str(i)] = more
                rows.append(i)
        spo = np.unique(np.asarray(rows, dtype=np.int64).reshape(-1, 3), axis=0)  # once, whatever graph holds it
        node = np.concatenate([spo[:, 0], spo[:, 2]])
        order = np.argsort(node, kind="stable")
        counts = np.bincount(node, minlength=len(values))
        arrays: dict[str, np.ndarray] = {
            "offsets": np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
            "others": np.concatenate([spo[:, 2], spo[:, 0]])[order].astype(np.int32),
            "predicates": np.concatenate([spo[:, 1], spo[:, 1]])[order].astype(np.int32),
            "forward": np.concatenate([np.ones(len(spo), bool), np.zeros(len(spo), bool)])[order],
        }
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for name, data in arrays.items():
            np.save(tmp / f"{name}.npy", data)
        terms = {"kinds": "".join(kinds), "values": values, "extra": extra}
        (tmp / "terms.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
        (tmp / "dirty.json").write_text("[]")
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)

    def node(self, i: int) -> Node:
        n = self._nodes[i]
        if n is None:
            n = self._nodes[i] = _decode(self._kinds[i], self._values[i], self._extra.get(str(i)))
        return n

    def number(self, node: Node) -> int | None:
        """The node's number, or None when the arrays cannot answer for it (unknown, or edited since)."""
        key = _key(node)
        return None if key in self.dirty else self._ids.get(key)

    def skipping(self, predicates: frozenset[Node]) -> np.ndarray:
        """A mask over term numbers: True for the predicates given (kept per set: the walk asks often)."""
        mask = self._masks.get(predicates)
        if mask is None:
            mask = np.zeros(len(self._values), dtype=bool)
            mask[[i for p in predicates if (i := self._ids.get(_key(p))) is not None]] = True
            self._masks[predicates] = mask
        return mask

    def edges(self, i: int, limit: int, skip: np.ndarray, truncate: bool) -> list[tuple[Triple, bool]] | None:
        """Node ``i``'s edges as (triple, forward), leaving out predicates that ``skip`` (a mask from
        ``skipping``) marks; None when there are more than ``limit`` (a hub), or with ``truncate`` the
        first ``limit``."""
        lo, hi = int(self.offsets[i]), int(self.offsets[i + 1])
        preds = self.predicates[lo:hi]
        keep = np.flatnonzero(~skip[preds])
        if len(keep) > limit:
            if not truncate:
                return None
            keep = keep[:limit]
        me, node = self.node(i), self.node
        out: list[tuple[Triple, bool]] = []
        for other, pred, forward in zip(
            self.others[lo:hi][keep].tolist(), preds[keep].tolist(), self.forward[lo:hi][keep].tolist(), strict=True
        ):
            out.append(((me, node(pred), node(other)), True) if forward else ((node(other), node(pred), me), False))
        return out

    def touch(self, triples: Iterable[Triple]) -> None:
        """Mark the nodes of edited triples: their edges are read from the store from now on."""
        self.dirty.update(_key(n) for t in triples for n in (t[0], t[2]) if not isinstance(n, Literal))

    def save(self) -> None:
        tmp = self.folder / "dirty.json.tmp"
        tmp.write_text(json.dumps(sorted(self.dirty)))
        os.replace(tmp, self.folder / "dirty.json")


def _key(node: Node) -> str:
    kind = type(node)
    if kind is URIRef:
        return str(node)
    return "_:" + str(node) if isinstance(node, BNode) else str(node) if isinstance(node, URIRef) else ""


def _encode(t: object) -> tuple[str, str, list[str]]:
    if isinstance(t, ox.NamedNode):
        return "i", t.value, []
    if isinstance(t, ox.BlankNode):
        return "b", t.value, []
    if isinstance(t, ox.Literal):
        return "l", t.value, [t.language or "", t.datatype.value]
    raise TypeError(f"cannot number {t!r}")  # an RDF-star triple term: the arrays are not made


def _decode(kind: str, value: str, extra: list[str] | None) -> Node:
    if kind == "i":
        return URIRef(value)
    if kind == "b":
        return BNode(value)
    lang, datatype = extra or ["", ""]
    if lang:
        return Literal(value, lang=lang)
    if datatype in ("", "http://www.w3.org/2001/XMLSchema#string"):
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


__all__ = ["REBUILD_AFTER", "Adjacency"]
