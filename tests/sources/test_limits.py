"""Limits on what kg reads: an article's size (--max-chars) and its language (--lang-check), refused by location.

The size limit is checked as the text is read, before any parsing: a file
names its path, a corpus line its path:line, and the message says which
option changes it; a corpus line longer than any article of the limit could
be is passed over in bounded reads, never held whole in memory.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.sources import ingest
from kg.sources.ingest import Checks, make_document, read_inputs, read_sources, find_sources, Skipped
from tests.conftest import ROOT

KG_SCRIPT = Path(sys.executable).with_name("kg")
# A wire lede of names and titles (invented): English, though its stop words are few.
LEDE = ("Nigerian Oil Minister Adebayo Okonkwo, Kalabari Petroleum Chief Executive Femi Adeyemi and Niger Delta "
        "Authority Chairman Musa Bello said on Monday in Abuja that Bonga production would resume Thursday.")
# Invented French and German news texts.
FRENCH = ("Le ministre des Finances a annoncé lundi que le gouvernement allait réduire les dépenses publiques dans "
          "les régions du nord, où les agriculteurs se plaignent depuis des mois de la hausse des prix et du manque "
          "de pluie. Selon lui, les mesures seront présentées au Parlement avant la fin du mois.")
GERMAN = ("Der Bürgermeister der Stadt hat am Dienstag erklärt, dass die neue Brücke über den Fluss erst im "
          "nächsten Jahr fertig wird, weil die Firma nicht genug Stahl bekommen hat und die Kosten stark gestiegen sind.")
ENGLISH = ("Harbour workers in the port of Valmora went on strike on Tuesday over pay, the union said. "
           "The port authority said talks with the union would resume on Friday.")


def kg(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KG_DEBUG"}
    return subprocess.run([str(KG_SCRIPT), *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=300, input=stdin)


def error_line(run: subprocess.CompletedProcess) -> str:
    lines = run.stderr.splitlines()
    assert "Traceback" not in run.stderr and len(lines) == 1 and lines[0].startswith("kg: error: "), run.stderr
    return lines[0]


def write_corpus(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    return path


# --- the size limit -------------------------------------------------------------------------


def test_a_document_over_max_chars_is_refused_by_path_and_accepted_under_a_higher_limit(tmp_path):
    article = tmp_path / "valmora.txt"
    article.write_text(ENGLISH, encoding="utf-8")
    refused = kg("build", article, "--out", tmp_path / "out", "--max-chars", len(ENGLISH) - 1)
    line = error_line(refused)
    assert refused.returncode == 1 and refused.stdout == ""
    assert f"{article}: {len(ENGLISH):,} characters" in line and f"{len(ENGLISH) - 1:,} characters" in line
    assert "--max-chars N" in line, "the message must say how to change the limit"
    assert not (tmp_path / "out").exists(), "nothing is written for a refused article"
    accepted = kg("build", article, "--out", tmp_path / "out", "--max-chars", len(ENGLISH))
    assert accepted.returncode == 0, accepted.stderr
    assert "Valmora" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_corpus_lines_over_the_limit_are_skipped_by_path_and_line(tmp_path):
    limit = 1000
    longest = ingest.MAX_LINE_BYTES_PER_CHAR * limit + ingest.LINE_SLACK_BYTES
    corpus = write_corpus(tmp_path / "news.jsonl", [
        ENGLISH,
        (ENGLISH + " ") * (limit // len(ENGLISH) + 1),  # over the limit in characters
        ENGLISH.replace("Tuesday", "Wednesday"),
        "x" * (longest + 10),  # a line too long to read whole
        ENGLISH.replace("Tuesday", "Thursday"),
    ])
    run = kg("build", corpus, "--out", tmp_path / "out", "--max-chars", limit)
    assert run.returncode == 3, run.stderr  # built, with inputs skipped
    skipped = [line for line in run.stderr.splitlines() if line.startswith("kg: skipped: ")]
    assert [line.split(": ")[2] for line in skipped] == [f"{corpus}:2", f"{corpus}:4"], run.stderr
    assert all("--max-chars N" in line for line in skipped)
    assert f"{limit:,} characters" in skipped[0] and "bytes or more" in skipped[1]
    assert run.stdout.startswith("3 documents"), run.stdout


def test_a_line_too_long_is_passed_over_in_bounded_reads():
    class Recording(io.BytesIO):
        longest = 0

        def readline(self, size=-1):
            line = super().readline(size)
            Recording.longest = max(Recording.longest, len(line))
            return line

    big = 5 * ingest.READ_CHUNK
    stream = Recording(b'{"text": "a"}\n' + b"y" * big + b"\n" + b'{"text": "b"}\n' + b"z" * 3000)
    lines = list(ingest._bounded_lines(stream, 1000))
    assert lines == [b'{"text": "a"}\n', None, b'{"text": "b"}\n', None]
    assert Recording.longest <= ingest.READ_CHUNK < big, "a long line was read whole"


def test_spacy_max_length_follows_a_larger_limit(nlp):
    from kg.engine.extract import extract_documents

    text = ENGLISH * 3
    previous = nlp.max_length
    nlp.max_length = len(ENGLISH)  # as if the text were past spaCy's default
    try:
        [graph] = list(extract_documents([make_document("long.txt", text, checks=Checks(max_chars=len(text)))],
                                         "https://example.org/"))
        assert nlp.max_length >= len(text)
        assert b"Valmora" in graph.ntriples
    finally:
        nlp.max_length = previous


def test_stdin_over_the_limit_is_refused_without_reading_all_of_it():
    checks = Checks(max_chars=10)
    most = ingest.MAX_HTML_BYTES_PER_CHAR * checks.limit
    stream = io.BytesIO(b"Harbour workers went on strike.\n" + b"word " * 1000)
    [item] = list(read_sources(find_sources(["-"]), stdin=stream, checks=checks))
    assert isinstance(item, Skipped) and "-: " in str(item.error) and "--max-chars N" in str(item.error)
    assert stream.tell() <= most + 1


# --- the language check ---------------------------------------------------------------------


def test_a_short_wire_lede_of_names_and_titles_is_english():
    assert 25 <= len(LEDE.split()) <= 32
    [document] = read_inputs([LEDE])
    assert document.text == LEDE


@pytest.mark.parametrize("text", [FRENCH, GERMAN], ids=["French", "German"])
def test_another_language_is_refused_naming_the_override_and_accepted_with_it(text):
    with pytest.raises(InputError) as caught:
        make_document("foreign.txt", text)
    assert "foreign.txt" in str(caught.value) and "'--lang-check off'" in str(caught.value)
    assert make_document("foreign.txt", text, checks=Checks(lang_check=False)).text == text


def test_lang_check_off_on_the_command_line(tmp_path):
    article = tmp_path / "nord.txt"
    article.write_text(FRENCH, encoding="utf-8")
    refused = kg("build", article, "--out", tmp_path / "out")
    assert refused.returncode == 1 and "--lang-check off" in error_line(refused)
    accepted = kg("build", article, "--out", tmp_path / "out", "--lang-check", "off")
    assert accepted.returncode == 0, accepted.stderr
    assert (tmp_path / "out" / "graph.ttl").exists()
    wrong = kg("build", article, "--out", tmp_path / "out", "--lang-check", "maybe")
    assert wrong.returncode == 2 and "on, off" in error_line(wrong)
