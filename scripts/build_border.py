"""Writes src/ceasefire/data/geo/border.geojson: the Afghanistan–Pakistan boundary line of Natural
Earth 10m (public domain) from ../shared/geo, coordinates rounded to 4 decimals (about 10 m), for
the web app's map. Run again only when the source changes: the output is shipped with the package.

    .venv/bin/python scripts/build_border.py [SOURCE.geojson]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "geo" / "natural-earth-borders-afg-pak.geojson"
TARGET = REPO / "src" / "ceasefire" / "data" / "geo" / "border.geojson"
PAIR = {"AFG", "PAK"}


def _rounded(coordinates: Any) -> Any:
    if isinstance(coordinates[0], (int, float)):
        return [round(value, 4) for value in coordinates]
    return [_rounded(part) for part in coordinates]


def main(source: Path) -> int:
    if not source.is_file():
        print(f"{source}: no such file (../shared/geo is needed to rebuild)", file=sys.stderr)
        return 2
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    lines = [
        {
            "type": "Feature",
            "properties": {"name": "Afghanistan–Pakistan boundary", "source": "Natural Earth 10m"},
            "geometry": {
                "type": feature["geometry"]["type"],
                "coordinates": _rounded(feature["geometry"]["coordinates"]),
            },
        }
        for feature in features
        if {feature["properties"].get("adm0_a3_l"), feature["properties"].get("adm0_a3_r")} == PAIR
    ]
    if not lines:
        print(f"{source}: no Afghanistan–Pakistan line in it", file=sys.stderr)
        return 2
    collection = {"type": "FeatureCollection", "features": lines}
    TARGET.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{TARGET.relative_to(REPO)}: {len(lines)} line(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE))
