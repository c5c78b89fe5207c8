"""Writes questions.tsv from the list below.

Each SPARQL query is written with short prefixes; the PREFIX declarations it
needs are put in front of it so that every line of questions.tsv is a
self-contained query. The gold answers were written by hand and are checked
against the pack by check.py.
"""
import os

PREFIXES = {
    "m": "https://example.org/music/",
    "": "https://example.org/music/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# label helper: ?x rdfs:label ?l
L = "rdfs:label"
# integer value of a gYear
def Y(v):
    return f"xsd:integer(str({v}))"

Q = []
def q(question, answers, shape, sparql):
    Q.append((question, answers, shape, " ".join(sparql.split())))

# ---------------------------------------------------------------- lookup
q("Who compossed Die Fledermaus?", "Johann Strauss II", "lookup",
  f"SELECT ?l WHERE {{ :Fledermaus m:composer ?c . ?c {L} ?l }}")
q("when was gustav mahler born", "1860", "lookup",
  "SELECT ?y WHERE { :Mahler m:birthYear ?y }")
q("Who wrote the words for Verdi's Otello?", "Arrigo Boito", "lookup",
  f"SELECT ?l WHERE {{ :Otello m:librettist ?p . ?p {L} ?l }}")
q("What year was Carmen first staged?", "1875", "lookup",
  "SELECT ?y WHERE { :Carmen m:premiereYear ?y }")
q("What key is the Moonlight Sonata in?", "C-sharp minor", "lookup",
  "SELECT ?k WHERE { :Moonlight m:key ?k }")
q("How many movements does the Trout Quintet have?", "5", "lookup",
  "SELECT ?n WHERE { :Trout m:movementCount ?n }")
q("Where did The Rite of Spring have its premiere?", "Théâtre des Champs-Élysées", "lookup",
  f"SELECT ?l WHERE {{ :RiteOfSpring m:premiereVenue ?v . ?v {L} ?l }}")
q("When was the Vienna Philharmonic set up?", "1842", "lookup",
  "SELECT ?y WHERE { :ViennaPhilharmonic m:foundingYear ?y }")
q("which city is la fenice in", "Venice", "lookup",
  f"SELECT ?l WHERE {{ :LaFenice m:city ?c . ?c {L} ?l }}")
q("To whom did Brahms dedicate his violin concerto?", "Joseph Joachim", "lookup",
  f"SELECT ?l WHERE {{ :BrahmsViolinConcerto m:dedicatee ?p . ?p {L} ?l }}")
q("Roughly how many minutes does Beethoven's Ninth last?", "70", "lookup",
  "SELECT ?d WHERE { :Ninth m:durationMinutes ?d }")
q("What musical era does Debussy belong to?", "Impressionism", "lookup",
  f"SELECT ?l WHERE {{ :Debussy m:period ?p . ?p {L} ?l }}")
q("When did La Scala open its doors?", "1778", "lookup",
  "SELECT ?y WHERE { :LaScala m:openingYear ?y }")
q("aida how many acts", "4", "lookup",
  "SELECT ?n WHERE { :Aida m:actCount ?n }")
q("What nationality was Igor Stravinsky?", "Russia|France|United States", "lookup",
  f"SELECT ?l WHERE {{ :Stravinsky m:nationality ?c . ?c {L} ?l }}")
q("Who was on the podium for the first performance of Tristan und Isolde?", "Hans von Bülow", "lookup",
  f"SELECT ?l WHERE {{ :Tristan m:premiereConductor ?p . ?p {L} ?l }}")
q("What instruments play in Schubert's Trout Quintet?", "piano|violin|viola|cello|double bass", "lookup",
  f"SELECT ?l WHERE {{ :Trout m:scoredFor ?i . ?i {L} ?l }}")
q("Where was Motzart born?", "Salzburg", "lookup",
  f"SELECT ?l WHERE {{ :Mozart m:birthPlace ?c . ?c {L} ?l }}")
q("Who was Clara Schumann's husband?", "Robert Schumann", "lookup",
  f"SELECT ?l WHERE {{ :ClaraSchumann m:spouse ?p . ?p {L} ?l }}")
q("What year did Johannes Brahms die?", "1897", "lookup",
  "SELECT ?y WHERE { :Brahms m:deathYear ?y }")
q("Which orchestra gave the first performance of Mendelssohn's Violin Concerto?", "Gewandhaus Orchestra", "lookup",
  f"SELECT ?l WHERE {{ :MendelssohnViolinConcerto m:premieredBy ?o . ?o {L} ?l }}")
q("On what date was the Rite of Spring premiered?", "1913-05-29", "lookup",
  "SELECT ?d WHERE { :RiteOfSpring m:premiereDate ?d }")
q("who played the solo part when tchaikovsky's first piano concerto was premiered", "Hans von Bülow", "lookup",
  f"SELECT ?l WHERE {{ :TchaikovskyPianoConcerto1 m:premiereSoloist ?p . ?p {L} ?l }}")
q("In which year did Handel finish writing Messiah?", "1741", "lookup",
  "SELECT ?y WHERE { :Messiah m:compositionYear ?y }")
q("Who is Cosima Wagner's father?", "Franz Liszt", "lookup",
  f"SELECT ?l WHERE {{ :Cosima m:parent ?p . ?p {L} ?l }}")

# ---------------------------------------------------------------- multihop
q("In which city was Don Giovanni premiered?", "Prague", "multihop",
  f"SELECT ?l WHERE {{ :DonGiovanni m:premiereVenue ?v . ?v m:city ?c . ?c {L} ?l }}")
q("In what country did Aida have its first performance?", "Egypt", "multihop",
  f"SELECT ?l WHERE {{ :Aida m:premiereVenue ?v . ?v m:city ?c . ?c m:country ?k . ?k {L} ?l }}")
q("Who taught Rachmaninoff's teacher?", "Pyotr Ilyich Tchaikovsky", "multihop",
  f"SELECT ?l WHERE {{ :Rachmaninoff m:teacher ?t . ?t m:teacher ?tt . ?tt {L} ?l }}")
q("In which city is the home hall of the orchestra that premiered the New World Symphony?", "New York City", "multihop",
  f"SELECT ?l WHERE {{ :NewWorld m:premieredBy ?o . ?o m:homeVenue ?v . ?v m:city ?c . ?c {L} ?l }}")
q("When did the hall where Brahms's Second Symphony was premiered open?", "1870", "multihop",
  "SELECT ?y WHERE { :Brahms2 m:premiereVenue ?v . ?v m:openingYear ?y }")
q("What nationality was the man who wrote the libretto of Der Rosenkavalier?", "Austria", "multihop",
  f"SELECT ?l WHERE {{ :Rosenkavalier m:librettist ?p . ?p m:nationality ?c . ?c {L} ?l }}")
q("Which composer set Lorenzo Da Ponte's libretti to music?", "Wolfgang Amadeus Mozart", "multihop",
  f"SELECT DISTINCT ?l WHERE {{ ?w m:librettist :DaPonte ; m:composer ?c . ?c {L} ?l }}")
q("Which works had their premiere in Vienna?",
  "The Marriage of Figaro|The Magic Flute|Symphony No. 3 in E-flat major|Symphony No. 5 in C minor|Symphony No. 9 in D minor|Violin Concerto in D major, Op. 61|Die Fledermaus|Symphony No. 2 in D major|Violin Concerto in D major, Op. 35",
  "multihop",
  f"SELECT ?l WHERE {{ ?w m:premiereVenue ?v . ?v m:city :Vienna . ?w {L} ?l }}")
q("Whose daughter did Richard Wagner marry?", "Franz Liszt", "multihop",
  f"SELECT ?l WHERE {{ :Wagner m:spouse ?s . ?s m:parent ?p . ?p {L} ?l }}")
q("Which composers studied with a pupil of Beethoven?", "Franz Liszt", "multihop",
  f"SELECT DISTINCT ?l WHERE {{ ?t m:teacher :Beethoven . ?c m:teacher ?t ; a m:Composer ; {L} ?l }}")
q("When was the orchestra that first played the Emperor Concerto founded?", "1743", "multihop",
  "SELECT ?y WHERE { :Emperor m:premieredBy ?o . ?o m:foundingYear ?y }")
q("I'm listening to Brahms's violin concerto - which country did the violinist it is dedicated to come from?", "Hungary", "multihop",
  f"SELECT ?l WHERE {{ :BrahmsViolinConcerto m:dedicatee ?p . ?p m:nationality ?c . ?c {L} ?l }}")
q("Where was the composer of Die Fledermaus born?", "Vienna", "multihop",
  f"SELECT ?l WHERE {{ :Fledermaus m:composer ?c . ?c m:birthPlace ?b . ?b {L} ?l }}")
q("Who conducted the premieres of Brahms's works?", "Hans Richter|Johannes Brahms", "multihop",
  f"SELECT DISTINCT ?l WHERE {{ ?w m:composer :Brahms ; m:premiereConductor ?p . ?p {L} ?l }}")
q("Who wrote the libretti for the operas that premiered at La Fenice?", "Francesco Maria Piave", "multihop",
  f"SELECT DISTINCT ?l WHERE {{ ?w m:premiereVenue :LaFenice ; m:librettist ?p . ?p {L} ?l }}")

# ---------------------------------------------------------------- count
q("How many operas by Verdi are in the graph?", "3", "count",
  "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w m:composer :Verdi ; a m:Opera }")
q("how many works by tchaikovksy are listed", "6", "count",
  "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w m:composer :Tchaikovsky }")
q("How many symphonies are there in the graph?", "11", "count",
  "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w a m:Symphony }")
q("How many composers were born in Vienna?", "3", "count",
  "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a m:Composer ; m:birthPlace :Vienna }")
q("How many works premiered at the Theater an der Wien?", "4", "count",
  "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w m:premiereVenue :TheaterAnDerWien }")
q("How many of Rimsky-Korsakov's students are in the graph?", "2", "count",
  "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s m:teacher :RimskyKorsakov }")
q("How many orchestras were founded before 1900?", "5", "count",
  f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?o a m:Orchestra ; m:foundingYear ?y FILTER({Y('?y')} < 1900) }}")
