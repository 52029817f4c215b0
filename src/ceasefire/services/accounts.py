"""Use cases of accounts: users and their roles, passwords (argon2), API tokens (with an expiry,
revocable), login sessions kept server-side, disabling a user, login throttling, and what each role
may do.

A disabled user is refused everywhere at once: by the password, by every token and by every session,
each of which is looked up on every request.

Roles (DESIGN.md, Who uses it): the secretariat may do everything; a monitor takes documents in,
edits incidents, runs the assessment, moves cases and records findings; a party liaison is bound to
one party (by its id in the agreement files): it lodges complaints, sees findings about its party and
replies to findings; the public reads the dashboard, incidents, published findings, exports and the
log. Services check the acting user's permission before they open a write transaction, so a refused
action changes nothing. What each user may read is in :mod:`ceasefire.services.access`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ceasefire.config import DEFAULT_TOKEN_MAX_AGE
from ceasefire.errors import (
    AmbiguousIdError,
    AuthenticationError,
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    ThrottledError,
)
from ceasefire.record.entries import (
    PASSWORD_SET,
    TOKEN_ISSUED,
    TOKEN_REVOKED,
    USER_ADDED,
    USER_DISABLED,
    USER_ENABLED,
    password_set_payload,
    token_payload,
    token_revoked_payload,
    user_active_payload,
    user_payload,
)
from ceasefire.record.log import Author, now_text
from ceasefire.record.store import Store
from ceasefire.record.web_tables import ApiTokenRow, UserRow, WebSessionRow
from ceasefire.services.log import record_change

_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
_PARTY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MIN_PASSWORD = 8


class Role(StrEnum):
    SECRETARIAT = "secretariat"
    MONITOR = "monitor"
    PARTY = "party"
    PUBLIC = "public"


class Permission(StrEnum):
    INTAKE = "intake"  # add documents
    EDIT_INCIDENTS = "edit_incidents"  # merge, split, edit
    ASSESS = "assess"  # hold the incidents against an agreement's commitments
    LODGE_COMPLAINT = "lodge_complaint"  # a complaint becomes a case
    REVIEW_CASES = "review_cases"  # move cases on, record findings
    SEE_ALL_CASES = "see_all_cases"  # every case, finding and complaint document
    REPLY = "reply"  # a party's right of reply to a finding
    VERIFY_LOG = "verify_log"  # replay the whole log from the web (it takes a while)
    MANAGE_USERS = "manage_users"


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.SECRETARIAT: frozenset(Permission),
    Role.MONITOR: frozenset(
        {
            Permission.INTAKE,
            Permission.EDIT_INCIDENTS,
            Permission.ASSESS,
            Permission.REVIEW_CASES,
            Permission.SEE_ALL_CASES,
            Permission.VERIFY_LOG,
        }
    ),
    Role.PARTY: frozenset({Permission.LODGE_COMPLAINT, Permission.REPLY}),
    Role.PUBLIC: frozenset(),
}


@dataclass(frozen=True, slots=True)
class User:
    """Who acts: a logged-in person, or :data:`ANONYMOUS` (who may only read what is public)."""

    name: str
    role: Role
    party: str | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.name == ""

    def can(self, permission: Permission) -> bool:
        return not self.is_anonymous and permission in GRANTS[self.role]

    @property
    def author(self) -> Author:
        """The actor of this user's log entries (unsigned: the web holds no private keys)."""
        return Author(f"web:{self.name}")


ANONYMOUS = User("", Role.PUBLIC)


def require(user: User, permission: Permission) -> None:
    """Raises AuthenticationError for the anonymous user, PermissionDeniedError for a wrong role."""
    if user.is_anonymous:
        raise AuthenticationError("log in first", where=permission.value)
    if not user.can(permission):
        raise PermissionDeniedError(
            f"a {user.role.value} user may not {permission.value.replace('_', ' ')}",
            where=user.name,
        )


def _hasher() -> PasswordHasher:
    return PasswordHasher()


