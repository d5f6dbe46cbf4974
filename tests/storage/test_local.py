from __future__ import annotations

import os
from pathlib import Path

import pytest

from storage import (
    InvalidStorageUrl,
    LocalStorage,
    ObjectNotFound,
    ObjectTooLarge,
    StorageUnavailable,
    UnsafeKey,
    open_storage,
)
from storage.layout import discover_dossiers
from tests.storage.conftest import make_tree, snapshot

UNSAFE_KEYS = ["../outside.txt", "a/../../outside.txt", "/tmp/outside.txt", "a\\..\\outside.txt", "a\x00.txt", ""]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return make_tree(
        tmp_path / "input",
        {
            "b.pdf": b"%PDF-1.4 b",
            "a/programme.docx": b"docx bytes",
            "a/sub/deeper/scan.png": b"\x89PNG" + b"x" * 100,
            "ab/other.txt": b"other",
        },
    )


def test_list_files_is_recursive_sorted_and_relative(tree: Path) -> None:
    storage = LocalStorage(tree)
    files = storage.list_files()
    assert [f.key for f in files] == ["a/programme.docx", "a/sub/deeper/scan.png", "ab/other.txt", "b.pdf"]
    assert files[1].size == 104
    assert all(f.etag_or_mtime for f in files)


def test_list_files_prefix_is_a_folder(tree: Path) -> None:
    storage = LocalStorage(tree)
    assert [f.key for f in storage.list_files("a")] == ["a/programme.docx", "a/sub/deeper/scan.png"]
    assert [f.key for f in storage.list_files("a/sub/")] == ["a/sub/deeper/scan.png"]
    assert storage.list_files("missing") == []


def test_list_files_skips_non_regular_files(tree: Path) -> None:
    os.mkfifo(tree / "a" / "pipe.pdf")
    assert "a/pipe.pdf" not in [f.key for f in LocalStorage(tree).list_files()]


def test_missing_root_is_unavailable_for_reading_but_created_by_writing(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "nowhere")
    with pytest.raises(StorageUnavailable) as caught:
        storage.list_files()
    assert "introuvable" in caught.value.message_fr
    assert not storage.exists("x.json")
    storage.write_bytes_atomic("D-1/gap_report.json", b"{}")
    assert (tmp_path / "nowhere" / "D-1" / "gap_report.json").read_bytes() == b"{}"


def test_read_bytes_and_limits(tree: Path) -> None:
    storage = LocalStorage(tree)
    assert storage.read_bytes("a/programme.docx") == b"docx bytes"
    assert storage.read_bytes("a/programme.docx", max_bytes=10) == b"docx bytes"
    with pytest.raises(ObjectTooLarge) as caught:
        storage.read_bytes("a/sub/deeper/scan.png", max_bytes=50)
    assert (caught.value.size, caught.value.limit) == (104, 50)
    assert "trop volumineux" in caught.value.message_fr
    with pytest.raises(ObjectNotFound):
        storage.read_bytes("a/absent.pdf")
    with pytest.raises(ObjectNotFound):
        storage.read_bytes("a/sub")  # a folder is not a file


def test_download_to_file_or_folder_leaves_no_temporary(tree: Path, tmp_path: Path) -> None:
    storage = LocalStorage(tree)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    assert storage.download_to("b.pdf", scratch / "document").read_bytes() == b"%PDF-1.4 b"
    nested = storage.download_to("a/sub/deeper/scan.png", scratch)
    assert nested == scratch / "a" / "sub" / "deeper" / "scan.png"
    with pytest.raises(ObjectTooLarge):
        storage.download_to("a/sub/deeper/scan.png", scratch / "too-big", max_bytes=10)
    assert sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*") if p.is_file()) == [
        "a/sub/deeper/scan.png",
        "document",
    ]


def test_local_path_points_at_the_original(tree: Path) -> None:
    storage = LocalStorage(tree)
    assert storage.local_path("a/programme.docx") == (tree / "a" / "programme.docx").resolve()
    assert storage.local_path("a/absent.docx") is None


