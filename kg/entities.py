"""Entities: group a document's name mentions into entities and resolve pronouns.

Named-entity mentions from spaCy are typed onto ontology classes (with the
gazetteer correcting places the model tags as people), grouped into one
entity per real-world thing ("Putin" and "Mr Zelensky" join the full names
the document introduced), and personal pronouns are resolved to the most
salient compatible entity before them. What cannot be resolved stays
unresolved.

Beyond the model's names: news agencies and broadcasters from a list
("XINHUA", "AP"), and a place's institutions ("Sudan's army", "the Kenyan
police", "the municipality of Calama") become entities of their own, owned
by their place. The word lists are data, in ``rules/entities.json``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from .coref import resolve_pronouns
from .gazetteer import Place, fold, gazetteer
from .lexicon import LEXICON, load_json
from .records import Entity

RULES = load_json("entities.json")
TYPE_NOUNS = {noun: kind for kind, nouns in LEXICON["type_nouns"].items() for noun in nouns}
ORGANIZATION_TYPES = {"Organization", "Government", "ArmedForce", "Company", "PoliticalParty", "Media"}
PLACE_TYPES = {"Place", "Country", "City", "Region"}
MODEL_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT"}
COMPANY_SUFFIXES = {"inc", "corp", "ltd", "llc", "plc", "co", "gmbh", "ag", "sa", "group", "holdings",
                    "corporation", "incorporated", "limited", "asa", "ab", "nv", "bv", "spa", "oyj", "se"}
MIN_CITY_POPULATION = 50_000  # a "person" whose name is a smaller town stays a person
HONORIFICS = set(LEXICON["honorifics"])
ROLE_TITLES = LEXICON["role_titles"]
TITLE_ABBREVIATIONS = set(RULES["titles"]["abbreviations"])
ADDRESS_FORMS = HONORIFICS | set(RULES["titles"]["forms_of_address"])
TITLE_WORDS = {word for title in [*ROLE_TITLES, *RULES["titles"]["words"]] for word in title.split()}
LOCATIVE = RULES["locative_prepositions"]
PLACE_VERBS = set(RULES["place_verbs"]["verbs"])
PLACE_CONTEXT_NOUNS = set(LEXICON["place_nouns"]) | set(RULES["place_context_nouns"]["nouns"])
FACILITIES = RULES["facilities"]
INSTITUTIONS = {phrase: kind for kind, phrases in RULES["institutions"].items() for phrase in phrases}
INSTITUTION_HEADS = {phrase.split()[-1] for phrase in INSTITUTIONS}
STATE_ABBREVIATIONS = RULES["us_state_abbreviations"]
PERSON_NOUNS = set(RULES["person_nouns"]["nouns"])
MODIFIER_DEPS = {"compound", "amod"}
INDEFINITE = {"a", "an", "this", "that", "these", "those", "any", "no", "another", "every", "each"}
BROADCAST_WORDS = {"radio", "television", "tv"}
DATELINE_PUNCT = {",", "(", "--", "_", "-", "\u2014", "\u2013"}


@dataclass(eq=False)
class Mention:
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


@dataclass
class EntityIndex:
    """A document's entities and which tokens refer to them."""

    entities: dict[str, Entity] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)  # entity key -> gazetteer record
    by_token: dict[int, str] = field(default_factory=dict)  # token index -> entity key
    resolved: set[int] = field(default_factory=set)  # tokens that refer through coreference
    roles: dict[int, str] = field(default_factory=dict)  # description token -> the role it names
    mentions: list[Mention] = field(default_factory=list)
    owners: dict[str, str] = field(default_factory=dict)  # institution key -> key of the place it belongs to
    sentence_starts: list[int] = field(default_factory=list)  # first token of each sentence, then len(doc)

    def at(self, token: Token) -> Entity | None:
        key = self.by_token.get(token.i)
        return self.entities[key] if key else None

    def sentence(self, token: Token) -> Span:
        """The token's sentence (spaCy's Token.sent walks the whole document each time)."""
        if not self.sentence_starts:
            self.sentence_starts = [s.start for s in token.doc.sents] + [len(token.doc)]
        position = bisect_right(self.sentence_starts, token.i) - 1
        return token.doc[self.sentence_starts[position]: self.sentence_starts[position + 1]]


def slug(name: str) -> str:
    return fold(name).replace(" ", "-") or "entity"


