"""The same articles give byte-identical output files, whatever Python's hash seed."""
from __future__ import annotations

import os
import subprocess
import sys

ARTICLES = {
    "oslo-visit.txt": (
        "Prime Minister Anna Berg of Norway met President Jorge Silva of Chile in Oslo on Monday. "
        "Berg said Norway would sign a trade agreement with Chile next year. "
        "Silva thanked the Norwegian government for its support.\n"
    ),
    "bergen-energy.txt": (
        "Nordlys Energy, a company based in Bergen, hired Maria Lind as its chief executive on Tuesday. "
        "Lind previously worked for Fjordkraft Group. "
        "Prime Minister Anna Berg welcomed the decision, and Jorge Silva congratulated Lind.\n"
    ),
}
OUTPUTS = ("graph.ttl", "graph.trig", "graph.jsonld", "graph.html")


def test_two_hash_seeds_give_the_same_files(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    written = {}
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-m", "kg", "build", str(articles), "--out", str(out)],
                             capture_output=True, text=True, env=env, timeout=300)
        assert run.returncode == 0, run.stderr
        assert run.stdout.startswith("2 documents"), run.stdout
        written[seed] = {name: (out / name).read_bytes() for name in OUTPUTS}
    for name in OUTPUTS:
        assert written["1"][name] == written["2"][name], f"{name} differs between PYTHONHASHSEED=1 and 2"
    assert written["1"]["graph.trig"].count(b"/document/") >= 2  # two named graphs were compared