q("How many of the venues are in Paris?", "3", "count",
  "SELECT (COUNT(DISTINCT ?v) AS ?n) WHERE { ?v m:city :Paris }")
q("How many Russian composers are there in the data?", "7", "count",
  "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a m:Composer ; m:nationality :Russia }")
q("How many ballets did Stravinsky write?", "2", "count",
  "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w m:composer :Stravinsky ; a m:Ballet }")
q("How many pieces in the graph were dedicated to Prince Lobkowitz?", "2", "count",
  "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w m:dedicatee :Lobkowitz }")
q("How many works are in three movements?", "11", "count",
  "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w m:movementCount 3 }")

# ---------------------------------------------------------------- superlative
q("Which composer lived the longest?", "Igor Stravinsky", "superlative",
  f"SELECT ?l WHERE {{ ?c a m:Composer ; m:birthYear ?b ; m:deathYear ?d ; {L} ?l }} ORDER BY DESC({Y('?d')} - {Y('?b')}) LIMIT 1")
q("What is the oldest orchestra?", "Staatskapelle Dresden", "superlative",
  f"SELECT ?l WHERE {{ ?o a m:Orchestra ; m:foundingYear ?y ; {L} ?l }} ORDER BY ?y LIMIT 1")
q("Which is the longest symphony?", "Symphony No. 2 in C minor", "superlative",
  f"SELECT ?l WHERE {{ ?w a m:Symphony ; m:durationMinutes ?d ; {L} ?l }} ORDER BY DESC(?d) LIMIT 1")
