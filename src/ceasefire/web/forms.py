"""What a form shows after a mistake: the problem beside the field it concerns, in plain words,
and what was typed, kept. The services name the field of an error (``where``) as the command line
does (``--allegation``) or by its own name (``document``); each form says which of its inputs that
is."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ceasefire.errors import CeasefireError

# Internal wording a person should not see, in plain words.
PLAIN = {
    "give a text or a file": "Paste the text or choose a file: there is nothing to add yet",
    "must not be empty": "This cannot be left empty",
    "a reason is required for every manual change": "Say why: every change is logged with its reason",
    "no incident with this id prefix": "No incident has an id starting with this",
    "no such case": "No case has this id",
}
_FIELD_IN_WHERE = re.compile(r"field '(\w+)'")


def plain(message: str) -> str:
    text = PLAIN.get(message, message)
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


@dataclass(frozen=True, slots=True)
class FormState:
    """The values a form was sent with, and the problem found: ``field`` is the input it is about
    (None: the form as a whole)."""

    values: Mapping[str, str] = field(default_factory=dict)
    field: str | None = None
    message: str | None = None

    def value(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def error(self, name: str) -> str | None:
        return self.message if self.field == name else None

    @property
    def general(self) -> str | None:
        """The problem when it is about no one input."""
        return self.message if self.field is None else None


EMPTY = FormState()


def form_state(
    exc: CeasefireError, values: Mapping[str, str], fields: Mapping[str, str]
) -> FormState:
    """The form back with its values and the error placed: ``fields`` maps the names errors use
    (``--clause``, ``document``) to the form's inputs; an error about a value typed (an id not
    found) goes beside the input that holds it."""
    where = exc.where or ""
    named = _FIELD_IN_WHERE.search(where)
    key = named.group(1) if named else where.removeprefix("--")
    target = fields.get(key) or (key if key in values else None)
    if target is None and where:
        target = next((name for name, typed in values.items() if typed and typed == where), None)
    return FormState(dict(values), target, plain(exc.message))
