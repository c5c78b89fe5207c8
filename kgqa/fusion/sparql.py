"""The SPARQL form of a reading: a query an expert can read, copy and run on the pack's store or on any
SPARQL endpoint that holds the pack, and that gives the answers kgqa's own execution gives.

A relation chain from an entity becomes a basic graph pattern with one variable per step
(``<start> <p1> ?step1 . ?answer <p2> ?step1``: a step read backwards swaps subject and object); a
relation the pack declares ``owl:SymmetricProperty`` is matched both ways (``<p>|^<p>``), as the walk
reads it. Like the walk, a chain never steps back along the fact it just used, nor returns to its
start. A count wraps the same pattern in ``COUNT(DISTINCT ...)``.

Terms are written by ``stores.sparql.term`` (checked and escaped, as for an endpoint): a query is
built from graph terms only, never from the question's text.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib.term import Node

from ..representation.stores.sparql import term
from .paths import Hop

#: the variable of a query's answers
ANSWER = "answer"


def chain_pattern(start: Node, relations: Sequence[Hop], symmetric: frozenset[Node] = frozenset()) -> list[str]:
    """The lines of a WHERE clause that binds ``?answer`` to the ends of the chain from ``start``."""
    names = [f"?step{i}" for i in range(1, len(relations))] + [f"?{ANSWER}"]
    at = [term(start), *names]
    lines = []
    for i, hop in enumerate(relations):
        p = term(hop.predicate)
        if hop.predicate in symmetric:
            lines.append(f"  {at[i]} ({p}|^{p}) {at[i + 1]} .")
        elif hop.forward:
            lines.append(f"  {at[i]} {p} {at[i + 1]} .")
        else:
            lines.append(f"  {at[i + 1]} {p} {at[i]} .")
    for i in range(1, len(relations)):
        before, now = relations[i - 1], relations[i]
        if before.predicate == now.predicate and (before.forward != now.forward or now.predicate in symmetric):
            lines.append(f"  FILTER({at[i + 1]} != {at[i - 1]})")  # not back along the fact just used
    lines += [f"  FILTER({name} != {at[0]})" for name in names]
    return lines


def chain_query(
    start: Node, relations: Sequence[Hop], symmetric: frozenset[Node] = frozenset(), count: bool = False
) -> str:
    """A SELECT of the chain's ends (``?answer``), or of how many there are (``?count``)."""
    where = "\n".join(chain_pattern(start, relations, symmetric))
    head = f"SELECT (COUNT(DISTINCT ?{ANSWER}) AS ?count)" if count else f"SELECT DISTINCT ?{ANSWER}"
    return f"{head} WHERE {{\n{where}\n}}"


__all__ = ["ANSWER", "chain_pattern", "chain_query"]
