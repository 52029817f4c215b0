"""Fits the incident matcher on gold sets and writes its model file (default: the one shipped in the
package, src/ceasefire/data/models/matcher.json).

Run: .venv/bin/python scripts/train_matcher.py [GOLD_DIR ...] [--out PATH] [--seed N]
Without GOLD_DIR: the repository's sets with act groups or shared keys (eval/voa, eval/synthetic2,
eval/synthetic3) and the seeds when ../shared is present.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ceasefire.errors import CeasefireError
from ceasefire.resolve.matcher import SEED
from ceasefire.services.matcher_training import train_matcher

REPO = Path(__file__).resolve().parents[1]


def default_sets() -> list[Path]:
    sets = [REPO / "eval" / name for name in ("voa", "synthetic2", "synthetic3")]
    seeds = REPO.parent / "shared" / "corpus" / "seeds"
    return [s for s in sets if (s / "gold.jsonl").is_file()] + (
        [seeds] if (seeds / "gold.jsonl").is_file() else []
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, help="gold set folders")
    parser.add_argument("--out", type=Path, help="where to write the model (default: shipped)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    try:
        model = train_matcher(
            args.gold or default_sets(),
            out=args.out,
            seed=args.seed,
            on_set=lambda folder, n: print(f"{folder.name}: {n} incidents tied to gold"),
        )
    except CeasefireError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{model.version}: threshold {model.threshold}, {model.training}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
