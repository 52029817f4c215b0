"""What sealing confidential entries costs: lodging cases, verifying, reading the log as a party.

    .venv/bin/python benchmarks/sealed_log.py [--cases 2000]

Lodges CASES cases (each a sealed ``case_lodged`` entry with its opening, one transaction each, as
`ceasefire cases lodge` does) and moves each one step (a sealed ``case_advanced``), in a fresh SQLite
store; then times `ceasefire log verify` (every commitment opened and checked, every case replayed),
one page of 500 entries of ``/api/log/entries`` as a party (openings looked up, entitlement decided)
and as an anonymous reader, and a public bundle with its verification.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from ceasefire import services
from ceasefire.config import Settings
from ceasefire.record.store import Store
from ceasefire.services import cases
from ceasefire.services.access import log_entries_for
from ceasefire.services.accounts import ANONYMOUS, Role, User
from ceasefire.services.assessment import load_agreements
from ceasefire.services.log import Author

AGREEMENT = Path(__file__).resolve().parent.parent / "agreements" / "doha-2025.yaml"


def _timed(what: str, count: int, run: object) -> None:
    started = time.perf_counter()
    run()  # type: ignore[operator]
    took = time.perf_counter() - started
    print(f"{what:<48} {took:8.2f} s   {count / took:10,.0f} entries/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=2000)
    count = parser.parse_args().cases
    agreement = load_agreements(AGREEMENT)[0]
    author = Author("bench")
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data=Path(folder) / "data", collector="bench")
        store = Store.open(settings)
        try:

            def lodge() -> None:
                for n in range(count):
                    complaint = cases.Complaint(
                        "pakistan" if n % 2 else "afghanistan",
                        f"Allegation number {n}: shelling across the line",
                        against="afghanistan" if n % 2 else "pakistan",
                        clause="ceasefire",
                    )
                    made = cases.lodge(store, agreement, complaint, author)
                    cases.advance(store, made.id, to=None, reason="seen", author=author)

            _timed(f"lodge and advance {count} cases (sealed)", 2 * count, lodge)
            size = services.current_head(store).size

            def verify() -> None:
                assert services.verify_store(store).is_clean

            _timed(f"log verify ({size} entries, all sealed)", size, verify)
            party = User("pk", Role.PARTY, "pakistan")
            for who, user in (("a party", party), ("anonymous", ANONYMOUS)):
                _timed(
                    f"500 entries of /api/log/entries as {who}",
                    500,
                    lambda user=user: log_entries_for(store, user, start=1, limit=500),
                )
            bundle = Path(folder) / "bundle"
            _timed("export bundle", size, lambda: services.export_bundle(store, settings, bundle))
            _timed("log verify --bundle", size, lambda: services.verify_bundle(bundle))
        finally:
            store.close()


if __name__ == "__main__":
    main()
