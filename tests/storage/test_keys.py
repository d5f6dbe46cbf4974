from __future__ import annotations

import pytest

from storage.errors import UnsafeKey
from storage.keys import folder_prefix, is_safe_key, normalize_key


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("a.pdf", "a.pdf"),
        ("dossier/sous dossier/Programme été.pdf", "dossier/sous dossier/Programme été.pdf"),
        ("a//b/./c.pdf", "a/b/c.pdf"),
        ("./a.pdf", "a.pdf"),
        ("a/b/", "a/b"),
        ("..hidden/x..y.pdf", "..hidden/x..y.pdf"),  # dots inside names are ordinary characters
    ],
)
def test_normalize_key_canonical_forms(key: str, expected: str) -> None:
    assert normalize_key(key) == expected


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("../secret.pdf", ".."),
        ("a/../../secret.pdf", ".."),
        ("a/..", ".."),
        ("/etc/passwd", "absolute"),
        ("a\\..\\b.pdf", "backslash"),
        ("a\x00.pdf", "U+0000"),
        ("a\nb.pdf", "U+000A"),
        ("a\x1b[31m.pdf", "U+001B"),
        ("programme\udce9.pdf", "U+DCE9"),
        ("C:/Windows/x.pdf", "drive"),
        ("", "empty"),
        ("./", "empty"),
    ],
)
def test_normalize_key_rejects_keys_that_could_escape(key: str, reason: str) -> None:
    with pytest.raises(UnsafeKey) as caught:
        normalize_key(key)
    assert reason in caught.value.reason
    assert not is_safe_key(key)
    assert "Chemin refusé" in caught.value.message_fr
    assert "\x00" not in caught.value.message_fr and "\n" not in caught.value.message_fr


def test_folder_prefix_names_a_folder() -> None:
    assert folder_prefix("") == ""
    assert folder_prefix("a/b") == "a/b/"
    with pytest.raises(UnsafeKey):
        folder_prefix("../a")
