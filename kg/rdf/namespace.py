"""The ontology's terms as one closed namespace.

``ontology/kg.ttl`` is the single source of truth; this class mirrors it so
that a typo in code fails at import time instead of minting a new term.
``tests/rdf/test_namespace.py`` checks that the two agree.
"""
from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class KG(DefinedNamespace):
    _NS = Namespace("https://w3id.org/kg-news/ontology#")
    _fail = True

    # classes
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    Government: URIRef
    ArmedForce: URIRef
    Company: URIRef
    PoliticalParty: URIRef
    Media: URIRef
    Place: URIRef
    Country: URIRef
    City: URIRef
    Region: URIRef
    Event: URIRef
    CoreRelation: URIRef
    Statement: URIRef
    BackgroundStatement: URIRef
    Document: URIRef
    Polarity: URIRef
    Modality: URIRef

    # qualifier values
    positive: URIRef
    negative: URIRef
    fact: URIRef
    intended: URIRef
    possible: URIRef
    demanded: URIRef

    # core relations (the vocabulary contract)
    attacks: URIRef
    kills: URIRef
    threatens: URIRef
    sanctions: URIRef
    accuses: URIRef
    criticizes: URIRef
    at_war_with: URIRef
    controls: URIRef
    negotiates_with: URIRef
    meets_with: URIRef
    agrees_with: URIRef
    cooperates_with: URIRef
    supports: URIRef
    recognizes: URIRef
    visits: URIRef
    participates_in: URIRef
    leader_of: URIRef
    member_of: URIRef
    works_for: URIRef
    spokesperson_for: URIRef
    founder_of: URIRef
    owns: URIRef
    acquires: URIRef
    competes_with: URIRef
    sues: URIRef
    located_in: URIRef
    based_in: URIRef
    lives_in: URIRef
    born_in: URIRef  # added to the contract's vocabulary
    capital_of: URIRef
    part_of: URIRef
    citizen_of: URIRef

    # evidence and qualifiers
    sentence: URIRef
    sentenceStart: URIRef
    sentenceEnd: URIRef
    spanStart: URIRef
    spanEnd: URIRef
    polarity: URIRef
    modality: URIRef
    attributedTo: URIRef
    time: URIRef
    rule: URIRef
    confidence: URIRef
    sha256: URIRef
    sourcePath: URIRef
    mentionedIn: URIRef
    institutionOf: URIRef
    followsFrom: URIRef
    liesWithin: URIRef
