"""Offline gazetteer: place names to country, province, district, coordinates and ACLED precision.

The shipped data (``ceasefire/data/geo``) is built by ``scripts/build_gazetteer.py`` from
geoBoundaries, OCHA COD-AB, an MIT list of Afghan districts and GeoNames (towns, and the first-level
divisions of every other country under their English names); ``curated.csv`` adds border
crossings, places the datasets lack and old spellings. Names are matched case-, diacritic- and
punctuation-insensitively ("D.I. Khan" = "D. I. Khan" = "di khan").
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from rapidfuzz import fuzz

from ceasefire.domain import Place
from ceasefire.extract.lexicons.places import (
    COUNTRY_ALIASES,
    DEMONYMS,
    FOLD_LETTERS,
    PERSON_NAMES,
    STOP_FORMS,
)

FOCUS_COUNTRIES: tuple[str, ...] = ("Afghanistan", "Pakistan")  # preferred, in this order
AREA_KINDS = frozenset({"country", "province", "district"})
POINT_KINDS = frozenset({"town", "crossing"})
_KIND_ORDER = {"country": 0, "province": 1, "district": 2, "crossing": 3, "town": 3}
_WORD = re.compile(r"[a-z0-9]+")
_MIN_KEY_LENGTH = 3  # shorter forms ("Ho", "Al") only as upper-case acronyms ("UK")
# Transliteration of Pashto and Dari names: the link words between a name's parts ("Dasht-e-Qala",
# "Khost wa Firing"), vowels and h, and q for k vary from one writer to the next; the consonants
# in order do not. A skeleton of fewer consonants than this says too little to tell places apart.
LINK_WORDS = frozenset(("e", "i", "o", "wa"))
_NOT_SKELETON = re.compile(r"[aeiouyh]")
_MIN_SKELETON = 4
# The same consonants are not enough: the whole names, link words and spaces aside, must be close
# too ("wardooj" and "warduj", not "meanwhile" and "mianwali"), with the same first letter (any
# vowel for a vowel: "islam qalah" and "eslam qaleh").
_MIN_VARIANT_SIMILARITY = 75.0
_VOWELS = frozenset("aeiou")
_VARIANT_KINDS = frozenset(("district", "town", "crossing"))


def fold(text: str) -> str:
    """The lookup key of a name: lower-case ASCII words joined by single spaces."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.translate(FOLD_LETTERS))
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(text.lower().replace("'", "").replace("’", "")))


def skeleton(key: str) -> str:
    """The consonants of a folded name as transliterations keep them ("lalpura" and "lal por",
    "wardooj" and "warduj", "khost e fereng" and "khost wa firing"); empty when too short to say."""
    if any(ch.isdigit() for ch in key):
        return ""
    consonants = _NOT_SKELETON.sub("", _unlinked(key).replace("q", "k"))
    return consonants if len(consonants) >= _MIN_SKELETON else ""


def _unlinked(key: str) -> str:
    """A folded name's words joined, its link words left out ("khost wa firing": "khostfiring")."""
    return "".join(word for word in key.split() if word not in LINK_WORDS)


