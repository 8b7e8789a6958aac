"""The API reference renderer: schema types and rules as a reader says them."""

from __future__ import annotations

from rashomon.web.apidocs import api_reference, rules_of, type_of


def test_types_read_as_words() -> None:
    assert type_of({"type": "integer"}) == "integer"
    assert type_of({"anyOf": [{"type": "string"}, {"type": "null"}]}) == "string or null"
    assert (
        type_of({"type": "array", "items": {"$ref": "#/components/schemas/Article"}})
        == "array of Article"
    )
    assert type_of({"enum": ["csv", "jsonl"]}) == 'one of "csv", "jsonl"'
    assert type_of({}) == "any"
    assert rules_of(
        {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 500}, {"type": "null"}]}
    ) == [
        "≥ 1",
        "≤ 500",
    ]


def test_reference_groups_endpoints_by_tag_with_params_body_and_models() -> None:
    spec = {
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "get": {"tags": ["x"], "summary": "A", "parameters": [
                    {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "maxLength": 5}}],
                    "responses": {"200": {"description": "ok"}}},
                "post": {"tags": ["y"], "parameters": [{"name": "authorization", "in": "header"}],
                         "requestBody": {"required": True, "content": {"application/json": {
                             "schema": {"$ref": "#/components/schemas/Req"}}}}, "responses": {}},
            }
        },
        "components": {"schemas": {"Req": {"properties": {"text": {"type": "string"}}, "required": ["text"]}}},
    }  # fmt: skip
    ref = api_reference(spec, "http://h")
    get, post = ref["groups"]["x"][0], ref["groups"]["y"][0]
    assert get["params"][0]["rules"] == ["at most 5 characters"] and get["params"][0]["required"]
    assert get["example"] == "curl 'http://h/a?q=...'"
    assert post["auth"] and post["body"]["type"] == "Req"
    assert "Authorization: Bearer TOKEN" in post["example"]
    assert ref["models"] == [{"name": "Req", "description": "", "fields": [
        {"name": "text", "type": "string", "required": True, "rules": [], "default": None, "description": ""}]}]  # fmt: skip
