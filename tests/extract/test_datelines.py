"""Sentences a reader can cite: datelines, headlines, paragraphs and quotes set sentence starts."""
from __future__ import annotations

import pytest


def sentences(nlp, text):
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def triples(nlp, text):
    return {(s.subject.name, s.predicate, s.object.name) for s in nlp(text)._.kg_statements}


@pytest.mark.parametrize("dateline", [
    "MUNICH, March 4, 2025 (Reuters) -",
    "MUNICH, Germany, 4 March 2025 (Reuters) \u2014",
    "BERGEN, Norway (AP) -",
])
def test_a_dateline_is_a_sentence_of_its_own(nlp, dateline):
    """Issue 8: a dateline with a date ran into the story's first sentence."""
    story = "Nordbank AG said on Tuesday it would cut 2,000 jobs."
    assert sentences(nlp, f"{dateline} {story}") == [dateline, story]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_blank_line_ends_a_sentence(nlp, newline):
    """Issue 8: the headline, the dateline and the story were one sentence."""
    blank = newline * 2
    text = (f"Ferry firm cuts jobs{blank}OSLO (Reuters) - Nordhav said on Tuesday it would cut 300 jobs.{blank}"
            f"The union called a strike{blank}for Friday.")
    assert sentences(nlp, text) == ["Ferry firm cuts jobs", "OSLO (Reuters) -",
                                    "Nordhav said on Tuesday it would cut 300 jobs.",
                                    "The union called a strike", "for Friday."]


def test_a_closing_quote_belongs_to_the_sentence_it_closes(nlp):
    text = ('Nordhav will cut 300 jobs. "We had no choice.\nThe market has collapsed."\n'
            'The union said it would strike. "It is a betrayal."\n\nTalks resume on Friday.')
    assert sentences(nlp, text) == ["Nordhav will cut 300 jobs.", '"We had no choice.',
                                    'The market has collapsed."', "The union said it would strike.",
                                    '"It is a betrayal."', "Talks resume on Friday."]


def test_a_line_break_inside_a_sentence_is_whitespace_and_offsets_still_slice_the_text(nlp):
    text = ("Ferry firm cuts jobs\r\n\r\nThe shipping firm Nordhav, based in Bergen, said on Tuesday that\r\n"
            "it would cut 300 jobs at its\r\nyards.\r\n\r\nThe union called a strike.")
    doc = nlp(text)
    assert [s.text.strip() for s in doc.sents][1].endswith("yards.")
    statements = doc._.kg_statements
    assert statements
    for s in statements:
        assert text[s.evidence.sentence_start:s.evidence.sentence_end] == s.evidence.sentence
        assert s.evidence.sentence.startswith("The shipping firm")


@pytest.mark.parametrize("text", [
    "ODESA (Reuters) - Ukraine said on Monday that drones struck an oil depot.",
    "Drones hit depot\n\nODESA, March 4, 2025 (Reuters) - Ukraine said on Monday that drones struck an oil depot.",
])
def test_a_news_agency_in_a_dateline_is_not_based_in_its_city(nlp, text):
    """Issue 8: "KYIV (Reuters) -" is where the story was filed, not where Reuters is based."""
    assert not {t for t in triples(nlp, text) if t[0] == "Reuters"}


def test_a_dateline_still_places_its_city_in_its_country(nlp):
    text = "Ferry firm cuts jobs\n\nBERGEN, Norway (AP) - Nordhav said on Tuesday it would cut 300 jobs."
    assert ("Bergen", "located_in", "Norway") in triples(nlp, text)


@pytest.mark.parametrize("credits", [
    "Author: Jane Doe, Reuters\nEditor: John Roe, Nordhav Times",
    "Author: Jane Doe Editor: John Roe",
    "\nReporting by Jane Doe for Reuters; editing by John Roe of Reuters",
    "Additional reporting by Jane Doe of the Nordhav Times",
])
def test_a_byline_or_credits_line_is_not_a_job(nlp, credits):
    """Issue 8: "Author: Jane Doe Editor: John Roe" names who made the story, not whom they work for."""
    text = f"The shipping firm Nordhav said on Tuesday it would cut 300 jobs.\n{credits}"
    assert not {t for t in triples(nlp, text) if t[0] in {"Jane Doe", "John Roe"}}
    assert sentences(nlp, text)[-1] == credits.split("\n")[-1]


def test_credits_after_the_last_sentence_on_its_line(nlp):
    text = 'The shipping firm Nordhav will cut 300 jobs, "and more," a union leader said. Author: Jane Doe Editor: John Roe'
    assert not {t for t in triples(nlp, text) if t[0] in {"Jane Doe", "John Roe"}}
    assert sentences(nlp, text)[-1] == "Author: Jane Doe Editor: John Roe"
