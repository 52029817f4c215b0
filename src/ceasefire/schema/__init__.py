"""The output contract: the JSON Schema of incident records, shipped with the package.

`ceasefire extract` and `ceasefire export incidents --format jsonl` write records that this schema
defines (a copy of the project's shared `schema/incident.schema.json`); other tools read that output,
so its field names never change. `ceasefire schema` prints it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

INCIDENT_SCHEMA_FILE = "incident.schema.json"


def incident_schema_text() -> str:
    """The schema as shipped, byte for byte."""
    return (files(__package__) / INCIDENT_SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def incident_schema() -> dict[str, Any]:
    """The schema as a JSON object (read once)."""
    schema: dict[str, Any] = json.loads(incident_schema_text())
    return schema
