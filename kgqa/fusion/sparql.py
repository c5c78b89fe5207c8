"""The SPARQL form of a reading: a query an expert can read, copy and run on the pack's store or on any
SPARQL endpoint that holds the pack, and that gives the answers kgqa's own execution gives.

A relation chain from an entity becomes a basic graph pattern with one variable per step
(``<start> <p1> ?step1 . ?answer <p2> ?step1``: a step read backwards swaps subject and object); a
relation the pack declares ``owl:SymmetricProperty`` is matched both ways (``<p>|^<p>``), as the walk
reads it. Like the walk, a chain never steps back along the fact it just used, and the start is no
answer of its own chain (a step in between may pass through it) unless the reading comes back to it
as an answer (see ``scoring._answers``); nor is anything else the question names. A
class is matched through the hierarchy (``rdf:type/rdfs:subClassOf*``), an intersection is
the patterns of both readings on one ``?answer``, an exclusion a ``FILTER NOT EXISTS``, and a count
wraps the pattern in ``COUNT(DISTINCT ...)``; a superlative by a numeric value keeps the members whose
value is the subquery's ``MAX`` (or ``MIN``); a yes/no link between two entities selects the second
from the first's chain (one row: yes; none: no). Readings that filter by values, order by dates or years,
or ask a value of the winner have no SPARQL form yet (their ``sparql`` is empty).

Terms are written by ``stores.sparql.term`` (checked and escaped, as for an endpoint): a query is
built from graph terms only, never from the question's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rdflib import RDF, RDFS, XSD
from rdflib.term import Node

from ..representation.stores.sparql import term
from .paths import Hop, Inside

#: the variable of a query's answers
ANSWER = "answer"


def chain_pattern(
    start: Node,
    relations: Sequence[Hop],
    symmetric: frozenset[Node] = frozenset(),
    prefix: str = "step",
    back_to_start: bool = False,
    contained: Inside | None = None,
) -> list[str]:
    """The lines of a WHERE clause that binds ``?answer`` to the ends of the chain from ``start``
    (its steps' variables named ``?{prefix}1``, ``?{prefix}2``...); the start among them only when
    the reading says so (``back_to_start``: see ``scoring._answers``). ``contained``: the relations
    that put one thing inside another (``paths.containment``)."""
    names = [f"?{prefix}{i}" for i in range(1, len(relations))] + [f"?{ANSWER}"]
    at = [term(start), *names]
    lines = [f"  {_step(at[i], hop, at[i + 1], symmetric, contained)}" for i, hop in enumerate(relations)]
    for i, hop in enumerate(relations[:-1]):  # a step into what is inside never ends on where it began
        if _folds(hop, symmetric, contained):
            lines.append(f"  FILTER({at[i + 1]} != {at[i]})")
    for i in range(1, len(relations)):
        before, now = relations[i - 1], relations[i]
        if before.predicate == now.predicate and (before.forward != now.forward or now.predicate in symmetric):
            lines.append(f"  FILTER({at[i + 1]} != {at[i - 1]})")  # not back along the fact just used
    if not back_to_start:
        lines.append(f"  FILTER(?{ANSWER} != {at[0]})")  # the start is no answer of a chain that turns back
    return lines


def _step(here: str, hop: Hop, there: str, symmetric: frozenset[Node], contained: Inside | None = None) -> str:
    """One step of a chain as a triple pattern: backwards swaps subject and object; a symmetric
    relation is matched both ways; a step backwards reaches into what is inside (``<p>/<in>*``)."""
    p = term(hop.predicate)
    if hop.predicate in symmetric:
        return f"{here} ({p}|^{p}) {there} ."
    if contained is not None and _folds(hop, symmetric, contained):
        inside = "|".join(term(c) for c in sorted(contained.preds, key=str))
        return f"{there} {p}/({inside})* {here} ."
    return f"{here} {p} {there} ." if hop.forward else f"{there} {p} {here} ."


def _folds(hop: Hop, symmetric: frozenset[Node], contained: Inside | None) -> bool:
    """Whether the walk reads a step into what is inside its node too (``paths.Neighbourhoods._inside``)."""
    return (
        contained is not None and not hop.forward and hop.predicate not in symmetric and contained.folds(hop.predicate)
    )


def class_pattern(cls: Node) -> list[str]:
    """``?answer`` is of a class, or of a class below it (``rdfs:subClassOf``, any depth)."""
    return [f"  ?{ANSWER} {term(RDF.type)}/{term(RDFS.subClassOf)}* {term(cls)} ."]


def related_pattern(
    hop: Hop,
    cls: Node,
    symmetric: frozenset[Node] = frozenset(),
    var: str = "other",
    contained: Inside | None = None,
) -> list[str]:
    """``?answer`` is joined by one step of a relation to something (``?var``) of a class (any depth
    below it)."""
    kind = f"{term(RDF.type)}/{term(RDFS.subClassOf)}*"
    return [f"  {_step(f'?{ANSWER}', hop, f'?{var}', symmetric, contained)}", f"  ?{var} {kind} {term(cls)} ."]


def valued_pattern(hop: Hop, value: Node, var: str = "quality") -> list[str]:
    """``?answer`` has a value equal to this one along a relation ("evergreen" true), compared as a
    value ("1"^^xsd:boolean is true)."""
    return [f"  ?{ANSWER} {term(hop.predicate)} ?{var} .", f"  FILTER(?{var} = {term(value)})"]


def without_pattern(lines: Sequence[str]) -> list[str]:
    """``?answer`` is none of what a pattern binds it to."""
    return ["  FILTER NOT EXISTS {", *(f"  {line}" for line in lines), "  }"]


def without_relation(hop: Hop, symmetric: frozenset[Node] = frozenset(), contained: Inside | None = None) -> list[str]:
    """``?answer`` has no fact of a relation (in the direction of the step)."""
    step = _step(f"?{ANSWER}", hop, "?other", symmetric, contained)
    if _folds(hop, symmetric, contained):
        return [f"  FILTER NOT EXISTS {{ {step} FILTER(?other != ?{ANSWER}) }}"]
    return [f"  FILTER NOT EXISTS {{ {step} }}"]


def without_nodes(nodes: Sequence[Node]) -> list[str]:
    """``?answer`` is none of these nodes."""
    return [f"  FILTER(?{ANSWER} NOT IN ({', '.join(term(n) for n in nodes)}))"] if nodes else []


def select(lines: Sequence[str], count: bool = False) -> str:
    """A SELECT of the nodes a pattern binds ``?answer`` to, or of how many there are (``?count``)."""
    head = f"SELECT (COUNT(DISTINCT ?{ANSWER}) AS ?count)" if count else f"SELECT DISTINCT ?{ANSWER}"
    body = "\n".join(lines)
    return f"{head} WHERE {{\n{body}\n}}"


def aggregated(lines: Sequence[str], attribute: Hop, function: str) -> str:
    """A SELECT of the sum or the average (``function``: "SUM", "AVG") of the members' values by
    ``attribute``, each member counted once (``?value``)."""
    inner = "\n".join(f"    {line.strip()}" for line in lines)
    members = f"  {{\n    SELECT DISTINCT ?{ANSWER} WHERE {{\n{inner}\n    }}\n  }}"
    body = f"{members}\n  ?{ANSWER} {term(attribute.predicate)} ?v ."
    return f"SELECT ({function}(?v) AS ?value) WHERE {{\n{body}\n}}"


#: datatypes SPARQL orders as numbers (``MAX``/``MIN``): what a superlative's SPARQL form may rank by
NUMERIC = frozenset(
    XSD[t]
    for t in ("integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger", "positiveInteger")
)


#: an IRI, a quoted literal, or a variable: variables are renamed, the others kept as they are
_TOKEN = re.compile(r'<[^>]*>|"(?:[^"\\]|\\.)*"|\?(\w+)')


def _renamed(line: str) -> str:
    return _TOKEN.sub(lambda m: m.group(0) if m.group(1) is None else f"?in_{m.group(1)}", line)


def ranked(lines: Sequence[str], attribute: Hop, largest: bool) -> str:
    """A SELECT of the members of a pattern whose (numeric) value by ``attribute`` is the largest, or
    the smallest: every one of them when several share it."""
    p = term(attribute.predicate)
    best = "MAX" if largest else "MIN"
    # the subquery's own variables (``?in_answer``...), so that no engine joins them with the outer ones
    inner = "\n".join(f"      {_renamed(line.strip())}" for line in [*lines, f"?{ANSWER} {p} ?v ."])
    body = "\n".join(
        [
            *lines,
            f"  ?{ANSWER} {p} ?value .",
            f"  {{\n    SELECT ({best}(?in_v) AS ?best) WHERE {{\n{inner}\n    }}\n  }}",
        ]
    )
    return f"SELECT DISTINCT ?{ANSWER} WHERE {{\n{body}\n  FILTER(?value = ?best)\n}}"


def reaches(lines: Sequence[str], node: Node) -> str:
    """A yes/no check as a SELECT: one row when the pattern binds ``?answer`` to ``node``, none if not."""
    return select([*lines, f"  FILTER(?{ANSWER} = {term(node)})"]).replace("SELECT DISTINCT", "SELECT", 1) + " LIMIT 1"


def chain_query(
    start: Node,
    relations: Sequence[Hop],
    symmetric: frozenset[Node] = frozenset(),
    count: bool = False,
    named: Sequence[Node] = (),
    back_to_start: bool = False,
    contained: Inside | None = None,
) -> str:
    """A SELECT of the chain's ends (``?answer``), or of how many there are (``?count``); none of the
    ``named`` things (what the question names is not its answer)."""
    others = [n for n in dict.fromkeys(named) if n != start]
    lines = chain_pattern(start, relations, symmetric, back_to_start=back_to_start, contained=contained)
    return select([*lines, *without_nodes(others)], count)


__all__ = [
    "ANSWER",
    "NUMERIC",
    "ranked",
    "reaches",
    "chain_pattern",
    "chain_query",
    "related_pattern",
    "class_pattern",
    "select",
    "without_nodes",
    "without_pattern",
    "without_relation",
]
