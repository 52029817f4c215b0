"""Metadata from meta.jsonl, sidecars and flags: validated, errors naming file, line and field."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ceasefire.domain import DocumentKind, DocumentMeta
from ceasefire.errors import MetadataError
from ceasefire.read.metadata import layer, parse_meta, read_folder_meta, read_sidecar

from ..conftest import SEEDS


@pytest.mark.shared
def test_seed_meta_jsonl() -> None:
    records = read_folder_meta(SEEDS / "meta.jsonl")
    assert len(records) == 2
    record = next(r for name, r in records.items() if name.startswith("003_"))
    assert record.publisher == "Al Jazeera"
    assert record.published == date(2025, 10, 19)
    assert record.kind is DocumentKind.NEWS


@pytest.mark.parametrize(
    ("values", "field", "problem"),
    [
        ({"published": "2025-13-45"}, "published", "not a date"),
        ({"published": "last Tuesday"}, "published", "not a date"),
        ({"kind": "rumour"}, "kind", "unknown kind 'rumour'"),
        ({"url": "ftp://example.org/x"}, "url", "not an http(s) URL"),
        ({"language": "english!"}, "language", "not a language code"),
        ({"publisher": 7}, "publisher", "string"),
        ({"author": "someone"}, "author", "unknown field"),
    ],
)
def test_bad_values_name_the_field(values: dict[str, object], field: str, problem: str) -> None:
    with pytest.raises(MetadataError) as info:
        parse_meta(values, where="x.meta.json")
    message = str(info.value)
    assert message.startswith(f"x.meta.json: field '{field}'")
    assert problem in message
    assert "\n" not in message


def test_malformed_meta_jsonl_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "meta.jsonl"
    path.write_text('{"file": "a.txt"}\n{"file": "b.txt", "published": \n', encoding="utf-8")
    with pytest.raises(MetadataError, match=r"meta.jsonl line 2: not valid JSON"):
        read_folder_meta(path)


def test_meta_jsonl_line_without_file(tmp_path: Path) -> None:
    path = tmp_path / "meta.jsonl"
    path.write_text('{"publisher": "X"}\n', encoding="utf-8")
    with pytest.raises(MetadataError, match=r"line 1: field 'file': missing"):
        read_folder_meta(path)


def test_malformed_sidecar(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.meta.json"
    path.write_text("{'publisher': 'single quotes'}", encoding="utf-8")
    with pytest.raises(MetadataError, match=r"a.txt.meta.json: not valid JSON"):
        read_sidecar(path)
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(MetadataError, match="must be a JSON object"):
        read_sidecar(path)


def test_later_sources_win_field_by_field(tmp_path: Path) -> None:
    content = {"title": "From the page", "publisher": "Page site"}
    folder = parse_meta(
        {"file": "a.txt", "publisher": "Folder", "published": "2025-10-01"}, where="m"
    )
    sidecar = tmp_path / "a.meta.json"
    sidecar.write_text(
        json.dumps({"published": "2025-10-02", "kind": "statement"}), encoding="utf-8"
    )
    flags = parse_meta({"kind": "complaint"}, where="command line")
    meta = layer(DocumentMeta(), content, folder, read_sidecar(sidecar), flags)
    assert meta.title == "From the page"
    assert meta.publisher == "Folder"
    assert meta.published_at == date(2025, 10, 2)
    assert meta.kind is DocumentKind.COMPLAINT
