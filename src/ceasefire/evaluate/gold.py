"""The gold format of shared/corpus/seeds/README.md: what a careful analyst records per document."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ceasefire.errors import MetadataError


@dataclass(frozen=True, slots=True)
class GoldIncident:
    key: str
    event_type: str
    sub_event_type: str
    date: date | None
    country: str | None
    admin1: str | None
    location: str | None
    perpetrator: str | None
    target_categories: frozenset[str]
    killed_low: int | None
    injured_low: int | None
    evidence: str
    is_optional: bool
    is_historical: bool
    date_precision: str = "day"
    admin2: str | None = None
    # The act it reports, across the documents of a set: its `act_group` when it has one, else its
    # key (a key shared by incidents of several documents names one act; eval/README.md).
    act: str = ""


@dataclass(frozen=True, slots=True)
class GoldDocument:
    file: str
    incidents: tuple[GoldIncident, ...]
    aggregates: tuple[dict[str, Any], ...] = ()
    agreements: tuple[dict[str, Any], ...] = ()
    url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _low(value: Any) -> int | None:
    if isinstance(value, dict):
        low = value.get("low")
        return int(low) if low is not None else None
    return None


def read_gold(path: Path) -> list[GoldDocument]:
    documents = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise MetadataError(f"cannot read: {exc.strerror or exc}", where=str(path)) from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path} line {number}"
        try:
            record = json.loads(line)
            incidents = tuple(
                GoldIncident(
                    key=str(item.get("key", f"{number}-{index}")),
                    event_type=item["event_type"],
                    sub_event_type=item.get("sub_event_type") or "",
                    date=date.fromisoformat(item["date"]) if item.get("date") else None,
                    country=item.get("country"),
                    admin1=item.get("admin1"),
                    location=item.get("location"),
                    perpetrator=item.get("perpetrator_alleged"),
                    target_categories=frozenset(item.get("target_category") or ()),
                    killed_low=_low(item.get("killed")),
                    injured_low=_low(item.get("injured")),
                    evidence=item.get("evidence") or "",
                    is_optional=bool(item.get("optional")),
                    is_historical=bool(item.get("historical")),
                    date_precision=item.get("date_precision") or "day",
                    admin2=item.get("admin2"),
                    act=str(item.get("act_group") or item.get("key", f"{number}-{index}")),
                )
                for index, item in enumerate(record.get("incidents", []))
            )
            documents.append(
                GoldDocument(
                    file=record["file"],
                    incidents=incidents,
                    aggregates=tuple(record.get("aggregate_claims", [])),
                    agreements=tuple(record.get("agreements", [])),
                    url=record.get("url"),
                )
            )
        except json.JSONDecodeError as exc:
            raise MetadataError(f"not valid JSON ({exc.msg})", where=where) from exc
        except (KeyError, TypeError, ValueError) as exc:
            raise MetadataError(f"malformed gold record: {exc!r}", where=where) from exc
    return documents
