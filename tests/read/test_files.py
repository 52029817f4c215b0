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
    found = [f.path.relative_to(tmp_path).as_posix() for f in iter_files([tmp_path])]
    assert found == ["a.txt", "sub/b.md", "sub/c.htm"]


def _found(paths: list[Path], data: Path | None = None) -> dict[str, str | None]:
    return {
        found.path.name: found.refused or found.skipped for found in iter_files(paths, data=data)
    }


def test_folder_walk_refuses_links_out_of_the_folder(tmp_path: Path) -> None:
    folder, outside = tmp_path / "in", tmp_path / "out"
    (folder / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "key.txt").write_text("private", encoding="utf-8")
    (folder / "sub" / "real.txt").write_text("x", encoding="utf-8")
    (folder / "inside.txt").symlink_to(folder / "sub" / "real.txt")  # a link inside: fine
    (folder / "key.txt").symlink_to(outside / "key.txt")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    found = _found([folder])
    assert found["inside.txt"] is None and found["real.txt"] is None
    for name in ("key.txt", "passwd.txt", "elsewhere"):
        assert found[name] is not None and "symbolic link out of the folder" in found[name]
    assert str(outside / "key.txt") in str(found["key.txt"])


def test_the_data_folder_is_never_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "web-secret").write_text("s3cret", encoding="utf-8")
    (data / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "secret.txt").symlink_to(data / "web-secret")
    assert _found([data], data) == {"data": "inside the data folder: never read"}
    assert _found([data / "notes.txt"], data) == {"notes.txt": "inside the data folder: never read"}
    walked = _found([tmp_path], data)
    # The data folder inside the folder walked is passed over; a link into it is refused.
    assert walked["data"] == "the data folder"
    assert "notes.txt" not in walked
    assert walked["secret.txt"] == "inside the data folder: never read"


PAGE = (
    "<html><head>{declaration}<title>Caf\u00e9 report</title></head><body><article><p>Officials"
    " in Kabul said on Tuesday that shelling hit a village near the caf\u00e9 in Kunar province"
    " and killed three people, according to the district governor.</p></article></body></html>"
)


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta charset="iso-8859-1">',
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
        "<meta charset='windows-1252'>",
    ],
)
def test_a_latin1_page_that_declares_its_charset_is_read(tmp_path: Path, declaration: str) -> None:
    """Issue 16, low: such a page was refused as not UTF-8."""
    original = PAGE.format(declaration=declaration).encode("latin-1")
    path = tmp_path / "page.html"
    path.write_bytes(original)
    result = read_file(path)
    assert "near the caf\u00e9 in Kunar" in result.text
    assert result.content_meta["title"] == "Caf\u00e9 report"
    assert result.original == original  # kept byte for byte


def test_a_declared_charset_is_not_a_licence_for_any_bytes(tmp_path: Path) -> None:
    undeclared = tmp_path / "undeclared.html"
    undeclared.write_bytes(PAGE.format(declaration="").encode("latin-1"))
    with pytest.raises(InputError, match=r"undeclared.html: not UTF-8 text \(byte 0xe9"):
        read_file(undeclared)
    wrong = tmp_path / "wrong.html"
    wrong.write_bytes(PAGE.format(declaration='<meta charset="windows-1252">').encode() + b"\x81")
    with pytest.raises(InputError, match=r"wrong.html: not cp1252 text as the page declares"):
        read_file(wrong)
    utf8 = tmp_path / "utf8.html"
    utf8.write_bytes(PAGE.format(declaration='<meta charset="utf-16">').encode())
    assert "caf\u00e9" in read_file(utf8).text  # 'UTF-16' in ASCII letters: read as UTF-8


def test_a_loop_of_links_is_refused_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "c.txt").write_text("x", encoding="utf-8")
    found = _found([tmp_path])
    assert found["a.txt"] == found["b.txt"] == "a loop of symbolic links: not followed"
    assert found["self.txt"] == "a loop of symbolic links: not followed"
    assert found["c.txt"] is None
    assert _found([tmp_path / "a.txt"]) == {"a.txt": "a loop of symbolic links: not followed"}
