"""The documentation is checked against the code: the site builds with no warning, its reference
names every command, option and setting (it is generated from them), and every example command of
the tutorial and the how-to guides runs as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from ceasefire.cli import cli
from ceasefire.config import Settings

from .conftest import REPO

DOCS = REPO / "docs"
BIN = Path(sys.executable).parent
# Pages whose examples need servers of their own run elsewhere: the store's tests run on a real
# PostgreSQL, and tests/test_parallel.py ingests through --dask on a LocalCluster against it.
RUN_ELSEWHERE = {"postgresql.md", "dask.md"}
RUNNABLE = sorted(
    page
    for page in [DOCS / "tutorial.md", *(DOCS / "how-to").glob("*.md")]
    if page.name not in RUN_ELSEWHERE
)


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `make docs` builds it, strictly: a warning (a broken link, say) fails."""
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def _text(page: Path) -> str:
    return re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))


def test_the_cli_reference_names_every_command_and_option(site: Path) -> None:
    reference = _text(site / "reference" / "cli.html")
    missing = []
    for name, command in _commands(cli):
        if f"ceasefire {name}" not in reference:
            missing.append(name)
        for param in command.params:
            for option in getattr(param, "opts", []):
                if option.startswith("--") and option not in reference:
                    missing.append(f"{name} {option}")
    assert not missing, f"missing from the CLI reference: {missing}"


def test_the_settings_reference_names_every_setting(site: Path) -> None:
    reference = _text(site / "reference" / "settings.html")
    missing = [
        f"CEASEFIRE_{name.upper()}"
        for name in Settings.model_fields
        if f"CEASEFIRE_{name.upper()}" not in reference
    ]
    assert not missing, f"settings missing from the reference: {missing}"


def test_the_api_reference_lists_every_route(site: Path) -> None:
    reference = _text(site / "reference" / "api.html")
    for route in ("/api/incidents", "/api/cases", "/api/log/head", "/api/exports/incidents"):
        assert route in reference


def _blocks(page: Path) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", page.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("page", RUNNABLE, ids=lambda p: p.stem)
def test_every_example_command_runs(page: Path, tmp_path: Path) -> None:
    blocks = _blocks(page)
    assert blocks, f"{page.name} has no runnable example"
    for name in ("src", "agreements", "tests"):
        (tmp_path / name).symlink_to(REPO / name)
    script = "set -euo pipefail\n" + "\n".join(blocks)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEASEFIRE_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["CEASEFIRE_COLLECTOR"] = "docs"
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"{page.name}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"


def test_readme_is_the_front_door() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert len(readme) < 8000, f"README.md has {len(readme)} characters: the details go in docs/"
    for link in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (REPO / link).exists(), f"README links to a missing {link}"


def test_make_docs_is_in_the_makefile() -> None:
    assert shutil.which("bash")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^docs:", makefile, re.M) and "mkdocs build --strict" in makefile