def test_reading_everything_never_changes_the_input(tree: Path, tmp_path: Path) -> None:
    before = snapshot(tree)
    storage = open_storage(str(tree))
    for location in discover_dossiers(storage):
        for stored in location.files:
            storage.read_bytes(stored.key, max_bytes=stored.size)
            storage.download_to(stored.key, tmp_path / "copy", max_bytes=stored.size)
            assert storage.local_path(stored.key) is not None
            assert storage.exists(stored.key)
    assert snapshot(tree) == before


def test_write_bytes_atomic_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "out")
    storage.write_bytes_atomic("D-1/gap_report.json", b"first")
    storage.write_bytes_atomic("D-1/gap_report.json", b"second")
    assert storage.read_bytes("D-1/gap_report.json") == b"second"
    assert [p.name for p in (tmp_path / "out" / "D-1").iterdir()] == ["gap_report.json"]


def test_crash_before_rename_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    storage = LocalStorage(tmp_path / "out")
    storage.write_bytes_atomic("D-1/gap_report.json", b"old report")

    def crash(*_args: object) -> None:
        raise OSError("disk pulled out")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(StorageUnavailable, match="disk pulled out") as caught:
        storage.write_bytes_atomic("D-1/gap_report.json", b"new report that never lands")
    assert "Impossible d'écrire" in caught.value.message_fr
    monkeypatch.undo()
    assert storage.read_bytes("D-1/gap_report.json") == b"old report"
    assert [p.name for p in (tmp_path / "out" / "D-1").iterdir()] == ["gap_report.json"]


def test_delete_removes_outputs_only_inside_the_root(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "out")
    storage.write_bytes_atomic("D-1/old.json", b"x")
    storage.delete("D-1/old.json")
    storage.delete("D-1/never-written.json")
    assert not storage.exists("D-1/old.json")


@pytest.mark.parametrize("key", UNSAFE_KEYS)
def test_unsafe_keys_are_rejected_everywhere(tmp_path: Path, key: str) -> None:
    root = make_tree(tmp_path / "root", {"inside.txt": b"x"})
    (tmp_path / "outside.txt").write_bytes(b"secret")
    storage = LocalStorage(root)
    operations = [
        lambda: storage.read_bytes(key),
        lambda: storage.download_to(key, tmp_path / "dl"),
        lambda: storage.exists(key),
        lambda: storage.local_path(key),
        lambda: storage.write_bytes_atomic(key, b"overwritten"),
        lambda: storage.delete(key),
    ]
    for operation in operations:
        with pytest.raises(UnsafeKey):
            operation()
    assert (tmp_path / "outside.txt").read_bytes() == b"secret"
    assert not (tmp_path / "dl").exists()


def test_symlinks_leaving_the_root_are_not_followed(tmp_path: Path) -> None:
    outside = make_tree(tmp_path / "outside", {"secret.pdf": b"secret"})
    root = make_tree(tmp_path / "root", {"dossier/real.pdf": b"real"})
    (root / "dossier" / "leak.pdf").symlink_to(outside / "secret.pdf")
    (root / "dossier" / "linked-folder").symlink_to(outside, target_is_directory=True)
    (root / "dossier" / "alias.pdf").symlink_to(root / "dossier" / "real.pdf")
    storage = LocalStorage(root)

    assert [f.key for f in storage.list_files()] == ["dossier/alias.pdf", "dossier/real.pdf"]
    assert storage.read_bytes("dossier/alias.pdf") == b"real"
    for key in ("dossier/leak.pdf", "dossier/linked-folder/secret.pdf"):
        assert not storage.exists(key)
        assert storage.local_path(key) is None
        with pytest.raises(UnsafeKey):
            storage.read_bytes(key)
    with pytest.raises(UnsafeKey):
        storage.write_bytes_atomic("dossier/linked-folder/new/report.json", b"x")
    assert sorted(p.name for p in outside.iterdir()) == ["secret.pdf"]


def test_open_storage_locations(tmp_path: Path) -> None:
    assert isinstance(open_storage(str(tmp_path)), LocalStorage)
    assert open_storage(f"file://{tmp_path}").url == str(tmp_path)
    for url in ("ftp://host/x", "s3://x/prefix", "s3://bucket/../up", "   "):
        with pytest.raises(InvalidStorageUrl) as caught:
            open_storage(url)
        assert "s3://bucket/prefixe" in caught.value.message_fr
