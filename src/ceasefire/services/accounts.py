"""Use cases of accounts: users and their roles, passwords (argon2), API tokens, login throttling,
and what each role may do.

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
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from ceasefire.errors import (
    AuthenticationError,
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    ThrottledError,
)
from ceasefire.record.entries import TOKEN_ISSUED, USER_ADDED, token_payload, user_payload
from ceasefire.record.log import Author
from ceasefire.record.store import Store
from ceasefire.record.web_tables import ApiTokenRow, UserRow
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
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password has at least {MIN_PASSWORD} characters", where=name)
    password_hash = _hasher().hash(password)
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


def list_users(store: Store) -> list[User]:
    with store.read_session() as session:
        return [_to_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]


def get_user(store: Store, name: str) -> User:
    with store.read_session() as session:
        row = session.get(UserRow, name)
        if row is None or not row.is_active:
            raise NotFoundError("no such user", where=name)
        return _to_user(row)


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


def issue_token(store: Store, name: str, *, author: Author) -> str:
    """A new bearer token for the API; only its sha256 is kept (and logged). Shown once."""
    token = "cf_" + secrets.token_urlsafe(32)
    digest = token_digest(token)
    with store.session() as session:
        row = session.get(UserRow, name)
        if row is None or not row.is_active:
            raise NotFoundError("no such user", where=name)
        entry = record_change(
            session, TOKEN_ISSUED, digest, token_payload(user=name, token_sha256=digest), author
        )
        session.add(ApiTokenRow(token_sha256=digest, user_name=name, created_at=entry.created_at))
    return token


def user_for_token(store: Store, token: str) -> User:
    with store.read_session() as session:
        found = session.get(ApiTokenRow, token_digest(token))
        row = session.get(UserRow, found.user_name) if found is not None else None
        if row is None or not row.is_active:
            raise AuthenticationError("unknown API token")
        return _to_user(row)


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