def _to_user(row: UserRow) -> User:
    return User(row.name, Role(row.role), row.party)


def check_user_name(name: str) -> str:
    if not _NAME.match(name):
        raise InputError(
            "a user name is 2–64 lower-case letters, digits, '.', '_' or '-'", where=name
        )
    return name


def _check_password(password: str, name: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password has at least {MIN_PASSWORD} characters", where=name)
    return password


def _time_text(moment: datetime) -> str:
    """A time as the log writes it (:func:`now_text`), so that times compare as text."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _in(seconds: int) -> str:
    return _time_text(datetime.now(UTC) + timedelta(seconds=seconds))


def add_user(
    store: Store, name: str, *, role: str, password: str, party: str | None = None, author: Author
) -> User:
    """Makes an account; ``user_added`` goes to the log (without the password hash)."""
    check_user_name(name)
    try:
        the_role = Role(role)
    except ValueError as exc:
        raise InputError(f"unknown role {role!r}", where="--role") from exc
    if the_role is Role.PARTY and not party:
        raise InputError("a party user needs --party", where=name)
    if the_role is not Role.PARTY and party:
        raise InputError("only a party user has a party", where=name)
    if party is not None and not _PARTY.match(party):
        raise InputError(
            "a party is named by its id in the agreement files (lower case, e.g. pakistan)",
            where="--party",
        )
    password_hash = _hasher().hash(_check_password(password, name))
    with store.session() as session:
        if session.get(UserRow, name) is not None:
            raise ConflictError("a user with this name exists already", where=name)
        entry = record_change(
            session,
            USER_ADDED,
            name,
            user_payload(name=name, role=the_role.value, party=party, password_hash=password_hash),
            author,
        )
        session.add(
            UserRow(
                name=name,
                role=the_role.value,
                party=party,
                password_hash=password_hash,
                created_at=entry.created_at,
                is_active=True,
            )
        )
    return User(name, the_role, party)


@dataclass(frozen=True, slots=True)
class Account:
    """A user as the secretariat manages it: who, and whether the account is active."""

    user: User
    is_active: bool


def list_users(store: Store) -> list[Account]:
    with store.read_session() as session:
        return [
            Account(_to_user(r), r.is_active)
            for r in session.scalars(select(UserRow).order_by(UserRow.name))
        ]


def get_user(store: Store, name: str) -> User:
    with store.read_session() as session:
        row = session.get(UserRow, name)
        if row is None or not row.is_active:
            raise NotFoundError("no such user", where=name)
        return _to_user(row)


def _revoke_sessions(session: Session, name: str) -> None:
    session.execute(
        update(WebSessionRow)
        .where(WebSessionRow.user_name == name, WebSessionRow.revoked_at.is_(None))
        .values(revoked_at=now_text())
    )


def set_active(store: Store, name: str, *, active: bool, author: Author) -> None:
    """Disables (or enables again) an account: a disabled user's password, tokens and sessions are
    all refused from the next request on, and its sessions are ended for good (enabling it again
    brings its unexpired tokens back, not its sessions). Logged as ``user_disabled`` /
    ``user_enabled``."""
    with store.session() as session:
        row = session.get(UserRow, name)
        if row is None:
            raise NotFoundError("no such user", where=name)
        if row.is_active == active:
            raise ConflictError(
                f"the user is {'enabled' if active else 'disabled'} already", where=name
            )
        record_change(
            session,
            USER_ENABLED if active else USER_DISABLED,
            name,
            user_active_payload(name=name, is_active=active),
            author,
        )
        row.is_active = active
        if not active:
            _revoke_sessions(session, name)


def set_password(store: Store, name: str, password: str, *, author: Author) -> None:
    """Replaces a user's password and ends its sessions; ``password_set`` goes to the log (with the
    sha256 of the new hash, never the hash). Its API tokens stay (revoke them with
    :func:`revoke_tokens`)."""
    password_hash = _hasher().hash(_check_password(password, name))
    with store.session() as session:
        row = session.get(UserRow, name)
        if row is None:
            raise NotFoundError("no such user", where=name)
        payload = password_set_payload(name=name, password_hash=password_hash)
        record_change(session, PASSWORD_SET, name, payload, author)
        row.password_hash = password_hash
        _revoke_sessions(session, name)


def authenticate(store: Store, name: str, password: str) -> User:
    """The user whose password this is; AuthenticationError otherwise (the same for both causes)."""
    with store.read_session() as session:
        row = session.get(UserRow, name)
        stored = row.password_hash if row is not None and row.is_active else None
        user = _to_user(row) if row is not None else None
    hasher = _hasher()
    try:
        if stored is None or user is None:
            # Spend the same time as a real check, so a wrong name is not told from a wrong password.
            hasher.hash(password)
            raise AuthenticationError("wrong user name or password")
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError) as exc:
        raise AuthenticationError("wrong user name or password") from exc
    return user


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# A token is named by the first characters of its sha256 (`users tokens`, `users revoke-token`).
TOKEN_ID_LENGTH = 12


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """An API token as listed: its id (the start of its sha256), when made, until when, revoked."""

    id: str
    created_at: str
    expires_at: str
    revoked_at: str | None

    @property
    def state(self) -> str:
        """'live', 'expired' or 'revoked AT'."""
        if self.revoked_at is not None:
            return f"revoked {self.revoked_at}"
        return "live" if now_text() < self.expires_at else "expired"


def _expiry_of(row: ApiTokenRow, max_age: int) -> str:
    if row.expires_at is not None:
        return row.expires_at
    made = datetime.strptime(row.created_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return _time_text(made + timedelta(seconds=max_age))


def issue_token(
    store: Store, name: str, *, author: Author, max_age: int = DEFAULT_TOKEN_MAX_AGE
) -> str:
    """A new bearer token for the API, accepted for ``max_age`` seconds; only its sha256 is kept
    (and logged, with its expiry). Shown once."""
    if max_age < 1:
        raise InputError("a token lasts at least one second", where="--expires-in")
    token = "cf_" + secrets.token_urlsafe(32)
    digest = token_digest(token)
    expires_at = _in(max_age)
    with store.session() as session:
        row = session.get(UserRow, name)
        if row is None or not row.is_active:
            raise NotFoundError("no such user", where=name)
        entry = record_change(
            session,
            TOKEN_ISSUED,
            digest,
            token_payload(user=name, token_sha256=digest, expires_at=expires_at),
            author,
        )
        session.add(
            ApiTokenRow(
                token_sha256=digest,
                user_name=name,
                created_at=entry.created_at,
                expires_at=expires_at,
            )
        )
    return token


def list_tokens(
    store: Store, name: str, *, max_age: int = DEFAULT_TOKEN_MAX_AGE
) -> list[TokenInfo]:
    """The API tokens of a user, oldest first."""
    with store.read_session() as session:
        if session.get(UserRow, name) is None:
            raise NotFoundError("no such user", where=name)
        rows = session.scalars(
            select(ApiTokenRow)
            .where(ApiTokenRow.user_name == name)
            .order_by(ApiTokenRow.created_at, ApiTokenRow.token_sha256)
        )
        return [
            TokenInfo(
                r.token_sha256[:TOKEN_ID_LENGTH], r.created_at, _expiry_of(r, max_age), r.revoked_at
            )
            for r in rows
        ]


def revoke_tokens(store: Store, name: str, token_id: str | None, *, author: Author) -> list[str]:
    """Revokes the user's token whose id starts with ``token_id`` (at least 6 characters), or every
    unrevoked token of the user when it is None; one ``token_revoked`` entry each. Returns the ids."""
    if token_id is not None and not re.fullmatch(r"[0-9a-f]{6,64}", token_id):
        raise InputError(
            "a token id is 6 to 64 hexadecimal characters (`users tokens`)", where="ID"
        )
    with store.session() as session:
        if session.get(UserRow, name) is None:
            raise NotFoundError("no such user", where=name)
        query = select(ApiTokenRow).where(
            ApiTokenRow.user_name == name, ApiTokenRow.revoked_at.is_(None)
        )
        rows = [
            r
            for r in session.scalars(query.order_by(ApiTokenRow.token_sha256))
            if token_id is None or r.token_sha256.startswith(token_id)
        ]
        if token_id is not None and not rows:
            raise NotFoundError("no unrevoked token of this user has this id", where=token_id)
        if token_id is not None and len(rows) > 1:
            raise AmbiguousIdError(
                "more than one token has this id: give more of it", where=token_id
            )
        for row in rows:
            revoked_at = now_text()
            record_change(
                session,
                TOKEN_REVOKED,
                row.token_sha256,
                token_revoked_payload(user=name, revoked_at=revoked_at),
                author,
            )
            row.revoked_at = revoked_at
        return [r.token_sha256[:TOKEN_ID_LENGTH] for r in rows]


def user_for_token(store: Store, token: str, *, max_age: int = DEFAULT_TOKEN_MAX_AGE) -> User:
    """The user of a live token (not revoked, not expired, its user active)."""
    with store.read_session() as session:
        found = session.get(ApiTokenRow, token_digest(token))
        row = session.get(UserRow, found.user_name) if found is not None else None
        if found is None or row is None or not row.is_active:
            raise AuthenticationError("unknown API token")
        if found.revoked_at is not None:
            raise AuthenticationError("this API token was revoked")
        if _expiry_of(found, max_age) <= now_text():
            raise AuthenticationError("this API token has expired: ask for a new one")
        return _to_user(row)


def start_session(store: Store, user: User, *, max_age: int) -> str:
    """A new login session of ``user`` for ``max_age`` seconds: returns its random id (for the
    cookie); only the id's sha256 is kept. Sessions long expired are cleared on the way."""
    session_id = secrets.token_urlsafe(32)
    now = now_text()
    with store.session() as session:
        session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at < now))
        session.add(
            WebSessionRow(
                session_sha256=token_digest(session_id),
                user_name=user.name,
                created_at=now,
                expires_at=_in(max_age),
            )
        )
    return session_id


