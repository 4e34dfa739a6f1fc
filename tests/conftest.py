"""Shared fixtures: the real spaCy pipeline and the seed article's graph, built once."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_GOLD = SEEDS / "seed_gold.tsv"  # the seed article's reference triples
ARTICLES = Path(__file__).resolve().parent / "articles"


@pytest.fixture(scope="session")
def nlp():
    from kg.extract.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """`kg build seeds/` run once through the Python API; returns the output folder."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seed-build")
    build([SEEDS], out)
    return out


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    from kg.rdf.files import load_graph

    return load_graph(seed_build / "graph.ttl")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of a headless-capable Chromium; the viewer tests need a real browser."""
    path = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    assert path, "Chromium is not installed: run 'apt-get install chromium' (.ci/run does it)"
    return path


@pytest.fixture(scope="session")
def browser(chromium):
    """One headless Chromium for the session, driven by Playwright (tests/browser.py)."""
    from tests.browser import launched

    with launched(chromium) as browser:
        yield browser
