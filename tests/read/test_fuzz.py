"""Fuzzing the readers with hypothesis: text, HTML, meta.jsonl, sidecars, ACLED and GED CSV,
agreement and sources YAML, feeds, and the folder walk with its links. Whatever the bytes, a reader gives a result or one error of
ours, on one line, naming what it read; never a traceback.

The inputs are built from the pieces that broke readers before (huge numbers, days past the
calendar, declared charsets, aliases and anchors, BOMs, control characters) mixed with arbitrary
text and bytes. The run is derandomized and bounded (FUZZ_EXAMPLES per reader) so that CI takes the
same inputs every time, in well under a minute.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceasefire.assess.agreements import parse_agreement
from ceasefire.domain.datasets import ACLED_COLUMNS, UCDP_COLUMNS
from ceasefire.errors import CeasefireError
from ceasefire.extract.dates import DateResolver
from ceasefire.extract.quantities import find_casualties
from ceasefire.read.acled import read_acled
from ceasefire.read.datasets import DatasetRecord, RowError
from ceasefire.read.feeds import parse_feed, read_sources
from ceasefire.read.files import iter_files, read_bytes
from ceasefire.read.metadata import read_manifest, read_sidecar
from ceasefire.read.ucdp import read_ucdp

from ..conftest import REPO

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
DOHA = (REPO / "agreements" / "doha-2025.yaml").read_text(encoding="utf-8")

# Values that broke a reader once, or are at an edge, among arbitrary text.
NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1" * 23,
        "9" * 5000,
        "1e400",
        "nan",
        "inf",
        "2.5",
        "9999-12-31",
        "0001-01-01",
        "2025-02-30",
        "2100-12-31",
        "1900-01-01",
        "31 December 9999",
        "99999999999999999999",
        "line\nbreak",
        "\x00",
        "\ufeff",
        "[bold]x[/]",
        '"',
        "a,b",
        "&a *a",
        "yesterday",
        "99999999999 days ago",
        "\u202e\u0627\u0644\u0633\u0644\u0627\u0645",
    ]
)
VALUE = st.one_of(NASTY, st.text(max_size=40))


def one_line(error: BaseException | RowError) -> str:
    text = str(error)
    assert text and "\n" not in text and "\r" not in text, repr(text)
    assert "Traceback" not in text
    return text


def reads(function: Any, *args: Any, **kwargs: Any) -> Any:
    """Calls a reader: its result, or None after checking that it failed with one line of ours."""
    try:
        return function(*args, **kwargs)
    except CeasefireError as error:
        one_line(error)
        return None


# Text and HTML


TEXT_PIECES = st.one_of(
    VALUE,
    st.sampled_from(
        [
            "Officials said militants attacked a checkpoint in Kurram yesterday, killing two.",
            "<html><head><meta charset='iso-8859-1'></head><body><article><p>",
            "<meta http-equiv='Content-Type' content='text/html; charset=windows-1256'>",
            "<meta charset='utf-16'>",
            "<meta charset='x-no-such-charset'>",
            "<?xml version='1.0' encoding='koi8-r'?>",
            "</p></article></body></html>",
            "<script>alert(1)</script>",
            "Advertisement\nShare this article\n",
        ]
    ),
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "koi8-r"])


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.binary(max_size=300))
    text = "".join(draw(st.lists(TEXT_PIECES, max_size=12)))
    return text.encode(draw(ENCODINGS), errors="replace")


@FUZZ
@given(original=documents(), suffix=st.sampled_from([".txt", ".md", ".html", ".htm", ".pdf", ""]))
def test_text_and_html_readers(original: bytes, suffix: str) -> None:
    result = reads(read_bytes, original, name=f"upload{suffix}")
    if result is not None:
        assert result.original == original and result.text.strip()


# Metadata: meta.jsonl lines and sidecars


META_KEYS = st.sampled_from(
    ["file", "kind", "publisher", "url", "published", "language", "title", "author", ""]
)
META_VALUES = st.one_of(
    VALUE,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.none(),
    st.booleans(),
    st.sampled_from(["news", "statement", "https://example.org/a", "en", "a.txt"]),
)
META_OBJECTS = st.dictionaries(META_KEYS, META_VALUES, max_size=6)


@st.composite
def meta_lines(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            lines.append(json.dumps(draw(META_OBJECTS)))
        elif kind == 1:
            lines.append(json.dumps(draw(st.lists(META_VALUES, max_size=3))))
        elif kind == 2:
            lines.append("[" * draw(st.integers(1, 5000)))  # nested past the parser's stack
        else:
            lines.append(draw(st.text(max_size=60)).replace("\n", " "))
    return "\n".join(lines)


@FUZZ
@given(text=meta_lines())
def test_meta_jsonl_reader(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("meta") / "meta.jsonl"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    manifest = reads(read_manifest, path)
    if manifest is not None:
        for _, problem in manifest.problems:
            assert one_line(problem).startswith(f"{path} line ")
        assert all(record.file for record in manifest.records.values())


@FUZZ
@given(value=st.one_of(META_OBJECTS.map(json.dumps), st.text(max_size=80)))
def test_sidecar_reader(tmp_path_factory: pytest.TempPathFactory, value: str) -> None:
    path = tmp_path_factory.mktemp("sidecar") / "a.txt.meta.json"
    path.write_bytes(value.encode("utf-8", errors="replace"))
    record = reads(read_sidecar, path)
    if record is not None and record.published is not None:
        assert date(1900, 1, 1) <= record.published <= date(2100, 12, 31)


# ACLED and GED CSV


SAMPLE = REPO / "tests" / "data"


def _sample_rows(name: str) -> list[dict[str, str]]:
    with (SAMPLE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@st.composite
def dataset_files(draw: st.DrawFn, columns: tuple[str, ...], sample: str) -> bytes:
    """A CSV with the sample's columns (some dropped, some shuffled), rows from the sample with
    fields replaced by nasty values, and now and then a raw broken line."""
    header = list(columns)
    if draw(st.integers(0, 9)) == 0:
        header = draw(st.permutations(header))[: draw(st.integers(0, len(header)))]
    rows = _sample_rows(sample)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 4))):
        row = dict(draw(st.sampled_from(rows)))
        for name in draw(st.lists(st.sampled_from(list(columns)), max_size=4)):
            row[name] = draw(VALUE)
        if draw(st.integers(0, 7)) == 0:
            buffer.write(draw(st.text(max_size=40)) + "\n")
        writer.writerow([row.get(name, "") for name in header])
    text = buffer.getvalue()
    return (
        text.encode("utf-8", errors="replace")
        if draw(st.booleans())
        else text.encode("latin-1", errors="replace")
    )


def _read_all(records: Iterator[DatasetRecord | RowError]) -> list[DatasetRecord]:
    good = []
    for item in records:
        if isinstance(item, RowError):
            one_line(item)
        else:
            for estimate in (item.incident.fatalities, item.incident.injuries):
                for value in (estimate.low, estimate.best, estimate.high):
                    assert value is None or 0 <= value <= 10_000_000
            day = item.incident.date.value
            assert day is None or date(1900, 1, 1) <= day <= date(2100, 12, 31)
            good.append(item)
    return good


@FUZZ
@given(original=dataset_files(ACLED_COLUMNS, "acled_sample.csv"))
def test_acled_reader(tmp_path_factory: pytest.TempPathFactory, original: bytes) -> None:
    path = tmp_path_factory.mktemp("acled") / "acled.csv"
    path.write_bytes(original)
    reads(lambda: _read_all(read_acled(path)))


@FUZZ
@given(original=dataset_files(UCDP_COLUMNS, "ucdp_sample.csv"))
def test_ged_reader(tmp_path_factory: pytest.TempPathFactory, original: bytes) -> None:
    path = tmp_path_factory.mktemp("ged") / "ged.csv"
    path.write_bytes(original)
    reads(lambda: _read_all(read_ucdp(path)))


# Agreement and sources YAML


YAML_PIECES = st.sampled_from(
    [
        "&a ",
        "*a",
        "&b [*a, *a, *a]",
        "<<: *a",
        "[",
        "]",
        "{",
        "}",
        ": ",
        "- ",
        "\n",
        "\n  ",
        "!!python/object:os.system ",
        "!!binary ",
        "? ",
        "|\n  ",
        "9999-12-31T00:00:00+03:00",
        "2025-10-19",
        "'",
        '"',
        "#",
        "%YAML 1.1\n",
        "---\n",
    ]
)


@st.composite
def agreement_texts(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        pieces = draw(st.lists(st.one_of(YAML_PIECES, VALUE), max_size=30))
        return "".join(pieces)
    # The shipped agreement with a few spans replaced: mostly YAML, wrong in one place.
    text = DOHA
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = min(len(text), start + draw(st.integers(0, 30)))
        text = text[:start] + draw(st.one_of(YAML_PIECES, VALUE)) + text[end:]
    return text


@FUZZ
@given(text=agreement_texts())
def test_agreement_reader(text: str) -> None:
    agreement = reads(parse_agreement, text, name="fuzzed.yaml")
    if agreement is None:
        return
    assert agreement.id and len(agreement.parties) >= 2


@FUZZ
@given(text=agreement_texts())
def test_sources_reader(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("sources") / "sources.yaml"
    path.write_text(
        "sources:\n  - name: x\n    folder: .\n" + text, encoding="utf-8", errors="replace"
    )
    reads(read_sources, path)


# Feeds


FEED_PIECES = st.one_of(
    VALUE,
    st.sampled_from(
        [
            "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>",
            "<item><guid>g</guid><link>http://127.0.0.1/a</link>",
            "<pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate>",
            "<pubDate>Thu, 16 Oct 2025 08:00:00 GMT</pubDate>",
            "<updated>0001-01-01T00:00:00Z</updated>",
            "</item>",
            "</channel></rss>",
            "<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;'>]>",
        ]
    ),
)


@FUZZ
@given(body=st.lists(FEED_PIECES, max_size=12).map("".join))
def test_feed_reader(body: str) -> None:
    items = reads(parse_feed, body.encode("utf-8", errors="replace"), where="http://127.0.0.1/f")
    for item in items or []:
        assert item.published is None or date(1900, 1, 1) <= item.published <= date(2100, 12, 31)


# What extraction makes of the numbers and dates a text carries


@FUZZ
@given(
    published=st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2100, 12, 31))),
    text=st.lists(
        st.one_of(
            VALUE,
            st.sampled_from(
                [" killed ", " soldiers ", " ago", " weeks", " on Monday", " last year"]
            ),
        ),
        max_size=12,
    ).map("".join),
)
def test_dates_and_figures_of_a_text(published: date | None, text: str) -> None:
    for mention in DateResolver(published).find(text):
        day = mention.date.value
        assert day is None or date(1900, 1, 1) <= day <= date(2100, 12, 31)
    for figure in find_casualties(text):
        for value in (figure.quantity.low, figure.quantity.high):
            assert value is None or 0 <= value <= 10_000_000


# Folders: files, folders and links (inside, out, into the data folder, dangling, in loops)

NODE_NAMES = st.sampled_from(["a.txt", "b.md", "c.html", "d", "e", "meta.jsonl", "f.txt.meta.json"])


@st.composite
def folder_trees(draw: st.DrawFn) -> list[tuple[str, str, str | None]]:
    """(kind, path, link target) entries: kind is file, folder or link; targets are named
    relative to the folder walked, or 'OUT' (a file outside), 'DATA' (the data folder's secret)."""
    entries: list[tuple[str, str, str | None]] = []
    paths: list[str] = ["."]
    for _ in range(draw(st.integers(1, 10))):
        parent = draw(st.sampled_from(paths))
        path = f"{parent}/{draw(NODE_NAMES)}"
        kind = draw(st.sampled_from(["file", "folder", "link"]))
        target = None
        if kind == "link":
            target = draw(
                st.one_of(st.sampled_from(["OUT", "DATA", "OUTDIR", path]), st.sampled_from(paths))
            )
        entries.append((kind, path, target))
        if kind == "folder":
            paths.append(path)
    return entries


@FUZZ
@given(tree=folder_trees())
def test_folder_walk_never_leaves_the_folder(
    tmp_path_factory: pytest.TempPathFactory, tree: list[tuple[str, str, str | None]]
) -> None:
    base = tmp_path_factory.mktemp("tree")
    root, data, outside = base / "in", base / "data", base / "out"
    for folder in (root, data, outside):
        folder.mkdir()
    (data / "web-secret").write_text("s3cret", encoding="utf-8")
    (outside / "key.txt").write_text("private", encoding="utf-8")
    targets = {"OUT": outside / "key.txt", "DATA": data / "web-secret", "OUTDIR": outside}
    for kind, name, target in tree:
        path = root / name
        if path.exists() or path.is_symlink() or not path.parent.is_dir():
            continue
        if kind == "file":
            path.write_text("A report.", encoding="utf-8")
        elif kind == "folder":
            path.mkdir()
        else:
            path.symlink_to(targets.get(target or "", root / (target or ".")))
    for found in iter_files([root], data=data):
        if found.refused or found.skipped:
            assert "\n" not in (found.refused or found.skipped or "")
            continue
        real = found.path.resolve()
        assert real.is_relative_to(root.resolve()), (found.path, real)
        assert not real.is_relative_to(data.resolve())
