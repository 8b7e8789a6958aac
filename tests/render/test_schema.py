"""The published schema: validates real output, rejects broken output, cannot drift from the model."""

from __future__ import annotations

import dataclasses
import json

import jsonschema
import pytest

from rashomon import model
from rashomon.render.json import dumps, to_document
from rashomon.render.schema import REQUIRED, SCHEMA_ID, schema, validate

# The output contract (SPEC.md, "Output contract"), written out once more on purpose: if the
# schema's required lists change, this test makes someone look at the contract.
CONTRACT = {
    "article": {"id", "source", "outlet", "title", "byline", "published", "published_inferred",
                "text", "removed", "entities", "quotes", "dates", "claims"},
    "removed": {"reason"},
    "entity": {"text", "label", "canonical", "start", "end"},
    "quote": {"speaker", "text", "kind", "cue", "start", "end"},
    "date": {"text", "value", "start", "end"},
    "claim": {"id", "text", "actor", "source", "date"},
    "story": {"id", "title", "articles", "alignments", "only_in", "naming", "facts", "voices",
              "positions", "timeline"},
    "alignment": {"claims", "relation", "score", "detail"},
}  # fmt: skip

MODEL_OF = {
    "article": model.Article,
    "removed": model.Removed,
    "sentence": model.Sentence,
    "entity": model.Entity,
    "quote": model.Quote,
    "date": model.DateMention,
    "number": model.Number,
    "claim": model.Claim,
    "alignment": model.Alignment,
    "fact": model.Fact,
    "fact_version": model.FactVersion,
    "loaded_word": model.LoadedWord,
    "event": model.Event,
    "story": model.Story,
}
NOT_PUBLISHED = {"article": {"html", "raw_text"}}


def _fields(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def test_schema_is_draft_2020_12_and_versioned_with_the_model():
    s = schema()
    jsonschema.Draft202012Validator.check_schema(s)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["$id"] == SCHEMA_ID and model.SCHEMA_VERSION in s["$id"]
    assert s["properties"]["schema_version"] == {"const": model.SCHEMA_VERSION}


def test_schema_is_plain_json():
    assert json.loads(json.dumps(schema())) == schema()


@pytest.mark.parametrize("name", sorted(MODEL_OF))
def test_schema_properties_are_exactly_the_model_fields(name):
    props = set(schema()["$defs"][name]["properties"])
    assert props == _fields(MODEL_OF[name]) - NOT_PUBLISHED.get(name, set())


@pytest.mark.parametrize("name", sorted(MODEL_OF))
def test_required_fields_exist_in_the_model(name):
    assert set(schema()["$defs"][name]["required"]) <= _fields(MODEL_OF[name])


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_required_fields_cover_the_output_contract(name):
    assert CONTRACT[name] <= set(REQUIRED[name])
    assert set(schema()["$defs"][name]["required"]) == set(REQUIRED[name])


def test_relation_enum_matches_the_model_literal():
    import typing

    hint = typing.get_type_hints(model.Alignment)["relation"]
    enum = schema()["$defs"]["alignment"]["properties"]["relation"]["enum"]
    assert set(enum) == set(typing.get_args(hint))


def test_seed_fixture_document_validates(seed_articles, seed_story):
    validate(json.loads(dumps(seed_articles, [seed_story])))


def test_hostile_and_empty_documents_validate(hostile):
    validate(to_document(*hostile))
    validate(to_document([], []))


def test_bad_relation_fails_validation(seed_articles, seed_story):
    doc = to_document(seed_articles, [seed_story])
    doc["stories"][0]["alignments"][0]["relation"] = "disagrees"
    with pytest.raises(jsonschema.ValidationError, match="disagrees"):
        validate(doc)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (("articles", 0), "published_inferred"),
        (("articles", 1), "text"),
        (("articles", 0, "entities", 0), "canonical"),
        (("articles", 0, "quotes", 0), "kind"),
        (("articles", 1, "dates", 0), "value"),
        (("articles", 1, "claims", 0), "source"),
        (("articles", 0, "removed", 0), "reason"),
        (("stories", 0), "timeline"),
        (("stories", 0), "naming"),
        (("stories", 0, "alignments", 0), "score"),
        ((), "schema_version"),
    ],
)
def test_missing_required_field_fails_validation(seed_articles, seed_story, path, field):
    doc = to_document(seed_articles, [seed_story])
    node = doc
    for key in path:
        node = node[key]
    del node[field]
    with pytest.raises(jsonschema.ValidationError, match=field):
        validate(doc)


def test_wrong_types_fail_validation(seed_articles, seed_story):
    doc = to_document(seed_articles, [seed_story])
    doc["articles"][0]["entities"][0]["start"] = "12"
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
    doc = to_document(seed_articles, [seed_story])
    doc["articles"][0]["quotes"][0]["kind"] = "paraphrase"
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
