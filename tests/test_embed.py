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


def test_bf16_autocast_gives_the_float32_vectors_to_within_rounding(monkeypatch) -> None:
    texts = [
        "France and the U.K. have already pledged to contribute troops.",
        "Moscow rejects any deployment of Western soldiers on Ukrainian soil.",
        "The recipe calls for two cups of flour and a pinch of salt.",
    ]
    vecs = {}
    for flag in (False, True):
        embed.cache_clear()
        monkeypatch.setattr(embed, "_BF16", flag)
        vecs[flag] = embed.embed(texts)
    embed.cache_clear()
    assert np.allclose(np.linalg.norm(vecs[True], axis=1), 1.0, atol=1e-5)
    assert (np.sum(vecs[True] * vecs[False], axis=1) > 0.999).all()
    sims = {k: v @ v.T for k, v in vecs.items()}
    assert np.abs(sims[True] - sims[False]).max() < 0.01


def test_the_bf16_switch_follows_the_environment_first(monkeypatch) -> None:
    for value, want in (("1", True), ("0", False)):
        monkeypatch.setattr(embed, "_BF16", None)
        monkeypatch.setenv("RASHOMON_EMBED_BF16", value)
        assert embed.bf16() is want
    monkeypatch.setattr(embed, "_BF16", None)


def test_vectors_exported_by_a_worker_are_served_from_the_cache_after_absorbing() -> None:
    texts = ["Officials said the talks would resume on Monday.", "Officials said the talks"]
    keys, vecs = embed.export(texts + texts[:1])
    assert len(keys) == 2 and vecs.shape == (2, embed.DIM)
    embed.cache_clear()
    embed.absorb(keys, vecs * 1.0)
    model = embed._MODEL
    embed._MODEL = object()  # type: ignore[assignment]  # encode() fails on it: cache only
    try:
        assert np.array_equal(embed.embed(texts), vecs)
    finally:
        embed._MODEL = model


def test_medoid_breaks_near_ties_towards_the_first_vector() -> None:
    a, b = np.eye(2, dtype=np.float32)
    assert embed.medoid(np.stack([a, b])) == 0  # two vectors tie exactly
    c = np.array([0.6, 0.8], dtype=np.float32)
    assert embed.medoid(np.stack([a, b, c])) == 2  # clearly the most central


def test_vectors_match_sentence_transformers_own_encoding_of_the_model() -> None:
    """The encoder runs the model without sentence-transformers (import cost); it must give
    that library's vectors: mean pooling over real tokens, truncation at the model's limit."""
    from sentence_transformers import SentenceTransformer

    texts = [
        "Cats purr.",
        "  Moscow rejects any deployment of Western soldiers on Ukrainian soil.  ",
        "NATO Secretary-General Mark Rutte said the alliance would \u201cnot be intimidated\u201d.",
        "word " * 400,  # longer than the 256-token limit: truncated the same way
        "",
    ]
    reference = SentenceTransformer(embed.model_dir(), device="cpu", local_files_only=True)
    want = reference.encode(texts, batch_size=2, normalize_embeddings=True)
    got = embed.load_model().encode(texts, batch_size=2)
    assert got.shape == want.shape
    assert (np.sum(got * want, axis=1) > 0.99999).all()


def test_padding_in_a_batch_does_not_change_a_vector() -> None:
    model = embed.load_model()
    short, long = "Talks resume.", "The talks between the two delegations resume on Monday in Geneva."
    alone = model.encode([short], batch_size=1)[0]
    padded = model.encode([long, short], batch_size=2)[1]
    assert float(alone @ padded) > 0.99999


def test_threads_lends_the_cores_for_a_while_and_gives_them_back() -> None:
    from rashomon import runtime

    model = embed.load_model()
    if model.engine == "torch":
        import torch

        def count() -> int:
            return torch.get_num_threads()
    else:
        count = runtime.threads
    before = count()
    with embed.threads(2):
        assert count() == 2
        v = embed.embed(["Two threads embed the same sentence."])
    assert count() == before
    embed.cache_clear()
    w = embed.embed(["Two threads embed the same sentence."])
    assert float(v[0] @ w[0]) > 0.9999
