"""SHACL validation: built graphs conform; each kind of damage is named on its own line."""
from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import PROV, SH, Namespace

from kg.rdf import ontology
from kg.build import graph_of
from kg.rdf.graph import quiet_rdflib
from kg.sources.ingest import read_inputs
from kg.rdf.namespace import KG
from kg.rdf.validate import load_merged_graph as load_graph, shapes, validate
from tests.conftest import ARTICLES

KG_SCRIPT = Path(sys.executable).with_name("kg")
KGSH = Namespace("https://w3id.org/kg-news/shapes#")


def kg(*args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KG_DEBUG"}
    return subprocess.run([str(KG_SCRIPT), *map(str, args)], capture_output=True, text=True, env=env, timeout=120)


def copy(graph: Graph) -> Graph:
    broken = Graph()
    for prefix, namespace in graph.namespaces():
        broken.bind(prefix, namespace)
    for triple in graph:
        broken.add(triple)
    return broken


def entity(graph: Graph, label: str) -> URIRef:
    [node] = graph.subjects(RDFS.label, Literal(label))
    return node


def statement(graph: Graph, predicate: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.predicate, predicate))[0]


def set_value(graph: Graph, node, predicate, value) -> None:
    graph.remove((node, predicate, None))
    if value is not None:
        graph.add((node, predicate, value))


# --- what conforms ---------------------------------------------------------------------


def test_seed_graph_conforms(seed_build):
    report = validate(load_graph(seed_build / "graph.ttl"))
    assert report.conforms, str(report)
    assert str(report) == "conforms"


def test_held_out_articles_graph_conforms():
    report = validate(graph_of(read_inputs([ARTICLES])))
    assert report.conforms, str(report)


# --- what does not, and how it is reported ----------------------------------------------

def _two_labels(g):
    g.add((entity(g, "Vladimir Putin"), RDFS.label, Literal("Putin, Vladimir")))


def _no_type(g):
    g.remove((entity(g, "Sumy"), RDF.type, None))


def _type_outside_the_ontology(g):
    node = entity(g, "Sumy")
    set_value(g, node, RDF.type, KG._NS["Town"])


def _no_evidence(g):
    node = statement(g, KG.negotiates_with)
    set_value(g, node, KG.sentence, None)
    set_value(g, node, PROV.wasDerivedFrom, None)


def _span_past_sentence(g):
    node = statement(g, KG.attacks)
    set_value(g, node, KG.spanEnd, Literal(int(g.value(node, KG.sentenceEnd)) + 5))


def _span_before_sentence(g):
    node = statement(g, KG.attacks)
    set_value(g, node, KG.spanStart, Literal(int(g.value(node, KG.sentenceStart)) - 1))


def _empty_span(g):
    node = statement(g, KG.attacks)
    set_value(g, node, KG.spanEnd, g.value(node, KG.spanStart))


def _offset_as_text(g):
    node = statement(g, KG.attacks)
    set_value(g, node, KG.sentenceEnd, Literal(str(g.value(node, KG.sentenceEnd))))


def _no_polarity(g):
    set_value(g, statement(g, KG.recognizes), KG.polarity, None)


def _unknown_polarity(g):
    set_value(g, statement(g, KG.recognizes), KG.polarity, KG.fact)


def _two_modalities(g):
    g.add((statement(g, KG.recognizes), KG.modality, KG.possible))


def _confidence_above_one(g):
    set_value(g, statement(g, KG.attacks), KG.confidence, Literal(Decimal("1.5")))


def _predicate_outside_the_vocabulary(g):
    set_value(g, statement(g, KG.attacks), RDF.predicate, KG.mentionedIn)


def _no_rule(g):
    set_value(g, statement(g, KG.attacks), KG.rule, None)


def _short_digest(g):
    [document] = g.subjects(RDF.type, KG.Document)
    set_value(g, document, KG.sha256, Literal("8c62365f"))


BREAKAGES = {
    # name: (damage, the focus named in the report, the paths that fail)
    "two labels": (_two_labels, "Putin, Vladimir / Vladimir Putin", {"rdfs:label"}),
    "no type": (_no_type, "Sumy", {"rdf:type"}),
    "type outside the ontology": (_type_outside_the_ontology, "Sumy", {"rdf:type"}),
    "statement without evidence": (_no_evidence, "statement Vladimir Putin negotiates_with Volodymyr Zelensky",
                                   {"kg:sentence", "prov:wasDerivedFrom"}),
    "spanEnd > sentenceEnd": (_span_past_sentence, "statement Russia attacks", {"kg:spanEnd"}),
    "spanStart < sentenceStart": (_span_before_sentence, "statement Russia attacks", {"kg:sentenceStart"}),
    "empty span": (_empty_span, "statement Russia attacks", {"kg:spanStart"}),
    "offset as text": (_offset_as_text, "statement Russia attacks", {"kg:sentenceEnd", "kg:spanEnd"}),
    "polarity missing": (_no_polarity, "statement Vladimir Putin recognizes Volodymyr Zelensky", {"kg:polarity"}),
    "unknown polarity": (_unknown_polarity, "statement Vladimir Putin recognizes Volodymyr Zelensky", {"kg:polarity"}),
    "two modalities": (_two_modalities, "statement Vladimir Putin recognizes Volodymyr Zelensky", {"kg:modality"}),
    "confidence above 1": (_confidence_above_one, "statement Russia attacks", {"kg:confidence"}),
    "predicate outside the vocabulary": (_predicate_outside_the_vocabulary, "statement Russia mentionedIn",
                                         {"rdf:predicate"}),
    "no rule": (_no_rule, "statement Russia attacks", {"kg:rule"}),
    "short digest": (_short_digest, "document 000_585b4e0ee30f5510.txt", {"kg:sha256"}),
}


