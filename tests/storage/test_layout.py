from __future__ import annotations

from pathlib import Path

from storage import LocalStorage
from storage.layout import discover_dossiers, is_ignored, marks_dossier
from tests.storage.conftest import make_tree

JUNK = {
    ".DS_Store": b"mac",
    "._bpf.pdf": b"appledouble",
    "Thumbs.db": b"win",
    "~$programme.docx": b"lock",
}


def _keys(location) -> list[str]:
    return [f.key for f in location.files]


def test_root_with_evidence_is_one_dossier_with_every_sub_folder(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path / "Formations-Rhone",
        {
            "bpf_2025.pdf": b"%PDF",
            "qualite/enquetes/satisfaction.XLSX": b"xlsx",
            "qualite/notes.md": b"unknown extension stays in the dossier",
            "qualite/.DS_Store": b"junk",
            "__MACOSX/qualite/._satisfaction.XLSX": b"junk",
            **JUNK,
        },
    )
    [dossier] = discover_dossiers(LocalStorage(root))
    assert dossier.dossier_key == ""
    assert dossier.default_id == "Formations-Rhone"
    assert _keys(dossier) == ["bpf_2025.pdf", "qualite/enquetes/satisfaction.XLSX", "qualite/notes.md"]


def test_root_with_only_a_manifest_is_a_dossier(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "D-7", {"dossier.yaml": b"dossier_id: D-7\n", "annexes/readme.md": b"x"})
    [dossier] = discover_dossiers(LocalStorage(root))
    assert (dossier.dossier_key, dossier.default_id) == ("", "D-7")
    assert _keys(dossier) == ["annexes/readme.md", "dossier.yaml"]


def test_many_dossiers_one_per_top_level_folder(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path / "batch",
        {
            "README.md": b"loose non-evidence file at the top: ignored",
            "OF-Alpha/bpf.pdf": b"%PDF",
            "OF-Alpha/programmes/2026/prog.docx": b"docx",
            "OF-Beta/only/deeply/nested/scan.jpeg": b"jpeg",
            "OF-Gamma/dossier.yaml": b"dossier_id: G\n",
            "notes/readme.md": b"no evidence: not a dossier",
            ".git/objects/ab.txt": b"hidden folder",
            "OF-Delta/.DS_Store": b"only junk: not a dossier",
            "OF-Delta/~$lock.docx": b"only junk: not a dossier",
        },
    )
    dossiers = discover_dossiers(LocalStorage(root))
    assert [(d.dossier_key, d.default_id) for d in dossiers] == [
        ("OF-Alpha", "OF-Alpha"),
        ("OF-Beta", "OF-Beta"),
        ("OF-Gamma", "OF-Gamma"),
    ]
    assert _keys(dossiers[0]) == ["OF-Alpha/bpf.pdf", "OF-Alpha/programmes/2026/prog.docx"]
    assert _keys(dossiers[1]) == ["OF-Beta/only/deeply/nested/scan.jpeg"]


def test_hidden_evidence_at_the_root_does_not_make_it_a_dossier(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "batch", {**JUNK, "A/bpf.pdf": b"%PDF", "B/cgv.odt": b"odt"})
    assert [d.dossier_key for d in discover_dossiers(LocalStorage(root))] == ["A", "B"]


def test_empty_input_has_no_dossier(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert discover_dossiers(LocalStorage(tmp_path / "empty")) == []


def test_rules_fold_case_and_look_at_every_folder() -> None:
    assert marks_dossier("x/SCAN.TIFF") and marks_dossier("dossier.yaml") and not marks_dossier("x/notes.md")
    assert is_ignored("A/sub/.tmp-0123-gap_report.json")
    assert is_ignored("A/__macosx/x.pdf")
    assert is_ignored("A/THUMBS.DB")
    assert not is_ignored("A/sub/programme.pdf")
