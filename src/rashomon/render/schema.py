"""The published JSON Schema (draft 2020-12) of the JSON output, versioned with the model.

Generated from the model's type hints (:func:`model_schema`), so a field added to a model class is
in the schema without anyone writing it twice; what the hints cannot say is written here: each
object's description, the output contract's ``required`` lists (SPEC.md, "Output contract"), a
few notes and bounds. Objects allow extra properties: a consumer written against 1.x keeps working
when a minor version adds a field. Written by hand rather than with a library (pydantic's
``TypeAdapter`` does this for its own models) because the model is plain slotted dataclasses and the
whole mapping is the dozen lines of :func:`_type_schema`.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import types
import typing
from functools import cache
from typing import Any, Literal, get_args, get_origin

from .. import model as m
from ..model import SCHEMA_VERSION
from ..read.quotes.actors import REASONS

SCHEMA_ID = f"urn:rashomon:schema:document:{SCHEMA_VERSION}"  # a name, not a network location

# Output-contract required fields, one place: the schema and its tests read them from here. A
# class not listed requires the fields it has no default for.
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

_DESCRIPTIONS: dict[str, str] = {
    "removed": "Text cleaning took out of the body, and why; offsets index the raw input text.",
    "sentence": "A sentence of the cleaned text.",
    "entity": "A named-entity mention; canonical is the identity shared across articles.",
    "quote": "An attribution with its speaker and cue: direct or reported speech, or (mode "
    "belief/other) a state of mind or a stance; voices count speech only.",
    "date": "A date or time expression normalised to an ISO value.",
    "number": "A quantity in a claim.",
    "claim": "A checkable statement: its actor, who asserts it (source) and when (date).",
    "article": "One article: provenance, cleaned text (every offset indexes it), metadata, "
    "annotations.",
    "alignment": "Claims of different articles read against each other; detail says how they "
    "differ.",
    "fact_version": "One article's report of a fact: its claim, the evidence span in that "
    "article's text, and who the article credits (null: the outlet in its own voice).",
    "fact": "One fact of the story: each article's version or none, and how the versions relate "
    "(null relation: one article alone reports it).",
    "loaded_word": "A loaded or evaluative word of the writer's own, outside quotes.",
    "event": "An event inside a story.",
    "voice": "A quoted speaker in one article and the share of quoted words it gets; role and "
    "affiliation are left out when unknown.",
    "position": "What an actor is reported to say, offer, pledge or oppose, with the evidence "
    "span and claims.",
    "article_span": "A span of one article's text.",
    "timeline_entry": "A dated happening of the story and the articles that report it.",
    "story": "Articles about one story, compared claim by claim.",
}

# What a type hint cannot say about a field: a note for the reader, a bound.
_FIELD_EXTRAS: dict[tuple[str, str], dict[str, Any]] = {
    ("alignment", "claims"): {"minItems": 2},
    ("fact", "versions"): {
        "description": "article id -> its version of the fact, null where it has none"
    },
    ("voice", "share"): {"maximum": 1, "minimum": 0},
    ("quote", "speaker_reason"): {"enum": [*REASONS, None]},
    ("story", "only_in"): {"description": "article id -> claim ids no other article covers"},
    ("story", "naming"): {"description": "canonical entity -> {article id: the form it uses}"},
    ("story", "voices"): {"description": "article id -> quoted speakers with their share"},
    ("story", "positions"): {"description": "actor -> {article id: [positions]}"},
    ("story", "facts"): {"description": "one row per fact, differences first"},
    ("story", "loaded"): {
        "description": "article id -> the writer's loaded words with their spans"
    },
}

_DEF_NAMES: dict[type, str] = {m.DateMention: "date"}  # the one def not named after its class
_PRIMITIVES = {str: "string", int: "integer", float: "number", bool: "boolean"}


def def_name(cls: type) -> str:
    """The ``$defs`` key of a model class: its name in snake case (``FactVersion`` ->
    ``fact_version``)."""
    return _DEF_NAMES.get(cls) or re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


def _type_schema(hint: Any) -> dict[str, Any]:
    """The schema of one type hint. Every int of the model is an offset or a count: >= 0."""
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = get_args(hint)
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1 or len(args) != 2:
            return {"anyOf": [_type_schema(a) for a in args]}
        one = _type_schema(inner[0])
        if "enum" in one:
            return {**one, "enum": [*one["enum"], None]}
        if isinstance(one.get("type"), str):
            return {**one, "type": [one["type"], "null"]}
        return {"anyOf": [one, {"type": "null"}]}
    if origin is Literal:
        return {"enum": list(get_args(hint))}
    if origin is list:
        (item,) = get_args(hint)
        return {"type": "array", "items": _type_schema(item)}
    if origin is dict:
        key, value = get_args(hint)
        if key is not str:
            raise TypeError(f"JSON object keys are strings, not {key}")
        out: dict[str, Any] = {"type": "object"}
        if value is not Any:
            out["additionalProperties"] = _type_schema(value)
        return out
    if hint is Any:
        return {}
    if hint in _PRIMITIVES:
        out = {"type": _PRIMITIVES[hint]}
        return {**out, "minimum": 0} if hint is int else out
    if isinstance(hint, type) and issubclass(hint, m.Model):
        return {"$ref": f"#/$defs/{def_name(hint)}"}
    raise TypeError(f"no JSON Schema for the type {hint!r}")


def published_fields(cls: type) -> list[dataclasses.Field[Any]]:
    """The fields of a model class that its JSON output carries (an article's raw inputs not)."""
    private: frozenset[str] = getattr(cls, "PRIVATE", frozenset())
    return [f for f in dataclasses.fields(cls) if f.name not in private]


def model_schema(cls: type) -> dict[str, Any]:
    """The object schema of one model class, from its type hints."""
    name = def_name(cls)
    hints = typing.get_type_hints(cls)
    fields = published_fields(cls)
    props = {
        f.name: {**_type_schema(hints[f.name]), **_FIELD_EXTRAS.get((name, f.name), {})}
        for f in fields
    }
    required = REQUIRED.get(name) or [
        f.name
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    return {
        "type": "object",
        "description": _DESCRIPTIONS[name],
        "properties": props,
        "required": required,
        "additionalProperties": True,
    }


def model_classes(*roots: type) -> list[type]:
    """The model classes reachable from ``roots`` through their fields' hints, roots first."""
    seen: list[type] = []

    def visit(hint: Any) -> None:
        if isinstance(hint, type) and issubclass(hint, m.Model):
            if hint in seen:
                return
            seen.append(hint)
            hints = typing.get_type_hints(hint)
            for f in published_fields(hint):
                visit(hints[f.name])
        for arg in get_args(hint):
            visit(arg)

    for root in roots:
        visit(root)
    return seen


def _defs() -> dict[str, Any]:
    return {def_name(cls): model_schema(cls) for cls in model_classes(m.Article, m.Story)}


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
            "articles": {"type": "array", "items": {"$ref": "#/$defs/article"}},
            "stories": {"type": "array", "items": {"$ref": "#/$defs/story"}},
            "unread": {
                "type": "array",
                "description": "Articles the English-only reading stages skipped, and why.",
                "items": {
                    "type": "object",
                    "properties": {
                        "article": {"type": "string"},
                        "language": {"type": ["string", "null"]},
                        "stages": {"type": "array", "items": {"type": "string"}},
                        "reason": {"type": ["string", "null"]},
                    },
                    "required": ["article", "stages"],
                },
            },
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