def mention_span(index: EntityIndex, token: Token) -> tuple[int, int]:
    """Character offsets of the mention a token belongs to, or of the token alone.

    A person's mention includes the forms of address before the name ("President
    Kennedy", "Mrs. Parks"), as reference annotations do; job titles stay out
    ("Judge Henry Politz" -> "Henry Politz").
    """
    for mention in index.mentions:
        if mention.span.start <= token.i < mention.span.end:
            span = mention.full_span or mention.span
            return span.start_char, span.end_char
    return token.idx, token.idx + len(token)


def find_entities(doc: Doc) -> EntityIndex:
    mentions = [m for span in doc.ents if span.label_ in MODEL_LABELS if (m := _mention(span))]
    mentions = _split_broadcasters(mentions)
    mentions = _replace_overlapping(mentions, _dateline_mentions(doc, mentions))
    _retype_by_type_nouns(mentions)
    _retype_people(mentions)
    _retype_places(mentions)
    mentions = _replace_overlapping(mentions, _agency_mentions(doc, mentions))
    mentions = _replace_overlapping(mentions, _institution_mentions(doc, mentions))
    mentions = sorted(mentions + _acronym_mentions(doc, mentions), key=lambda m: m.span.start)
    mentions = sorted(mentions + _repeated_mentions(doc, mentions), key=lambda m: m.span.start)
    index = EntityIndex()
    _group(mentions, index)
    for m in mentions:
        if m.type == "Person":
            m.full_span = Span(doc, _title_start(doc, m.span.start, ADDRESS_FORMS), m.span.end)
    resolve_pronouns(doc, index)
    return index


# ----------------------------------------------------------------- mentions

def _mention(span: Span) -> Mention | None:
    stripped = _strip(span)
    if stripped is None:
        return None
    span, title_start = stripped
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
    """Drop leading determiners, honorifics and titles, and a trailing possessive.

    Returns the name's span and where the titles before it begin, inside the
    model's span or just before it ("Sen. Kennedy").
    """
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    titled = start
    while start < end and _is_title(doc[start], span.label_):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_), _title_start(doc, titled)


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


def _retype_people(mentions: list[Mention]) -> None:
    """A name the text describes as a person is one: "Tidwell, a retired CIA officer", "Jacobs, 20,"."""
    for m in mentions:
        if m.type not in PLACE_TYPES | {"Event"} and (m.type == "Person" or not m.evidence or m.span.label_ == "PERSON"):
            if _described_as_person(m.span):
                m.type, m.evidence = "Person", True


def _described_as_person(span: Span) -> bool:
    """A person noun in apposition or as a modifier ("a retired officer", "actor X"), or an age after a comma."""
    root, doc = span.root, span.doc
    nouns = [c for c in root.children
             if c.dep_ in {"appos", "compound"} and not c.ent_type_ and not span.start <= c.i < span.end]
    if root.dep_ == "appos":
        nouns.append(root.head)
    if any(n.lemma_.lower() in PERSON_NOUNS and n.pos_ == "NOUN" for n in nouns):
        return True
    age = doc[span.end + 1] if span.end + 2 < len(doc) else None  # "Jacobs, 20, and ..."
    return (age is not None and doc[span.end].text == "," and doc[span.end + 2].text == ","
            and age.text.isdigit() and 0 < int(age.text) < 120)


def _retype_by_type_nouns(mentions: list[Mention]) -> None:
    """A name the text calls a company, a militia, a ministry ... is one ("the copper miner Andes Cobre")."""
    for m in mentions:
        root, doc = m.span.root, m.span.doc
        nouns = [c for c in root.children if c.dep_ in {"appos", "compound"} and not c.ent_type_]
        if root.dep_ == "appos":
            nouns.append(root.head)
        before = doc[m.span.start - 1] if m.span.start > 1 else None
        if before is not None and before.pos_ == "NOUN" and doc[before.i - 1].dep_ == "det":
            nouns.insert(0, before)  # "the chipmaker Dravik", however it is parsed
        kinds = [TYPE_NOUNS[n.lemma_.lower()] for n in nouns if n.lemma_.lower() in TYPE_NOUNS]
        if kinds and m.type != "Country" and kinds[0] in ORGANIZATION_TYPES:
            m.type, m.evidence = kinds[0], True


