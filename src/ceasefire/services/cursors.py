"""The list's cursor carrying its filter's total, sealed with the app's key and the record's version.

A page of the list says how many incidents its filter keeps. Counting them again for every page of
a walk is what a miss costs most when the summary table does not answer the filter (an actor, a
keyword search: 230-290 ms at a million incidents), and each worker process counts on its own. So
the ``next`` cursor of a page carries the total, the record's version it was counted at, and an
HMAC of both with the filter and the cursor's position, keyed by a key derived from the web app's
secret (:func:`cursor_key`). The page after it takes the total from the cursor when the seal holds
for its own filter at the record's current version; anything else (another filter, a record
changed since, a total or a seal altered, no key) counts as before. A client can therefore neither
make a page state a total it did not count nor carry one from one filter to another, and the
answer to a request is the same bytes whichever way its total was found.
"""

from __future__ import annotations

import hashlib
import hmac

from ceasefire.record.incidents import Cursor, IncidentFilter

_PURPOSE = b"ceasefire: the incident list's sealed totals"


def cursor_key(secret: str) -> bytes:
    """The key of the seals, derived from the app's secret (never the secret itself)."""
    return hmac.new(secret.encode("utf-8"), _PURPOSE, hashlib.sha256).digest()


def _seal(key: bytes, where: IncidentFilter, at: Cursor, total: int, version: int) -> str:
    # The filter's repr names every field and its value (a frozen dataclass): the same filter
    # gives the same text in every process.
    message = f"{where!r}\n{at}\n{total}\n{version}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def sealed(at: Cursor, where: IncidentFilter, total: int, version: int, key: bytes) -> Cursor:
    """``at`` carrying ``total``, the number of incidents ``where`` keeps at ``version``."""
    position = at.position
    return Cursor(
        position.day,
        position.id,
        total=total,
        version=version,
        seal=_seal(key, where, position, total, version),
    )


def carried_total(
    cursor: Cursor | None, where: IncidentFilter, version: int, key: bytes | None
) -> int | None:
    """The total ``cursor`` carries, if its seal holds for ``where`` at ``version``; else None."""
    if cursor is None or key is None or cursor.version != version:
        return None
    if cursor.total is None or cursor.seal is None:
        return None
    expected = _seal(key, where, cursor.position, cursor.total, version)
    return cursor.total if hmac.compare_digest(expected, cursor.seal) else None
