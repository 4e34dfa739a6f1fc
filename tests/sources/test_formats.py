"""Inputs of every kind kg reads: a saved news page, Markdown, a JSON Lines corpus, standard input.

The page and the articles are invented for these tests.
"""
from __future__ import annotations

import io
import json

import pytest
from rdflib import RDFS, Literal, URIRef

from kg.build import graph_of
from kg.errors import InputError
from kg.sources.formats import markdown_text
from kg.sources.ingest import Skipped, find_sources, read_inputs, read_sources

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Harbour deal signed in Valdora | The Coastline Post</title>
<meta name="author" content="Mira Castell">
<meta property="article:published_time" content="2024-03-12T09:30:00Z">
<link rel="canonical" href="https://coastline.example/news/harbour-deal">
<style>.cookie-banner { font-family: Georgia, serif; color: red }</style>
<script>var partners = ["Microsoft", "Google"]; console.log("Amazon");</script>
</head><body>
<div class="cookie-banner">We use cookies. Georgia Media Partners and Lisbon Analytics may read them. Accept all?</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport with Halvard Stream</a></li></ul></nav>
<article><h1>Harbour deal signed in Valdora</h1>
<p>President Elena Marsh of Valdora signed a port agreement with Orvik Shipping on Tuesday, officials said.</p>
<p>Marsh said the agreement would bring new jobs to the coastal city of Port Amsel. The company will invest in new cranes.</p>
<p>Orvik Shipping is based in Tallinn, and its chief executive, Jonas Reed, attended the ceremony.</p>
</article>
<aside>Most read: Brenner Motors recalls cars in Germany</aside>
<footer>Copyright Coastline Media Group. Follow us on Facebook.</footer>
</body></html>
"""
AROUND = ("DOCTYPE", "cookie", "Georgia", "Lisbon", "Halvard", "Brenner", "Germany", "Coastline Media",
          "Facebook", "Microsoft", "Google", "Amazon", "div", "class")
ARTICLE = "Prime Minister Ana Ruiz of Chile met President Jorge Silva of Peru in Lima on Monday."


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_saved_page_gives_the_article_and_its_metadata(tmp_path):
    [document] = read_inputs([_write(tmp_path / "harbour.html", PAGE)])
    assert "President Elena Marsh of Valdora signed a port agreement" in document.text
    assert "Jonas Reed, attended the ceremony" in document.text
    for word in AROUND:
        assert word not in document.text, f"{word!r} is from the page around the article"
    assert document.title == "Harbour deal signed in Valdora"
    assert document.date == "2024-03-12"
    assert document.author == "Mira Castell"
    assert document.url == "https://coastline.example/news/harbour-deal"
    assert document.path == "harbour.html"


def test_a_saved_page_gives_the_articles_entities_and_none_from_the_page_around_it(tmp_path):
    graph = graph_of(read_inputs([_write(tmp_path / "harbour.html", PAGE)]))
    labels = {str(label) for label in graph.objects(None, RDFS.label)}
    assert {"Elena Marsh", "Valdora", "Orvik Shipping", "Tallinn", "Jonas Reed"} <= labels, labels
    for word in AROUND:
        assert not any(word.lower() in label.lower() for label in labels), (word, labels)
    document = next(iter(graph.subjects(URIRef("http://purl.org/dc/terms/creator"), Literal("Mira Castell"))))
    assert (document, URIRef("https://schema.org/url"), URIRef("https://coastline.example/news/harbour-deal")) in graph


def test_a_page_with_no_article_is_skipped_in_a_batch(tmp_path):
    empty = _write(tmp_path / "blank.html", "<html><head><style>p {}</style></head><body><script>x = 1</script></body></html>")
    good = _write(tmp_path / "a.txt", ARTICLE)
    items = list(read_sources(find_sources([empty, good])))
    assert isinstance(items[0], Skipped) and str(empty) in str(items[0].error)
    assert items[1].text == ARTICLE


def test_markdown_loses_its_markup():
    text = markdown_text(
        "# Talks in *Lima*\n\nPrime Minister **Ana Ruiz** of [Chile](https://example.org/chile) met\n"
        "President `Jorge Silva`.\n\n- first point\n- second point\n\n```\ncode = 1\n```\n\n<div>raw</div>\n")
    assert text.splitlines()[0] == "Talks in Lima", "the heading is a line of its own, a headline"
    assert "Prime Minister Ana Ruiz of Chile met President Jorge Silva." in text
    assert "first point" in text and "second point" in text
    for markup in ("#", "*", "](", "`", "https://", "code = 1", "<div>", "raw"):
        assert markup not in text, markup


def test_a_markdown_file_named_on_the_command_line_is_read(tmp_path):
    [document] = read_inputs([_write(tmp_path / "lima.md", f"# Talks in Lima\n\n{ARTICLE.replace('Ana Ruiz', '**Ana Ruiz**')}\n")])
    assert document.title == "Talks in Lima"
    assert "**" not in document.text and "Ana Ruiz" in document.text


def test_a_folder_reads_text_html_and_corpora_but_not_markdown(tmp_path):
    _write(tmp_path / "f" / "a.txt", ARTICLE)
    _write(tmp_path / "f" / "b.html", PAGE)
    _write(tmp_path / "f" / "c.jsonl", json.dumps({"text": ARTICLE + " Again."}) + "\n")
    _write(tmp_path / "f" / "README.md", "# About these files\n\nNotes for the team, not an article.\n")
    _write(tmp_path / "f" / "notes.pdf", "%PDF-1.4")
    assert [s.name for s in find_sources([tmp_path / "f"])] == ["a.txt", "b.html", "c.jsonl"]


@pytest.mark.parametrize("name", ["report.pdf", "photo.png", "data.csv", "article"])
def test_another_kind_named_explicitly_is_refused_not_read_as_text(tmp_path, name):
    path = _write(tmp_path / name, ARTICLE)
    with pytest.raises(InputError) as caught:
        find_sources([path])
    message = str(caught.value)
    assert str(path) in message and ".txt, .md, .html, .htm or .jsonl" in message and "\n" not in message


# --- JSON Lines corpora ------------------------------------------------------------------

CORPUS_LINES = [
    json.dumps({"id": "wire-1", "text": ARTICLE, "title": "Ruiz meets Silva", "date": "2024-05-06T08:00:00Z",
                "url": "https://wire.example/1", "source": "Wire Example", "section": "World", "tags": ["lima"]}),
    "{not json",
    json.dumps({"id": "wire-3", "title": "no text here"}),
    "",
    json.dumps({"text": "President Jorge Silva of Peru visited Santiago on Friday."}),
    json.dumps({"text": ""}),
]


def test_a_corpus_line_is_a_document_with_its_metadata(tmp_path):
    corpus = _write(tmp_path / "wire.jsonl", "\n".join(CORPUS_LINES) + "\n")
    items = list(read_sources(find_sources([corpus])))
    documents = [i for i in items if not isinstance(i, Skipped)]
    first = documents[0]
    assert (first.name, first.identifier, first.title, first.date) == ("wire-1", "wire-1", "Ruiz meets Silva", "2024-05-06")
    assert (first.url, first.source, first.path) == ("https://wire.example/1", "Wire Example", "wire.jsonl:1")
    assert first.metadata == (("section", "World"), ("tags", '["lima"]'))
    assert documents[1].name == "wire.jsonl:5" and documents[1].identifier is None


def test_bad_corpus_lines_are_skipped_and_named_with_their_line(tmp_path):
    corpus = _write(tmp_path / "wire.jsonl", "\n".join(CORPUS_LINES) + "\n")
    skipped = [i for i in read_sources(find_sources([corpus])) if isinstance(i, Skipped)]
    assert [s.origin for s in skipped] == [f"{corpus}:2", f"{corpus}:3", f"{corpus}:6"]
    assert "not valid JSON" in str(skipped[0].error) and '"text"' in str(skipped[1].error)
    assert "empty" in str(skipped[2].error)
    with pytest.raises(InputError, match=r"wire\.jsonl:2: not valid JSON"):
        read_inputs([corpus])  # the list API stops at the first


def test_corpus_metadata_reaches_the_graph(tmp_path):
    corpus = _write(tmp_path / "wire.jsonl", CORPUS_LINES[0] + "\n")
    graph = graph_of(read_inputs([corpus]))
    [document] = graph.subjects(URIRef("http://purl.org/dc/terms/identifier"), Literal("wire-1"))
    assert (document, URIRef("https://w3id.org/kg-news/id/meta/section"), Literal("World")) in graph
    assert (document, URIRef("http://purl.org/dc/terms/publisher"), Literal("Wire Example")) in graph


# --- standard input ------------------------------------------------------------------------


@pytest.mark.parametrize("given, names", [
    (ARTICLE, ["stdin"]),
    ("\n".join(CORPUS_LINES[:1] + CORPUS_LINES[4:5]), ["wire-1", "stdin:2"]),
    (PAGE, ["stdin"]),
], ids=["text", "corpus", "page"])
def test_standard_input(given, names):
    items = list(read_sources(find_sources(["-"]), stdin=io.BytesIO(given.encode("utf-8"))))
    assert [i.name for i in items] == names
    assert all("DOCTYPE" not in i.text for i in items)
