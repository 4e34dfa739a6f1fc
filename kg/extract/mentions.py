"""Mentions: read the model's named-entity spans as typed mentions, and add the ones it misses.

spaCy's labels are too coarse for the ontology and sometimes wrong, so each
span is stripped of titles and typed from more than its label: the gazetteer
(places, countries, demonyms), the words of the name (company suffixes,
facility heads, organization keywords) and the text around it ("the copper
miner X", "in Sumy", "X, 20,"). Datelines, news agencies and broadcasters,
which the model often misses or mislabels, come from rules. The word lists are data, in
``rules/entities.json`` and ``rules/lexicon.json``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from ..rdf.ontology import subclasses
from .gazetteer import Place, fold, gazetteer
from .lexicon import LEXICON
from .words import (
    COMPANY_SUFFIXES, ENTITY_RULES as RULES, KILLING_VERBS, PERSON_NOUNS, ROLE_TITLES, type_noun_kind,
)

ORGANIZATION_TYPES = subclasses("Organization")
PLACE_TYPES = subclasses("Place")
MIN_CITY_POPULATION = 50_000  # a "person" whose name is a smaller town stays a person
HONORIFICS = set(LEXICON["honorifics"])
TITLE_ABBREVIATIONS = set(RULES["titles"]["abbreviations"])
ADDRESS_FORMS = HONORIFICS | set(RULES["titles"]["forms_of_address"])
TITLE_WORDS = {word for title in [*ROLE_TITLES, *RULES["titles"]["words"]] for word in title.split()}
LOCATIVE = RULES["locative_prepositions"]
PLACE_VERBS = set(RULES["place_verbs"]["verbs"])
PLACE_CONTEXT_NOUNS = set(LEXICON["place_nouns"]) | set(RULES["place_context_nouns"]["nouns"])
FACILITIES = RULES["facilities"]
STATE_ABBREVIATIONS = RULES["us_state_abbreviations"]
NAME_PARTICLES = frozenset(RULES["name_particles"]["words"])  # "von der", "bin", "do"
BROADCAST_WORDS = {"radio", "television", "tv"}
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "poss"}
DATELINE_PUNCT = {",", "(", "--", "_", "-", "\u2014", "\u2013"}


@dataclass(frozen=True, eq=False)
class Mention:
    """A stretch of text naming an entity, typed onto an ontology class.

    Frozen: a stage that retypes or renames a mention returns a new one.
    Two mentions are equal only when they are the same object.
    """

    span: Span
    name: str  # surface form with titles and possessives stripped
    type: str
    place: Place | None = None
    key: str = ""
    full_span: Span | None = None  # a person's span with the forms of address before it ("President Kennedy")
    titled: bool = False  # a title stood before the name ("Sen. Kennedy")
    evidence: bool = False  # the type comes from more than the model's label (gazetteer, type noun, suffix, list)
    owner: Mention | None = None  # the place an institution belongs to ("Sudan" of "Sudan's army")
    institution: str = ""  # the institution noun phrase, folded ("foreign ministry")


# ----------------------------------------------------------------- reading

def name_spans(doc: Doc, labels: set[str]) -> list[Span]:
    """The model's name spans with those labels, a person's run on through the particles in it: the
    model stops at "Marta von der" or "Luiz Correa" (then calls "Prado" a place)."""
    spans = [_through_particles(s) if s.label_ == "PERSON" else s for s in doc.ents if s.label_ in labels]
    return sorted(filter_spans(spans), key=lambda s: s.start)


def _through_particles(span: Span) -> Span:
    doc, end = span.doc, span.end
    while end > span.start + 1 and doc[end - 1].lower_ in NAME_PARTICLES and doc[end - 1].text.islower():
        end -= 1  # "Marta von der": the name so far is "Marta"
    particles = end
    while particles < len(doc) and doc[particles].lower_ in NAME_PARTICLES and doc[particles].text.islower():
        particles += 1
    if particles == end or particles >= len(doc) or not (doc[particles].is_alpha and doc[particles].text[:1].isupper()):
        return span
    return Span(doc, span.start, particles + 1, label=span.label_)


def read_mention(span: Span) -> Mention | None:
    stripped = _strip(span)
    if stripped is None:
        return None
    span, title_start = stripped
    if _common_noun_opening_a_sentence(span):
        return None  # "Turnout was low"
    if _only_titles(span):
        return None  # "Prime Minister", "Foreign Minister" tagged as an organization: a title, not a name
    name = span.text.replace("\u2019", "'")
    gaz = gazetteer()
    label = span.label_
    if label != "PERSON" and _addressed(span.doc[title_start:span.start + 1]):  # "Sen. Kennedy" tagged ORG
        span, label = Span(span.doc, span.start, span.end, label="PERSON"), "PERSON"
    state = _state_abbreviation(span)
    if state is not None:
        return Mention(span, state.name, state.kind, state, evidence=True)
    if label == "NORP":
        country = gaz.demonym(name) or gaz.country(name, codes=False)
        return Mention(span, country.name, "Country", country, evidence=True) if country else None
    if label in {"GPE", "LOC", "FAC", "ORG"}:
        country = gaz.country(name, codes=label == "GPE")
        if country:
            return Mention(span, country.name, "Country", country, evidence=True)
        org_type = _facility_type(name) or _org_type(name)
        if label in {"ORG", "FAC"} and org_type:
            return Mention(span, name, org_type, evidence=True)
        if label in {"GPE", "LOC"}:
            place = gaz.place(name, codes=label == "GPE")
            if place and name.isupper():
                name = place.name  # "HUNTINGTON" -> "Huntington"
            return Mention(span, name, place.kind if place else "Place", place, evidence=place is not None)
        return Mention(span, name, "Place" if label == "FAC" else "Organization")
    if label == "EVENT":
        return Mention(span, name, "Event")
    if _facility_type(name, heads=False) == "Place":  # "Fort Hamilton" tagged as a person
        return Mention(span, name, "Place", evidence=True)
    company = _org_type(name) if span[-1].lower_.rstrip(".") in COMPANY_SUFFIXES else None
    if company:
        return Mention(span, name, company, evidence=True)
    return Mention(span, name, "Person", titled=title_start < span.start)


def _strip(span: Span) -> tuple[Span, int] | None:
    """Drop leading determiners, honorifics and titles, and a trailing possessive, preposition or article.

    Returns the name's span and where the titles before it begin, inside the
    model's span or just before it ("Sen. Kennedy").
    """
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_space):
        start += 1
    titled = start
    while start < end and _is_title(doc[start], span.label_):
        start += 1
    while end > start and (doc[end - 1].tag_ in {"POS", "IN", "DT", "CC"} and doc[end - 1].text.islower()
                           or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1  # "Ana Ruiz of" (of the commission): the model's span ran on; "Anna B\n": onto a line break
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_), _title_start(doc, titled)


def _common_noun_opening_a_sentence(span: Span) -> bool:
    """A word tagged as a common noun, capitalized only because it opens the sentence, and
    never capitalized inside one ("Turnout was low"; not "Mehta joined" after "Arjun Mehta")."""
    word = span[0]
    return (len(span) == 1 and word.is_sent_start and word.tag_ in {"NN", "NNS"}
            and not any(t.text == word.text and not t.is_sent_start for t in span.doc))


def _only_titles(span: Span) -> bool:
    """ "Prime Minister", "Foreign Minister": words of titles only, no name."""
    return all(t.lower_.rstrip(".") in TITLE_WORDS for t in span)


def _is_title(token: Token, label: str) -> bool:
    word = token.lower_.rstrip(".")
    if word in HONORIFICS or (token.text.endswith(".") and word in TITLE_ABBREVIATIONS):
        return True
    if token.text == "." and token.i > 0 and token.doc[token.i - 1].lower_ in TITLE_ABBREVIATIONS:
        return True  # "Lt ." tokenized apart
    return label == "PERSON" and (word in TITLE_WORDS or word in TITLE_ABBREVIATIONS)


def _addressed(titled: Span) -> bool:
    """A name after an honorific or an abbreviated title ("Mr", "Sen.") is a person's."""
    return len(titled) > 1 and titled[0].text[:1].isupper() and any(
        t.lower_.rstrip(".") in HONORIFICS | TITLE_ABBREVIATIONS for t in titled[:2])