q("Whcih opera house is the oldest?", "Teatro Regio", "superlative",
  f"SELECT ?l WHERE {{ ?v a m:OperaHouse ; m:openingYear ?y ; {L} ?l }} ORDER BY ?y LIMIT 1")
q("Which work has the most movements?", "The Four Seasons", "superlative",
  f"SELECT ?l WHERE {{ ?w m:movementCount ?n ; {L} ?l }} ORDER BY DESC(?n) LIMIT 1")
q("Who is the youngest composer, i.e. born most recently?", "Sergei Prokofiev", "superlative",
  f"SELECT ?l WHERE {{ ?c a m:Composer ; m:birthYear ?y ; {L} ?l }} ORDER BY DESC(?y) LIMIT 1")
q("Which composers have the most works in the graph?", "Ludwig van Beethoven|Pyotr Ilyich Tchaikovsky", "superlative",
  f"SELECT ?l WHERE {{ {{ SELECT ?c (COUNT(?w) AS ?n) WHERE {{ ?w m:composer ?c }} GROUP BY ?c }} "
  f"{{ SELECT (MAX(?k) AS ?mx) WHERE {{ SELECT ?c2 (COUNT(?w2) AS ?k) WHERE {{ ?w2 m:composer ?c2 }} GROUP BY ?c2 }} }} "
  f"FILTER(?n = ?mx) ?c {L} ?l }}")