def _retype_places(mentions: list[Mention]) -> None:
    """A one-word "person" or "organization" that is a place's own name, used as a place, and no
    person's name, is a place.

    A country's name always is ("Mali"); a city's or a region's only where
    some mention of it stands where places do ("in Sumy", "attack on Kyiv",
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
    for m in candidates:
        place = gaz.place(m.name, MIN_CITY_POPULATION, primary=True, codes=False)
        if place is None and fold(m.name) in used_as_place and len(m.name) > 3:  # "in Zhitomir": another spelling
            place = gaz.place(m.name, MIN_CITY_POPULATION, codes=False)
        if place and (place.kind == "Country" or fold(m.name) in located):
            m.type, m.place, m.evidence = place.kind, place, True


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


def _dateline_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
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


def _agency_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
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


def _replace_overlapping(mentions: list[Mention], new: list[Mention]) -> list[Mention]:
    """Add mentions; one that covers others replaces them, one inside or across another is dropped.

    A place opening a longer name is split off ("Beijing XINHUA Domestic Service").
    """
    result = list(mentions)
    for m in new:
        inside = [o for o in result if m.span.start <= o.span.start and o.span.end <= m.span.end]
        crossing = [o for o in result if o not in inside and o.span.start < m.span.end and m.span.start < o.span.end]
        if len(crossing) == 1 and crossing[0].span.start < m.span.start and crossing[0].span.end >= m.span.end:
            crossing = _split_leading_place(crossing[0], m.span.start, result)
        if crossing:
            continue
        result = [o for o in result if o not in inside] + [m]
    return sorted(result, key=lambda m: m.span.start)


def _split_broadcasters(mentions: list[Mention]) -> list[Mention]:
    """ "Havana Radio Rebelde Network": a station named after the city it is heard from."""
    for m in list(mentions):
        words = [t.lower_ for t in m.span]
        at = next((i for i, w in enumerate(words) if w in BROADCAST_WORDS), 0)
        if (m.span.label_ == "ORG" and 0 < at <= 2 and len(words) - at >= 2
                and _split_leading_place(m, m.span.start + at, mentions) == []):
            rest = m.span.doc[m.span.start + at:m.span.end]
            mentions.append(Mention(Span(rest.doc, rest.start, rest.end, label="ORG"), rest.text, "Media", evidence=True))
    return sorted(mentions, key=lambda m: m.span.start)


def _split_leading_place(outer: Mention, at: int, mentions: list[Mention]) -> list[Mention]:
    """Keep only the place before ``at`` of a longer name; returns what still overlaps."""
    doc = outer.span.doc
    place = gazetteer().place(doc[outer.span.start:at].text, primary=True, codes=False)
    if place is None:
        return [outer]
    mentions.remove(outer)
    mentions.append(Mention(Span(doc, outer.span.start, at, label="GPE"), place.name, place.kind, place, evidence=True))
    return []


# ----------------------------------------------------------------- institutions

def _institution_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A place's institutions: "Sudan's army", "the Kenyan police", "the municipality of Calama".

    Named "<place>'s <noun phrase>" ("Nigeria's army") or, for the "of" form,
    by the text without its determiner ("government of Burkina Faso"). The
    same noun phrase alone later ("the Foreign Ministry", "the army") is the
    same institution when the document has only one by that name.
    """
    at = {t.i: m for m in mentions for t in m.span}
    found: list[Mention] = []
    for token in doc:
        if token.lower_ not in INSTITUTION_HEADS or token.pos_ not in {"NOUN", "PROPN"} or token.dep_ in MODIFIER_DEPS:
            continue
        phrase = _institution_phrase(token)
        tagged = at.get(token.i)
        if phrase is None:
            continue
        if tagged is not None and (tagged.type not in ORGANIZATION_TYPES or tagged.span.end != token.i + 1):
            continue
        owner = _owner(phrase, at)
        if owner is None:
            if tagged is not None and tagged.span.start < phrase.start:  # "the Chinese Foreign Ministry"
                inner = _owner_inside(tagged, phrase)
                if inner is not None:
                    tagged.owner, tagged.institution = inner, fold(phrase.text)
            continue
        span = phrase if tagged is None else tagged.span
        kind = INSTITUTIONS[phrase.text.lower()] if tagged is None else tagged.type
        m = Mention(span, _institution_name(phrase, owner), kind, evidence=True, owner=owner,
                    institution=fold(phrase.text))
        if owner.span.end == span.start and doc[owner.span.start].tag_ != "POS" and owner.span[-1].tag_ != "POS":
            m.full_span = Span(doc, owner.span.start, span.end)  # "the Phnom Penh government"
        found.append(m)
    return found + _repeated_institutions(doc, mentions, found)