def _title_start(doc: Doc, start: int, only: set[str] | None = None) -> int:
    """The first of the capitalized titles right before a name ("Lt. Gen. John Smith"), or of ``only`` these."""
    while start > 0 and (doc[start - 1].text[:1].isupper() or doc[start - 1].text == "."):
        word = doc[start - 1].lower_.rstrip(".") if doc[start - 1].text != "." or start < 2 else doc[start - 2].lower_
        if not (_is_title(doc[start - 1], "PERSON") if only is None else word in only):
            break
        start -= 1
    return start


def _org_type(name: str) -> str | None:
    words = set(fold(name).split())
    folded = f" {fold(name)} "
    for org_type, keywords in LEXICON["org_type_keywords"].items():
        if any((k in words) if " " not in k else (f" {k} " in folded) for k in keywords):
            return org_type
    return None


def _state_abbreviation(span: Span) -> Place | None:
    """ "Neb.", "N.Y.": an abbreviated US state, with its dot or after a comma ("Lincoln, Neb")."""
    doc = span.doc
    key = span.text.replace(".", "").replace(" ", "")
    if key not in STATE_ABBREVIATIONS or not ("." in span.text or (span.start > 0 and doc[span.start - 1].text == ",")):
        return None
    return gazetteer().us_states.get(fold(STATE_ABBREVIATIONS[key]))


