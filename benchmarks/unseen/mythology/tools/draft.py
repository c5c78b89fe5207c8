# Drafting helper: each question with a hand-written expected gold; runs the query and reports mismatches, then writes questions.tsv.
import rdflib, glob, sys
g = rdflib.Graph()
for f in sorted(glob.glob('/tmp/unseen/mythology/pack/**/*.ttl', recursive=True)):
    g.parse(f)
P = ("PREFIX myth: <https://example.org/mythology/> PREFIX id: <https://example.org/mythology/id/> "
     "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> ")
L = "?x rdfs:label ?l"
Q = []
def q(text, gold, shape, body):
    Q.append((text, gold, shape, body))

# ---------------- lookup
q("zeus father?", "Cronus", "lookup", f"SELECT ?l WHERE {{ id:Zeus myth:father ?x . {L} }}")
q("who is achilles' mother", "Thetis", "lookup", f"SELECT ?l WHERE {{ id:Achilles myth:mother ?x . {L} }}")
q("What does Poseidon rule over?", "sea", "lookup", f"SELECT ?l WHERE {{ id:Poseidon myth:godOf ?x . {L} }}")
q("Which animal is sacred to Athena?", "owl", "lookup", f"SELECT ?l WHERE {{ id:Athena myth:sacredAnimal ?x . {L} }}")
q("what tree is associated with apollo", "laurel", "lookup", f"SELECT ?l WHERE {{ id:Apollo myth:sacredPlant ?x . {L} }}")
q("Who composed the Odyssey?", "Homer", "lookup", f"SELECT ?l WHERE {{ id:Odyssey myth:author ?x . {L} }}")
q("When was the Iliad written?", "-750", "lookup", "SELECT ?y WHERE { id:Iliad myth:compositionYear ?y }")
q("How high is Mount Olympus?", "2917", "lookup", "SELECT ?h WHERE { id:Mount_Olympus myth:elevation ?h }")
q("Hydra heads?", "9", "lookup", "SELECT ?n WHERE { id:Lernaean_Hydra myth:headCount ?n }")
q("Where was Apollo born?", "Delos", "lookup", f"SELECT ?l WHERE {{ id:Apollo myth:birthplace ?x . {L} }}")
q("What did the Romans call Hephaestus?", "Vulcan", "lookup", "SELECT ?n WHERE { id:Hephaestus myth:romanName ?n }")
q("Who is king of the underworld?", "Hades", "lookup", f"SELECT ?l WHERE {{ ?x myth:rules id:Underworld . {L} }}")
q("who did perseus kill", "Medusa", "lookup", f"SELECT ?l WHERE {{ id:Perseus myth:slew ?x . {L} }}")
q("Which city was founded by Cadmus?", "Thebes", "lookup", f"SELECT ?l WHERE {{ id:Cadmus myth:founded ?x . {L} }}")
q("Who was Jason's wife?", "Medea", "lookup", f"SELECT ?l WHERE {{ {{ id:Jason myth:spouse ?x }} UNION {{ ?x myth:spouse id:Jason }} . {L} }}")
q("In what year did Delphi become a UNESCO World Heritage Site?", "1987", "lookup", "SELECT ?y WHERE { id:Delphi myth:worldHeritageYear ?y }")
q("Who set Heracles his twelve labours?", "Eurystheus", "lookup", f"SELECT ?l WHERE {{ id:Labours_of_Heracles myth:assignedBy ?x . {L} }}")
q("How long did the Trojan War last?", "10", "lookup", "SELECT ?d WHERE { id:Trojan_War myth:durationYears ?d }")
q("what creature guards the underworld", "Cerberus", "lookup", f"SELECT ?l WHERE {{ ?x myth:guards id:Underworld . {L} }}")
q("Which winged horse did Bellerophon ride?", "Pegasus", "lookup", f"SELECT ?l WHERE {{ id:Bellerophon myth:steed ?x . {L} }}")
q("which god sent the Cretan bull", "Poseidon", "lookup", f"SELECT ?l WHERE {{ id:Cretan_Bull myth:sentBy ?x . {L} }}")
q("How many books is the Aeneid divided into?", "12", "lookup", "SELECT ?n WHERE { id:Aeneid myth:bookCount ?n }")
q("who was hephaestus maried to", "Aphrodite", "lookup", f"SELECT ?l WHERE {{ {{ id:Hephaestus myth:spouse ?x }} UNION {{ ?x myth:spouse id:Hephaestus }} . {L} }}")
q("Where did the Judgement of Paris happen?", "Mount Ida (Troad)", "lookup", f"SELECT ?l WHERE {{ id:Judgement_of_Paris myth:location ?x . {L} }}")
q("who wrote antigone", "Sophocles", "lookup", f"SELECT ?l WHERE {{ id:Antigone_play myth:author ?x . {L} }}")
q("How many Muses were there?", "9", "lookup", "SELECT ?n WHERE { id:Muses myth:memberCount ?n }")

