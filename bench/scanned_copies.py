"""Scanned copies of labelled native documents: the scan path measured on real layouts.

The blind corpora's scans were written by generators; real uploads are paper copies of documents
like those in `../shared/real-documents`. This turns each labelled native PDF of such a folder into
what an organisation would upload after printing it: a flatbed scan (image-only PDF) or, for a
one-page document, a phone photo (JPEG), with the degradations of `data/samplegen/render_scan.py`.
The copies and their `truth.yaml` (the same labels, `scan: true`) go to a folder outside the
repository — the documents are not ours to publish — which `python -m bench.accuracy --real` reads:

    python -m bench.scanned_copies ../shared/real-documents /tmp/scanned-real
    python -m bench.accuracy --no-samples --real /tmp/scanned-real --cache /tmp/acc-scanned
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

import pypdfium2
import yaml
from PIL import Image

from bench.labelled import TRUTH_NAME
from data.samplegen.render_scan import degrade_photo, degrade_scan, save_photo_jpg, save_scanned_pdf

SCAN_DPI = 300
PHOTO_WIDTH = 1600
# Nobody prints a 40-page catalogue to scan it; past this a document keeps its native form only.
MAX_PAGES = 12
_FIXED_TIME = time.gmtime(0)


def _seed(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big")


def _pages(pdf: Path) -> list[Image.Image] | None:
    """The pages rendered as a scanner sees them; None past `MAX_PAGES`."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        if len(document) > MAX_PAGES:
            return None
        return [page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L") for page in document]
    finally:
        document.close()


def scanned_copy(source: Path, target_stem: Path, key: str) -> Path | None:
    """Write the scanned copy of `source` next to `target_stem` and return its path; None when the
    document is not one a person would scan (not a PDF, or too long)."""
    pages = _pages(source) if source.suffix.lower() == ".pdf" else None
    if pages is None:
        return None
    seed = _seed(key)
    if len(pages) == 1:
        target = target_stem.with_suffix(".jpg")
        photo = degrade_photo(pages[0], seed, PHOTO_WIDTH)
        save_photo_jpg(photo, target, quality=80, orientation=1, camera=("Bench", "Copy"), taken="2026:01:01 00:00:00")
        return target
    target = target_stem.with_suffix(".pdf")
    scans = [degrade_scan(page, seed + index) for index, page in enumerate(pages)]
    save_scanned_pdf(scans, target, dpi=SCAN_DPI, quality=75, title="", producer="Bench scanner", when=_FIXED_TIME)
    return target


def write_copies(source_root: Path, target_root: Path) -> int:
    """Scanned copies of every labelled native PDF of `source_root`, with their truth; returns their number."""
    truth = yaml.safe_load((source_root / TRUTH_NAME).read_text(encoding="utf-8"))
    copied: dict[str, dict] = {}
    for key, label in truth.items():
        if label.get("scan"):
            continue
        target_stem = target_root / Path(key).with_suffix("")
        target_stem.parent.mkdir(parents=True, exist_ok=True)
        target = scanned_copy(source_root / key, target_stem, key)
        if target is not None:
            copied[target.relative_to(target_root).as_posix()] = {**label, "scan": True}
    (target_root / TRUTH_NAME).write_text(yaml.safe_dump(copied, allow_unicode=True, sort_keys=True), encoding="utf-8")
    return len(copied)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scanned_copies", description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="a folder of labelled native documents (with truth.yaml)")
    parser.add_argument("target", type=Path, help="where to write the copies (outside the repository)")
    args = parser.parse_args()
    print(f"{write_copies(args.source, args.target)} scanned copies in {args.target}")


if __name__ == "__main__":
    main()
