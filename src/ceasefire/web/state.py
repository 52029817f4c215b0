"""What the app holds for its lifetime: settings, the store, the agreements it offers, the login
throttle, the key that seals the list's cursors, and the last verification of the log made
through it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ceasefire.config import Settings
from ceasefire.domain.agreement import Agreement
from ceasefire.services import Store, Verification
from ceasefire.services.accounts import LoginThrottle
from ceasefire.services.complaints import choose_agreement


@dataclass(slots=True)
class LastVerification:
    at: datetime
    by: str
    result: Verification


@dataclass(slots=True)
class AppState:
    settings: Settings
    store: Store
    agreements: list[Agreement]
    throttle: LoginThrottle
    # Seals the total a list cursor carries (services/cursors.py); from the app's secret, so the
    # same in every worker.
    cursor_key: bytes | None = None
    last_verification: LastVerification | None = field(default=None)

    def agreement(self, agreement_id: str | None) -> Agreement:
        """The agreement of this id; with none given, the only one the app offers."""
        return choose_agreement(self.agreements, agreement_id)
