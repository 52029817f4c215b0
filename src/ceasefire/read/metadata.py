"""Collection metadata from flags, a sidecar NAME.meta.json or a folder's meta.jsonl, validated."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ceasefire.domain import DocumentKind, DocumentMeta
from ceasefire.domain.bounds import day_problem
from ceasefire.errors import MetadataError

META_FIELDS = frozenset(f.name for f in fields(DocumentMeta))
FOLDER_META = "meta.jsonl"
SIDECAR_SUFFIX = ".meta.json"


class MetaRecord(BaseModel):
    """One metadata statement about a document; only the fields given count (``model_fields_set``)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    file: str | None = None
    kind: DocumentKind | None = None
    publisher: str | None = None
    url: str | None = None
    published: date | None = None
    language: str | None = None
    title: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _date_only(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            text = value.strip()
            try:
                return date.fromisoformat(text[:10]) if len(text) > 10 else date.fromisoformat(text)
            except ValueError:
                try:
                    return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
                except ValueError as exc:
                    raise ValueError(f"not a date (YYYY-MM-DD): {text!r}") from exc
        return value

    @field_validator("published")
    @classmethod
    def _within_bounds(cls, value: date | None) -> date | None:
        problem = day_problem(value) if value is not None else None
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) URL: {value!r}")
        return value

    @field_validator("language")
    @classmethod
    def _language_code(cls, value: str | None) -> str | None:
        if value and not (2 <= len(value) <= 8 and value.replace("-", "").isalpha()):
            raise ValueError(f"not a language code such as 'en': {value!r}")
        return value.lower() if value else value

    def as_meta_fields(self) -> dict[str, Any]:
        """The given fields, named as DocumentMeta names them."""
        given = self.model_fields_set - {"file"}
        values = {name: getattr(self, name) for name in given}
        if "published" in values:
            values["published_at"] = values.pop("published")
        return values


def parse_meta(values: dict[str, Any], *, where: str) -> MetaRecord:
    """Validates one record; the error names ``where`` and the field."""
    try:
        return MetaRecord.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "record"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown field"
        elif error["type"] == "enum":
            kinds = ", ".join(k.value for k in DocumentKind)
            message = f"unknown kind {error['input']!r} (one of: {kinds})"
        raise MetadataError(message, where=f"{where}: field '{field}'") from exc


@dataclass(frozen=True, slots=True)
class Manifest:
    """A folder's meta.jsonl read line by line: each good record by file name (and its line), and
    each bad line's error, with the file it names when it names one, so that a bad line fails only
    its own file."""

    path: Path
    records: dict[str, MetaRecord] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[str | None, MetadataError]] = field(default_factory=list)


def read_manifest(path: Path) -> Manifest:
    """meta.jsonl: one JSON object per line with a ``file`` name. Raises MetadataError only when
    the file cannot be read at all; a bad line is kept in ``problems``."""
    manifest = Manifest(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise MetadataError(f"cannot read: {exc}", where=str(path)) from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path} line {number}"
        named: str | None = None
        try:
            try:
                values = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                problem = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deep"
                raise MetadataError(f"not valid JSON ({problem})", where=where) from exc
            if not isinstance(values, dict):
                raise MetadataError("a line must be a JSON object", where=where)
            if isinstance(values.get("file"), str) and values["file"].strip():
                named = values["file"].strip()
            record = parse_meta(values, where=where)
            if not record.file:
                raise MetadataError("missing", where=f"{where}: field 'file'")
        except MetadataError as exc:
            manifest.problems.append((named, exc))
            continue
        manifest.records[record.file] = record
        manifest.lines[record.file] = number
    return manifest


def read_folder_meta(path: Path) -> dict[str, MetaRecord]:
    """The records of a meta.jsonl by file name; its first bad line raises MetadataError."""
    manifest = read_manifest(path)
    if manifest.problems:
        raise manifest.problems[0][1]
    return manifest.records


def read_sidecar(path: Path) -> MetaRecord:
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise MetadataError(f"cannot read: {exc}", where=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise MetadataError(
            f"not valid JSON ({exc.msg} at line {exc.lineno})", where=str(path)
        ) from exc
    if not isinstance(values, dict):
        raise MetadataError("must be a JSON object", where=str(path))
    return parse_meta(values, where=str(path))


def sidecar_for(path: Path) -> Path | None:
    """NAME.txt.meta.json or NAME.meta.json beside the file, if either exists."""
    for candidate in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_suffix(SIDECAR_SUFFIX)):
        if candidate.is_file():
            return candidate
    return None


def is_metadata_file(path: Path) -> bool:
    return path.name == FOLDER_META or path.name.endswith(SIDECAR_SUFFIX)


def layer(base: DocumentMeta, *records: MetaRecord | dict[str, Any] | None) -> DocumentMeta:
    """Lays each record over the last, later ones winning field by field."""
    meta = base
    for record in records:
        if record is None:
            continue
        values = record.as_meta_fields() if isinstance(record, MetaRecord) else record
        values = {k: v for k, v in values.items() if k in META_FIELDS}
        patch = DocumentMeta(**values)
        meta = patch.merged_over(meta, fields_set=frozenset(values))
    return meta
