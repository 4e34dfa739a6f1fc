"""Fuzzed text through the whole pipeline: ingest checks, spaCy and kg's extraction, RDF, the validator.

Run the long profile (about 2,000 pipeline examples, and more of the CLI
fuzz) on demand with:

    KG_FUZZ=long python -m pytest tests/fuzz

The default "ci" profile runs a fixed, derandomized set (see
``tests/fuzz/profiles.py``; each test states its example counts).

Each text mixes invented English sentences (so the language check passes
and extraction runs) with hostile pieces: control characters, right-to-left
script and marks, emoji, combining marks, arbitrary Unicode, sentences with
no punctuation, a very long sentence, digits only, quotes only. For each:
building succeeds or raises kg's own ``KGError`` (an empty, binary or
non-English text is refused on purpose); a graph that is built passes the
shapes ``kg validate`` checks, every statement's offsets slice its evidence
sentence out of the text exactly, and building it again gives the same bytes.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import event, example, given, strategies as st
from rdflib import Literal
from rdflib.compare import isomorphic

from kg.build import dataset_of
from kg.errors import KGError
from kg.outputs import serialize_dataset
from kg.rdf.graph import union_of
from kg.rdf.namespace import KG
from kg.rdf.validate import load_merged_graph, validate
from kg.sources.ingest import make_document
from tests.fuzz.profiles import PROFILE, fuzz_settings

# --- invented English material ------------------------------------------------------------

PEOPLE = ["Anna Berg", "Jorge Silva", "Maria Lind", "Tomas Okafor", "Ines Varga", "Kofi Mensah", "Lena Moreau",
          "Ravi Tanaka", "President Ilmar Kask", "Prime Minister Kadri Saar"]
PLACES = ["Oslo", "Lagos", "Lima", "Hamburg", "Nairobi", "Quito", "Norway", "Chile", "Kenya", "Peru"]
GROUPS = ["Nordlys Energy", "Kestrel Mining", "Arvo Bank", "the Tarvian army", "the Coastal Party", "Helio Motors"]
DAYS = ["on Monday", "on Sunday", "last year", "in 2022", "on 4 March", ""]
TEMPLATES = [
    "{p} met {q} in {place} {day}.",
    "{p} criticized {q} {day}.",
    "{g} hired {p} as its chief executive {day}.",
    "{p} said {g} would attack {place}.",
    "{p} did not meet {q} in {place}.",
    "According to {p}, {g} signed an agreement with {h} {day}.",
    "{p} visited {place} {day}, officials said.",
    "{g}, a company based in {place}, accused {h} of fraud.",
    "\u201c{g} will sanction {place},\u201d {p} told reporters.",
    "{p} and {q} negotiated with {g} in {place}",  # no full stop
]


@st.composite
def english_sentences(draw) -> str:
    people = st.sampled_from(PEOPLE)
    groups = st.sampled_from(GROUPS)
    sentence = draw(st.sampled_from(TEMPLATES)).format(
        p=draw(people), q=draw(people), g=draw(groups), h=draw(groups),
        place=draw(st.sampled_from(PLACES)), day=draw(st.sampled_from(DAYS)),
    )
    return sentence.replace("  ", " ").replace(" .", ".").replace(" ,", ",")


# --- hostile pieces -----------------------------------------------------------------------

# A run-on sentence of names is slow to read (kg qualifies each of its thousands of statements
# against the whole sentence: minutes at 50,000 characters), so one of names stays under 5,000
# characters; one of other words goes to 50,000 in the long profile, 5,000 in CI, and every profile
# runs the explicit 50,000-character example below.
NAMES_SENTENCE = 5_000
LONG_SENTENCE = 5_000 if PROFILE == "ci" else 50_000

control = st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), min_size=1, max_size=8)
right_to_left = st.sampled_from([
    "\u0627\u0644\u0633\u0644\u0627\u0645 \u0639\u0644\u064a\u0643\u0645",  # Arabic greeting
    "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",  # Hebrew
    "\u202eevil override\u202c", "\u200f", "\u200e", "\u2067isolate\u2069", "\u061c",
])
emoji = st.lists(st.sampled_from(["\U0001f600", "\U0001f1f3\U0001f1f4", "\U0001f469\U0001f3fd\u200d\U0001f52c",
                                 "\u2764\ufe0f", "\U0001f30d", "\U0001f4f0", "#\ufe0f\u20e3"]), min_size=1, max_size=6).map("".join)
combining = st.text(st.characters(categories=["Mn", "Me"]), min_size=1, max_size=5)
any_text = st.text(st.characters(exclude_categories=()), max_size=60)  # lone surrogates too: build_graph takes any str
digits_only = st.text(st.sampled_from("0123456789 ,.%-"), min_size=1, max_size=80)
quotes_only = st.text(st.sampled_from("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e`"), min_size=1, max_size=40)


@st.composite
def long_sentences(draw) -> str:
    """One run-on sentence, no punctuation: of names and places, of other words, or one word."""
    people, places = st.sampled_from(PEOPLE), st.sampled_from(PLACES)
    names = f"{draw(people)} met {draw(people)} in {draw(places)} and "
    unit = draw(st.sampled_from([names, "the long road went on and ", "x", f"{draw(places)} "]))
    size = draw(st.integers(200, NAMES_SENTENCE if unit == names else LONG_SENTENCE))
    return (unit * (size // len(unit) + 1))[:size]


@st.composite
def mangled_sentences(draw) -> str:
    """An English sentence with a hostile piece inside it, or its punctuation stripped."""
    sentence = draw(english_sentences())
    piece = draw(st.one_of(control, right_to_left, emoji, combining, any_text, quotes_only))
    if draw(st.booleans()):
        return "".join(c for c in sentence if c not in ".,\u201c\u201d")
    at = draw(st.integers(0, len(sentence)))
    return sentence[:at] + piece + sentence[at:]


pieces = st.one_of(
    english_sentences(), english_sentences(), mangled_sentences(),
    control, right_to_left, emoji, combining, any_text, digits_only, quotes_only, long_sentences(),
)
separators = st.sampled_from([" ", "\n", "\n\n", "", "\t", "\r\n", "\u2028", "\u00a0"])


@st.composite
def texts(draw) -> str:
    parts = draw(st.lists(pieces, min_size=1, max_size=8))
    return "".join(part + draw(separators) for part in parts)


# --- the properties -----------------------------------------------------------------------

STATEMENT_OFFSETS = (KG.sentenceStart, KG.sentenceEnd, KG.spanStart, KG.spanEnd)
FIFTY_THOUSAND = ("Anna Berg met Jorge Silva in Oslo and the long road went on and "
                  + "the long road went on and " * 2000)[:49_966] + " Maria Lind criticized Kofi Mensah"


def built(text: str) -> tuple[str, str] | None:
    """The Turtle and TriG kg writes for the text as one document; None when kg refuses the text."""
    try:
        document = make_document("text-1", text)
        dataset = dataset_of([document])
    except KGError as error:  # refused on purpose (empty, binary, not English, too large): the only allowed failure
        event(f"refused: {type(error).__name__}: {str(error).split(': ', 1)[-1][:40]}")
        return None
    return union_of(dataset).serialize(format="turtle"), serialize_dataset(dataset, "trig")


@fuzz_settings(ci=120, long=2000)
@given(texts())
@example("Anna Berg met Jorge Silva in Oslo on Monday.")
@example(FIFTY_THOUSAND)  # one sentence of exactly 50,000 characters, no full stop
@example("0123 4567 89 1,000,000 42%")
@example("\u201c\u201d\"\"''\u00ab\u00bb")
@example("\u202eAnna Berg met Jorge Silva in Oslo.\u202c \U0001f600\u0301")
@example("Anna Berg met Jorge Silva in Oslo.\ud800")  # a lone surrogate: no file decodes to one, a str may hold it
def test_any_text_builds_a_valid_graph_or_is_refused(text):
    first = built(text)
    if first is None:
        return
    turtle, trig = first
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as folder:
        ttl_path, trig_path = Path(folder) / "graph.ttl", Path(folder) / "graph.trig"
        ttl_path.write_text(turtle, encoding="utf-8")
        trig_path.write_text(trig, encoding="utf-8")
        graph = load_merged_graph(ttl_path)  # what 'kg validate graph.ttl' reads
        report = validate(graph)
        assert report.conforms, str(report)
        assert isomorphic(graph, load_merged_graph(trig_path)), "graph.ttl and graph.trig hold different triples"
    for statement in graph.subjects(KG.sentence, None):
        sentence = str(graph.value(statement, KG.sentence))
        start, end, span_start, span_end = (graph.value(statement, p).toPython() for p in STATEMENT_OFFSETS)
        assert text[start:end] == sentence, f"offsets {start}:{end} slice {text[start:end]!r}, not {sentence!r}"
        assert 0 <= start <= span_start < span_end <= end <= len(text)
        assert isinstance(graph.value(statement, KG.sentence), Literal)
    event(f"built, {'with' if (None, KG.sentence, None) in graph else 'no'} statements")
    assert built(text) == first, "the same text built twice gave different Turtle or TriG"