def _institution_phrase(head: Token) -> Span | None:
    """The longest listed institution phrase ending at its head noun ("foreign ministry", "army")."""
    doc = head.doc
    for length in range(4, 0, -1):
        start = head.i - length + 1
        if start >= 0 and doc[start:head.i + 1].text.lower() in INSTITUTIONS:
            return doc[start:head.i + 1]
    return None


def _owner(phrase: Span, at: dict[int, Mention]) -> Mention | None:
    """The place a phrase's head belongs to: a possessor, a demonym or place before it, or "of" a place."""
    head = phrase[-1]
    if any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in head.children):  # "an army of 50,000"
        return None
    for child in head.children:
        target = child
        if child.dep_ == "prep" and child.lower_ == "of" and child.i > head.i:
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
        elif child.dep_ not in {"poss", "amod", "compound", "nmod"} or child.i >= phrase.start:
            continue
        owner = at.get(target.i) if target is not None else None
        if owner is not None and owner.type in PLACE_TYPES:
            return owner
    return None


def _owner_inside(tagged: Mention, phrase: Span) -> Mention | None:
    """The country a tagged institution's name opens with ("Chinese" of "Chinese Foreign Ministry")."""
    gaz = gazetteer()
    before = phrase.doc[tagged.span.start:phrase.start]
    text = before.text.removesuffix("'s").removesuffix("\u2019s").strip()
    country = gaz.demonym(text) or gaz.country(text, codes=False)
    return Mention(before, country.name, "Country", country, evidence=True) if country else None


def _institution_name(phrase: Span, owner: Mention) -> str:
    if phrase[-1].i < owner.span.start:  # "municipality of Calama"
        return f"{phrase.text} of {owner.name}"
    return f"{owner.name}'" + ("" if owner.name.endswith("s") else "s") + f" {phrase.text}"


def _repeated_institutions(doc: Doc, mentions: list[Mention], owned: list[Mention]) -> list[Mention]:
    """ "the Foreign Ministry", "the army" after "Russia's Foreign Ministry", "Sudan's army"."""
    by_phrase: dict[str, set[str]] = {}
    for m in owned:
        by_phrase.setdefault(m.institution, set()).add(m.name)
    unique = {phrase: next(iter(names)) for phrase, names in by_phrase.items() if len(names) == 1}
    first = {m.institution: m for m in reversed(owned)}
    at = {t.i for m in mentions + owned for t in m.span}
    found = []
    for m in mentions:  # tagged alone: "the Foreign Ministry" as ORG
        if m.owner is None and m.type in ORGANIZATION_TYPES and fold(m.name) in unique and all(m is not o for o in owned):
            m.name, m.owner, m.institution = unique[fold(m.name)], first[fold(m.name)].owner, fold(m.name)
    for token in doc:
        if token.i in at or token.lower_ not in INSTITUTION_HEADS or token.dep_ in MODIFIER_DEPS:
            continue
        phrase = _institution_phrase(token)
        if phrase is None:
            continue
        key = fold(phrase.text)
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
        modified = any(c.dep_ in {"amod", "compound", "poss", "nummod"} and c.i < phrase.start for c in token.children)
        if definite and not modified and key in unique and first[key].span.start < token.i:
            source = first[key]
            found.append(Mention(phrase, source.name, source.type, evidence=True, owner=source.owner, institution=key))
    return found


# ----------------------------------------------------------------- grouping

def _group(mentions: list[Mention], index: EntityIndex) -> None:
    """Give each mention its entity: short names join full names, acronyms their expansion."""
    full_names = _person_full_names(mentions)
    expansions = {fold(m.name): m for m in mentions if m.type not in {"Person", "Country"}}
    acronyms = {initials: expansions[name] for name, initials in
                ((n, _initials(m.name)) for n, m in expansions.items()) if initials}
    institutions: dict[tuple[str, str], str] = {}
    companies = _company_short_names(mentions)
    for m in mentions:
        if fold(m.name) in full_names and (m.type == "Person" or m.place is None):
            m.name, m.type = full_names[fold(m.name)], "Person"
        elif fold(m.name) in companies and m.type not in PLACE_TYPES:  # "Mensa" after "Mensa Holdings"
            m.name, m.type = companies[fold(m.name)].name, companies[fold(m.name)].type
        elif fold(m.name) in acronyms and m.type != "Person":
            m.name, m.type = acronyms[fold(m.name)].name, acronyms[fold(m.name)].type
        if m.owner is not None:  # "the Chinese Foreign Ministry" and "China's foreign ministry" are one
            m.name = institutions.setdefault((fold(m.owner.name), m.institution), m.name)
        m.key = slug(m.name)
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.key, []).append(m)
        index.by_token.update((token.i, m.key) for token in m.span)
    for key, group in groups.items():
        first = next((m for m in group if fold(m.span.text) == fold(m.name)), group[0])
        kind = _group_type(group)
        for m in group:
            m.type = m.type if m.evidence else kind
        aliases = frozenset(m.span.text.replace("\u2019", "'") for m in group) - {first.name}
        place = next((m.place for m in group if m.place), None)
        if place:
            index.places[key] = place
        index.entities[key] = Entity(key=key, name=first.name, type=kind, aliases=aliases,
                                     same_as=place.iri if place else None)
    _add_owners(mentions, index)
    index.mentions = mentions


