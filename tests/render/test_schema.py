"""The published schema: generated from the model, validates real output, rejects broken output."""

from __future__ import annotations

import dataclasses
import json

import jsonschema
import pytest

from rashomon import model
from rashomon.render.json import dumps, to_document
from rashomon.render.schema import REQUIRED, SCHEMA_ID, model_schema, schema, validate

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
    "voice": model.Voice,
    "position": model.Position,
    "timeline_entry": model.TimelineEntry,
    "article_span": model.ArticleSpan,
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


def test_every_model_class_in_the_output_has_a_def_with_every_field():
    model_classes = {
        cls for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, model.Model) and cls is not model.Model
    }  # fmt: skip
    assert model_classes == set(MODEL_OF.values())  # a new class: published, and listed above
    defs = schema()["$defs"]
    assert set(defs) == set(MODEL_OF)
    for name, cls in MODEL_OF.items():
        assert set(defs[name]["properties"]) | NOT_PUBLISHED.get(name, set()) == _fields(cls)


def test_field_types_follow_the_type_hints():
    props = schema()["$defs"]
    assert props["voice"]["properties"]["quotes"] == {"type": "integer", "minimum": 0}
    assert props["voice"]["properties"]["role"] == {"type": ["string", "null"]}
    assert props["voice"]["properties"]["share"] == {"type": "number", "minimum": 0, "maximum": 1}
    assert props["story"]["properties"]["positions"]["additionalProperties"] == {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"$ref": "#/$defs/position"}},
    }
    assert props["fact"]["properties"]["versions"]["additionalProperties"] == {
        "anyOf": [{"$ref": "#/$defs/fact_version"}, {"type": "null"}]
    }
    assert props["fact"]["properties"]["relation"]["enum"][-1] is None
    assert props["article"]["properties"]["meta"] == {"type": "object"}
    assert props["number"]["required"] == ["text", "value"]  # not in the contract: no default


def test_a_field_of_a_type_json_cannot_carry_is_refused():
    @dataclasses.dataclass
    class Odd(model.Model):
        tags: set[str]

    with pytest.raises(TypeError, match="set"):
        model_schema(Odd)


def test_the_seeds_report_validates(tmp_path):
    """The real pipeline's output on the seeds (every stage, the comparison), not a fixture."""
    from _shared import SEEDS

    from rashomon.api import Rashomon

    if not sorted(SEEDS.glob("*.txt")):
        pytest.skip(f"no seeds under {SEEDS}")
    with Rashomon(tmp_path / "r.db") as r:
        arts, stories, _ = r.analyze([str(SEEDS)])
    doc = json.loads(dumps(arts, stories))
    assert doc["stories"] and doc["stories"][0]["voices"] and doc["stories"][0]["timeline"]
    validate(doc)
    assert [model.Story.from_dict(s).to_dict() for s in doc["stories"]] == doc["stories"]
