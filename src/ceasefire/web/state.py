"""What the app holds for its lifetime: settings, the store, the complaint service, the throttle,
and the last verification of the log made through it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ceasefire.config import Settings
from ceasefire.services import Store, Verification
from ceasefire.services.accounts import LoginThrottle
from ceasefire.services.complaints import ComplaintService


@dataclass(slots=True)
class LastVerification:
    at: datetime
    by: str
    result: Verification


@dataclass(slots=True)
class AppState:
    settings: Settings
    store: Store
    complaints: ComplaintService
    throttle: LoginThrottle
    last_verification: LastVerification | None = field(default=None)
