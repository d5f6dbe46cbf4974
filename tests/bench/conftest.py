from __future__ import annotations

import pytest

from bench.corpus import CorpusManifest, SizeProfile, generate_corpus

TINY = SizeProfile(
    "tiny", dossiers=1, big_pdf_pages=3, batch_dossiers=2, large_dossier_files=16, large_dossier_pages=25,
    large_dossier_scanned_percent=20,
)


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory) -> CorpusManifest:
    return generate_corpus(tmp_path_factory.mktemp("corpus") / "tiny", TINY, seed=7)
