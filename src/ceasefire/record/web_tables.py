"""Tables of the web app: accounts and API tokens.

They share the declarative ``Base`` of :mod:`ceasefire.record.tables`; the schema is made by migration
0007. Times written by a log entry are kept as the exact text of the entry's ``created_at``.
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
