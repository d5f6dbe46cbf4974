"""Every kind of bad input ends as an error record (French message, machine kind), never an exception."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from PIL import Image
from reportlab.lib import pdfencrypt

from extractors import extract
from extractors.errors import ExtractionError
from schemas import Limits
from tests.extractors.conftest import draw_lines, tiny_png_claiming, write_pdf, write_text_pdf

LIMITS = Limits()


def assert_error(result, kind: str) -> None:
    assert result.error_kind == kind, (result.error_kind, result.error)
    assert result.error and "\n" not in result.error
    assert result.pages == []


def _docx_bytes(text: str = "Règlement intérieur") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "vide.pdf"
    path.touch()
    result = extract(path, "vide.pdf", LIMITS)
    assert_error(result, "empty")
    assert result.error == "Fichier vide (0 octet)."


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = write_text_pdf(tmp_path / "whole.pdf", [["Bilan pédagogique et financier"]]).read_bytes()
    path = tmp_path / "tronque.pdf"
    path.write_bytes(whole[:200])
    assert_error(extract(path, "tronque.pdf", LIMITS), "corrupt")


def test_pdf_header_then_garbage(tmp_path: Path) -> None:
    path = tmp_path / "faux.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    assert_error(extract(path, "faux.pdf", LIMITS), "corrupt")


def test_password_protected_pdf(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "protege.pdf",
        [draw_lines(["Convention de formation"])],
        encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"),
    )
    result = extract(path, "protege.pdf", LIMITS)
    assert_error(result, "encrypted")
    assert "mot de passe" in result.error


def test_pdf_with_owner_password_only_is_readable(tmp_path: Path) -> None:
    """Permissions (no printing, no copying) do not stop reading: only an opening password does."""
    path = write_pdf(
        tmp_path / "restreint.pdf",
        [draw_lines(["Convention de formation professionnelle continue"])],
        encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=0, canCopy=0),
    )
    result = extract(path, "restreint.pdf", LIMITS)
    assert result.ok and "Convention de formation" in result.text


def test_truncated_docx(tmp_path: Path) -> None:
    path = tmp_path / "livret.docx"
    path.write_bytes(_docx_bytes()[:300])
    assert_error(extract(path, "livret.docx", LIMITS), "corrupt")


def test_random_bytes_named_docx_are_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "livret.docx"
    path.write_bytes(bytes(range(256)) * 8)
    assert_error(extract(path, "livret.docx", LIMITS), "unsupported")


def test_zip_bomb_disguised_as_docx(tmp_path: Path) -> None:
    path = tmp_path / "bombe.docx"
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info))
        bomb.writestr("word/media/padding.xml", b" " * (20 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    result = extract(path, "bombe.docx", LIMITS)
    assert_error(result, "archive_bomb")
    assert "compression" in result.error


def test_xlsx_with_too_many_entries_or_bytes(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Stagiaire", "Note"])
    path = tmp_path / "classeur.xlsx"
    workbook.save(path)
    assert_error(extract(path, "classeur.xlsx", Limits(archive_max_entries=3)), "archive_bomb")
    assert_error(extract(path, "classeur.xlsx", Limits(archive_max_total_bytes=1000)), "archive_bomb")


def test_xlsx_over_the_cell_budget(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    for row in range(50):
        workbook.active.append([f"c{row}-{column}" for column in range(10)])
    path = tmp_path / "gros.xlsx"
    workbook.save(path)
    assert_error(extract(path, "gros.xlsx", Limits(spreadsheet_max_cells=100)), "too_large")


def test_docx_with_a_dtd_is_refused(tmp_path: Path) -> None:
    source = _docx_bytes()
    path = tmp_path / "entites.docx"
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as hostile:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(
                    b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>', 1
                )
            hostile.writestr(info, data)
    result = extract(path, "entites.docx", LIMITS)
    assert_error(result, "corrupt")
    assert "DTD" in result.error


def test_image_header_declaring_too_many_pixels_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bombe.png"
    path.write_bytes(tiny_png_claiming(100_000, 100_000))
    started = time.monotonic()
    result = extract(path, "bombe.png", LIMITS)
    assert_error(result, "too_many_pixels")
    assert time.monotonic() - started < 2


def test_image_over_a_lowered_pixel_limit(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    Image.new("L", (2000, 1500), 255).save(path)
    result = extract(path, "photo.png", Limits(max_image_pixels=2_000_000))
    assert_error(result, "too_many_pixels")
    assert "2000 x 1500" in result.error
    assert "mégapixels" in extract(path, "photo.png", Limits(max_image_pixels=1_000_000)).error


def test_pdf_over_the_page_limit(tmp_path: Path) -> None:
    path = write_text_pdf(tmp_path / "long.pdf", [[f"Page {n}"] for n in range(5)])
    result = extract(path, "long.pdf", Limits(max_pages=3))
    assert_error(result, "too_many_pages")
    assert "5 pages" in result.error


def test_multipage_tiff_over_the_page_limit(tmp_path: Path) -> None:
    path = tmp_path / "scan.tiff"
    frames = [Image.new("L", (200, 200), 255) for _ in range(4)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    assert_error(extract(path, "scan.tiff", Limits(max_pages=2)), "too_many_pages")


def test_giant_scanned_page_is_rendered_under_the_pixel_limit(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    from extractors.pdf import render_page

    path = write_pdf(tmp_path / "plan.pdf", [lambda pdf: pdf.rect(10, 10, 50, 50)], pagesize=(5000, 5000))
    limits = Limits(max_image_pixels=4_000_000)
    document = pdfium.PdfDocument(str(path))
    image, dpi = render_page(document[0], limits)
    document.close()
    assert image.width * image.height <= limits.max_image_pixels
    assert dpi == 29  # 2000 px over 5000 pt
    assert extract(path, "plan.pdf", limits).ok


def test_file_over_the_size_limit_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "gros.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"0" * 5000)
    result = extract(path, "gros.pdf", Limits(max_file_bytes=1024))
    assert_error(result, "too_large")
    assert result.sha256 == ""  # not even hashed


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "97-2003"),
        (b"{\\rtf1\\ansi Bonjour}", "RTF"),
        (bytes(range(256)) * 4, "non reconnu"),
        (b"GIF89a" + b"\x00" * 10, None),
    ],
    ids=["ole2-doc-xls", "rtf", "binary", "broken-gif"],
)
def test_unsupported_content(tmp_path: Path, content: bytes, fragment: str | None) -> None:
    path = tmp_path / "piece.pdf"
    path.write_bytes(content)
    result = extract(path, "piece.pdf", LIMITS)
    assert result.error_kind in ({"unsupported"} if fragment else {"unsupported", "corrupt"})
    if fragment:
        assert fragment in result.error


def test_odt_is_unsupported_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "programme.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    result = extract(path, "programme.odt", LIMITS)
    assert_error(result, "unsupported")
    assert ".odt" in result.error and ".docx" in result.error


def test_truncated_png(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("L", (300, 300), 128).save(buffer, format="PNG")
    path = tmp_path / "photo.png"
    path.write_bytes(buffer.getvalue()[:60])
    assert_error(extract(path, "photo.png", LIMITS), "corrupt")


def test_unexpected_parser_bug_becomes_an_error_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import extractors.core

    def broken(*_args, **_kwargs):
        raise KeyError("bug")

    monkeypatch.setattr(extractors.core, "extract_docx", broken)
    path = tmp_path / "livret.docx"
    path.write_bytes(_docx_bytes())
    result = extract(path, "livret.docx", LIMITS)
    assert result.error_kind == "failed"
    assert "KeyError" in result.error


def test_every_error_class_has_a_french_default_message() -> None:
    classes = ExtractionError.__subclasses__()
    assert len({cls.kind for cls in classes}) == len(classes)
    for cls in classes:
        message = cls().message_fr
        assert message and message[0].isupper() and message.endswith(".")