def _facility_type(name: str, heads: bool = True) -> str | None:
    """Seats of power are governments; facilities and landmarks ("X Airport", "Fort X") are places.

    The head of a name is its last word before "of"/"for" ("Statue of Liberty").
    """
    words = fold(name).split()
    folded = f" {' '.join(words)} "
    if any(f" {fold(seat)} " in folded for seat in FACILITIES["seats"]):
        return "Government"
    cut = next((i for i, w in enumerate(words) if w in {"of", "for"} and i > 0), len(words))
    head = " ".join(words[:cut])
    facility_heads = FACILITIES["heads"] + FACILITIES["endings"]
    if heads and len(words) > 1 and any(head == h or head.endswith(f" {h}") for h in facility_heads):
        return "Place"
    if 1 < len(words) <= 3 and words[0] in FACILITIES["prefixes"] and not _org_type(name):
        return "Place"
    return None


def add_forms_of_address(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A person's full span takes in the forms of address before the name ("President Kennedy").

    Reference annotations include them; job titles stay out (see ``mention_span``).
    """
    return [replace(m, full_span=Span(doc, _title_start(doc, m.span.start, ADDRESS_FORMS), m.span.end))
            if m.type == "Person" else m for m in mentions]


# ----------------------------------------------------------------- retyping from the text

def retype_people(mentions: list[Mention]) -> list[Mention]:
    """A name the text describes as a person is one: "Tidwell, a retired CIA officer", "Jacobs, 20,", "shot Hale"."""
    return [replace(m, type="Person", evidence=True)
            if _may_be_person(m) and (_described_as_person(m.span) or _killed(m)) else m for m in mentions]


def _may_be_person(m: Mention) -> bool:
    """A name whose type stands on nothing but the model's label, or that the model calls a person; a
    "place" only when no gazetteer knows it ("Okafor, 41," is a person the model took for a place)."""
    if m.type == "Place" and m.place is None and not m.evidence:
        return True
    return m.type not in PLACE_TYPES | {"Event"} and (m.type == "Person" or not m.evidence or m.span.label_ == "PERSON")


def _killed(m: Mention) -> bool:
    """ "the gunman shot Hale", "Hale was murdered": the one a killing verb is done to is a person, when
    only the model's label said otherwise."""
    root = m.span.root
    return not m.evidence and root.dep_ in {"dobj", "nsubjpass"} and root.head.lemma_.lower() in KILLING_VERBS


def _described_as_person(span: Span) -> bool:
    """A person noun in apposition, as a modifier or after "is" ("a retired officer", "actor X", "X is a
    lawyer"), or an age after a comma."""
    root, doc = span.root, span.doc
    nouns = [c for c in root.children
             if c.dep_ in {"appos", "compound"} and not c.ent_type_ and not span.start <= c.i < span.end]
    if root.dep_ == "appos":
        nouns.append(root.head)
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":  # "Ruiz is a political scientist"
        nouns += [c for c in root.head.children if c.dep_ == "attr"]
    if any(n.lemma_.lower() in PERSON_NOUNS and n.pos_ == "NOUN" for n in nouns):
        return True
    age = doc[span.end + 1] if span.end + 2 < len(doc) else None  # "Jacobs, 20, and ..."
    return (age is not None and doc[span.end].text == "," and doc[span.end + 2].text == ","
            and age.text.isdigit() and 0 < int(age.text) < 120)


def retype_by_type_nouns(mentions: list[Mention]) -> list[Mention]:
    """A name the text calls a company, a militia, a ministry ... is one ("the copper miner Andes Cobre")."""
    return [replace(m, type=kind, evidence=True) if (kind := _type_noun_kind(m)) else m for m in mentions]


def _type_noun_kind(m: Mention) -> str | None:
    """The organization type a type noun beside the name gives it, if any."""
    root, doc = m.span.root, m.span.doc
    nouns = [c for c in root.children if c.dep_ in {"appos", "compound"} and not c.ent_type_]
    if root.dep_ == "appos":
        nouns.append(root.head)
    before = doc[m.span.start - 1] if m.span.start > 1 else None
    if before is not None and before.pos_ == "NOUN" and doc[before.i - 1].dep_ == "det":
        nouns.insert(0, before)  # "the chipmaker Dravik", however it is parsed
    kinds = [kind for n in nouns if (kind := type_noun_kind(n))]
    if kinds and m.type != "Country" and kinds[0] in ORGANIZATION_TYPES:
        return kinds[0]
    return None


def retype_places(mentions: list[Mention]) -> list[Mention]:
    """A one-word "person" or "organization" that is a place's own name, used as a place, and no
    person's name, is a place.

    A country's or a capital's name always is ("Mali", "supporting Kyiv"); another city's or a region's
    only where some mention of it stands where places do ("in Sumy", "attack on Lviv",
    "Bratislava and Budapest"), so "Kennedy was shot" keeps its person.
    Never a name after a title ("President Lincoln") nor one in capitals ("CBS").
    """
    person_words = {w for m in mentions if m.type == "Person" and len(m.span) > 1 for w in fold(m.name).split()}
    at = {t.i: m for m in mentions for t in m.span}
    candidates = [m for m in mentions if len(m.span) == 1 and not m.titled and not m.name.isupper()
                  and fold(m.name) not in person_words and not m.evidence and m.type in {"Person", "Organization"}]
    used_as_place = {fold(m.name) for m in candidates if _in_place_context(m.span[0], at)}
    located = used_as_place | {fold(m.name) for m in mentions if m.type in PLACE_TYPES}
    gaz = gazetteer()
    retyped = {}
    for m in candidates:
        smallest = 0 if fold(m.name) in used_as_place else MIN_CITY_POPULATION  # "in Carvel": a town will do
        place = gaz.place(m.name, smallest, primary=True, codes=False)
        if place is None and fold(m.name) in used_as_place and len(m.name) > 3:  # "in Zhitomir": another spelling
            place = gaz.place(m.name, smallest, codes=False)
        if place and (place.kind == "Country" or fold(m.name) in located or gaz.is_capital(place)):
            retyped[m] = replace(m, type=place.kind, place=place, evidence=True)
    return [retyped.get(m, m) for m in mentions]


def _in_place_context(token: Token, at: dict[int, Mention]) -> bool:
    """Whether a name stands where places do: after a locative preposition, as the object of
    "shell" or "besiege", beside a place noun ("a Wexford native"), listed with places."""
    head, doc = token.head, token.doc
    place_tokens = {i: m for i, m in at.items() if m.type in PLACE_TYPES}
    if token.dep_ == "pobj":
        preposition, governor = head.lower_, head.head.lemma_.lower()
        if preposition in LOCATIVE["any"]:
            return governor not in LOCATIVE["not_after"]
        if preposition == "of" and governor in PLACE_CONTEXT_NOUNS:  # "the province of Sumy"
            return True
        if preposition == "at":  # "a camp at Oxford", not "fired at Kennedy"
            return head.head.pos_ in {"NOUN", "VERB", "AUX"} and governor not in LOCATIVE["at"]["not_after"]
        named = at.get(head.head.i)  # "Leroy Ivy of Oxford", "Avis Bourg Co. of Folsom"
        if preposition == "of" and named is not None and (
                named.type == "Person" or (named.type == "Company" and named.evidence)):
            return True
        return preposition in LOCATIVE and governor in LOCATIVE[preposition]
    if token.dep_ == "dobj" and head.lemma_.lower() in PLACE_VERBS:
        return True
    if token.dep_ in {"compound", "nmod"} and head.lemma_.lower() in PLACE_CONTEXT_NOUNS:
        return True
    if (token.dep_ == "conj" and head.i in place_tokens) or any(
            c.dep_ == "conj" and c.i in place_tokens for c in token.children):
        return True
    after = place_tokens.get(token.i + 2)  # "Lincoln, Nebraska."
    return (token.i + 2 < len(doc) and doc[token.i + 1].text == "," and after is not None
            and after.type in {"Region", "Country"} and (after.span.end == len(doc) or doc[after.span.end].is_punct))


# ----------------------------------------------------------------- mentions the model misses

def dateline_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A place name in capitals opening a sentence, before a comma or dash, is a dateline's city ("HUNTINGTON, N.Y.")."""
    at = {t.i: m for m in mentions for t in m.span}
    found = []
    for sentence in doc.sents:
        start = sentence.start
        while start < sentence.end and (doc[start].is_space or doc[start].is_punct):
            start += 1
        end = start
        while end < sentence.end and ((doc[end].is_upper and re.search("[A-Z]", doc[end].text)) or doc[end].text == "-"):
            end += 1
        if end - start < 1 or end >= sentence.end or doc[end].text not in DATELINE_PUNCT or doc[end - 1].text == "-":
            continue
        words = doc[start:end]
        place = gazetteer().place(words.text.title(), primary=True, codes=False) if len(words.text) > 2 else None
        if place:
            found.append(Mention(Span(doc, start, end, label="GPE"), place.name, place.kind, place, evidence=True))
        elif doc[end].text == "," and getattr(at.get(end + 1), "type", "") in {"Region", "Country"}:  # "PURCHASE, N.Y."
            found.append(Mention(Span(doc, start, end, label="GPE"), words.text.title(), "City", evidence=True))
    return found


@lru_cache(maxsize=4)
def _agency_matcher(vocab: Vocab) -> PhraseMatcher:
    tokenizer = spacy.blank("en").tokenizer
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for name in RULES["news_agencies"]["names"]:
        words = [t.text for t in tokenizer(name)]
        patterns = [Doc(vocab, words=words)]
        if len(words) > 1 and " " not in name:  # "ITAR-TASS" given as one token
            patterns.append(Doc(vocab, words=[name]))
        matcher.add(name, patterns)
    return matcher


def agency_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """News agencies, broadcasters and newspapers from the list: as written, or in capitals."""
    names, spans = {}, []
    for match_id, start, end in _agency_matcher(doc.vocab)(doc):
        listed = doc.vocab.strings[match_id]
        if doc[start].lower_ == "the" and doc[start].text != "THE":  # "THE HINDU" keeps its article
            start, listed = start + 1, listed.removeprefix("The ")
        span = doc[start:end]
        if span.text == listed or (span.text.isupper() and not listed.isupper()):
            spans.append(span)
            names[span.start, span.end] = listed
    return [Mention(Span(doc, span.start, span.end, label="ORG"), names[span.start, span.end], "Media", evidence=True)
            for span in filter_spans(spans)]


def untagged_name_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Proper names the model left untagged, where a relation can take them ("Nordvik Robotics has agreed").

    A run of two or more capitalized proper nouns that heads a subject,
    object or apposition and is not a date or number becomes an organization
    mention, and a single one a place when it is a known place's own name
    standing where places do; the retyping steps after it can
    make it a person, a company or a place.
    """
    taken = {t.i for m in mentions for t in m.span}
    found = []
    for token in doc:
        if (token.i in taken or token.pos_ != "PROPN" or token.dep_ not in ARGUMENT_DEPS
                or not token.text[:1].isupper() or token.ent_type_):
            continue
        start = token.i
        while (start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound"
               and doc[start - 1].text[:1].isupper() and not doc[start - 1].ent_type_ and start - 1 not in taken):
            start -= 1
        span = doc[start: token.i + 1]
        if len(span) == 1:  # one word: a known place where places stand ("shelled Donetsk"),
            place = gazetteer().place(token.text, MIN_CITY_POPULATION, primary=True, codes=False)
            if place is not None and not token.is_upper and _in_place_context(token, {}):
                found.append(Mention(Span(doc, token.i, token.i + 1, label="GPE"), token.text, place.kind, place,
                                     evidence=True))
                taken.add(token.i)
            elif token.dep_ == "poss" and token.head.lower_ in TITLE_WORDS:
                # or the owner of a role ("Wiz's chief executive")
                found.append(Mention(Span(doc, token.i, token.i + 1, label="ORG"), token.text, "Organization"))
                taken.add(token.i)
            continue
        if any(t.is_upper or t.lower_ in STOP_WORDS for t in span) or _only_titles(span):
            continue  # "NEW YORK" is a dateline; "Prime Minister" a title
        name = span.text.replace("\u2019", "'")
        found.append(Mention(Span(doc, span.start, span.end, label="ORG"), name, _org_type(name) or "Organization"))
        taken.update(range(span.start, span.end))
    return found


def replace_overlapping(mentions: list[Mention], new: list[Mention]) -> list[Mention]:
    """Add mentions; one that covers others replaces them, one inside or across another is dropped.

    A place opening a longer name is split off ("Beijing XINHUA Domestic Service").
    """
    result = list(mentions)
    for m in new:
        inside = [o for o in result if m.span.start <= o.span.start and o.span.end <= m.span.end]
        crossing = [o for o in result if o not in inside and o.span.start < m.span.end and m.span.start < o.span.end]
        if len(crossing) == 1 and crossing[0].span.start < m.span.start and crossing[0].span.end >= m.span.end:
            place = _leading_place(crossing[0], m.span.start)
            if place is not None:
                result = [o for o in result if o is not crossing[0]] + [place]
                crossing = []
        if crossing:
            continue
        result = [o for o in result if o not in inside] + [m]
    return sorted(result, key=lambda m: m.span.start)


def split_broadcasters(mentions: list[Mention]) -> list[Mention]:
    """ "Havana Radio Rebelde Network": a station named after the city it is heard from."""
    return sorted((part for m in mentions for part in _broadcaster_parts(m) or [m]), key=lambda m: m.span.start)


def _broadcaster_parts(m: Mention) -> list[Mention] | None:
    """The place and the station of a broadcaster's name that opens with a place, or None."""
    words = [t.lower_ for t in m.span]
    at = next((i for i, w in enumerate(words) if w in BROADCAST_WORDS), 0)
    if m.span.label_ != "ORG" or not 0 < at <= 2 or len(words) - at < 2:
        return None
    place = _leading_place(m, m.span.start + at)
    if place is None:
        return None
    rest = m.span.doc[m.span.start + at:m.span.end]
    return [place, Mention(Span(rest.doc, rest.start, rest.end, label="ORG"), rest.text, "Media", evidence=True)]


def _leading_place(outer: Mention, at: int) -> Mention | None:
    """The place before ``at`` of a longer name ("Beijing" of "Beijing XINHUA Domestic Service"), if it is one."""
    doc = outer.span.doc
    place = gazetteer().place(doc[outer.span.start:at].text, primary=True, codes=False)
    if place is None:
        return None
    return Mention(Span(doc, outer.span.start, at, label="GPE"), place.name, place.kind, place, evidence=True)