q("what's the shortest piece", "Prélude à l'après-midi d'un faune", "superlative",
  f"SELECT ?l WHERE {{ ?w m:durationMinutes ?d ; {L} ?l }} ORDER BY ?d LIMIT 1")
q("Which concert hall is the newest?", "Gewandhaus", "superlative",
  f"SELECT ?l WHERE {{ ?v a m:ConcertHall ; m:openingYear ?y ; {L} ?l }} ORDER BY DESC(?y) LIMIT 1")
q("Who taught the largest number of pupils?", "Antonio Salieri", "superlative",
  f"SELECT ?l WHERE {{ ?s m:teacher ?t . ?t {L} ?l }} GROUP BY ?t ?l ORDER BY DESC(COUNT(?s)) LIMIT 1")
q("Which stage work has the fewest acts?", "Salome", "superlative",
  f"SELECT ?l WHERE {{ ?w m:actCount ?n ; {L} ?l }} ORDER BY ?n LIMIT 1")
q("Which Romantic composer died youngest?", "Franz Schubert", "superlative",
  f"SELECT ?l WHERE {{ ?c m:period :Romantic ; m:birthYear ?b ; m:deathYear ?d ; {L} ?l }} ORDER BY ({Y('?d')} - {Y('?b')}) LIMIT 1")
q("Which orchestra premiered the most works?", "Gewandhaus Orchestra", "superlative",
  f"SELECT ?l WHERE {{ ?w m:premieredBy ?o . ?o a m:Orchestra ; {L} ?l }} GROUP BY ?o ?l ORDER BY DESC(COUNT(?w)) LIMIT 1")
q("What is the most recently premiered work?", "Romeo and Juliet", "superlative",
  f"SELECT ?l WHERE {{ ?w m:premiereYear ?y ; {L} ?l }} ORDER BY DESC(?y) LIMIT 1")
q("Which concerto is the longest one?", "Violin Concerto in D major, Op. 61", "superlative",
  f"SELECT ?l WHERE {{ ?w a m:Concerto ; m:durationMinutes ?d ; {L} ?l }} ORDER BY DESC(?d) LIMIT 1")

# ---------------------------------------------------------------- comparative
q("Which is older, the Vienna Philharmonic or the Berlin Philharmonic?", "Vienna Philharmonic", "comparative",
  f"SELECT ?l WHERE {{ VALUES ?o {{ :ViennaPhilharmonic :BerlinPhilharmonic }} ?o m:foundingYear ?y ; {L} ?l }} ORDER BY ?y LIMIT 1")
q("Which opened first: Carnegie Hall or the Musikverein?", "Musikverein", "comparative",
  f"SELECT ?l WHERE {{ VALUES ?v {{ :CarnegieHall :Musikverein }} ?v m:openingYear ?y ; {L} ?l }} ORDER BY ?y LIMIT 1")
