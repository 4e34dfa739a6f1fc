"""`kg eval --corpus DIR`: a folder of reference articles, each built alone and scored.

Three short invented articles (names and events made up for these tests)
with reference rows kg should get, a row it misses, a 'neg' trap, rows whose
predicates MANIFEST.tsv leaves out, and an 'ok' row. The expected figures
are worked out here from the triples in each article's own graph, with plain
label matching (the invented names are all distinct), so a change in
extraction changes both sides alike; what the reference files alone decide
(the gold counts) is written out.

Then: the project's dev articles give the macro F1 benchmarks/articles.py
prints, and on the team's DWIE copy (not shipped; the test skips without
it) the figures equal those of shared/eval/score_corpus.py on the same graphs.
"""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDFS, URIRef

from kg.build import graph_of
from kg.errors import InputError
from kg.evaluation.corpus import (
    CorpusReport,
    evaluate_corpus,
    find_articles,
    format_report,
    report_json,
    scored_predicates,
)
from kg.evaluation.scores import Counts, total
from kg.rdf.ontology import relation_names
from kg.sources.ingest import read_inputs
from tests.conftest import ARTICLES, ROOT

SHARED = ROOT.parent / "shared"
DWIE = SHARED / "benchmarks" / "dwie"
SCORE_CORPUS = SHARED / "eval" / "score_corpus.py"
DWIE_ARTICLES = 10  # the first ten by id: enough to cover most predicates, quick enough for every run

SCORED = ("based_in", "founder_of", "leader_of", "meets_with", "member_of")

# id -> (file name of the reference, article text, reference rows)
CORPUS = {
    "berg-silva": ("berg-silva.tsv", """Berg and Silva agree on fisheries pact

OSLO - Prime Minister Anna Berg of Norway met President Jorge Silva of Chile in Oslo on Tuesday. \
Silva said Chile supports the new fisheries agreement. Berg did not criticize Chile.
""", [
        ("req", "Jorge Silva", "leader_of", "Chile"),
        ("req", "Anna Berg|Berg", "leader_of", "Norway"),
        ("req", "Jorge Silva", "meets_with", "Anna Berg"),  # symmetric: either direction
        ("req", "Anna Berg", "lives_in", "Norway"),  # lives_in is not scored here: not required
        ("neg", "Anna Berg", "criticizes", "Chile"),  # the trap: she did not
    ]),
    "nordmark-ceo": ("nordmark-ceo.gold.tsv", """Nordmark names new chief executive

Lena Dahl, the chief executive of Nordmark Energy, said on Monday that the company will open a plant \
in Bergen. Nordmark Energy is based in Stavanger. Dahl founded the consultancy Fjellsyn in 2009.
""", [
        ("req", "Lena Dahl", "leader_of|works_for", "Nordmark Energy"),
        ("req", "Nordmark Energy", "based_in|located_in", "Stavanger"),
        ("req", "Lena Dahl", "founder_of", "Fjellsyn"),
        ("neg", "Nordmark Energy", "based_in", "Bergen"),
    ]),
    "andes-strike": ("andes-strike.tsv", """Miners strike at Andes copper site

Workers at Cordillera Minerals, a mining company based in Santiago, went on strike on Friday. Union \
leader Pedro Ruiz accused Cordillera Minerals of breaking the wage deal. Chilean Labour Minister Sofia \
Vega met Ruiz in Santiago.
""", [
        ("req", "Cordillera Minerals", "based_in", "Santiago"),
        ("req", "Pedro Ruiz", "accuses", "Cordillera Minerals"),  # not scored here
        ("ok", "Sofia Vega", "meets_with", "Pedro Ruiz|Ruiz"),  # right, but nothing to find
    ]),
}
# what the reference rows alone decide: required rows per scored predicate (by the first alternative)
GOLD = {"leader_of": 3, "based_in": 2, "meets_with": 1, "founder_of": 1}