# ---------------- multihop
q("Medea was a granddaughter of which sun god through her father?", "Helios", "multihop", f"SELECT ?l WHERE {{ id:Medea myth:father/myth:father ?x . {L} }}")
q("Who is the mother of the god who killed Python?", "Leto", "multihop", f"SELECT ?l WHERE {{ ?g myth:slew id:Python . ?g myth:mother ?x . {L} }}")
q("My teacher said Heracles was born in a famous Greek city; which kings ruled that city?", "Cadmus|Laius|Oedipus", "multihop", f"SELECT ?l WHERE {{ id:Heracles myth:birthplace ?c . ?x myth:rules ?c . {L} }}")
q("Who wrote the poem about the voyage of the Argo?", "Apollonius of Rhodes", "multihop", f"SELECT ?l WHERE {{ ?w myth:narrates id:Voyage_of_the_Argo . ?w myth:author ?x . {L} }}")
q("What plant is sacred to the mother of Ares?", "pomegranate", "multihop", f"SELECT ?l WHERE {{ id:Ares myth:mother/myth:sacredPlant ?x . {L} }}")
q("who trained the son of Thetis", "Chiron", "multihop", f"SELECT ?l WHERE {{ ?s myth:mother id:Thetis . ?s myth:tutoredBy ?x . {L} }}")
q("Who made the weapon that Poseidon carries?", "Cyclopes", "multihop", f"SELECT ?l WHERE {{ ?w myth:owner id:Poseidon ; a myth:Weapon ; myth:madeBy ?x . {L} }}")
q("In which city does the Parthenon stand?", "Athens", "multihop", f"SELECT ?l WHERE {{ id:Parthenon myth:locatedIn/myth:locatedIn ?x . ?x a myth:City . {L} }}")
q("Who was the father of Dionysus's mother?", "Cadmus", "multihop", f"SELECT ?l WHERE {{ id:Dionysus myth:mother/myth:father ?x . {L} }}")
q("Which god fathered the creature that Bellerophon rode?", "Poseidon", "multihop", f"SELECT ?l WHERE {{ id:Bellerophon myth:steed/myth:father ?x . {L} }}")
q("Where does the teacher of Asclepius live?", "Mount Pelion", "multihop", f"SELECT ?l WHERE {{ id:Asclepius myth:tutoredBy/myth:abode ?x . {L} }}")
q("Which hero had one of the Muses as his mother?", "Orpheus", "multihop", f"SELECT ?l WHERE {{ ?x myth:mother ?m . ?m myth:memberOf id:Muses . ?x a myth:Hero . {L} }}")
q("who killed oedipus's father", "Oedipus", "multihop", f"SELECT ?l WHERE {{ id:Oedipus myth:father ?f . ?x myth:slew ?f . {L} }}")
q("the parthenon was built for a goddess - what was she the goddess of?", "wisdom|war", "multihop", f"SELECT ?l WHERE {{ id:Parthenon myth:dedicatedTo/myth:godOf ?x . {L} }}")
q("Who was king of the land where the Golden Fleece was sought?", "Aeëtes", "multihop", f"SELECT ?l WHERE {{ ?q myth:soughtObject id:golden_fleece ; myth:location ?p . ?x myth:rules ?p . {L} }}")
q("What did the god the Romans called Mercury kill?", "Argus Panoptes", "multihop", f"SELECT ?l WHERE {{ ?g myth:romanName \"Mercury\" ; myth:slew ?x . {L} }}")

