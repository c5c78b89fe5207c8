"""Yes/no claims (``ClaimPrograms._yesno``): two entities compared, an entity's value, a true/false
fact, a class, whether a set has a member, or a relation that links entities. "Was Jaws released
in 1975?", "Is Styx a moon?", "Did any Kubrick film win Best Picture?", "Did Achilles kill Paris?".
"""

from __future__ import annotations

from lemminflect import getAllLemmas
from rdflib import RDF, XSD, Literal
from rdflib.term import Node

from ...knowledge.terms import Triple
from ...text import normalize
from .. import sparql
from ..answer import Step
from ..linking import Mention
from ..retrieval import Retrieval, ScoredPath
from ..shapes import Filter, Order, Shape
from ..values import Value
from .base import Outcome, _filter_text, _passes, _saying, _yes, chain_reading
from .choices import ChoicePrograms
from .members import MemberReadings


class ClaimPrograms(ChoicePrograms, MemberReadings):
    """Fact checks: yes or no."""

    def _yesno(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """A fact check: a comparison, an attribute value, a class, or a link between entities."""
        than = next((f for f in shape.filters if f.than), None)
        if shape.order is not None and shape.order.dimension == "count" and len(mentions) >= 2:
            return self._compare_counts(shape, r, mentions, claim=True)
        if len(mentions) >= 2 and (shape.order is not None or than):
            return self._compare_claim(shape, r, mentions)
        if "any" in shape.tokens:
            exists = self._exists(shape, r, mentions)
            if exists is not None:
                return exists
        values = [f for f in shape.filters if not f.than] or _bare_numbers(shape, mentions)
        if len(mentions) == 1 and values:
            return self._value_claim(shape, r, mentions[0], values[0])
        if len(mentions) == 1:
            return self._boolean_claim(shape, mentions[0]) or self._class_claim(shape, mentions[0])
        if len(mentions) >= 3 and (shape.both or "and" in shape.tokens):
            return self._all_claims(shape, r, mentions)
        if len(mentions) >= 2:  # the two clearest names (a tag such as "film" beside them is noise)
            a, b = sorted(sorted(mentions, key=lambda m: -m.score)[:2], key=lambda m: m.start)
            return self._link_claim(shape, r, a, b)
        return None

    def _boolean_claim(self, shape: Shape, m: Mention) -> Outcome | None:
        """ "Has copper been *known since* ancient times?": a true/false value the pack records for the
        entity, by a relation a word of the question names."""
        labels = self.graph.labels
        taken = set(range(m.start, m.end))
        for hop, pairs in self.hoods.all_grouped(m.nodes[0]).items():
            if not hop.forward or len(pairs) != 1:
                continue
            value, triple = pairs[0]
            if not isinstance(value, Literal) or value.datatype != XSD.boolean:
                continue
            at = _saying(shape, self._relation_words(hop)) - taken
            if not at:
                continue
            holds = bool(value.toPython())
            name = labels.predicate_label(hop.predicate)
            steps = [Step("verify", (f"{name} of {labels.label(m.nodes[0])}",), _yes(holds))]
            explained = taken | at | shape.explained
            return Outcome("yesno", _yes(holds), [], [triple], steps, 0.9 if len(m.nodes) == 1 else 0.5, explained)
        return None

    def _exists(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "Did any Kubrick film win Best Picture?", "Has any spacecraft other than Voyager 2 visited
        Uranus?": whether the set the question describes has a member."""
        members = self._members(shape, r, mentions)
        if members is None or not members.chains:
            return None
        holds = bool(members.nodes)
        members.steps.append(Step("exists", (), _yes(holds)))
        triples = [t for n in members.nodes[:5] for t in members.evidence.get(n, ())]
        explained = members.explained | shape.explained | {i for i, t in enumerate(shape.tokens) if t == "any"}
        confidence = 0.85 if members.named else 0.5
        return Outcome("yesno", _yes(holds), members.nodes[:10], triples, members.steps, confidence, explained)

    def _link_claim(self, shape: Shape, r: Retrieval, a: Mention, b: Mention) -> Outcome:
        """Whether the relation the question names links the two entities (closed world: a named
        relation that does not link them says no)."""
        taken = set(range(a.start, a.end)) | set(range(b.start, b.end))
        chains = [p for p in [*r.paths, *r.linked_only] if p.mention in (a, b)]
        naming = {id(p): self._named_hops(shape, p, taken) / len(p.result.relations) for p in chains}
        hits = [p for p in chains if _reaches(p, a, b) and p.features.get("repeat", 0.0) >= 0]
        # "did Achilles kill Paris" where Paris *slew* Achilles: a link against the verb's direction
        # is no link (a relation named by a verb's past form says who did it)
        against = [
            p
            for p in hits
            if self._turned(shape, p, a)
            and _verb_label(self.graph.labels.predicate_label(p.result.relations[0].predicate))
            and p.result.relations[0].predicate not in self.hoods.symmetric
        ]
        hits = [p for p in hits if p not in against]
        hit = max(hits, key=lambda p: (naming[id(p)], p.score)) if hits else None
        named = [p for p in chains if naming[id(p)] > 0]
        best_named = max(named, key=lambda p: (naming[id(p)], p.score)) if named else None
        explained = set(range(a.start, a.end)) | set(range(b.start, b.end)) | shape.explained
        used: ScoredPath | None
        if best_named is not None:
            holds = hit is not None and naming[id(hit)] >= naming[id(best_named)]
            used = hit if holds and hit is not None else best_named
            confidence = 0.9 if naming[id(best_named)] >= 1.0 else 0.6
        else:  # no word names a relation: a direct link is what is asked; a longer one is a guess
            direct = [p for p in hits if len(p.result.relations) == 1]
            hit = max(direct, key=lambda p: p.score) if direct else hit
            holds = hit is not None and len(hit.result.relations) == 1
            used = hit if hit is not None else (r.best if r.best is not None else None)
            confidence = 0.75 if holds else 0.5
        if holds and hit is not None and self._turned(shape, hit, a):
            confidence = min(confidence, 0.5)
        if against and not holds:
            confidence = min(confidence, 0.6)  # (the pack's label may be a participle read the other way)
        explained |= self.chain_positions(shape, used)
        query = ""
        if used is not None and (used is hit) == holds:  # the query says what was checked
            other = b if used.mention == a else a
            query = sparql.reaches(self._chain_pattern(used, "step"), other.nodes[0])
        triples = _chain_triples(used, b.nodes if used is not None and used.mention == a else a.nodes)
        step = Step(
            "verify",
            (
                chain_reading(used, self.graph),
                self.graph.labels.label((b if used is None or used.mention == a else a).nodes[0]),
            ),
            _yes(holds),
        )
        return Outcome("yesno", _yes(holds), [], triples, [step], confidence, explained, sparql=query)

    def _turned(self, shape: Shape, hit: ScoredPath, a: Mention) -> bool:
        """Whether a one-step link may run the other way than the question says: "did *Achilles* kill
        Paris" asks Achilles as the subject of the verb, and the link found has him as its object (a
        relation named by a verb, "slew", not by a passive, "killed by"). Whether the label is a verb
        or a noun ("killer": the object did it) English alone cannot tell, so this only lowers the
        confidence."""
        if shape.tokens[0] not in ("did", "does", "do") or "by" in shape.tokens or len(hit.result.relations) != 1:
            return False
        hop = hit.result.relations[0]
        forward = hop.forward == (hit.mention == a)  # read from the question's subject
        label = normalize(self.graph.labels.predicate_label(hop.predicate)).split()
        return not forward and bool(label) and label[-1] != "by"

    def _all_claims(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "Were A and B both X?": each subject checked against the last entity named."""
        target = mentions[-1]
        outcomes = [self._link_claim(shape, r, m, target) for m in mentions[:-1]]
        holds = all(o.text == "yes" for o in outcomes)
        steps = [s for o in outcomes for s in o.steps]
        explained = set().union(*(o.explained for o in outcomes))
        triples = [t for o in outcomes for t in o.triples]
        return Outcome("yesno", _yes(holds), [], triples, steps, min(o.confidence for o in outcomes), explained)

    def _value_claim(self, shape: Shape, r: Retrieval, m: Mention, f: Filter) -> Outcome | None:
        """ "Was Jaws released in 1975?": the entity's value of the attribute the question names."""
        node = m.nodes[0]
        attribute = self._attribute([node], shape, shape.order, f)
        if attribute is None or node not in attribute.values:
            return None
        value, triple = attribute.values[node]
        converted = self._in_unit_of(f, attribute.hop)  # "more than an hour" over minutes
        if converted is None:
            return None
        f = converted
        holds = _passes(value, f)
        explained = set(range(m.start, m.end)) | shape.explained | attribute.explained | set(range(*f.span))
        confidence = 0.9 if attribute.named else 0.6
        step = Step("verify", (f"{attribute.name} of {self.graph.labels.label(node)} {_filter_text(f)}",), _yes(holds))
        return Outcome("yesno", _yes(holds), [node], [triple], [step], confidence, explained)

    def _class_claim(self, shape: Shape, m: Mention) -> Outcome | None:
        """ "Is Styx a moon?": the entity's classes."""
        found = self._named_class(shape.tokens, {(m.start, m.end)})
        if found is None:
            return None
        cls, span = found
        node = m.nodes[0]
        types = [t for t in self.graph.store.triples((node, RDF.type, None))]
        holds = self.graph.taxonomy.is_a(node, cls)
        explained = set(range(m.start, m.end)) | set(range(*span)) | shape.explained
        step = Step("isa", (self.graph.labels.label(node), self.graph.labels.label(cls)), _yes(holds))
        return Outcome("yesno", _yes(holds), [node], types[:3], [step], 0.9, explained)

    def _compare_claim(self, shape: Shape, r: Retrieval, mentions: list[Mention]) -> Outcome | None:
        """ "Is Fargo older than The Dark Knight?", "Did Casablanca come out after Interstellar?": the
        first entity against the second."""
        order = shape.order
        if order is None or order.dimension == "count":
            f = next(f for f in shape.filters if f.than)
            order = Order(1 if f.op in (">", ">=") else -1, f.dimension or "", (f.text,), f.span, False)
        a, b = mentions[0], mentions[1]
        attribute = self._attribute([a.nodes[0], b.nodes[0]], shape, order, None)
        if attribute is None or a.nodes[0] not in attribute.values or b.nodes[0] not in attribute.values:
            return None
        (va, ta), (vb, tb) = attribute.values[a.nodes[0]], attribute.values[b.nodes[0]]
        holds = (va.amount - vb.amount) * order.direction > 0
        labels = self.graph.labels
        args = (attribute.name, f"{labels.label(a.nodes[0])} {va}", f"{labels.label(b.nodes[0])} {vb}")
        step = Step("compare", args, _yes(holds))
        explained = set(range(a.start, a.end)) | set(range(b.start, b.end)) | shape.explained | attribute.explained
        confidence = 0.9 if attribute.named else 0.55
        return Outcome("comparison", _yes(holds), [a.nodes[0], b.nodes[0]], [ta, tb], [step], confidence, explained)


def _verb_label(label: str) -> bool:
    """Whether a relation's name ends in a verb's inflected form ("slew", "wrote", "directed"), not a
    noun ("killer", "father") or a passive ("killed by")."""
    words = normalize(label).split()
    if not words or words[-1] == "by":
        return False
    lemmas = getAllLemmas(words[-1]).get("VERB", ())
    return any(lemma != words[-1] for lemma in lemmas)


def _bare_numbers(shape: Shape, mentions: list[Mention]) -> list[Filter]:
    """Numbers outside entity names in a yes/no question: "Is 1971 the year Charon was discovered?"."""
    inside = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    for i, t in enumerate(shape.tokens):
        if t.isdigit() and i not in inside:
            out.append(Filter("=", Value(float(t), False), None, (i, i + 1), t))
    return out


def _reaches(p: ScoredPath, a: Mention, b: Mention) -> bool:
    """Whether a chain from one of two mentions reaches the other."""
    if p.mention == a:
        return any(n in p.result.ends for n in b.nodes)
    return p.mention == b and any(n in p.result.ends for n in a.nodes)


def _chain_triples(p: ScoredPath | None, targets: tuple[Node, ...]) -> list[Triple]:
    if p is None:
        return []
    for n in targets:
        if n in p.result.ends:
            return list(p.result.ends[n])
    return [t for chain in list(p.result.ends.values())[:3] for t in chain]
