"""The `ceasefire` command: thin commands that call services and render their results."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ceasefire import __version__, services
from ceasefire.config import Settings
from ceasefire.errors import CeasefireError

F = TypeVar("F", bound=Callable[..., Any])

# Piped output gets a wide page so that tables keep one row per line.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class Context:
    """What every command shares: the settings, and the store opened on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: services.Store | None = None
        self._author: services.Author | None = None

    @property
    def store(self) -> services.Store:
        if self._store is None:
            self._store = services.open_store(self.settings)
        return self._store

    @property
    def author(self) -> services.Author:
        """Who this shell writes as: the signing key named by --key, else the login name."""
        if self._author is None:
            self._author = services.author_of(self.settings)
        return self._author

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def shown(text: object) -> str:
    """Text from outside (a file name, an error naming one) made safe for one line of the
    terminal: control characters (a newline in a file name) escaped, Rich markup inert."""
    line = "".join(
        char if char.isprintable() or char == " " else ascii(char)[1:-1] for char in str(text)
    )
    return escape(line)


def reports_errors(command: F) -> F:
    """Turns a CeasefireError into one line on stderr and exit status 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CeasefireError as exc:
            err.print(f"[bold red]error:[/] {shown(exc)}", markup=True, highlight=False)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


class _RateColumn(ProgressColumn):
    """Items per second, once there is a rate to show."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:,.1f}/s")


class ProgressBar:
    """A progress bar on standard error (rate, time spent and left) while a terminal watches;
    nothing otherwise, where the command's closing summary line says what was done."""

    def __init__(self, label: str, total: int | None) -> None:
        self._progress = Progress(
            TextColumn(f"[bold]{label}[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[name]}"),
            console=err,
            transient=True,
            disable=(total is not None and total < 2) or not err.is_terminal,
        )
        self._task = self._progress.add_task(label, total=total, name="")

    def advance(self, name: str = "", steps: int = 1) -> None:
        self._progress.update(self._task, advance=steps, name=name)

    def __enter__(self) -> ProgressBar:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()


def progress_bar(label: str, total: int | None) -> ProgressBar:
    return ProgressBar(label, total)


def extraction_options(command: F) -> F:
    """``--workers`` and ``--dask``: where extraction runs, for every command that extracts."""
    command = click.option(
        "--dask",
        metavar="ADDRESS",
        default=None,
        help="Run extraction on the Dask scheduler at ADDRESS (tcp://HOST:8786; default: "
        "CEASEFIRE_DASK). This process stays the one writer.",
    )(command)
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=None,
        help="Processes that run extraction, and read and check an import's rows (default: "
        "CEASEFIRE_WORKERS, else the number of cores; fewer than 8 documents, or 8,000 rows, "
        "stay in this process).",
    )(command)


def _version_text() -> str:
    return f"ceasefire {__version__}\nspaCy English pipeline: {services.model_description()}"


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Data folder (SQLite file and original documents). Default ./ceasefire-data, or $CEASEFIRE_DATA.",
)
@click.option(
    "--db",
    default=None,
    metavar="URL",
    help="Database URL, e.g. postgresql://user@127.0.0.1/ceasefire. Default: SQLite in the data "
    "folder, or $CEASEFIRE_DB.",
)
@click.option(
    "--key",
    default=None,
    metavar="NAME",
    help="Sign the log entries of this command with the key NAME (see `ceasefire keys new`). "
    "Default: $CEASEFIRE_KEY, else entries are not signed.",
)
@click.version_option(message="%(version)s", version=_version_text(), prog_name="ceasefire")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, db: str | None, key: str | None) -> None:
    """Ceasefire Monitor: turn reports into a verifiable record of incidents, claims and findings.

    Start with `ceasefire ingest FOLDER` to add documents, then `ceasefire documents` to list them
    and `ceasefire show ID` to read one.
    """
    context = Context(Settings.from_env(data_dir=data_dir, db=db, key=key))
    ctx.obj = context
    ctx.call_on_close(context.close)


def main() -> None:
    cli(prog_name="ceasefire")


# The command modules attach their commands to the group; imported last, as they import from here.
from ceasefire.cli import (  # noqa: E402, F401
    agreements,
    cases,
    documents,
    export,
    extraction,
    incidents,
    interop,
    keys,
    log,
    report,
    web,
)
