"""Agreement files: YAML validated with pydantic; an error names the file, line and field.

The format (README, "Agreement files"; the example is ``agreements/doha-2025.yaml``)::

    id: doha-2025                      # short, stable: cases and assessments refer to it
    title: ...
    venue: Doha
    signed_at: 2025-10-19T00:00:00+03:00     # a time zone is required
    effective_at: 2025-10-19T00:00:00+03:00
    mediators: [Qatar, Turkey]
    parties:
      - id: pakistan
        name: Pakistan
        country: Pakistan              # as the gazetteer names it
        actors: [Military Forces of Pakistan]   # actor names that stand for the party
    commitments:
      - id: no-targeting
        title: ...
        text: ...                      # in our own words
        obligated: [pakistan, afghanistan]
        rule: direct | third_party
        forbids: {event_types: [...], sub_event_types: [...]}
        protects: {target_categories: [...], whose: counterparty | any}
        armed_groups: [TTP, ...]       # third_party rules: whose acts count
        sources: [{document: SHA256, span: [START, END]}]
    follow_up: [{place: Istanbul, date: 2025-10-25, purpose: ...}]
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from ceasefire import bounded_yaml
from ceasefire.domain import TargetCategory
from ceasefire.domain.agreement import (
    Agreement,
    Commitment,
    Meeting,
    Party,
    RuleKind,
    SourcePointer,
    Territory,
)
from ceasefire.domain.bounds import day_problem
from ceasefire.domain.datasets import EVENT_TYPES  # a commitment naming another matches nothing
from ceasefire.errors import AgreementError

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=64)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceModel(_Model):
    document: Sha256
    span: tuple[Annotated[int, Field(ge=0)], Annotated[int, Field(ge=0)]]

    @model_validator(mode="after")
    def _span_order(self) -> SourceModel:
        if self.span[0] >= self.span[1]:
            raise ValueError("span must be [start, end) with start < end")
        return self


class PartyModel(_Model):
    id: Ident
    name: Name
    country: Name
    actors: list[Name] = Field(min_length=1)


class ForbidsModel(_Model):
    event_types: list[Literal[EVENT_TYPES]] = []  # type: ignore[valid-type]
    sub_event_types: list[Name] = []


class ProtectsModel(_Model):
    target_categories: list[TargetCategory] = []
    whose: Territory = Territory.COUNTERPARTY


class CommitmentModel(_Model):
    id: Ident
    title: Name
    text: Name
    obligated: list[Ident] = Field(min_length=1)
    rule: RuleKind = RuleKind.DIRECT
    forbids: ForbidsModel = ForbidsModel()
    protects: ProtectsModel = ProtectsModel()
    armed_groups: list[Name] = []
    sources: list[SourceModel] = []

    @model_validator(mode="after")
    def _groups_for_third_party(self) -> CommitmentModel:
        if self.rule == RuleKind.THIRD_PARTY and not self.armed_groups:
            raise ValueError("a third_party rule needs armed_groups")
        return self


class MeetingModel(_Model):
    place: Name
    date: dt.date
    purpose: str = ""


class AgreementModel(_Model):
    id: Ident
    title: Name
    venue: Name
    signed_at: dt.datetime
    effective_at: dt.datetime
    mediators: list[Name] = []
    parties: list[PartyModel] = Field(min_length=2)
    commitments: list[CommitmentModel] = Field(min_length=1)
    follow_up: list[MeetingModel] = []
    sources: list[SourceModel] = []

    @model_validator(mode="after")
    def _references(self) -> AgreementModel:
        for name in ("signed_at", "effective_at"):
            if getattr(self, name).tzinfo is None:
                raise _FieldError((name,), "a time zone is required (e.g. +03:00)")
            problem = day_problem(getattr(self, name).date())
            if problem:
                raise _FieldError((name,), problem)
        for index, meeting in enumerate(self.follow_up):
            problem = day_problem(meeting.date)
            if problem:
                raise _FieldError(("follow_up", index, "date"), problem)
        party_ids = [p.id for p in self.parties]
        for index, party in enumerate(self.parties):
            if party_ids.count(party.id) > 1:
                raise _FieldError(("parties", index, "id"), f"party id {party.id!r} repeated")
        seen: set[str] = set()
        for index, commitment in enumerate(self.commitments):
            if commitment.id in seen:
                raise _FieldError(
                    ("commitments", index, "id"), f"commitment id {commitment.id!r} repeated"
                )
            seen.add(commitment.id)
            for number, obligated in enumerate(commitment.obligated):
                if obligated not in party_ids:
                    raise _FieldError(
                        ("commitments", index, "obligated", number),
                        f"unknown party {obligated!r} (parties: {', '.join(party_ids)})",
                    )
        return self


class _FieldError(ValueError):
    """A cross-field error that knows which field it is about."""

    def __init__(self, location: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


def _lines(
    node: yaml.Node, path: tuple[str | int, ...], out: dict[tuple[str | int, ...], int]
) -> None:
    """Records the line (1-based) of every key and item under ``node``."""
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            _lines(value, child, out)
            out[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, (*path, index), out)


def _field_name(location: tuple[str | int, ...]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def _line_of(location: tuple[str | int, ...], lines: dict[tuple[str | int, ...], int]) -> int:
    for cut in range(len(location), -1, -1):
        if location[:cut] in lines:
            return lines[location[:cut]]
    return 1


def parse_agreement(text: str, *, name: str = "agreement") -> Agreement:
    """Reads an agreement from YAML text; AgreementError names ``name``, the line and the field."""
    try:
        data, node = bounded_yaml.load(text)
        if node is None:
            raise AgreementError("the file is empty", where=name)
    except bounded_yaml.YamlBoundsError as exc:
        line = f" line {exc.line}" if exc.line else ""
        raise AgreementError(exc.message, where=f"{name}{line}") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f" line {mark.line + 1}" if mark else ""
        problem = " ".join(str(exc.problem or exc).split())
        raise AgreementError(f"not YAML: {problem}", where=f"{name}{line}") from exc
    except yaml.YAMLError as exc:  # a character YAML does not allow: no line is known
        problem = " ".join(str(getattr(exc, "reason", None) or exc).split())
        position = getattr(exc, "position", None)
        at = f" at character {position}" if position is not None else ""
        raise AgreementError(f"not YAML: {problem}{at}", where=name) from exc
    if not isinstance(data, dict):
        raise AgreementError(
            "an agreement is a mapping of fields (id, title, parties…)", where=name
        )
    lines: dict[tuple[str | int, ...], int] = {}
    _lines(node, (), lines)
    try:
        model = AgreementModel.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        location: tuple[str | int, ...] = tuple(error["loc"])
        message = error["msg"]
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, _FieldError):
            location, message = location + cause.location, cause.message
        message = message.removeprefix("Value error, ")
        where = f"{name} line {_line_of(location, lines)}, field {_field_name(location)}"
        raise AgreementError(message, where=where) from exc
    return _to_domain(model)


def load_agreement(path: Path) -> Agreement:
    try:
        text = bounded_yaml.read_text(path)
    except bounded_yaml.YamlBoundsError as exc:
        raise AgreementError(exc.message, where=str(path)) from exc
    except FileNotFoundError as exc:
        raise AgreementError("no such file", where=str(path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise AgreementError(f"cannot read the file ({exc})", where=str(path)) from exc
    return parse_agreement(text, name=str(path))


def _sources(models: list[SourceModel]) -> tuple[SourcePointer, ...]:
    return tuple(SourcePointer(s.document, s.span[0], s.span[1]) for s in models)


def _to_domain(model: AgreementModel) -> Agreement:
    return Agreement(
        id=model.id,
        title=model.title,
        venue=model.venue,
        signed_at=model.signed_at,
        effective_at=model.effective_at,
        parties=tuple(Party(p.id, p.name, p.country, tuple(p.actors)) for p in model.parties),
        mediators=tuple(model.mediators),
        commitments=tuple(
            Commitment(
                id=c.id,
                title=c.title,
                text=c.text,
                obligated=tuple(c.obligated),
                rule=c.rule,
                event_types=tuple(c.forbids.event_types),
                sub_event_types=tuple(c.forbids.sub_event_types),
                target_categories=tuple(t.value for t in c.protects.target_categories),
                territory=c.protects.whose,
                armed_groups=tuple(c.armed_groups),
                sources=_sources(c.sources),
            )
            for c in model.commitments
        ),
        follow_ups=tuple(Meeting(m.place, m.date, m.purpose) for m in model.follow_up),
        sources=_sources(model.sources),
    )