def _close_spellings(key: str, other: str) -> bool:
    """Two folded names close enough to be spellings of one: the same first letter, and a
    similarity of their letters (link words and spaces left out) of at least 75 in 100."""
    one, two = _unlinked(key), _unlinked(other)
    if not (one and two) or fuzz.ratio(one, two) < _MIN_VARIANT_SIMILARITY:
        return False
    return one[0] == two[0] or (one[0] in _VOWELS and two[0] in _VOWELS)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One named place; geo_precision follows ACLED (1 town, 2 district, 3 province or country)."""

    name: str
    country: str
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    kind: str  # country | province | district | town | crossing
    population: int = 0

    def to_place(self) -> Place:
        return Place(
            country=self.country,
            admin1=self.admin1,
            admin2=self.admin2,
            location=self.name,
            latitude=self.latitude,
            longitude=self.longitude,
            geo_precision=self.geo_precision,
        )


class Gazetteer:
    """Names and aliases of places, looked up by folded key; ``resolve`` picks the likeliest."""

    def __init__(
        self,
        entries: Iterable[GazetteerEntry],
        aliases: Mapping[str, str] | None = None,
        demonyms: Mapping[str, str] | None = None,
        quiet: Iterable[str] = (),
    ) -> None:
        self._by_key: dict[str, list[GazetteerEntry]] = {}
        self._names: dict[str, str] = {}  # key -> the name as first written, for surface forms
        for entry in entries:
            key = fold(entry.name)
            if key:
                self._by_key.setdefault(key, []).append(entry)
                self._names.setdefault(key, entry.name)
        self._aliases: dict[str, str] = {}  # alias key -> name key
        self._alias_forms: dict[str, str] = {}  # alias as written -> alias key
        for alias, name in (aliases or {}).items():
            key, target = fold(alias), fold(name)
            if key and key != target and target in self._by_key:
                self._aliases.setdefault(key, target)
                self._alias_forms.setdefault(alias, key)
        self._demonyms = dict(demonyms or {})
        # Districts, towns and crossings of Afghanistan and Pakistan by skeleton, for `variants`.
        self._skeletons: dict[str, list[GazetteerEntry]] = {}
        for key, named in self._by_key.items():
            for entry in named:
                shape = skeleton(key)
                if shape and entry.country in FOCUS_COUNTRIES and entry.kind in _VARIANT_KINDS:
                    self._skeletons.setdefault(shape, []).append(entry)
        # Keys looked up but not scanned for: admin1 names abroad that are generic words ("Centre").
        self._quiet = frozenset(fold(key) for key in quiet)

    @classmethod
    def load(cls) -> Gazetteer:
        """The shipped gazetteer, read once per process."""
        return _shipped()

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._by_key.values())

    def entries(self) -> Iterator[GazetteerEntry]:
        for entries in self._by_key.values():
            yield from entries

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Entries named ``name``, then those it is an alias of."""
        key = fold(name)
        direct = self._by_key.get(key, [])
        target = self._aliases.get(key)
        if target is None:
            return list(direct)
        return [*direct, *(entry for entry in self._by_key[target] if entry not in direct)]

    def variants(self, name: str) -> list[GazetteerEntry]:
        """Districts, towns and crossings of Afghanistan and Pakistan that ``name`` may be another
        spelling of: the same skeleton under another name ("Wardooj" for Warduj)."""
        key = fold(name)
        return [
            e
            for e in self._skeletons.get(skeleton(key), ())
            if fold(e.name) != key and _close_spellings(key, fold(e.name))
        ]

    def province(self, name: str, *, country: str) -> str | None:
        """The gazetteer's name of the province of ``country`` that ``name`` names or is an alias
        of ("Nimroz": Nimruz, "Ninewa": Nineveh); None when it names none there."""
        found = {
            entry.name
            for entry in self.lookup(name)
            if entry.kind == "province" and fold(entry.country) == fold(country)
        }
        return found.pop() if len(found) == 1 else None

    def places_in(self, name: str, *, country: str, admin1: str) -> frozenset[GazetteerEntry]:
        """The entries ``name`` stands for inside one province: those it names or is an alias of
        there; for a name the gazetteer does not know at all, those of the one place there it
        takes it for another spelling of (`variants`, as the extractor files it; a district and
        the town of its seat are one place, as `resolve` reads them); else none. Two names with an
        entry in common are one place under two spellings ("Lalpura" and Lal Por in Nangarhar); a
        name's namesake in another province is not among them."""
        known = self.lookup(name)
        inside = [e for e in known or self.variants(name) if _lies_in(e, country, admin1)]
        if known:
            return frozenset(inside)
        areas = {fold(e.name) for e in inside if e.kind in AREA_KINDS}
        places = {
            fold(e.admin2 or "")
            if e.kind in POINT_KINDS and fold(e.admin2 or "") in areas
            # a town in a district of the variants is that district's seat
            else fold(e.name)
            for e in inside
        }
        # a spelling of two places there: the gazetteer cannot say which
        return frozenset(inside) if len(places) == 1 else frozenset()

    def provinces(self, name: str) -> frozenset[tuple[str, str | None]]:
        """The (country, admin1) of every place ``name`` may stand for."""
        return frozenset((e.country, e.admin1) for e in self.lookup(name))

    def resolve(
        self,
        name: str,
        *,
        country: str | None = None,
        near: Place | None = None,
        context: Mapping[tuple[str, str], int] | None = None,
    ) -> Place | None:
        """The likeliest place for ``name``, or None when the gazetteer does not know it.

        Preference, in order: a country's name means the country; an entry in ``country``; one in
        the admin1 (then the country) of ``near``; one in the province of ``context`` (the story's
        other places by (country, admin1): `PlaceMatcher.settle`) that the story names most; a
        direct name over an alias; Afghanistan, then Pakistan, over the rest; a town named like
        the province or district it lies in (Kabul, Khost) over that area; then province,
        district, town; then the larger population.
        """
        candidates = self.lookup(name)
        if not candidates:
            return None
        direct = set(self._by_key.get(fold(name), ()))
        area_keys = {(e.country, fold(e.name)) for e in candidates if e.kind in AREA_KINDS}

        def rank(entry: GazetteerEntry) -> tuple[int, ...]:
            is_seat = entry.kind in POINT_KINDS and any(
                (entry.country, fold(area or "")) in area_keys
                for area in (entry.admin1, entry.admin2)
            )
            return (
                0 if entry.kind == "country" else 1,
                0 if country is None or entry.country == country else 1,
                _nearness(entry, near),
                -(context or {}).get((entry.country, entry.admin1 or ""), 0),
                0 if entry in direct else 1,
                FOCUS_COUNTRIES.index(entry.country)
                if entry.country in FOCUS_COUNTRIES
                else len(FOCUS_COUNTRIES),
                0 if is_seat else 1 + _KIND_ORDER.get(entry.kind, len(_KIND_ORDER)),
                -entry.population,
            )

        return min(candidates, key=rank).to_place()

    def surface_forms(self) -> Iterator[tuple[str, str]]:
        """(form as written, lookup key) for every name and alias worth scanning text for."""
        for key, name in self._names.items():
            if self._is_scannable(key, name):
                yield name, key
        for alias, key in self._alias_forms.items():
            if self._is_scannable(key, alias):
                yield alias, key

    def demonyms(self) -> dict[str, str]:
        """Adjective or people ("Afghan", "Somali") -> country name."""
        return dict(self._demonyms)

    def _is_scannable(self, key: str, form: str) -> bool:
        if key in STOP_FORMS or key in self._quiet:
            return False
        if len(key) < _MIN_KEY_LENGTH and not form.replace(".", "").isupper():
            return False
        if key in PERSON_NAMES:
            # A person's name is a place only as a country ("Jordan") or in Afghanistan or Pakistan.
            entries = self._by_key.get(key, [])
            return any(e.kind == "country" or e.country in FOCUS_COUNTRIES for e in entries)
        return True


