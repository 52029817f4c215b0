"""MkDocs hook: the reference pages are generated from the code, so that they cannot drift from it.

A page may hold these markers, each replaced when the site is built:
- ``<!-- generated: settings -->``: every setting of ``ceasefire.config.Settings``, its environment
  variable, default and meaning;
- ``<!-- generated: openapi -->``: every route of the HTTP API from the app's OpenAPI document;
- ``<!-- generated: schema -->``: the fields of the packaged incident schema.
The command-line reference comes from the click definitions through mkdocs-click.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

MARKERS = ("settings", "openapi", "schema")


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def settings_table() -> str:
    from ceasefire.config import Settings

    rows = ["| environment | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        default: Any = field.default
        if field.default_factory is not None:
            default = "(computed)"
        shown = "none" if default is None else f"`{default}`"
        rows.append(f"| `CEASEFIRE_{name.upper()}` | {shown} | {_cell(field.description or '')} |")
    return "\n".join(rows) + "\n"


def openapi_reference() -> str:
    from ceasefire.config import Settings
    from ceasefire.web.app import create_app

    with tempfile.TemporaryDirectory() as data:
        app = create_app(Settings(data=Path(data), collector="docs"), agreements=[])
        document = app.openapi()
    rows = ["| method | path | what |", "|---|---|---|"]
    for path, operations in sorted(document["paths"].items()):
        for method, operation in operations.items():
            summary = operation.get("summary") or operation.get("description", "").split("\n")[0]
            rows.append(f"| {method.upper()} | `{path}` | {_cell(summary)} |")
    return "\n".join(rows) + "\n"


def schema_fields() -> str:
    from ceasefire.schema import incident_schema

    schema = incident_schema()
    required = set(schema["required"])
    rows = ["| field | required | type | meaning |", "|---|---|---|---|"]
    for name, spec in schema["properties"].items():
        kind = spec.get("type") or (
            "one of " + ", ".join(map(str, spec["enum"]))
            if "enum" in spec
            else spec.get("$ref", "const" if "const" in spec else "")
        )
        if isinstance(kind, list):
            kind = " or ".join(kind)
        rows.append(
            f"| `{name}` | {'yes' if name in required else 'no'} | {_cell(kind)} | "
            f"{_cell(spec.get('description', ''))} |"
        )
    return "\n".join(rows) + "\n"


GENERATORS = {"settings": settings_table, "openapi": openapi_reference, "schema": schema_fields}


def on_page_markdown(markdown: str, **_: Any) -> str:
    for name, generate in GENERATORS.items():
        marker = f"<!-- generated: {name} -->"
        if marker in markdown:
            markdown = markdown.replace(marker, generate())
    return markdown