def user_for_session(store: Store, session_id: str) -> User | None:
    """The user of a live session (not ended, not expired, its user active); None otherwise."""
    with store.read_session() as session:
        found = session.get(WebSessionRow, token_digest(session_id))
        if found is None or found.revoked_at is not None or found.expires_at <= now_text():
            return None
        row = session.get(UserRow, found.user_name)
        return _to_user(row) if row is not None and row.is_active else None


def end_session(store: Store, session_id: str) -> None:
    """Logout: the session is refused from now on, whoever holds its cookie."""
    with store.session() as session:
        found = session.get(WebSessionRow, token_digest(session_id))
        if found is not None and found.revoked_at is None:
            found.revoked_at = now_text()


class LoginThrottle:
    """Counts failed logins per (user name, address) in a sliding window, in this process's memory:
    past ``max_failures`` within ``window`` seconds, further attempts are refused until it passes."""

    def __init__(self, *, max_failures: int, window: float) -> None:
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def check(self, name: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            failures = self._recent((name, address), now)
            if len(failures) >= self.max_failures:
                retry = int(failures[0] + self.window - now) + 1
                raise ThrottledError(
                    f"too many failed logins; try again in {retry} s", where=name, retry_after=retry
                )

    def failed(self, name: str, address: str) -> None:
        with self._lock:
            self._recent((name, address), time.monotonic()).append(time.monotonic())

    def succeeded(self, name: str, address: str) -> None:
        with self._lock:
            self._failures.pop((name, address), None)


def log_in(
    store: Store, throttle: LoginThrottle, name: str, password: str, *, address: str
) -> User:
    """Authenticates through the throttle: refused while throttled, failures counted."""
    throttle.check(name, address)
    try:
        user = authenticate(store, name, password)
    except AuthenticationError:
        throttle.failed(name, address)
        raise
    throttle.succeeded(name, address)
    return user