def _lies_in(entry: GazetteerEntry, country: str, admin1: str) -> bool:
    return fold(entry.country) == fold(country) and fold(entry.admin1 or "") == fold(admin1)


def _nearness(entry: GazetteerEntry, near: Place | None) -> int:
    if near is None:
        return 0
    if (
        near.admin1 is not None
        and entry.admin1 == near.admin1
        and entry.country == (near.country or entry.country)
    ):
        return 0
    if near.country is not None and entry.country == near.country:
        return 1
    return 2


def _optional_float(text: str) -> float | None:
    return float(text) if text.strip() else None


def read_curated(text: str) -> tuple[list[GazetteerEntry], dict[str, str]]:
    """Entries and aliases of the curated CSV (kind "alias" rows only add aliases)."""
    entries: list[GazetteerEntry] = []
    aliases: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        for alias in filter(None, (a.strip() for a in row["aliases"].split("|"))):
            aliases.setdefault(alias, row["name"])
        if row["kind"] == "alias":
            continue
        entries.append(
            GazetteerEntry(
                name=row["name"],
                country=row["country"],
                admin1=row["admin1"] or None,
                admin2=row["admin2"] or None,
                latitude=_optional_float(row["latitude"]),
                longitude=_optional_float(row["longitude"]),
                geo_precision=int(row["geo_precision"]),
                kind=row["kind"],
            )
        )
    return entries, aliases


def _entry(row: list[Any]) -> GazetteerEntry:
    name, country, admin1, admin2, lat, lon, precision, kind, population = row
    return GazetteerEntry(name, country, admin1, admin2, lat, lon, precision, kind, population)


@functools.cache
def _shipped() -> Gazetteer:
    data = resources.files("ceasefire").joinpath("data", "geo")
    built = json.loads(gzip.decompress(data.joinpath("gazetteer.json.gz").read_bytes()))
    entries = [_entry(row) for row in built["entries"]]
    aliases: dict[str, str] = dict(built["aliases"])
    curated_entries, curated_aliases = read_curated(
        data.joinpath("curated.csv").read_text(encoding="utf-8")
    )
    entries.extend(curated_entries)
    aliases.update(curated_aliases)
    for country, names in COUNTRY_ALIASES.items():
        aliases.update(dict.fromkeys(names, country))
    return Gazetteer(entries, aliases, DEMONYMS, built.get("quiet", ()))
