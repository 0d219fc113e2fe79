"""The data folder is found wherever code runs; the manifest is untrusted: files inside data/raw
only, sha256 verified before anything reads the file."""

import hashlib
import os

import pytest

from hcfin.analysis import DisclosureNotFound, find_disclosure
from hcfin.manifest import DATA_ENV, DataNotFound, DocumentRefused, find_data_dir, read_manifest, verified_path


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def project(root, rows):
    """``root/data/raw`` with files and a manifest; rows: (file, unit, year, sha256 or None=real)."""
    raw = root / "data" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    lines = ["file,unit,year,format,source,sha256"]
    for file, unit, year, digest in rows:
        lines.append(f"{file},{unit},{year},text,test,{digest}")
    (raw / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root / "data"


def test_the_data_folder_is_found_upwards_from_a_subfolder(tmp_path, monkeypatch):
    data = project(tmp_path, [])
    (tmp_path / "notebooks" / "deep").mkdir(parents=True)
    monkeypatch.delenv(DATA_ENV, raising=False)
    monkeypatch.chdir(tmp_path / "notebooks" / "deep")
    assert find_data_dir("data") == data.resolve()
    monkeypatch.chdir(tmp_path)
    assert find_data_dir("data") == data.resolve()


def test_hcfin_data_names_the_data_folder(tmp_path, monkeypatch):
    data = project(tmp_path / "elsewhere", [])
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.setenv(DATA_ENV, str(data))
    assert find_data_dir("data") == data.resolve()


def test_the_error_says_where_it_looked(tmp_path, monkeypatch):
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a" / "b")
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(DataNotFound) as caught:
        find_data_dir("data")
    message = str(caught.value)
    for place in (tmp_path / "a" / "b" / "data", tmp_path / "nowhere", tmp_path / "a" / "data", tmp_path / "data"):
        assert str(place) in message
    assert DATA_ENV in message and "\n" not in message
    with pytest.raises(DisclosureNotFound, match="找不到数据清单"):
        find_disclosure("甲", 2024, "data")


def test_a_verified_file_is_read(tmp_path):
    data = project(tmp_path, [("a.txt", "甲", 2024, sha(b"abc"))])
    (data / "raw" / "a.txt").write_bytes(b"abc")
    assert find_disclosure("甲", 2024, data) == (data / "raw" / "a.txt").resolve()


@pytest.mark.parametrize("file", ["/etc/passwd", "../secret.txt", "sub/../../secret.txt", "C:\\\\secret.txt"])
def test_files_outside_raw_are_refused(tmp_path, file):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "secret.txt").write_bytes(b"secret")
    data = project(tmp_path, [(file, "甲", 2024, sha(b"secret"))])
    with pytest.raises(DocumentRefused, match="raw 目录"):
        find_disclosure("甲", 2024, data)


def test_a_link_leading_out_of_raw_is_refused(tmp_path):
    (tmp_path / "secret.txt").write_bytes(b"secret")
    data = project(tmp_path, [("link.txt", "甲", 2024, sha(b"secret"))])
    os.symlink(tmp_path / "secret.txt", data / "raw" / "link.txt")
    with pytest.raises(DocumentRefused, match="链接"):
        find_disclosure("甲", 2024, data)


def test_a_fifo_is_refused_without_blocking(tmp_path):
    data = project(tmp_path, [("pipe.txt", "甲", 2024, sha(b""))])
    os.mkfifo(data / "raw" / "pipe.txt")
    with pytest.raises(DocumentRefused, match="不是普通文件"):
        find_disclosure("甲", 2024, data)


def test_a_changed_file_is_refused_naming_both_hashes(tmp_path):
    listed = sha(b"original")
    data = project(tmp_path, [("a.txt", "甲", 2024, listed)])
    (data / "raw" / "a.txt").write_bytes(b"swapped")
    with pytest.raises(DocumentRefused) as caught:
        find_disclosure("甲", 2024, data)
    message = str(caught.value)
    assert message.startswith("a.txt: ") and listed in message and sha(b"swapped") in message
    assert "\n" not in message
    assert (caught.value.expected, caught.value.actual) == (listed, sha(b"swapped"))


def test_a_row_without_sha256_is_refused_and_says_the_hash(tmp_path):
    data = project(tmp_path, [("a.txt", "甲", 2024, "")])
    (data / "raw" / "a.txt").write_bytes(b"abc")
    with pytest.raises(DocumentRefused, match=sha(b"abc")):
        verified_path(read_manifest(data)[0])


def test_the_bundled_manifest_verifies():
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "data"
    for row in read_manifest(data):
        path, digest = verified_path(row)
        assert digest == row.sha256 and path.is_file()