q("Which symphonies premiered after 1880?",
  "Symphony No. 7 in E major|Symphony No. 3 in C minor|Symphony No. 6 in B minor|Symphony No. 9 in E minor|Symphony No. 2 in C minor|Symphony No. 1 in D major",
  "comparative",
  f"SELECT ?l WHERE {{ ?w a m:Symphony ; m:premiereYear ?y ; {L} ?l FILTER({Y('?y')} > 1880) }}")
q("Which composers were born before 1700?", "Johann Sebastian Bach|Antonio Vivaldi|George Frideric Handel", "comparative",
  f"SELECT ?l WHERE {{ ?c a m:Composer ; m:birthYear ?y ; {L} ?l FILTER({Y('?y')} < 1700) }}")
q("Which works run for more than an hour?",
  "Symphony No. 9 in D minor|Symphony No. 7 in E major|Symphony No. 2 in C minor|The Nutcracker|Salome", "comparative",
  f"SELECT ?l WHERE {{ ?w m:durationMinutes ?d ; {L} ?l FILTER(?d > 60) }}")
q("Who died first, Verdi or Wagner?", "Richard Wagner", "comparative",
  f"SELECT ?l WHERE {{ VALUES ?c {{ :Verdi :Wagner }} ?c m:deathYear ?y ; {L} ?l }} ORDER BY ?y LIMIT 1")
q("Which is longer, Brahms's violin concerto or Tchaikovsky's?", "Violin Concerto in D major, Op. 77", "comparative",
  f"SELECT ?l WHERE {{ VALUES ?w {{ :BrahmsViolinConcerto :TchaikovskyViolinConcerto }} ?w m:durationMinutes ?d ; {L} ?l }} ORDER BY DESC(?d) LIMIT 1")
q("Which opera houses opened in the 19th century?",
  "Khedivial Opera House|Nationaltheater|Bayreuth Festspielhaus|Semperoper|Palais Garnier|Bolshoi Theatre|Mariinsky Theatre",
  "comparative",
  f"SELECT ?l WHERE {{ ?v a m:OperaHouse ; m:openingYear ?y ; {L} ?l FILTER({Y('?y')} >= 1801 && {Y('?y')} <= 1900) }}")
q("Which works waited at least three years between being finished and being premiered?",
  "Tristan und Isolde|Violin Concerto in D major, Op. 35|Romeo and Juliet", "comparative",
  f"SELECT ?l WHERE {{ ?w m:compositionYear ?c ; m:premiereYear ?p ; {L} ?l FILTER({Y('?p')} - {Y('?c')} >= 3) }}")
q("which composers died before they turned 40", "Wolfgang Amadeus Mozart|Franz Schubert|Felix Mendelssohn|Georges Bizet", "comparative",
  f"SELECT ?l WHERE {{ ?c a m:Composer ; m:birthYear ?b ; m:deathYear ?d ; {L} ?l FILTER({Y('?d')} - {Y('?b')} < 40) }}")
q("What else premiered in the same year as Dvořák's New World Symphony?", "Symphony No. 6 in B minor", "comparative",
  f"SELECT ?l WHERE {{ :NewWorld m:premiereYear ?y . ?w m:premiereYear ?y ; {L} ?l FILTER(?w != :NewWorld) }}")
q("Which orchestras are older than the Berlin Philharmonic?",
  "Vienna Philharmonic|Gewandhaus Orchestra|New York Philharmonic|Staatskapelle Dresden", "comparative",
  f"SELECT ?l WHERE {{ :BerlinPhilharmonic m:foundingYear ?b . ?o a m:Orchestra ; m:foundingYear ?y ; {L} ?l FILTER({Y('?y')} < {Y('?b')}) }}")

# ---------------------------------------------------------------- intersection
q("Which composer studied with both Salieri and Sechter?", "Franz Schubert", "intersection",
  f"SELECT ?l WHERE {{ ?c m:teacher :Salieri , :Sechter ; {L} ?l }}")
q("Who was both a pupil and a child of Friedrich Wieck?", "Clara Schumann", "intersection",
  f"SELECT ?l WHERE {{ ?p m:teacher :Wieck ; m:parent :Wieck ; {L} ?l }}")
