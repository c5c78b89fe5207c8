"""The small kgqa vocabulary that packs use to guide verbalization and linking."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, Namespace, URIRef

KGQA = Namespace("https://kgqa.dev/ns#")

#: ``kgqa:template "{subject} was directed by {object}."`` on a predicate.
TEMPLATE = KGQA.template
#: ``kgqa:inverseLabel "directed"`` on a predicate: how the relation reads backwards.
INVERSE_LABEL = KGQA.inverseLabel

#: ``kgqa:cueWord "describe"`` on a predicate: a word questions use to ask for the relation, though
#: it is not a name of it (learned from question/answer pairs, or written by an expert).
CUE_WORD = KGQA.cueWord

#: A chain matcher trained on the pack (``kgqa train``): ``kgqa:chainMatcher "<folder name>"`` on a
#: node of its own, with how it was made (base model, examples, alpha, held-out accuracy, time).
CHAIN_MATCHER = KGQA.chainMatcher
#: A reader tuned on the pack (``kgqa train --reader``): ``kgqa:tunedReader "<folder name>"``, likewise.
TUNED_READER = KGQA.tunedReader
MATCHER_PREDICATES: tuple[URIRef, ...] = (
    CHAIN_MATCHER,
    TUNED_READER,
    KGQA.baseModel,
    KGQA.trainingExamples,
    KGQA.alpha,
    KGQA.heldOutAccuracy,
    KGQA.trainedAt,
)

#: Predicates whose objects name their subject.
LABEL_PREDICATES: tuple[URIRef, ...] = (RDFS.label, SKOS.prefLabel)
ALT_LABEL_PREDICATES: tuple[URIRef, ...] = (SKOS.altLabel,)
#: Predicates whose objects say in a sentence what their subject means.
GLOSS_PREDICATES: tuple[URIRef, ...] = (RDFS.comment, SKOS.definition)

#: Predicates that describe the schema or the names of things, not facts about the domain.
NON_FACT_PREDICATES: frozenset[URIRef] = frozenset(
    {
        RDFS.label,
        SKOS.prefLabel,
        SKOS.altLabel,
        RDFS.comment,
        SKOS.definition,
        RDFS.domain,
        RDFS.range,
        RDFS.subPropertyOf,
        RDFS.subClassOf,
        OWL.inverseOf,
        OWL.equivalentProperty,
        TEMPLATE,
        INVERSE_LABEL,
        CUE_WORD,
        *MATCHER_PREDICATES,
    }
)

#: Types whose instances are schema terms (their triples are not domain facts).
SCHEMA_TYPES: frozenset[URIRef] = frozenset(
    {RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.Class, RDFS.Class, OWL.Ontology}
    # what a property is like, said of predicates: schema, not classes of things
    | {OWL.SymmetricProperty, OWL.TransitiveProperty, OWL.FunctionalProperty, OWL.InverseFunctionalProperty}
    | {OWL.AsymmetricProperty, OWL.IrreflexiveProperty, OWL.ReflexiveProperty, OWL.AnnotationProperty}
)
