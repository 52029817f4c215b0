"""Assessment throughput: the rules alone, and `assess` on a SQLite store (first run and re-run).

    .venv/bin/python benchmarks/assess_throughput.py [--incidents 20000]

Synthetic incidents after the Doha ceasefire: a third by a party, a third by armed groups, a third
by unknown perpetrators, on both sides of the border. The first store run writes every assessment
with its log entry; the re-run finds nothing changed and writes nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from ceasefire.assess.agreements import load_agreement
from ceasefire.assess.rules import assess
from ceasefire.config import Settings
from ceasefire.domain import DatePrecision, Estimate, EventDate, Incident, Place, TargetCategory
from ceasefire.record.incidents import IncidentRepository
from ceasefire.record.log import Author
from ceasefire.record.store import Store
from ceasefire.services.assessment import run_assessment

AGREEMENT = Path(__file__).resolve().parents[1] / "agreements" / "doha-2025.yaml"
ACTORS = ("Military Forces of Pakistan", "Taliban (Afghanistan)", "TTP", "ISKP", None, None)
COUNTRIES = ("Pakistan", "Afghanistan")


def incidents(count: int) -> list[Incident]:
    start = date(2025, 10, 1)
    return [
        Incident(
            id=f"bench{n:015d}",
            event_type="Explosions/Remote violence" if n % 2 else "Battles",
            sub_event_type="Shelling/artillery/missile attack" if n % 2 else "Armed clash",
            date=EventDate(start + timedelta(days=n % 90), DatePrecision.DAY),
            place=Place(country=COUNTRIES[n % 2], admin1="Kandahar" if n % 2 else "Balochistan"),
            actor1=ACTORS[n % len(ACTORS)],
            target_categories=(TargetCategory.SECURITY_FORCES,),
            fatalities=Estimate(1, 1, 2),
        )
        for n in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=20_000)
    count = parser.parse_args().incidents
    agreement = load_agreement(AGREEMENT)
    made = incidents(count)
    started = time.perf_counter()
    found = assess(agreement, made)
    rules = time.perf_counter() - started
    print(
        f"rules: {count} incidents -> {len(found)} assessments in {rules:.2f} s "
        f"({count / rules:,.0f} incidents/s)"
    )
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Settings(data=Path(folder)))
        with store.session() as session:
            repository = IncidentRepository(session)
            for incident in made:
                repository.add(incident)
        author = Author("bench")
        first = run_assessment(store, agreement, author)
        print(
            f"store, first run: {first.incidents} incidents loaded, {first.added} assessments "
            f"written with their log entries in {first.seconds:.2f} s"
        )
        again = run_assessment(store, agreement, author)
        print(
            f"store, re-run: {again.unchanged} unchanged, {again.added} added in "
            f"{again.seconds:.2f} s"
        )
        store.close()


if __name__ == "__main__":
    main()