q("Which works were premiered by the Vienna Philharmonic with Hans Richter conducting?",
  "Symphony No. 2 in D major|Violin Concerto in D major, Op. 35", "intersection",
  f"SELECT ?l WHERE {{ ?w m:premieredBy :ViennaPhilharmonic ; m:premiereConductor :Richter ; {L} ?l }}")
q("Which Romantic composers were born in Hamburg?", "Felix Mendelssohn|Johannes Brahms", "intersection",
  f"SELECT ?l WHERE {{ ?c m:period :Romantic ; m:birthPlace :Hamburg ; {L} ?l }}")
q("Which works were conducted at their premiere by their own composer?",
  "Symphony No. 5 in C minor|Violin Concerto in D major, Op. 77|Symphony No. 6 in B minor|Cello Concerto in B minor|Symphony No. 1 in D major|Symphony No. 2 in C minor",
  "intersection",
  f"SELECT ?l WHERE {{ ?w m:composer ?c ; m:premiereConductor ?c ; {L} ?l }}")
q("Which concertos are in D major and written for violin?",
  "Brandenburg Concerto No. 5|Violin Concerto in D major, Op. 61|Violin Concerto in D major, Op. 77|Violin Concerto in D major, Op. 35",
  "intersection",
  f"SELECT ?l WHERE {{ ?w a m:Concerto ; m:key \"D major\" ; m:scoredFor :violin ; {L} ?l }}")
q("Which composers held both Russian and American nationality?", "Sergei Rachmaninoff|Igor Stravinsky", "intersection",
  f"SELECT ?l WHERE {{ ?c a m:Composer ; m:nationality :Russia , :UnitedStates ; {L} ?l }}")
q("Which works premiered at the Theater an der Wien and carry a dedication?",
  "Symphony No. 3 in E-flat major|Symphony No. 5 in C minor|Violin Concerto in D major, Op. 61", "intersection",
  f"SELECT DISTINCT ?l WHERE {{ ?w m:premiereVenue :TheaterAnDerWien ; m:dedicatee ?d ; {L} ?l }}")
q("Which ballets were premiered by the Ballets Russes at the Palais Garnier?", "The Firebird", "intersection",
  f"SELECT ?l WHERE {{ ?w a m:Ballet ; m:premieredBy :BalletsRusses ; m:premiereVenue :PalaisGarnier ; {L} ?l }}")

# ---------------------------------------------------------------- yes/no
q("Did Beethoven study with Haydn?", "yes", "yesno",
  "ASK { :Beethoven m:teacher :Haydn }")
q("Was Swan Lake premiered at the Mariinsky Theatre?", "no", "yesno",
  "ASK { :SwanLake m:premiereVenue :Mariinsky }")
q("Is the Bolshoi older than the Mariinsky?", "yes", "yesno",
  f"ASK {{ :Bolshoi m:openingYear ?a . :Mariinsky m:openingYear ?b FILTER({Y('?a')} < {Y('?b')}) }}")
q("is bolero dedicated to ida rubinstein", "yes", "yesno",
  "ASK { :Bolero m:dedicatee :IdaRubinstein }")
q("Did Mahler conduct the premiere of his Resurrection Symphony himself?", "yes", "yesno",
  "ASK { :Mahler2 m:premiereConductor :Mahler }")
q("Is the Wagner tuba a brass instrument?", "yes", "yesno",
  "ASK { :wagnerTuba a/rdfs:subClassOf* m:BrassInstrument }")
q("Did Johann Strauss II compose Salome?", "no", "yesno",
  "ASK { :Salome m:composer :JohannStrauss }")
q("Was the libretto of Rigoletto written by Boito?", "no", "yesno",
  "ASK { :Rigoletto m:librettist :Boito }")
q("Does the Trout Quintet include a double bass?", "yes", "yesno",
  "ASK { :Trout m:scoredFor :doubleBass }")
q("Did Mozart die before Haydn?", "yes", "yesno",
  f"ASK {{ :Mozart m:deathYear ?a . :Haydn m:deathYear ?b FILTER({Y('?a')} < {Y('?b')}) }}")
