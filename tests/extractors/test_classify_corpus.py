"""Classification of a corpus of documents written in varied wordings and layouts.

Each file of `test_classify_corpus/` is named `<expected doc_type>__<description>.txt|.json`.
`.txt` pages are separated by form feeds; `.json` holds `{"pages": [PageText...]}` (tables from
spreadsheets, DOCX). The `heldout*/` folders were written after the rules, one batch at a time, to
measure them on unseen wordings before any correction. Files are classified under a neutral name:
the content alone must decide.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.classify import classify
from schemas.contract import DOC_TYPES
from schemas.extraction import PageText

CORPUS = Path(__file__).with_name("test_classify_corpus")
DOCUMENTS = sorted(p for p in CORPUS.rglob("*") if p.suffix in {".txt", ".json"})


def load_pages(path: Path) -> list[PageText]:
    if path.suffix == ".json":
        return [PageText(**page) for page in json.loads(path.read_text(encoding="utf-8"))["pages"]]
    texts = path.read_text(encoding="utf-8").split("\f")
    return [PageText(number=index, text=text) for index, text in enumerate(texts, start=1)]


def expected_type(path: Path) -> str:
    return path.name.split("__")[0]


def test_corpus_covers_every_doc_type_with_several_variants():
    counts = {doc_type: 0 for doc_type in DOC_TYPES}
    for path in DOCUMENTS:
        counts[expected_type(path)] += 1
    assert all(count >= 3 for count in counts.values()), counts


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_document_is_classified_from_its_content(path):
    result = classify(load_pages(path), "document.pdf")
    assert result.doc_type == expected_type(path), result.reason


def test_corpus_accuracy_is_reported():
    results = [classify(load_pages(path), "document.pdf").doc_type == expected_type(path) for path in DOCUMENTS]
    accuracy = sum(results) / len(results)
    print(f"classification accuracy: {sum(results)}/{len(results)} = {accuracy:.1%}")
    assert accuracy >= 0.95
