"""The published JSON Schema (draft 2020-12) of the JSON output, versioned with the model.

Written in code rather than shipped as a JSON file so that it is built from the same constants the
renderer uses (``SCHEMA_VERSION``) and a test can hold it against the model's fields. Objects allow
extra properties: a consumer written against 1.x keeps working when a minor version adds a field.
``required`` lists are exactly the output contract's (SPEC.md, "Output contract").
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from ..model import SCHEMA_VERSION

SCHEMA_ID = f"urn:rashomon:schema:document:{SCHEMA_VERSION}"  # a name, not a network location

_STR: dict[str, Any] = {"type": "string"}
_NSTR: dict[str, Any] = {"type": ["string", "null"]}
_INT: dict[str, Any] = {"type": "integer", "minimum": 0}
_NINT: dict[str, Any] = {"type": ["integer", "null"], "minimum": 0}
_NUM: dict[str, Any] = {"type": "number"}
_NNUM: dict[str, Any] = {"type": ["number", "null"]}
_BOOL: dict[str, Any] = {"type": "boolean"}
_STRS: dict[str, Any] = {"type": "array", "items": _STR}


def _obj(props: dict[str, Any], required: list[str], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": props,
        "required": required,
        "additionalProperties": True,
    }


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _arr(name: str) -> dict[str, Any]:
    return {"type": "array", "items": _ref(name)}


# Output-contract required fields, one place: the schema and its tests read them from here.
REQUIRED: dict[str, list[str]] = {
    "article": ["id", "source", "outlet", "title", "byline", "published", "published_inferred",
                "text", "removed", "entities", "quotes", "dates", "claims"],
    "removed": ["text", "reason"],
    "entity": ["text", "label", "canonical", "start", "end"],
    "quote": ["speaker", "text", "kind", "cue", "start", "end"],
    "date": ["text", "value", "start", "end"],
    "claim": ["id", "text", "actor", "source", "date"],
    "story": ["id", "title", "articles", "alignments", "only_in", "naming", "facts", "voices",
              "positions", "timeline"],
    "alignment": ["claims", "relation", "score", "detail"],
    "fact": ["id", "text", "versions", "relation", "confidence", "links"],
    "fact_version": ["article", "claim", "text", "start", "end", "source"],
    "loaded_word": ["text", "start", "end", "category"],
    "voice": ["speaker", "share"],
    "position": ["stance", "claims"],
    "timeline_entry": ["date", "text"],
}  # fmt: skip


def _defs() -> dict[str, Any]:
    span = {"start": _INT, "end": _INT}
    return {
        "removed": _obj(
            {"text": _STR, "reason": _STR, "start": _NINT, "end": _NINT},
            REQUIRED["removed"],
            "Text cleaning took out of the body, and why; offsets index the raw input text.",
        ),
        "sentence": _obj(span, ["start", "end"], "A sentence of the cleaned text."),
        "entity": _obj(
            {
                "text": _STR,
                "label": _STR,
                **span,
                "canonical": _STR,
                "entity_id": _NSTR,
                "role": _NSTR,
                "actor": _NSTR,
            },
            REQUIRED["entity"],
            "A named-entity mention; canonical is the identity shared across articles.",
        ),  # fmt: skip
        "quote": _obj(
            {
                "text": _STR,
                "kind": {"enum": ["direct", "reported"]},
                **span,
                "speaker": _NSTR,
                "speaker_text": _NSTR,
                "speaker_start": _NINT,
                "speaker_end": _NINT,
                "cue": _NSTR,
                "cue_start": _NINT,
                "cue_end": _NINT,
                "speaker_id": _NSTR,
                "mode": {"enum": ["speech", "belief", "other"]},
            },
            REQUIRED["quote"],
            "An attribution with its speaker and cue: direct or reported speech, or (mode "
            "belief/other) a state of mind or a stance; voices count speech only.",
        ),  # fmt: skip
        "date": _obj(
            {
                "text": _STR,
                **span,
                "value": _NSTR,
                "granularity": {"enum": ["day", "month", "year", "time", "range", "unknown"]},
                "in_caption": _BOOL,
            },
            REQUIRED["date"],
            "A date or time expression normalised to an ISO value.",
        ),  # fmt: skip
        "number": _obj(
            {
                "text": _STR,
                "value": _NNUM,
                "unit": _NSTR,
                "approx": {
                    "enum": ["exact", "more_than", "less_than", "about", "at_least", "at_most"]
                },
            },
            ["text", "value"],
            "A quantity in a claim.",
        ),  # fmt: skip
        "claim": _obj(
            {
                "id": _STR,
                "text": _STR,
                **span,
                "actor": _NSTR,
                "predicate": _NSTR,
                "source": _NSTR,
                "date": _NSTR,
                "negated": _BOOL,
                "numbers": _arr("number"),
                "quote_index": _NINT,
            },
            REQUIRED["claim"],
            "A checkable statement: its actor, who asserts it (source) and when (date).",
        ),  # fmt: skip
        "article": _obj(
            {
                "id": _STR,
                "source": _STR,
                "text": _STR,
                "kind": {"enum": ["text", "html", "json", "feed", "url", "stdin"]},
                "original_sha256": _NSTR,
                "locator": _NSTR,
                "encoding": _NSTR,
                "url": _NSTR,
                "outlet": _NSTR,
                "outlet_source": _NSTR,
                "title": _NSTR,
                "subtitle": _NSTR,
                "byline": _NSTR,
                "published": _NSTR,
                "published_inferred": _BOOL,
                "language": _NSTR,
                "removed": _arr("removed"),
                "sentences": _arr("sentence"),
                "entities": _arr("entity"),
                "quotes": _arr("quote"),
                "dates": _arr("date"),
                "claims": _arr("claim"),
                "stages": _STRS,
                "meta": {"type": "object"},
            },
            REQUIRED["article"],
            "One article: provenance, cleaned text (every offset indexes it), metadata, annotations.",
        ),  # fmt: skip
        "alignment": _obj(
            {
                "claims": {"type": "array", "items": _STR, "minItems": 2},
                "relation": {"enum": ["same", "related", "differs", "contradicts"]},
                "score": _NUM,
                "detail": _NSTR,
            },
            REQUIRED["alignment"],
            "Claims of different articles read against each other; detail says how they differ.",
        ),  # fmt: skip
        "fact_version": _obj(
            {
                "article": _STR,
                "claim": _STR,
                "text": _STR,
                **span,
                "source": _NSTR,
                "source_id": _NSTR,
                "also": _STRS,
            },
            REQUIRED["fact_version"],
            "One article's report of a fact: its claim, the evidence span in that article's text, "
            "and who the article credits (null: the outlet in its own voice).",
        ),  # fmt: skip
        "fact": _obj(
            {
                "id": _STR,
                "text": _STR,
                "versions": {
                    "type": "object",
                    "additionalProperties": {"anyOf": [_ref("fact_version"), {"type": "null"}]},
                    "description": "article id -> its version of the fact, null where it has none",
                },
                "relation": {"enum": ["same", "related", "differs", "contradicts", None]},
                "confidence": _NUM,
                "detail": _NSTR,
                "links": _arr("alignment"),
                "related": _STRS,
            },
            REQUIRED["fact"],
            "One fact of the story: each article's version or none, and how the versions relate "
            "(null relation: one article alone reports it).",
        ),  # fmt: skip
        "loaded_word": _obj(
            {"text": _STR, **span, "category": _STR},
            REQUIRED["loaded_word"],
            "A loaded or evaluative word of the writer's own, outside quotes.",
        ),
        "event": _obj(
            {"id": _STR, "articles": _STRS, "title": _NSTR, "date": _NSTR, "score": _NNUM},
            ["id", "articles"],
            "An event inside a story.",
        ),
        "voice": _obj(
            {
                "speaker": _NSTR,
                "affiliation": _NSTR,
                "quotes": _NINT,
                "words": _NINT,
                "share": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                "last_word": _BOOL,
            },
            REQUIRED["voice"],
            "A quoted speaker in one article and the share of quoted words it gets.",
        ),  # fmt: skip
        "position": _obj(
            {
                "stance": _STR,
                "text": _STR,
                "claims": _STRS,
                "start": _NINT,
                "end": _NINT,
                "date": _NSTR,
            },
            REQUIRED["position"],
            "What an actor is reported to say, offer, pledge or oppose, with the evidence claims.",
        ),  # fmt: skip
        "timeline_entry": _obj(
            {"date": _NSTR, "text": _STR, "articles": _STRS, "event": _NSTR},
            REQUIRED["timeline_entry"],
            "A dated happening of the story and the articles that report it.",
        ),
        "story": _obj(
            {
                "id": _STR,
                "title": _STR,
                "articles": _STRS,
                "events": _arr("event"),
                "alignments": _arr("alignment"),
                "only_in": {
                    "type": "object",
                    "additionalProperties": _STRS,
                    "description": "article id -> claim ids no other article covers",
                },
                "naming": {
                    "type": "object",
                    "additionalProperties": {"type": "object", "additionalProperties": _STR},
                    "description": "canonical entity -> {article id: the form it uses}",
                },
                "voices": {
                    "type": "object",
                    "additionalProperties": _arr("voice"),
                    "description": "article id -> quoted speakers with their share",
                },
                "positions": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "additionalProperties": _arr("position"),
                    },
                    "description": "actor -> {article id: [positions]}",
                },
                "timeline": _arr("timeline_entry"),
                "scores": {"type": "object", "additionalProperties": _NUM},
                "facts": {**_arr("fact"), "description": "one row per fact, differences first"},
                "loaded": {
                    "type": "object",
                    "additionalProperties": _arr("loaded_word"),
                    "description": "article id -> the writer's loaded words with their spans",
                },
            },
            REQUIRED["story"],
            "Articles about one story, compared claim by claim.",
        ),  # fmt: skip
    }


@cache
def _schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "rashomon analysis document",
        "description": "The output of `rashomon analyze --format json`.",
        "version": SCHEMA_VERSION,
        "type": "object",
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "generated": {"type": "string", "format": "date-time"},
            "articles": _arr("article"),
            "stories": _arr("story"),
        },
        "required": ["schema_version", "generated", "articles", "stories"],
        "additionalProperties": True,
        "$defs": _defs(),
    }


def schema() -> dict[str, Any]:
    """The JSON Schema of the output document (a fresh copy: callers may mutate it)."""
    return copy.deepcopy(_schema())


def validate(document: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when the document breaks the schema."""
    import jsonschema

    jsonschema.Draft202012Validator(_schema()).validate(document)