q("Was the Gewandhaus Orchestra founded before the Staatskapelle Dresden?", "no", "yesno",
  f"ASK {{ :GewandhausOrchestra m:foundingYear ?a . :StaatskapelleDresden m:foundingYear ?b FILTER({Y('?a')} < {Y('?b')}) }}")

# ---------------------------------------------------------------- hierarchy
q("List all of Mozart's operas.", "The Marriage of Figaro|Don Giovanni|The Magic Flute", "hierarchy",
  f"SELECT ?l WHERE {{ ?w m:composer :Mozart ; a/rdfs:subClassOf* m:Opera ; {L} ?l }}")
q("Which stage works did Tchaikovsky write?", "Swan Lake|The Nutcracker", "hierarchy",
  f"SELECT ?l WHERE {{ ?w m:composer :Tchaikovsky ; a/rdfs:subClassOf* m:StageWork ; {L} ?l }}")
q("What string instruments are there?", "violin|viola|cello|double bass", "hierarchy",
  f"SELECT ?l WHERE {{ ?i a/rdfs:subClassOf* m:StringInstrument ; {L} ?l }}")
q("Which wind instruments feature in Peter and the Wolf?", "flute|oboe|clarinet|bassoon|horn", "hierarchy",
  f"SELECT ?l WHERE {{ :PeterAndTheWolf m:scoredFor ?i . ?i a/rdfs:subClassOf* m:WindInstrument ; {L} ?l }}")
q("Which orchestral works did Beethoven compose?",
  "Symphony No. 3 in E-flat major|Symphony No. 5 in C minor|Symphony No. 9 in D minor|Violin Concerto in D major, Op. 61|Piano Concerto No. 5 in E-flat major",
  "hierarchy",
  f"SELECT ?l WHERE {{ ?w m:composer :Beethoven ; a/rdfs:subClassOf* m:OrchestralWork ; {L} ?l }}")
q("Which aristocrats had works dedicated to them?",
  "Christian Ludwig of Brandenburg-Schwedt|Prince Lobkowitz|Archduke Rudolph of Austria|Giulietta Guicciardi|Frederick William III of Prussia|Ludwig II of Bavaria",
  "hierarchy",
  f"SELECT DISTINCT ?l WHERE {{ ?w m:dedicatee ?p . ?p a/rdfs:subClassOf* m:Aristocrat ; {L} ?l }}")
q("Which theatres, opera houses included, are in Paris?", "Opéra-Comique|Palais Garnier|Théâtre des Champs-Élysées", "hierarchy",
  f"SELECT ?l WHERE {{ ?v a/rdfs:subClassOf* m:Theatre ; m:city :Paris ; {L} ?l }}")
q("Which Italian composers belong to the Romantic era, late Romantics included?", "Giuseppe Verdi|Arrigo Boito|Giacomo Puccini", "hierarchy",
  f"SELECT ?l WHERE {{ ?c a m:Composer ; m:nationality :Italy ; m:period/skos:broader* :Romantic ; {L} ?l }}")
q("Which choral works are in the graph?", "Messiah|Requiem in D minor, K. 626|Requiem in D minor, Op. 48", "hierarchy",
  f"SELECT ?l WHERE {{ ?w a/rdfs:subClassOf* m:ChoralWork ; {L} ?l }}")

# ---------------------------------------------------------------- negation
q("Which composers have no works in the graph?",
  "Leopold Mozart|Antonio Salieri|Carl Czerny|Simon Sechter|Anton Rubinstein|Nikolai Rimsky-Korsakov|Sergei Taneyev|Arrigo Boito",
  "negation",
  f"SELECT ?l WHERE {{ ?c a m:Composer ; {L} ?l FILTER NOT EXISTS {{ ?w m:composer ?c }} }}")
