"""Tables of the web app: accounts, API tokens and login sessions.

They share the declarative ``Base`` of :mod:`ceasefire.record.tables`; the schema is made by migrations
0007 and 0010. Times written by a log entry are kept as the exact text of the entry's ``created_at``.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ceasefire.record.tables import Base


class UserRow(Base):
    """A person who logs in: role (secretariat, monitor, party, public) and, for a party, which."""

    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(32))
    party: Mapped[str | None] = mapped_column(String(200))
    # argon2id; deliberately not in the log, which the parties and the public read.
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class ApiTokenRow(Base):
    """A bearer token of the API, kept as the sha256 of the token (the token itself is shown once)."""

    __tablename__ = "api_tokens"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), index=True)
    created_at: Mapped[str] = mapped_column(String(40))
    # When it stops being accepted (same format as created_at); None for a token made before
    # migration 0010, which expires token_max_age after created_at.
    expires_at: Mapped[str | None] = mapped_column(String(40))
    # The created_at of its token_revoked entry; a revoked token is refused.
    revoked_at: Mapped[str | None] = mapped_column(String(40))


class WebSessionRow(Base):
    """A login of the web app, by the sha256 of the random session id its cookie carries: logout,
    a disabled account or a new password revoke it here, so a saved cookie stops working at once.
    Not in the log (that would publish who logs in when); a row only ever narrows access, as a
    session is accepted only for an active user and the cookie must also be signed."""

    __tablename__ = "web_sessions"

    session_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name"), index=True)
    created_at: Mapped[str] = mapped_column(String(40))
    expires_at: Mapped[str] = mapped_column(String(40))
    revoked_at: Mapped[str | None] = mapped_column(String(40))
