"""The Dask engine on a real LocalCluster: two worker processes on 127.0.0.1, each loading the model once.

The articles are invented for these tests.
"""
from __future__ import annotations

import pytest
from kg.build import build
from kg.store.database import query_store

distributed = pytest.importorskip("distributed", reason="dask[distributed] is a dependency of kg; install kg")

ARTICLES = {
    f"article-{n}.txt": text for n, text in enumerate([
        "Prime Minister Ana Ruiz of Chile met President Jorge Silva of Peru in Lima on Monday.",
        "Nordlys Energy, a company based in Bergen, hired Maria Lind as its chief executive on Tuesday.",
        "Kenyan President Daniel Otieno visited Kampala on Friday and met Ugandan officials.",
        "Ostravian President Marta Kellner met the Danish prime minister in Copenhagen on Tuesday.",
        "Kellner told reporters in Vienna on Friday that the talks with Austria had failed.",
    ])
}


def _pipelines_loaded() -> tuple[int, int]:
    from kg.extract.pipeline import load_pipeline

    info = load_pipeline.cache_info()
    return info.misses, info.currsize


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local


def test_dask_builds_what_the_local_engine_builds(tmp_path, cluster):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    local = build([folder], tmp_path / "local")
    on_dask = build([folder], tmp_path / "dask", store=tmp_path / "store", engine="dask",
                    scheduler=cluster.scheduler_address)
    assert (on_dask.documents, on_dask.entities, on_dask.relations, on_dask.stored) == \
        (local.documents, local.entities, local.relations, len(ARTICLES))
    for name in ("graph.ttl", "graph.trig", "graph.jsonld"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    graphs = query_store(tmp_path / "store", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert len(graphs) == len(ARTICLES), "each document's named graph is in the store"
    trig = (tmp_path / "dask" / "graph.trig").read_text(encoding="utf-8")
    assert "entity/marta-kellner>" in trig and "entity/kellner>" not in trig, "one entity, one node, with Dask too"


def test_each_worker_loads_the_model_once(cluster, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    build([folder], None, store=tmp_path / "store", engine="dask", scheduler=cluster.scheduler_address)
    with distributed.Client(cluster.scheduler_address) as client:
        loaded = client.run(_pipelines_loaded)
        plugins = client.run(lambda dask_worker: sorted(dask_worker.plugins))
    assert len(loaded) == 2
    assert all(counts == (1, 1) for counts in loaded.values()), loaded
    assert all("kg-load-model" in names for names in plugins.values()), plugins