# ---------------- count
q("How many labours did Heracles perform?", "12", "count", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a myth:Labour ; myth:partOf id:Labours_of_Heracles }")
q("How many children did Cronus have with Rhea?", "6", "count", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x myth:father id:Cronus ; myth:mother id:Rhea }")
q("how many offspring did Typhon and Echidna have", "5", "count", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x myth:father id:Typhon ; myth:mother id:Echidna }")
q("How many monsters did Heracles slay?", "6", "count", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { id:Heracles myth:slew ?x . ?x a/rdfs:subClassOf* myth:Monster }")
q("How many characters appear in the Odyssey?", "8", "count", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { id:Odyssey myth:character ?x }")
q("How many gods are associated with war?", "2", "count", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x myth:godOf id:war }")
q("how many tragedies did sophocles write", "2", "count", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a myth:Tragedy ; myth:author id:Sophocles }")
q("How many of Zeus's children are Olympian gods?", "6", "count", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x myth:father id:Zeus ; a myth:OlympianGod }")
q("How many of these mythological places are UNESCO World Heritage Sites?", "6", "count", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x myth:worldHeritageYear ?y }")
q("How many temples were built for Zeus?", "2", "count", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a myth:Temple ; myth:dedicatedTo id:Zeus }")
q("how many sea gods are there", "2", "count", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x myth:godOf id:sea }")
q("how many works are attributed to Homer?", "2", "count", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x myth:author id:Homer }")

# ---------------- superlative
q("Which monster has the most heads?", "Typhon", "superlative", f"SELECT ?l WHERE {{ ?x myth:headCount ?n . {L} }} ORDER BY DESC(?n) LIMIT 1")
q("whats the highest mountian?", "Mount Olympus", "superlative", f"SELECT ?l WHERE {{ ?x a myth:Mountain ; myth:elevation ?h . {L} }} ORDER BY DESC(?h) LIMIT 1")
q("What is the oldest literary work?", "Iliad", "superlative", f"SELECT ?l WHERE {{ ?x myth:compositionYear ?y . {L} }} ORDER BY ?y LIMIT 1")
q("Which epic poem has the most lines?", "Iliad", "superlative", f"SELECT ?l WHERE {{ ?x a myth:EpicPoem ; myth:lineCount ?n . {L} }} ORDER BY DESC(?n) LIMIT 1")
q("Which of the tragedians was born first?", "Aeschylus", "superlative", f"SELECT ?l WHERE {{ ?w a myth:Tragedy ; myth:author ?x . ?x myth:birthYear ?b . {L} }} ORDER BY ?b LIMIT 1")
q("Which temple was completed earliest?", "Temple of Zeus at Olympia", "superlative", f"SELECT ?l WHERE {{ ?x a myth:Temple ; myth:completionYear ?y . {L} }} ORDER BY ?y LIMIT 1")
q("Which site was most recently added to the World Heritage list?", "Mycenae", "superlative", f"SELECT ?l WHERE {{ ?x myth:worldHeritageYear ?y . {L} }} ORDER BY DESC(xsd:integer(str(?y))) LIMIT 1")
q("What is the northernmost place?", "Mount Olympus", "superlative", f"SELECT ?l WHERE {{ ?x myth:latitude ?lat . {L} }} ORDER BY DESC(?lat) LIMIT 1")
q("Which place lies furthest east?", "Troy", "superlative", f"SELECT ?l WHERE {{ ?x myth:longitude ?lon . {L} }} ORDER BY DESC(?lon) LIMIT 1")
q("Which god is in charge of the most areas of life?", "Apollo", "superlative", f"SELECT ?l WHERE {{ ?x myth:godOf ?d . {L} }} GROUP BY ?x ?l ORDER BY DESC(COUNT(DISTINCT ?d)) LIMIT 1")
q("Who has the most kills in Greek myth?", "Heracles", "superlative", f"SELECT ?l WHERE {{ ?x myth:slew ?v . {L} }} GROUP BY ?x ?l ORDER BY DESC(COUNT(DISTINCT ?v)) LIMIT 1")
q("Which work has the largest cast of characters?", "Iliad", "superlative", f"SELECT ?l WHERE {{ ?x myth:character ?c . {L} }} GROUP BY ?x ?l ORDER BY DESC(COUNT(DISTINCT ?c)) LIMIT 1")
q("Who fathered the most children?", "Zeus", "superlative", f"SELECT ?l WHERE {{ ?c myth:father ?x . {L} }} GROUP BY ?x ?l ORDER BY DESC(COUNT(DISTINCT ?c)) LIMIT 1")
q("Which site was the first to be excavated?", "Olympia", "superlative", f"SELECT ?l WHERE {{ ?x myth:excavationStart ?y . {L} }} ORDER BY xsd:integer(str(?y)) LIMIT 1")
q("which author died most recently", "Virgil", "superlative", f"SELECT ?l WHERE {{ ?x myth:deathYear ?y . {L} }} ORDER BY DESC(?y) LIMIT 1")

# ---------------- comparative
q("Which is higher, Mount Parnassus or Mount Ida in Crete?", "Mount Parnassus", "comparative", f"SELECT ?l WHERE {{ VALUES ?x {{ id:Mount_Parnassus id:Mount_Ida_Crete }} ?x myth:elevation ?h . {L} }} ORDER BY DESC(?h) LIMIT 1")
q("Which is older, the Odyssey or the Iliad?", "Iliad", "comparative", f"SELECT ?l WHERE {{ VALUES ?x {{ id:Odyssey id:Iliad }} ?x myth:compositionYear ?y . {L} }} ORDER BY ?y LIMIT 1")
q("Which mountains are over 2000 metres high?", "Mount Olympus|Mount Parnassus|Mount Ida (Crete)", "comparative", f"SELECT ?l WHERE {{ ?x a myth:Mountain ; myth:elevation ?h FILTER(?h > 2000) . {L} }}")
q("Which works were composed after 500 BC?", "Agamemnon|Oedipus Rex|Antigone|Medea|Argonautica|Aeneid", "comparative", f"SELECT ?l WHERE {{ ?x myth:compositionYear ?y FILTER(?y > -500) . {L} }}")
q("Which tragedys are older than Medea?", "Agamemnon|Antigone", "comparative", f"SELECT ?l WHERE {{ id:Medea_play myth:compositionYear ?m . ?x a myth:Tragedy ; myth:compositionYear ?y FILTER(?y < ?m) . {L} }}")
q("Which creatures have more than three heads?", "Typhon|Lernaean Hydra|Scylla|Briareus", "comparative", f"SELECT ?l WHERE {{ ?x myth:headCount ?n FILTER(?n > 3) . {L} }}")
q("Does the Iliad or the Aeneid have more books?", "Iliad", "comparative", f"SELECT ?l WHERE {{ VALUES ?x {{ id:Iliad id:Aeneid }} ?x myth:bookCount ?n . {L} }} ORDER BY DESC(?n) LIMIT 1")
q("Which sites got World Heritage status before 1990?", "Delphi|Acropolis of Athens|Olympia", "comparative", f"SELECT ?l WHERE {{ ?x myth:worldHeritageYear ?y FILTER(xsd:integer(str(?y)) < 1990) . {L} }}")
q("Which is further south, Olympia or Mycenae?", "Olympia", "comparative", f"SELECT ?l WHERE {{ VALUES ?x {{ id:Olympia id:Mycenae }} ?x myth:latitude ?lat . {L} }} ORDER BY ?lat LIMIT 1")
q("Which temples were finished before 430 BC?", "Temple of Zeus at Olympia|Parthenon|Temple of Poseidon at Sounion", "comparative", f"SELECT ?l WHERE {{ ?x a myth:Temple ; myth:completionYear ?y FILTER(?y < -430) . {L} }}")
q("who was born earlier, sophocles or euripides?", "Sophocles", "comparative", f"SELECT ?l WHERE {{ VALUES ?x {{ id:Sophocles id:Euripides }} ?x myth:birthYear ?b . {L} }} ORDER BY ?b LIMIT 1")
q("Which authors lived to be more than 70?", "Sophocles|Euripides", "comparative", f"SELECT ?l WHERE {{ ?x myth:birthYear ?b ; myth:deathYear ?d FILTER(?d - ?b > 70) . {L} }}")

# ---------------- intersection
q("Which gods are children of both Zeus and Leto?", "Apollo|Artemis", "intersection", f"SELECT ?l WHERE {{ ?x myth:father id:Zeus ; myth:mother id:Leto . {L} }}")
q("What animal is sacred to both Apollo and Aphrodite?", "swan", "intersection", f"SELECT ?l WHERE {{ id:Apollo myth:sacredAnimal ?x . id:Aphrodite myth:sacredAnimal ?x . {L} }}")
q("Who appears in both the Iliad and the Odyssey?", "Odysseus", "intersection", f"SELECT ?l WHERE {{ id:Iliad myth:character ?x . id:Odyssey myth:character ?x . {L} }}")
q("Which goddesses took part in the Judgement of Paris and also appear in the Aeneid?", "Hera|Aphrodite", "intersection", f"SELECT ?l WHERE {{ id:Judgement_of_Paris myth:participant ?x . id:Aeneid myth:character ?x . ?x a/rdfs:subClassOf* myth:Deity . {L} }}")
q("I'm reading about the Argonauts - which of the characters in the Argonautica were actually trained by the centaur Chiron?", "Jason", "intersection", f"SELECT ?l WHERE {{ id:Argonautica myth:character ?x . ?x myth:tutoredBy id:Chiron . {L} }}")
q("Which god of war has the owl as sacred animal?", "Athena", "intersection", f"SELECT ?l WHERE {{ ?x myth:godOf id:war ; myth:sacredAnimal id:owl . {L} }}")
q("Which places are sacred to Apollo and also World Heritage Sites?", "Delphi|Delos", "intersection", f"SELECT ?l WHERE {{ ?x myth:dedicatedTo id:Apollo ; myth:worldHeritageYear ?y . {L} }}")
q("Which offspring of Typhon have exactly three heads?", "Cerberus|Chimera", "intersection", f"SELECT ?l WHERE {{ ?x myth:father id:Typhon ; myth:headCount 3 . {L} }}")

# ---------------- yes/no
q("Is Ares a son of Hera?", "yes", "yesno", "ASK { id:Ares myth:mother id:Hera }")
q("Was Hephaestus married to Athena?", "no", "yesno", "ASK { { id:Hephaestus myth:spouse id:Athena } UNION { id:Athena myth:spouse id:Hephaestus } }")
q("Is the owl sacred to Athena?", "yes", "yesno", "ASK { id:Athena myth:sacredAnimal id:owl }")
q("Did Achilles kill Paris?", "no", "yesno", "ASK { id:Achilles myth:slew id:Paris }")
q("Is Mount Olympus more than 3000 m high?", "no", "yesno", "ASK { id:Mount_Olympus myth:elevation ?h FILTER(?h > 3000) }")
q("did homer write the theogony", "no", "yesno", "ASK { id:Theogony myth:author id:Homer }")
q("Is Delphi sacred to Apollo?", "yes", "yesno", "ASK { id:Delphi myth:dedicatedTo id:Apollo }")
q("Was Chiron a son of Cronus?", "yes", "yesno", "ASK { id:Chiron myth:father id:Cronus }")
q("Did the Trojan War last longer than Heracles' labours?", "no", "yesno", "ASK { id:Trojan_War myth:durationYears ?a . id:Labours_of_Heracles myth:durationYears ?b FILTER(?a > ?b) }")
q("Is Cerberus one of Echidna's children?", "yes", "yesno", "ASK { id:Cerberus myth:mother id:Echidna }")

# ---------------- hierarchy
q("Which mortals appear in the Odyssey?", "Odysseus|Penelope|Tiresias", "hierarchy", f"SELECT ?l WHERE {{ id:Odyssey myth:character ?x . ?x a/rdfs:subClassOf* myth:Mortal . {L} }}")
q("What monsters does Odysseus meet in the Odyssey?", "Polyphemus|Scylla", "hierarchy", f"SELECT ?l WHERE {{ id:Odyssey myth:character ?x . ?x a/rdfs:subClassOf* myth:Monster . {L} }}")
q("List all the minor deities.", "Nereus|Eris|Asclepius|Circe|Thetis|Amphitrite|Maia|Calliope", "hierarchy", f"SELECT ?l WHERE {{ ?x a/rdfs:subClassOf* myth:MinorDeity . {L} }}")
q("Which of Gaia's children are gods?", "Uranus|Cronus|Rhea|Oceanus|Iapetus|Themis|Mnemosyne", "hierarchy", f"SELECT ?l WHERE {{ ?x myth:mother id:Gaia ; a/rdfs:subClassOf* myth:Deity . {L} }}")
q("What sanctuaries are there?", "Delphi|Olympia|Acropolis of Athens", "hierarchy", f"SELECT ?l WHERE {{ ?x a/rdfs:subClassOf* myth:Sanctuary . {L} }}")
q("Which of the literary works are poems?", "Iliad|Odyssey|Theogony|Argonautica|Aeneid", "hierarchy", f"SELECT ?l WHERE {{ ?x a/rdfs:subClassOf* myth:Poem . {L} }}")
q("Which of Zeus's children were mortal?", "Heracles|Perseus|Minos|Helen", "hierarchy", f"SELECT ?l WHERE {{ ?x myth:father id:Zeus ; a/rdfs:subClassOf* myth:Mortal . {L} }}")
q("which objects belong to gods", "thunderbolt|trident|Helm of Darkness|caduceus|lyre|adamantine sickle", "hierarchy", f"SELECT ?l WHERE {{ ?x myth:owner ?o . ?o a/rdfs:subClassOf* myth:Deity . {L} }}")

# ---------------- negation
q("Which Olympian god has no father?", "Hephaestus", "negation", f"SELECT ?l WHERE {{ ?x a myth:OlympianGod . FILTER NOT EXISTS {{ ?x myth:father ?f }} {L} }}")
q("Which epic poems were not written by Homer?", "Argonautica|Aeneid", "negation", f"SELECT ?l WHERE {{ ?x a myth:EpicPoem . FILTER NOT EXISTS {{ ?x myth:author id:Homer }} {L} }}")
q("Which Olympians never married?", "Demeter|Hestia|Athena|Apollo|Artemis|Ares|Hermes", "negation", f"SELECT ?l WHERE {{ ?x a myth:OlympianGod . FILTER NOT EXISTS {{ {{ ?x myth:spouse ?s }} UNION {{ ?s myth:spouse ?x }} }} {L} }}")
q("Which children of Typhon were not killed by Heracles?", "Cerberus|Chimera", "negation", f"SELECT ?l WHERE {{ ?x myth:father id:Typhon . FILTER NOT EXISTS {{ id:Heracles myth:slew ?x }} {L} }}")
q("Which of Chiron's pupils did not sail on the Argo?", "Achilles|Asclepius", "negation", f"SELECT ?l WHERE {{ ?x myth:tutoredBy id:Chiron . FILTER NOT EXISTS {{ id:Voyage_of_the_Argo myth:participant ?x }} {L} }}")

# ---------------- unanswerable
for t in ["What colour were Athena's eyes?",
          "How many ships did Agamemnon bring to Troy?",
          "What language was the Aeneid written in?",
          "How tall was the gold and ivory statue inside the Parthenon?",
          "Who is the Norse god of thunder?",
          "how many lines does the mahabharata have",
          "What is Hermes' favourite food?",
          "How old was Achilles when he died?"]:
    q(t, "NOT_IN_GRAPH", "unanswerable", "-")

def run(body):
    r = g.query(P + body)
    if r.type == 'ASK':
        return ['yes' if r.askAnswer else 'no']
    return [str(row[0]) for row in r]

bad = 0
for text, gold, shape, body in Q:
    if body == '-': continue
    got = run(body)
    if sorted(set(got)) != sorted(set(gold.split('|'))):
        bad += 1
        print('MISMATCH:', text, '| gold', gold, '| got', got)
from collections import Counter
print(Counter(s for _, _, s, _ in Q), len(Q), 'bad', bad)
if '--write' in sys.argv and bad == 0:
    with open('/tmp/unseen/mythology/questions.tsv', 'w') as f:
        f.write("# question<TAB>answers (|-separated rdfs:labels, literal values, yes/no, counts, or NOT_IN_GRAPH)<TAB>shape<TAB>sparql (one line; '-' when unanswerable)\n")
        for text, gold, shape, body in Q:
            assert '\t' not in text + gold + body
            f.write('\t'.join([text, gold, shape, body if body == '-' else P + body]) + '\n')
    print('written')