def _group_type(group: list[Mention]) -> str:
    """The type with evidence (gazetteer, type noun, suffix, list), else the mentions' majority type."""
    voters = [m for m in group if m.evidence] or group
    counts = Counter(m.type for m in voters)
    return max(voters, key=lambda m: counts[m.type]).type


def _add_owners(mentions: list[Mention], index: EntityIndex) -> None:
    """Record each institution's place; a place named only inside the institution's name gets its entity."""
    for m in mentions:
        if m.owner is None:
            continue
        owner = m.owner.key or slug(m.owner.name)
        if owner not in index.entities:
            place = m.owner.place
            index.entities[owner] = Entity(key=owner, name=m.owner.name, type=m.owner.type,
                                           same_as=place.iri if place else None)
            if place:
                index.places[owner] = place
        if owner != m.key:
            index.owners[m.key] = owner


def _company_short_names(mentions: list[Mention]) -> dict[str, Mention]:
    """A company's name without its legal suffix ("Mensa" of "Mensa Holdings"), when only one company has it."""
    short: dict[str, list[Mention]] = {}
    for m in mentions:
        words = fold(m.name).split()
        if m.type in ORGANIZATION_TYPES and len(words) > 1 and words[-1] in COMPANY_SUFFIXES:
            short.setdefault(" ".join(words[:-1]), []).append(m)
    return {name: found[0] for name, found in short.items() if len({fold(m.name) for m in found}) == 1}


def _person_full_names(mentions: list[Mention]) -> dict[str, str]:
    """Map each short name to the one longer person name in the document containing it."""
    people = {m.name for m in mentions if m.type == "Person" and len(fold(m.name).split()) > 1}
    full: dict[str, str] = {}
    for short in {fold(m.name) for m in mentions}:
        words = short.split()
        longer = {n for n in people if len(fold(n).split()) > len(words) and _contains(fold(n).split(), words)}
        if len(longer) == 1:
            full[short] = longer.pop()
    return full


def _initials(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper()]
    return fold("".join(w[0] for w in words)) if len(words) >= 2 else ""


def _acronym_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Untagged acronyms of the document's organizations ("the RSF") become their mentions."""
    organizations = {_initials(m.name): m for m in mentions if m.type not in {"Person", "Country"}}
    organizations.pop("", None)
    tagged = {t.i for m in mentions for t in m.span}
    found = []
    for token in doc:
        if token.i not in tagged and token.text.isupper() and fold(token.text) in organizations:
            known = organizations[fold(token.text)]
            found.append(Mention(Span(doc, token.i, token.i + 1, label="ORG"), known.name, known.type,
                                 evidence=known.evidence, owner=known.owner, institution=known.institution))
    return found


def _repeated_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Names the model tagged once are mentions wherever else they occur untagged.

    A person's surname alone counts too ("Mwangi" after "Joseph Mwangi").
    """
    known: dict[str, Mention] = {}
    for m in mentions:
        known.setdefault(m.span.text, m)
        if m.type == "Person" and len(m.span) > 1:
            known.setdefault(m.span[-1].text, Mention(m.span[-1:], m.span[-1].text, "Person"))
    matcher = PhraseMatcher(doc.vocab)
    for text, m in known.items():
        matcher.add(text, [Doc(doc.vocab, words=[t.text for t in m.span])])
    tagged = {t.i for m in mentions for t in m.span}
    spans = [doc[start:end] for _, start, end in matcher(doc)
             if not tagged & set(range(start, end)) and all(t.pos_ == "PROPN" for t in doc[start:end])]
    found = []
    for span in filter_spans(spans):
        m = known[span.text]
        found.append(Mention(Span(doc, span.start, span.end, label=m.span.label_), m.name, m.type, m.place,
                             evidence=m.evidence, owner=m.owner, institution=m.institution))
    return found


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))