q("Which symphonies were not premiered in Vienna?",
  "Symphony No. 94 in G major|Symphony No. 7 in E major|Symphony No. 3 in C minor|Symphony No. 6 in B minor|Symphony No. 9 in E minor|Symphony No. 1 in D major|Symphony No. 2 in C minor",
  "negation",
  f"SELECT ?l WHERE {{ ?w a m:Symphony ; {L} ?l FILTER NOT EXISTS {{ ?w m:premiereVenue ?v . ?v m:city :Vienna }} }}")
q("Which French composers have no opera in the graph?",
  "Camille Saint-Saëns|Gabriel Fauré|Claude Debussy|Maurice Ravel|Igor Stravinsky", "negation",
  f"SELECT ?l WHERE {{ ?c a m:Composer ; m:nationality :France ; {L} ?l FILTER NOT EXISTS {{ ?w m:composer ?c ; a/rdfs:subClassOf* m:Opera }} }}")
q("Which ballets were not premiered by the Ballets Russes?", "Swan Lake|The Nutcracker|Boléro|Romeo and Juliet", "negation",
  f"SELECT ?l WHERE {{ ?w a m:Ballet ; {L} ?l FILTER NOT EXISTS {{ ?w m:premieredBy :BalletsRusses }} }}")
q("which concertos aren't for piano",
  "Brandenburg Concerto No. 5|The Four Seasons|Violin Concerto in D major, Op. 61|Violin Concerto in E minor|Violin Concerto in D major, Op. 77|Violin Concerto in D major, Op. 35|Cello Concerto in B minor",
  "negation",
  f"SELECT ?l WHERE {{ ?w a m:Concerto ; {L} ?l FILTER NOT EXISTS {{ ?w m:scoredFor :piano }} }}")
q("Which operas premiered outside Italy?",
  "The Marriage of Figaro|Don Giovanni|The Magic Flute|Tristan und Isolde|Götterdämmerung|Aida|Carmen|Salome|Der Rosenkavalier",
  "negation",
  f"SELECT ?l WHERE {{ ?w a/rdfs:subClassOf* m:Opera ; m:premiereVenue ?v ; {L} ?l FILTER NOT EXISTS {{ ?v m:city/m:country :Italy }} }}")

# ---------------------------------------------------------------- unanswerable
for text in [
    "Where did Mozart die?",
    "How many seats does Carnegie Hall have?",
    "Who is the current chief conductor of the Berlin Philharmonic?",
    "Who wrote the poem sung in the finale of Beethoven's Ninth?",
    "When was Chopin born?",
    "What is the opus number of Brahms's violin concerto?",
    "who designed the palais garnier",
    "Who composed Tosca?",
    "How much did the Vienna Philharmonic pay Brahms for the premiere of his Second Symphony?",
]:
    q(text, "NOT_IN_GRAPH", "unanswerable", "-")


def with_prefixes(sparql):
    if sparql == "-":
        return sparql
    used = []
    for p, iri in PREFIXES.items():
        token = f"{p}:"
        if p == "":
            # the empty prefix is used as " :Name" or "{:Name" etc.
            import re
            if re.search(r"(^|[\s{(/,])\:[A-Za-z]", sparql):
                used.append(f"PREFIX : <{iri}>")
        elif token in sparql:
            used.append(f"PREFIX {p}: <{iri}>")
    return " ".join(used + [sparql])


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "questions.tsv"), "w", encoding="utf-8") as f:
        f.write("# question<TAB>answers<TAB>shape<TAB>sparql\n")
        f.write("# answers: gold answers separated by |; entities by their exact rdfs:label; yes/no; counts as numbers;"
                " NOT_IN_GRAPH when the pack cannot answer (sparql is then -)\n")
        f.write("# shape: lookup, multihop, count, superlative, comparative, intersection, yesno, hierarchy, negation, unanswerable\n")
        f.write("# every sparql is one self-contained line (PREFIX declarations included); run over all pack/*.ttl files\n")
        for question, answers, shape, sparql in Q:
            for field in (question, answers, shape, sparql):
                assert "\t" not in field and "\n" not in field
            f.write("\t".join([question, answers, shape, with_prefixes(sparql)]) + "\n")
    from collections import Counter
    print(len(Q), Counter(s for _, _, s, _ in Q))
