"""Settings: every default of the system, documented in one place, read from flags and environment."""

from __future__ import annotations

import getpass
from datetime import timedelta
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# An API token's life by default (90 days), also for callers that hold no settings.
DEFAULT_TOKEN_MAX_AGE = 90 * 86400


def _default_collector() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on some containers
        return "unknown"


class Settings(BaseSettings):
    """Where the record lives and how it is opened.

    Environment variables (prefix ``CEASEFIRE_``) are read once, in :meth:`from_env`; command-line
    flags override them.
    """

    model_config = SettingsConfigDict(env_prefix="CEASEFIRE_", extra="ignore")

    data: Path = Field(
        default=Path("ceasefire-data"),
        description="Data folder: the SQLite file and the content-addressed original documents.",
    )
    db: str | None = Field(
        default=None,
        description="Database URL (postgresql://...); default: SQLite file ceasefire.db in the data folder.",
    )
    sqlite_busy_timeout: float = Field(
        default=5.0,
        description="Seconds to wait for a SQLite write lock held by another process before failing.",
    )
    collector: str = Field(
        default_factory=_default_collector,
        description="Who collects documents ingested from this shell (collected_by).",
    )
    key: str | None = Field(
        default=None,
        description="Name of the signing key (in the data folder's keys/) that signs this shell's log "
        "entries; default: entries are not signed.",
    )
    key_passphrase: SecretStr | None = Field(
        default=None,
        description="Passphrase protecting private key files: used when a key is made and when one "
        "is read; default: key files are not encrypted.",
    )

    drop_background: bool = Field(
        default=True,
        description="Extraction leaves out the dated incidents the learned keep model judges "
        "background, a period's summary or an act told again with nothing to fold into (better "
        "precision and F1 under cross-validation); undated incidents are always kept.",
    )

    agreements: Path = Field(
        default=Path("agreements"),
        description="The agreement file (YAML), or a folder of them, that the web app offers for "
        "complaints, assessment and reports.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Secret that signs the web app's session cookies; default: a random secret "
        "made once and kept in the data folder's web-secret file.",
    )
    session_max_age: int = Field(
        default=8 * 3600,
        description="Seconds a web login lasts before the user must log in again.",
    )
    token_max_age: int = Field(
        default=DEFAULT_TOKEN_MAX_AGE,
        description="Seconds an API token is accepted after it is issued (`users token`); "
        "`users revoke-token` ends one sooner.",
    )
    forwarded_allow_ips: str = Field(
        default="",
        description="Comma-separated addresses of the reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto headers `serve` trusts ('*' for any); default: none, so the address of a "
        "request (login throttling) is that of the connection.",
    )
    cookie_secure: bool | None = Field(
        default=None,
        description="Mark the session cookie Secure (sent over HTTPS only); `serve` turns it on "
        "unless it listens on 127.0.0.1, localhost or ::1.",
    )
    login_max_failures: int = Field(
        default=5,
        description="Failed logins allowed per user name and address within login_window seconds; "
        "further attempts answer 429 until the window has passed.",
    )
    login_window: int = Field(
        default=300,
        description="Seconds over which failed logins are counted (login throttling).",
    )
    report_max_days: int = Field(
        default=731,
        ge=1,
        description="Longest period, in days, that one report covers (CLI `report`, the web "
        "app's report download); a longer one is refused, naming --from/--to or date_from/date_to.",
    )

    workers: int | None = Field(
        default=None,
        ge=1,
        description="Processes that run extraction for ingest, import --extract and watch (one "
        "writer stores their results in order); default: the number of cores.",
    )
    dask: str | None = Field(
        default=None,
        description="Address of a Dask scheduler (tcp://HOST:8786) whose workers run extraction "
        "instead of local processes; default: none.",
    )

    # How long a case may wait at each step before it is overdue, in days (README, "Cases").
    deadline_received: float = Field(
        default=2, description="Days to acknowledge a complaint once received."
    )
    deadline_acknowledged: float = Field(
        default=3, description="Days from acknowledgement to the start of the preliminary check."
    )
    deadline_preliminary_check: float = Field(
        default=7, description="Days for the preliminary check."
    )
    deadline_investigation: float = Field(default=30, description="Days for an investigation.")
    deadline_finding: float = Field(
        default=3, description="Days to send a finding to the parties once recorded."
    )
    deadline_sent_to_parties: float = Field(
        default=14, description="Days the parties have to reply to a finding sent to them."
    )

    @property
    def case_deadlines(self) -> dict[str, timedelta]:
        """Deadline of each case step, by step name."""
        return {
            step: timedelta(days=getattr(self, f"deadline_{step}"))
            for step in (
                "received",
                "acknowledged",
                "preliminary_check",
                "investigation",
                "finding",
                "sent_to_parties",
            )
        }

    @classmethod
    def from_env(
        cls, *, data_dir: Path | None = None, db: str | None = None, key: str | None = None
    ) -> Settings:
        overrides: dict[str, object] = {}
        if key is not None:
            overrides["key"] = key
        if data_dir is not None:
            overrides["data"] = data_dir
        if db is not None:
            overrides["db"] = db
        return cls(**overrides)  # type: ignore[arg-type]

    @property
    def database_url(self) -> str:
        if self.db:
            return normalise_database_url(self.db)
        return f"sqlite:///{self.data / 'ceasefire.db'}"

    @property
    def documents_dir(self) -> Path:
        return self.data / "documents"

    @property
    def secret_file(self) -> Path:
        """The web app's session secret when CEASEFIRE_SECRET_KEY is not set (mode 0600)."""
        return self.data / "web-secret"

    @property
    def keys_dir(self) -> Path:
        """Private signing keys, one PEM file per key name (mode 0600)."""
        return self.data / "keys"


def normalise_database_url(url: str) -> str:
    """postgresql:// URLs use the psycopg 3 driver; others pass unchanged."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