@pytest.mark.parametrize("name", BREAKAGES)
def test_damage_is_reported_on_the_node_and_property(seed_graph, name):
    damage, focus, paths = BREAKAGES[name]
    broken = copy(seed_graph)
    damage(broken)
    report = validate(broken)
    assert not report.conforms
    assert {v.path for v in report.violations} == paths, str(report)
    assert all(v.focus.startswith(focus) for v in report.violations), str(report)
    assert all(v.message for v in report.violations)


def test_report_lines_name_focus_path_and_message(seed_graph):
    broken = copy(seed_graph)
    _span_past_sentence(broken)
    lines = str(validate(broken)).splitlines()
    assert len(lines) == 2
    focus, path, message = lines[0].split(" | ")
    assert focus.startswith("statement Russia attacks ")
    assert path == "kg:spanEnd"
    assert "inside its sentence" in message and "(value: " in message
    assert lines[1] == "does not conform: 1 violation"


# --- the shapes and the ontology agree --------------------------------------------------


def test_shapes_name_only_ontology_terms():
    defined = {s for s in ontology.ontology().subjects() if isinstance(s, URIRef)}
    used = {t for triple in shapes() for t in triple if isinstance(t, URIRef) and str(t).startswith(str(KG._NS))}
    assert used <= defined, used - defined


def _listed_predicates(shape) -> set[str]:
    graph = shapes()
    [listed] = [graph.value(p, SH["in"]) for p in graph.objects(shape, SH.property)
                if graph.value(p, SH.path) == RDF.predicate]
    return {ontology.local(t) for t in Collection(graph, listed)}


def test_statement_predicates_are_the_core_vocabulary():
    assert _listed_predicates(KGSH.StatementShape) == ontology.relation_names()


def test_background_predicates_are_core_and_cover_what_background_knowledge_adds():
    from kg.extract.lexicon import load_json

    listed = _listed_predicates(KGSH.BackgroundStatementShape)
    assert listed <= ontology.relation_names()
    background = load_json("inferences.json")["background"]
    assert {background["gazetteer_places"]["predicate"], *background["up_the_place_hierarchy"]["predicates"]} <= listed


# --- files and the command line --------------------------------------------------------


def test_trig_is_validated_as_its_merged_view(seed_graph, tmp_path):
    dataset = Dataset()
    named = dataset.graph(URIRef("https://example.org/graph/seed"))
    for triple in seed_graph:
        named.add(triple)
    path = tmp_path / "graph.trig"
    with quiet_rdflib():
        dataset.serialize(path, format="trig")
    assert len(load_graph(path)) == len(seed_graph)
    assert validate(load_graph(path)).conforms


def test_cli_exit_codes(seed_build, seed_graph, tmp_path):
    ok = kg("validate", seed_build / "graph.ttl")
    assert (ok.returncode, ok.stdout.strip(), ok.stderr) == (0, "conforms", "")
    broken = copy(seed_graph)
    _two_labels(broken)
    _no_polarity(broken)
    broken.serialize(tmp_path / "broken.ttl", format="turtle")
    bad = kg("validate", tmp_path / "broken.ttl")
    assert bad.returncode == 1, bad.stderr
    lines = bad.stdout.strip().splitlines()
    assert lines[-1] == "does not conform: 2 violations"
    assert {line.split(" | ")[1] for line in lines[:-1]} == {"rdfs:label", "kg:polarity"}


def test_invalid_turtle_is_one_clear_line(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text('@prefix kg: <https://w3id.org/kg-news/ontology#> .\n'
                    '<https://example.org/a> a kg:Document ;\n'
                    '  kg:sha256 "x"\n'
                    '<https://example.org/b> a kg:Document .\n', encoding="utf-8")
    result = kg("validate", path)
    assert result.returncode == 2 and result.stdout == ""  # 1 is kept for "does not conform"
    [line] = result.stderr.splitlines()
    assert line.startswith(f"kg: error: {path}: ") and "line 4, column 1" in line, line


def test_missing_file_is_one_clear_line(tmp_path):
    result = kg("validate", tmp_path / "nowhere.ttl")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"kg: error: {tmp_path / 'nowhere.ttl'}: ") and "no such file" in line
