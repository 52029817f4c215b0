"""The README is checked: every command and setting of the CLI is documented there."""

from __future__ import annotations

import click

from ceasefire.cli import cli
from ceasefire.config import Settings

from .conftest import REPO


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        names.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix}{name} ")
    return names


def test_every_command_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [name for name in _commands(cli) if f"ceasefire {name}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_setting_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [
        f"CEASEFIRE_{name.upper()}"
        for name in Settings.model_fields
        if f"CEASEFIRE_{name.upper()}" not in readme
    ]
    assert not missing, f"settings missing from README.md: {missing}"


def test_readme_has_exactly_two_setup_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
