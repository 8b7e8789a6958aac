"""The API's reference page (/docs), rendered on the server from the app's own OpenAPI schema.

Why by hand: FastAPI's /docs loads Swagger UI from a CDN (nothing here may leave the machine),
and Swagger UI is a JavaScript application while every page of this app runs no script at all
(its CSP has no script-src). So the schema is turned into plain HTML: one section per endpoint
with its parameters, body, answers and an example call, then the request and error models.
"""

from __future__ import annotations

from typing import Any

__all__ = ["api_reference"]
_NONE: dict[str, Any] = {}  # what an operation without content or body has

_CONSTRAINTS = (("minimum", "≥ {}"), ("maximum", "≤ {}"), ("exclusiveMinimum", "> {}"),
                ("exclusiveMaximum", "< {}"), ("minLength", "at least {} characters"),
                ("maxLength", "at most {} characters"), ("pattern", "matches {}"),
                ("minItems", "at least {} items"), ("maxItems", "at most {} items"))  # fmt: skip


def type_of(schema: dict[str, Any]) -> str:
    """A schema as a reader says it: "integer", "string or null", "array of Article", "one of
    "a", "b"" (a ``$ref`` is the model's name)."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "enum" in schema:
        return "one of " + ", ".join(f'"{v}"' for v in schema["enum"])
    if "const" in schema:
        return f'"{schema["const"]}"'
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " or ".join(dict.fromkeys(type_of(s) for s in schema[key]))
    if "allOf" in schema:
        return " and ".join(type_of(s) for s in schema["allOf"])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"array of {type_of(schema.get('items') or {})}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"object of {type_of(schema['additionalProperties'])}"
    return str(kind)


def rules_of(schema: dict[str, Any]) -> list[str]:
    """The constraints of a schema and of its alternatives ("≥ 1", "at most 500 characters")."""
    out = [fmt.format(schema[k]) for k, fmt in _CONSTRAINTS if k in schema]
    for key in ("anyOf", "oneOf", "allOf"):
        for s in schema.get(key, []):
            out += rules_of(s)
    return list(dict.fromkeys(out))


def _model(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    required = set(schema.get("required", []))
    fields = [
        {"name": k, "type": type_of(v), "required": k in required, "rules": rules_of(v),
         "default": v.get("default"), "description": v.get("description") or ""}
        for k, v in (schema.get("properties") or {}).items()
    ]  # fmt: skip
    return {"name": name, "description": schema.get("description") or "", "fields": fields}


def _example(method: str, path: str, op: dict[str, Any], base: str) -> str:
    parts = ["curl"]
    if method != "get":
        parts.append(f"-X {method.upper()}")
    if any(p.get("in") == "header" and p["name"].lower() == "authorization"
           for p in op.get("parameters", [])):  # fmt: skip
        parts.append("-H 'Authorization: Bearer TOKEN'")
    if "requestBody" in op:
        parts.append("-H 'Content-Type: application/json' -d '{...}'")
    query = [p["name"] for p in op.get("parameters", []) if p.get("in") == "query" and p.get("required")]
    url = base + path + ("?" + "&".join(f"{q}=..." for q in query) if query else "")
    parts.append(f"'{url}'")
    return " ".join(parts)


def api_reference(spec: dict[str, Any], base: str = "http://127.0.0.1:8000") -> dict[str, Any]:
    """What the /docs template shows: the API's title and description, the endpoints grouped
    by tag (in the schema's order), and the models."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, methods in (spec.get("paths") or {}).items():
        for method, op in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            params = [
                {"name": p["name"], "in": p.get("in", "query"), "required": bool(p.get("required")),
                 "type": type_of(p.get("schema") or {}), "rules": rules_of(p.get("schema") or {}),
                 "default": (p.get("schema") or {}).get("default"),
                 "description": p.get("description") or ""}
                for p in op.get("parameters", [])
            ]  # fmt: skip
            body = None
            if "requestBody" in op:
                content = op["requestBody"].get("content") or {}
                media, what = next(iter(content.items()), ("application/json", _NONE))
                body = {"media": media, "type": type_of(what.get("schema") or {}),
                        "required": bool(op["requestBody"].get("required"))}  # fmt: skip
            answers = []
            for status, resp in (op.get("responses") or {}).items():
                content = resp.get("content") or {}
                answer, answered = next(iter(content.items()), (None, _NONE))
                answers.append({"status": status, "description": resp.get("description") or "",
                                "media": answer, "type": type_of(answered.get("schema") or {}) if answer else ""})  # fmt: skip
            tag = (op.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append({
                "id": op.get("operationId") or f"{method}-{path}", "method": method.upper(),
                "path": path, "summary": op.get("summary") or "",
                "description": op.get("description") or "", "params": params, "body": body,
                "answers": answers, "example": _example(method, path, op, base),
                "auth": any(p["in"] == "header" and p["name"].lower() == "authorization" for p in params),
            })  # fmt: skip
    schemas = (spec.get("components") or {}).get("schemas") or {}
    info = spec.get("info") or {}
    return {
        "title": info.get("title") or "API", "version": info.get("version") or "",
        "description": info.get("description") or "", "groups": groups,
        "models": [_model(n, s) for n, s in sorted(schemas.items())],
    }  # fmt: skip