def write_corpus(folder: Path, manifest: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, (reference, text, rows) in CORPUS.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        lines = ["# level\tsubject\tpredicate\tobject (invented for kg's tests)"]
        lines += ["\t".join(row) for row in rows]
        (folder / reference).write_text("\n".join(lines) + "\n", encoding="utf-8")
    if manifest:
        (folder / "MANIFEST.tsv").write_text(
            f"# invented articles for kg's tests\n# scored predicates: {' '.join(SCORED)}\n"
            "id\treq\nberg-silva\t4\n", encoding="utf-8")
    (folder / "README.md").write_text("Not an article.\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def report(corpus) -> CorpusReport:
    return evaluate_corpus(corpus)


# ----------------------------------------------------------------- expected figures, by hand

def names(cell: str) -> set[str]:
    return {name.lower() for name in cell.split("|")}


def graph_triples(article: Path, scored=SCORED) -> set[tuple[str, str, str]]:
    """(subject label, predicate, object label) of the article's own graph, scored predicates only."""
    graph = graph_of(read_inputs([article]))
    found = set()
    for s, p, o in graph:
        predicate = re.split(r"[#/]", str(p))[-1]
        if predicate in scored and isinstance(o, URIRef):
            found.add((str(graph.value(s, RDFS.label)).lower(), predicate, str(graph.value(o, RDFS.label)).lower()))
    return found


def row_matches(row, triple) -> bool:
    _, subject, predicates, obj = row
    s, p, o = triple
    if p not in predicates.split("|"):
        return False
    return (s in names(subject) and o in names(obj)) or (p == "meets_with" and o in names(subject) and s in names(obj))


def expected_counts(corpus: Path, doc_id: str) -> dict[str, Counts]:
    """Per predicate: correct predictions, predictions, required rows and those found, for one article."""
    rows = CORPUS[doc_id][2]
    triples = graph_triples(corpus / f"{doc_id}.txt")
    positive = [r for r in rows if r[0] in ("req", "ok")]
    required = [r for r in rows if r[0] == "req" and set(r[2].split("|")) & set(SCORED)]
    tp = Counter(t[1] for t in triples if any(row_matches(r, t) for r in positive))
    predicted = Counter(t[1] for t in triples)
    gold = Counter(r[2].split("|")[0] for r in required)
    found = Counter(r[2].split("|")[0] for r in required if any(row_matches(r, t) for t in triples))
    return {p: Counts(tp[p], predicted[p], gold[p], found[p]) for p in predicted.keys() | gold.keys()}


def close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-9


# ----------------------------------------------------------------- the folder

def test_articles_pair_with_tsv_or_gold_tsv(corpus):
    found = {a.id: a.reference.name for a in find_articles(corpus)}
    assert found == {doc_id: reference for doc_id, (reference, _, _) in CORPUS.items()}
    assert list(found) == sorted(found)  # MANIFEST.tsv and README.md are not articles


def test_manifest_names_the_scored_predicates(corpus, tmp_path):
    assert scored_predicates(corpus) == SCORED
    assert scored_predicates(tmp_path) is None  # no manifest: everything counts
    (tmp_path / "MANIFEST.tsv").write_text("id\treq\n", encoding="utf-8")
    assert scored_predicates(tmp_path) is None  # a manifest without the line: the same


# ----------------------------------------------------------------- the figures

def test_per_predicate_counts(corpus, report):
    expected = {}
    for doc_id in CORPUS:
        for predicate, counts in expected_counts(corpus, doc_id).items():
            expected[predicate] = expected.get(predicate, Counts(found=0)) + counts
    assert report.by_predicate == expected
    assert {p: c.gold for p, c in report.by_predicate.items() if c.gold} == GOLD
    assert set(report.by_predicate) <= set(SCORED)  # agrees_with, lives_in, accuses ...: neither right nor wrong
    golds = [c.gold for c in report.by_predicate.values()]
    assert golds == sorted(golds, reverse=True)  # most reference rows first


def test_micro_and_macro_figures(corpus, report):
    per_document = {doc_id: total(expected_counts(corpus, doc_id).values()) for doc_id in CORPUS}
    micro = total(per_document.values())
    assert report.micro == Counts(micro.tp, micro.predicted, micro.gold, micro.hits)
    assert micro.gold == sum(GOLD.values()) == 7
    assert 0 < micro.hits < micro.gold, "kg should find some rows and miss some (the invented articles are made so)"
    assert (report.micro.precision, report.micro.recall, report.micro.f1) == (micro.precision, micro.recall, micro.f1)

    by_predicate = [c for c in report.by_predicate.values() if c.gold]
    macro = report.macro_predicates
    assert macro.groups == len(GOLD)
    assert close(macro.precision, sum(c.precision for c in by_predicate) / len(GOLD))
    assert close(macro.recall, sum(c.recall for c in by_predicate) / len(GOLD))
    assert close(macro.f1, sum(c.f1 for c in by_predicate) / len(GOLD))

    documents = report.macro_documents
    assert documents.groups == 3
    for doc_id, counts in per_document.items():
        assert report.documents[doc_id].counts == counts
    assert close(documents.f1, sum(c.f1 for c in per_document.values()) / 3)
    assert close(documents.recall, sum(c.recall for c in per_document.values()) / 3)


def test_traps_and_ok_rows(report):
    assert not any(score.neg_hits for score in report.documents.values())
    andes = report.documents["andes-strike"]
    assert andes.required == 1  # the accuses row is not scored, the meets_with row is only 'ok'
    assert all(not item.startswith("req\tPedro Ruiz\taccuses") for item in andes.missed)


def test_without_a_manifest_every_predicate_counts(tmp_path, report):
    everything = evaluate_corpus(write_corpus(tmp_path / "all", manifest=False))
    assert everything.scored is None
    assert everything.micro.gold == 9  # the lives_in and accuses rows are required now
    assert everything.by_predicate["lives_in"].gold == everything.by_predicate["accuses"].gold == 1
    assert everything.micro.predicted >= report.micro.predicted
    assert set(everything.by_predicate) <= relation_names()


def test_report_table_and_json(report):
    table = format_report(report)
    assert "scored predicates: " + " ".join(SCORED) in table
    for predicate, c in report.by_predicate.items():
        assert re.search(rf"^{predicate} +{c.gold} +{c.hits} +{c.predicted} +{c.tp} ", table, re.M), table
    assert re.search(rf"^micro +P {report.micro.precision:.3f}  R {report.micro.recall:.3f}  F1 {report.micro.f1:.3f}", table, re.M)
    assert f"F1 {report.macro_predicates.f1:.3f}  ({len(GOLD)} predicates with reference rows)" in table
    assert f"F1 {report.macro_documents.f1:.3f}  (3 documents with reference rows)" in table
    shown = format_report(report, show=True)
    berg = report.documents["berg-silva"]
    assert f"== berg-silva: {berg.summary()}" in shown
    assert all(f"{tag:8} {item}" in shown for tag, items in (("tp", berg.true_positives), ("missed", berg.missed))
               for item in items)

    data = json.loads(report_json(report))
    assert data["micro"]["f1"] == report.micro.f1 and data["scored_predicates"] == list(SCORED)
    assert data["per_predicate"]["leader_of"]["gold"] == 3
    assert set(data["documents"]) == set(CORPUS)


# ----------------------------------------------------------------- bad folders

def bad(folder: Path) -> str:
    with pytest.raises(InputError) as caught:
        evaluate_corpus(folder)
    return str(caught.value)


def test_bad_folders_say_how_to_fix_them(tmp_path):
    assert "no such folder; give --corpus a folder of <id>.txt articles" in bad(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    assert "no articles to score" in bad(tmp_path / "empty")

    folder = write_corpus(tmp_path / "broken")
    (folder / "andes-strike.tsv").write_text("req\tCordillera Minerals\tbased_in\n", encoding="utf-8")
    assert bad(folder).startswith(f"{folder / 'andes-strike.tsv'}:1: not a reference line; write it as level<TAB>")

    (folder / "andes-strike.tsv").write_bytes("req\tCordillera Minerals\tbased_in\tS\xe3o Paulo\n".encode("latin-1"))
    assert "andes-strike.tsv: cannot read it (" in bad(folder) and "save it as UTF-8 text" in bad(folder)

    folder = write_corpus(tmp_path / "unpaired")
    (folder / "andes-strike.tsv").unlink()
    assert "andes-strike.txt: has no andes-strike.tsv or andes-strike.gold.tsv" in bad(folder)
    (folder / "andes-strike.txt").unlink()
    (folder / "lost.gold.tsv").write_text("req\tA\tleader_of\tB\n", encoding="utf-8")
    assert "lost.gold.tsv: has no lost.txt (the article) beside it" in bad(folder)

    folder = write_corpus(tmp_path / "twice")
    shutil.copy(folder / "nordmark-ceo.gold.tsv", folder / "nordmark-ceo.tsv")
    assert "two reference files for one article" in bad(folder)

    folder = write_corpus(tmp_path / "manifest")
    (folder / "MANIFEST.tsv").write_text("# scored predicates: leader_of leads\n", encoding="utf-8")
    assert "names leads, not in kg's vocabulary" in bad(folder)


def test_cli(corpus):
    run = subprocess.run([sys.executable, "-m", "kg", "eval", "--corpus", str(corpus), "--format", "json"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert {p: c["gold"] for p, c in data["per_predicate"].items() if c["gold"]} == GOLD
    run = subprocess.run([sys.executable, "-m", "kg", "eval", "--corpus", str(corpus / "nowhere")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.splitlines() == [f"kg: error: {corpus / 'nowhere'}: no such folder; give --corpus a folder "
                                       "of <id>.txt articles, each with <id>.tsv or <id>.gold.tsv reference triples"]


# ----------------------------------------------------------------- the project's dev articles

def test_dev_articles_give_the_benchmarks_macro_f1(monkeypatch, capsys):
    spec = importlib.util.spec_from_file_location("articles_benchmark", ROOT / "benchmarks" / "articles.py")
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    monkeypatch.setattr(sys, "argv", ["articles.py"])
    benchmark.main()
    printed = float(re.search(r"^macro F1 ([0-9.]+) over", capsys.readouterr().out, re.M).group(1))
    report = evaluate_corpus(ARTICLES)
    assert report.scored is None and len(report.documents) == len(list(ARTICLES.glob("*.tsv")))
    assert f"{report.macro_documents.f1:.3f}" == f"{printed:.3f}"


# ----------------------------------------------------------------- DWIE (the team's copy, not shipped)

def dwie_dir() -> Path:
    if not (DWIE / "MANIFEST.tsv").is_file() or not SCORE_CORPUS.is_file():
        pytest.skip(f"DWIE reference articles or score_corpus.py not found under {SHARED}: they are not shipped")
    return DWIE


def test_dwie_agrees_with_the_shared_scorer(tmp_path):
    folder = dwie_dir()
    report = evaluate_corpus(folder, limit=DWIE_ARTICLES)
    articles = find_articles(folder)[:DWIE_ARTICLES]
    data, pred = tmp_path / "data", tmp_path / "pred"
    data.mkdir(), pred.mkdir()
    shutil.copy(folder / "MANIFEST.tsv", data)
    for article in articles:  # the shared scorer reads only the reference rows; the texts stay where they are
        shutil.copy(article.reference, data / f"{article.id}.gold.tsv")
        graph_of(read_inputs([article.text])).serialize(pred / f"{article.id}.ttl", format="turtle")
    run = subprocess.run([sys.executable, str(SCORE_CORPUS), str(data), str(pred), "--json", str(tmp_path / "out.json")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    shared = json.loads((tmp_path / "out.json").read_text())

    micro = report.micro
    assert (micro.tp, micro.predicted, micro.hits, micro.gold) == tuple(
        shared["micro"][k] for k in ("tp", "predicted", "found", "gold"))
    assert close(micro.f1, shared["micro"]["f1"])
    assert {p: (c.gold, c.hits, c.predicted, c.tp) for p, c in report.by_predicate.items()} == {
        p: (c["gold"], c["found"], c["pred"], c["tp"]) for p, c in shared["per_predicate"].items()}
    for ours, theirs in ((report.macro_predicates, shared["macro_predicates"]),
                         (report.macro_documents, shared["macro_documents"])):
        assert close(ours.precision, theirs["p"]) and close(ours.recall, theirs["r"]) and close(ours.f1, theirs["f1"])
    scored = scored_predicates(folder)
    assert set(report.by_predicate) <= set(scored)
    with_gold = {line.split("\t")[2].split("|")[0] for a in articles
                 for line in a.reference.read_text(encoding="utf-8").splitlines() if line.startswith("req\t")}
    table = format_report(report)
    assert all(re.search(rf"^{p} ", table, re.M) for p in with_gold), table
