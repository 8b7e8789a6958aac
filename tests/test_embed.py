"""Sentence embeddings: offline loading, unit vectors, meaning-based similarity, caching."""

from __future__ import annotations

import os

import numpy as np

from rashomon import embed


def test_model_loads_offline_from_the_bundled_package() -> None:
    model = embed.load_model()
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.path.isfile(os.path.join(embed.model_dir(), "model.safetensors"))
    assert model.get_embedding_dimension() == embed.DIM


def test_vectors_are_unit_length_and_float32() -> None:
    v = embed.embed(
        ["France and the U.K. have already pledged to contribute troops.", "Cats purr."]
    )
    assert v.shape == (2, embed.DIM)
    assert v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)


def test_paraphrases_score_higher_than_unrelated_sentences() -> None:
    sims = embed.similarity(
        ["Russia has condemned the idea of European troop deployments in Ukraine."],
        [
            "Moscow rejects any deployment of Western soldiers on Ukrainian soil.",
            "The recipe calls for two cups of flour and a pinch of salt.",
        ],
    )[0]
    assert sims[0] > 0.5
    assert sims[0] > sims[1] + 0.3


def test_repeated_texts_are_embedded_once_and_identically() -> None:
    embed.cache_clear()
    text = "Trump avoided giving a clear answer when asked whether U.S. troops could take part."
    first = embed.embed([text, text])
    assert len(embed._CACHE) == 1
    again = embed.embed([text])
    assert np.array_equal(first[0], first[1])
    assert np.array_equal(first[0], again[0])


def test_empty_input_gives_an_empty_matrix() -> None:
    assert embed.embed([]).shape == (0, embed.DIM)
