"""Checking an answer of the API against the OpenAPI schema the site publishes at /api/schema/."""

from __future__ import annotations

import re

from jsonschema import Draft7Validator


def json_schema(node):
    """An OpenAPI 3.0 schema as JSON Schema: `nullable: true` becomes a choice with null."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def operation_for(schema: dict, path: str) -> tuple[str, dict]:
    """The path template of the schema that `path` matches, and its GET operation."""
    if path in schema["paths"]:
        return path, schema["paths"][path]["get"]
    for template, item in schema["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", r"[^/]+", template), path):
            return template, item["get"]
    raise AssertionError(f"{path} is not described in the schema")


def assert_matches_schema(schema: dict, path: str, response) -> None:
    template, operation = operation_for(schema, path)
    described = operation["responses"].get(str(response.status_code))
    assert described is not None, f"{template} does not describe a {response.status_code}"
    if "content" not in described:
        return
    body_schema = described["content"]["application/json"]["schema"]
    root = {**json_schema(body_schema), "components": json_schema(schema["components"])}
    errors = sorted(Draft7Validator(root).iter_errors(response.json()), key=lambda error: error.path)
    assert not errors, f"{path} ({response.status_code}): " + "; ".join(
        f"{list(error.path)}: {error.message[:300]}" for error in errors[:5]
    )
