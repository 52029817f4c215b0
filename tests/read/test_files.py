"""Reading files: each kind of bad input gets one clear error naming the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ceasefire.errors import InputError
from ceasefire.read.files import iter_files, read_file


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as info:
        read_file(tmp_path / "absent.txt")
    assert "absent.txt" in str(info.value)


def test_unreadable_file(tmp_path: Path) -> None:
    # Root reads any mode, so use a file the kernel refuses to read: /proc/self/mem gives EIO.
    unreadable = tmp_path / "unreadable.txt"
    os.symlink("/proc/self/mem", unreadable)
    with pytest.raises(InputError, match="cannot read") as info:
        read_file(unreadable)
    assert "unreadable.txt" in str(info.value)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty file"):
        read_file(path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary file"):
        read_file(path)


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Kabul – Peshawar: café".encode("cp1252"))
    with pytest.raises(InputError, match=r"not UTF-8 text \(byte 0x96 at offset 6\)"):
        read_file(path)


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("Shelling near Chaman.".encode("utf-16"))
    assert read_file(path).text == "Shelling near Chaman."


def test_unsupported_type(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"unsupported file type '\.pdf'"):
        read_file(path)


def test_original_bytes_kept_unchanged(tmp_path: Path) -> None:
    original = "\ufeffLine one.\r\nRecommended Stories\r\nLine two.\r\n".encode()
    path = tmp_path / "crlf.txt"
    path.write_bytes(original)
    result = read_file(path)
    assert result.original == original
    assert result.text == "Line one.\nLine two."


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    paragraph = (
        "Officials said a roadside bomb struck a police vehicle in the north of the district on "
        "Tuesday, and that two officers were taken to the hospital in the provincial capital."
    )
    page = f"""<html><head><title>Roadside bomb strikes police vehicle</title>
    <meta property="og:site_name" content="Example Times">
    <meta name="date" content="2025-11-04"></head>
    <body><nav><a href="/">Home</a> <a href="/x">Subscribe</a></nav>
    <article><h1>Roadside bomb strikes police vehicle</h1><p>{paragraph}</p>
    <p>{paragraph.replace("Tuesday", "Wednesday")}</p></article>
    <footer><p>Share this article</p><p>Leave a Reply</p></footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = read_file(path)
    assert "roadside bomb struck a police vehicle" in result.text
    assert "Subscribe" not in result.text and "Leave a Reply" not in result.text
    assert result.content_meta["title"] == "Roadside bomb strikes police vehicle"
    assert str(result.content_meta["published_at"]) == "2025-11-04"
    assert result.content_meta["publisher"] == "Example Times"
    assert result.media_type == "text/html"


def test_html_without_article_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="no article text"):
        read_file(path)


def test_folder_walk_skips_metadata_and_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in (
        "a.txt",
        "sub/b.md",
        "sub/c.htm",
        ".hidden.txt",
        "meta.jsonl",
        "a.txt.meta.json",
        "x.pdf",
    ):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [path.relative_to(tmp_path).as_posix() for path, _ in iter_files([tmp_path])]
    assert found == ["a.txt", "sub/b.md", "sub/c.htm"]
