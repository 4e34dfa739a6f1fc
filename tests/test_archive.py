"""`kg build` on a batch, as a user runs it: skipped inputs, duplicates, standard input, a store
without output files, several processes, the progress bar. The articles are invented for these tests.
"""
from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

from rdflib import RDF, Graph

from kg.rdf.namespace import KG

KG_SCRIPT = Path(sys.executable).with_name("kg")
ARTICLES = {
    "chile.txt": "Prime Minister Ana Ruiz of Chile met President Jorge Silva of Peru in Lima on Monday.\n",
    "norway.txt": ("Nordlys Energy, a company based in Bergen, hired Maria Lind as its chief executive on Tuesday. "
                   "Lind previously worked for Fjordkraft Group.\n"),
    "kenya.txt": "Kenyan President Daniel Otieno visited Kampala on Friday and met Ugandan officials.\n",
}


def kg(*args, cwd: Path, stdin: str | None = None, timeout: int = 300, **streams) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KG_DEBUG"}
    streams = streams or {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.run([str(KG_SCRIPT), *map(str, args)], text=True, cwd=cwd, env=env,
                          timeout=timeout, input=stdin, **streams)


def documents_in(path: Path) -> int:
    return len(set(Graph().parse(path, format="turtle").subjects(RDF.type, KG.Document)))


def test_a_batch_skips_bad_inputs_reports_them_and_builds_the_rest(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "copy-of-chile.txt").write_text(ARTICLES["chile.txt"], encoding="utf-8")  # a duplicate
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("The caf\xe9 in Lima was closed on Monday after a fire.".encode("latin-1"))
    corpus = [json.dumps({"id": "w1", "text": "President Jorge Silva of Peru visited Santiago on Friday."}), "{broken"]
    (folder / "wire.jsonl").write_text("\n".join(corpus) + "\n", encoding="utf-8")
    run = kg("build", folder, "--out", tmp_path / "out", cwd=tmp_path)
    assert run.returncode == 3, (run.returncode, run.stderr)
    assert "Traceback" not in run.stderr
    problems = sorted(run.stderr.splitlines())
    assert len(problems) == 4, problems
    assert problems[0].startswith(f"kg: duplicate: copy-of-chile.txt has the same text as chile.txt") or \
        problems[0].startswith("kg: duplicate: chile.txt has the same text as copy-of-chile.txt"), problems
    skipped = problems[1:]
    assert any(f"{folder / 'empty.txt'}: the article is empty" in line for line in skipped), skipped
    assert any(f"{folder / 'latin1.txt'}: byte" in line for line in skipped), skipped
    assert any(f"{folder / 'wire.jsonl'}:2: not valid JSON" in line for line in skipped), skipped
    assert all(line.startswith("kg: skipped: ") for line in skipped), skipped
    [summary] = run.stdout.splitlines()
    assert summary.startswith("4 documents, ") and "(3 skipped, 1 duplicate built once)" in summary, summary
    assert documents_in(tmp_path / "out" / "graph.ttl") == 4


def test_standard_input_and_a_progress_bar_on_a_terminal(tmp_path):
    controller, terminal = pty.openpty()
    drawn: list[bytes] = []

    def read_terminal() -> None:  # read as it is drawn: a full terminal buffer would block the build
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                return
            if not chunk:
                return
            drawn.append(chunk)

    reader = threading.Thread(target=read_terminal, daemon=True)
    reader.start()
    try:
        run = kg("build", "-", "--out", tmp_path / "out", cwd=tmp_path, stdin=ARTICLES["norway.txt"],
                 stdout=subprocess.PIPE, stderr=terminal)
    finally:
        os.close(terminal)
        reader.join(10)
        os.close(controller)
    shown = b"".join(drawn)
    assert run.returncode == 0, shown
    assert run.stdout.startswith("1 document, ")
    assert b"docs/s" in shown and b"ETA" in shown, shown
    assert documents_in(tmp_path / "out" / "graph.ttl") == 1


def test_a_store_without_out_writes_no_files_and_quiet_prints_nothing(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLES["kenya.txt"], encoding="utf-8")
    run = kg("build", "a.txt", "--store", "store", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[1] == "1 named graph -> store store"
    assert "graph.ttl" not in run.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "store"], "no outputs/ folder"
    quiet = kg("build", "a.txt", "--store", "store", "--quiet", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == "", quiet.stderr


def test_two_processes_give_the_same_files_as_one(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    one = kg("build", folder, "--out", tmp_path / "one", cwd=tmp_path)
    two = kg("build", folder, "--out", tmp_path / "two", "--processes", "2", cwd=tmp_path)
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    for name in ("graph.ttl", "graph.trig", "graph.jsonld", "graph.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_option_mistakes_are_one_line_before_anything_is_parsed(tmp_path):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    for args, says in ((["report.pdf"], "kg does not read .pdf files"),
                       (["-", "--engine", "dask"], "--engine dask needs --scheduler"),
                       (["-", "--processes", "0"], "--processes must be 1 or more"),
                       (["-", "--engine", "spark"], "unknown --engine 'spark'")):
        run = kg("build", *args, "--out", tmp_path / "out", cwd=tmp_path, stdin="", timeout=60)
        lines = run.stderr.splitlines()
        assert run.returncode in (1, 2) and len(lines) == 1 and lines[0].startswith("kg: error:"), run.stderr
        assert says in lines[0], lines[0]
        assert not (tmp_path / "out").exists()
