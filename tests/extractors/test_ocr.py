"""OCR of scans: only text-less pages, rotation, skew, EXIF, multi-page TIFF, confidence and error rate."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import docx
import docx.shared
import numpy as np
import pytest
from PIL import Image, ImageDraw
from rapidfuzz.distance import Levenshtein

import extractors.ocr as ocr
from extractors import extract
from extractors.errors import ExtractionTimeout, OcrFailed
from extractors.ocr import OcrEngine, OcrText, estimate_skew, parse_tsv
from extractors.safety import Deadline
from extractors.tesseract import load_library
from schemas import Limits
from tests.extractors.conftest import (
    FONT_PATH,
    SCAN_LINES,
    SERIF_FONT_PATH,
    degrade,
    draw_image_page,
    draw_lines,
    render_scan,
    write_pdf,
)

LIMITS = Limits()
EXPECTED = "\n".join(SCAN_LINES)


def cer(recognised: str, reference: str) -> float:
    """Character error rate, whitespace runs folded to one space (layout is not what is measured)."""
    hypothesis, truth = " ".join(recognised.split()), " ".join(reference.split())
    return Levenshtein.distance(hypothesis, truth) / len(truth)


def test_scanned_pdf_page_is_ocr_d_with_low_error_rate(tmp_path: Path, scan_image: Image.Image) -> None:
    path = write_pdf(tmp_path / "reglement_scan.pdf", [draw_image_page(scan_image)])
    started = time.monotonic()
    result = extract(path, "reglement_scan.pdf", LIMITS)
    seconds = time.monotonic() - started
    page = result.pages[0]
    assert result.ok and page.ocr and page.rotation == 0
    assert page.ocr_confidence is not None and page.ocr_confidence > 85
    error_rate = cer(page.text, EXPECTED)
    print(f"\nOCR page: {seconds:.2f} s, CER {error_rate:.2%}, confidence {page.ocr_confidence}")
    assert error_rate < 0.02
    assert result.ocr_confidence == page.ocr_confidence


@pytest.mark.parametrize(
    ("dpi", "size_pt", "font"), [(200, 9, SERIF_FONT_PATH), (150, 8, FONT_PATH)], ids=["serif-9pt-200dpi", "sans-8pt-150dpi"]
)
def test_grainy_phone_photo_is_read(tmp_path: Path, dpi: int, size_pt: float, font: Path) -> None:
    path = tmp_path / "photo.jpg"
    degrade(render_scan(SCAN_LINES, dpi=dpi, size_pt=size_pt, font=font)).save(path, dpi=(dpi, dpi))
    started = time.monotonic()
    page = extract(path, "photo.jpg", LIMITS).pages[0]
    error_rate = cer(page.text, EXPECTED)
    print(f"\nGrainy photo {dpi} dpi {size_pt} pt: {time.monotonic() - started:.2f} s, CER {error_rate:.2%}, confidence {page.ocr_confidence}")
    assert error_rate < 0.05


def test_clean_small_print_is_not_filtered(tmp_path: Path) -> None:
    path = tmp_path / "petit.png"
    render_scan(SCAN_LINES, dpi=150, size_pt=8).save(path, dpi=(150, 150))
    assert cer(extract(path, "petit.png", LIMITS).pages[0].text, EXPECTED) < 0.02


def test_page_rendered_for_ocr_has_pdfiums_grey_levels(tmp_path: Path, scan_image: Image.Image) -> None:
    """The page is rendered in colour and converted (the faster path): the grey levels must be
    those of PDFium's own greyscale rendering, colour text included."""
    import numpy as np
    import pypdfium2 as pdfium

    from extractors.pdf import render_page

    def coloured(pdf) -> None:
        draw_image_page(scan_image)(pdf)
        pdf.setFillColorRGB(0.8, 0.1, 0.2)
        pdf.drawString(72, 72, "Attestation de fin de formation")

    document = pdfium.PdfDocument(str(write_pdf(tmp_path / "scan.pdf", [coloured])))
    try:
        image, dpi = render_page(document[0], LIMITS)
        reference = document[0].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()
    assert image.mode == "L" and image.size == reference.size
    difference = np.abs(np.asarray(image, dtype=np.int16) - np.asarray(reference, dtype=np.int16))
    assert difference.max() <= 1


def test_pages_rendered_one_after_the_other_share_a_buffer_and_keep_their_own_pixels(
    tmp_path: Path, scan_image: Image.Image
) -> None:
    """The rendering buffer is kept from one page to the next: a page drawn over a darker, larger one
    has the pixels of a page rendered into a fresh buffer, nothing of the first page showing."""
    import numpy as np
    import pypdfium2 as pdfium

    from extractors.pdf import render_page

    def dark(pdf) -> None:
        pdf.setFillColorRGB(0, 0, 0)
        pdf.rect(0, 0, 2000, 2000, fill=1)

    first = pdfium.PdfDocument(str(write_pdf(tmp_path / "dark.pdf", [dark], pagesize=(700, 900))))
    second = pdfium.PdfDocument(str(write_pdf(tmp_path / "scan.pdf", [draw_image_page(scan_image)])))
    try:
        render_page(first[0], LIMITS)[0].close()
        kept = _rendering_buffer()
        image, dpi = render_page(second[0], LIMITS)
        fresh = second[0].render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True).to_pil().convert("L")
    finally:
        first.close()
        second.close()
    assert _rendering_buffer() is kept is not None
    assert np.array_equal(np.asarray(image), np.asarray(fresh))


def _rendering_buffer():
    from extractors.pdf import _render_buffer

    return _render_buffer.buffer


def test_mixed_pdf_only_the_scanned_page_is_ocr_d(tmp_path: Path, scan_image: Image.Image) -> None:
    path = write_pdf(
        tmp_path / "mixte.pdf",
        [draw_lines(["Programme de formation : Excel avancé", "Durée : 14 heures"]), draw_image_page(scan_image)],
    )
    first, second = extract(path, "mixte.pdf", LIMITS).pages
    assert not first.ocr and first.ocr_confidence is None
    assert first.text == "Programme de formation : Excel avancé\nDurée : 14 heures"
    assert second.ocr and "Numéro de déclaration d'activité" in second.text


def test_pages_with_text_never_call_tesseract(tmp_path: Path, fake_tesseract) -> None:
    fake_tesseract("crash")
    path = write_pdf(tmp_path / "texte.pdf", [draw_lines(["Attestation de fin de formation délivrée à M. Martin"])])
    result = extract(path, "texte.pdf", LIMITS)
    assert result.ok and not result.ocr


def test_short_text_layer_page_is_ocr_d(tmp_path: Path, scan_image: Image.Image) -> None:
    """A scan stamped with a page number by the scanner software still needs OCR."""

    def stamped_scan(pdf) -> None:
        draw_image_page(scan_image)(pdf)
        pdf.drawString(500, 20, "1/1")

    page = extract(write_pdf(tmp_path / "tampon.pdf", [stamped_scan]), "tampon.pdf", LIMITS).pages[0]
    assert page.ocr and "RÈGLEMENT INTÉRIEUR" in page.text


@pytest.mark.parametrize("degrees", [90, 180])
def test_rotated_scan_is_turned_upright(tmp_path: Path, scan_image: Image.Image, degrees: int) -> None:
    path = tmp_path / f"scan_{degrees}.png"
    scan_image.rotate(degrees, expand=True).save(path, dpi=(300, 300))
    page = extract(path, path.name, LIMITS).pages[0]
    # Turned counter-clockwise by `degrees`, so turned back `degrees` clockwise.
    assert page.rotation == degrees
    assert cer(page.text, EXPECTED) < 0.03


def test_rotated_page_inside_a_pdf(tmp_path: Path, scan_image: Image.Image) -> None:
    path = write_pdf(tmp_path / "scan_tourne.pdf", [draw_image_page(scan_image.rotate(180))])
    page = extract(path, "scan_tourne.pdf", LIMITS).pages[0]
    assert page.rotation == 180
    assert cer(page.text, EXPECTED) < 0.03


def test_exif_orientation_is_honoured(tmp_path: Path, scan_image: Image.Image) -> None:
    """A phone photo stored sideways with EXIF Orientation=6 (display turned 90° clockwise)."""
    stored = scan_image.rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "photo.jpg"
    stored.save(path, format="JPEG", quality=92, exif=exif, dpi=(300, 300))
    page = extract(path, "photo.jpg", LIMITS).pages[0]
    assert page.rotation == 0  # EXIF did the job, OSD found it upright
    assert cer(page.text, EXPECTED) < 0.03


def test_skewed_scan_is_straightened(tmp_path: Path, scan_image: Image.Image) -> None:
    path = tmp_path / "penche.png"
    scan_image.rotate(3, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255).save(path, dpi=(300, 300))
    page = extract(path, "penche.png", LIMITS).pages[0]
    assert cer(page.text, EXPECTED) < 0.03


@pytest.mark.parametrize("angle", [-4.0, -0.4, 2.5])
def test_straightening_turns_the_page_as_pillow_would(angle: float, scan_image: Image.Image) -> None:
    """Same canvas and the same bilinear pixels as Pillow's `rotate(expand=True)`, white corners."""
    gray = scan_image.convert("L")
    expected = np.asarray(gray.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255), dtype=float)
    actual = np.asarray(ocr.rotated(gray, angle), dtype=float)
    assert actual.shape == expected.shape
    assert np.abs(actual - expected).mean() < 1.0
    assert actual[0, 0] == actual[-1, -1] == 255


def test_skew_estimate_finds_the_angle(scan_image: Image.Image) -> None:
    tilted = scan_image.rotate(2.5, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    assert estimate_skew(tilted) == pytest.approx(-2.5, abs=0.25)
    assert estimate_skew(scan_image) == pytest.approx(0.0, abs=0.15)
    assert estimate_skew(Image.new("L", (400, 600), 255)) == 0.0


def test_multipage_tiff_gives_one_page_per_frame(tmp_path: Path, scan_image: Image.Image) -> None:
    half = scan_image.resize((scan_image.width // 2, scan_image.height // 2))
    blank = Image.new("L", half.size, 255)
    path = tmp_path / "emargement.tif"
    half.save(path, save_all=True, append_images=[blank], compression="tiff_lzw", dpi=(150, 150))
    result = extract(path, "emargement.tif", LIMITS)
    assert [page.number for page in result.pages] == [1, 2]
    assert "Article 1" in result.pages[0].text
    assert result.pages[1].text == "" and result.pages[1].ocr


def test_poor_confidence_is_read_again_with_the_fallback_languages(
    tmp_path: Path, scan_image: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def fake_read(_image: Image.Image, languages: str, _deadline, _dpi, _engine) -> OcrText:
        calls.append(languages)
        return OcrText("fra", 40.0, 10) if languages == "fra" else OcrText("fra+eng", 70.0, 10)

    monkeypatch.setattr(ocr, "_read_words", fake_read)
    path = tmp_path / "scan.png"
    scan_image.save(path)
    page = extract(path, "scan.png", LIMITS).pages[0]
    assert calls == ["fra", "fra+eng"]
    assert page.text == "fra+eng" and page.ocr_confidence == 70.0


def test_scan_pasted_into_word_is_ocr_d(tmp_path: Path, scan_image: Image.Image) -> None:
    picture = tmp_path / "scan.png"
    scan_image.save(picture, dpi=(300, 300))
    document = docx.Document()
    document.add_picture(str(picture), width=docx.shared.Cm(18))
    path = tmp_path / "attestation.docx"
    document.save(path)
    result = extract(path, "attestation.docx", LIMITS)
    assert result.ok and len(result.pages) == 1
    assert result.pages[0].ocr and cer(result.pages[0].text, EXPECTED) < 0.03


def test_word_document_with_text_does_not_ocr_its_logo(tmp_path: Path, scan_image: Image.Image, fake_tesseract) -> None:
    fake_tesseract("crash")
    picture = tmp_path / "logo.png"
    scan_image.resize((300, 400)).save(picture)
    document = docx.Document()
    document.add_picture(str(picture))
    document.add_paragraph("Procédure de traitement des réclamations et des aléas")
    path = tmp_path / "procedure.docx"
    document.save(path)
    result = extract(path, "procedure.docx", LIMITS)
    assert result.ok and not result.ocr and len(result.pages) == 1


def test_tsv_parsing_groups_lines_and_paragraphs_and_skips_garbage() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t96.5\tArticle",
        "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t93.5\t1",
        "5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t90\tsuite",
        "4\t1\t1\t1\t2\t0\t0\t0\t1\t1\t-1\t",
        "5\t1\t2\t1\t1\t1\t0\t0\t1\t1\t80\tFin",
        "5\t1\tx\t1\t1\t1\t0\t0\t1\t1\t80\tbad",
        "\x00\x01garbage",
        "5\t1\t2\t1\t1\t2\t0\t0\t1\t1\t-1\t ",
    ]
    parsed = parse_tsv("\n".join([header, *rows]))
    assert parsed.text == "Article 1\nsuite\n\nFin"
    assert parsed.words == 4 and parsed.confidence == 90.0
    assert parse_tsv("\x89\x00 total garbage") == OcrText("", None, 0)


def _tsv(words: list[tuple[int, int, int, int, str]]) -> str:
    """(block, line, left, top, text) -> Tesseract TSV, 40-pixel-high words of 20 pixels a letter."""
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        f"5\t1\t{block}\t1\t{line}\t{number}\t{left}\t{top}\t{20 * len(text)}\t40\t95\t{text}"
        for number, (block, line, left, top, text) in enumerate(words, start=1)
    ]
    return "\n".join([header, *rows])


def test_figures_read_as_a_column_of_their_own_go_back_to_their_rows() -> None:
    # Tesseract's reading of a retyped BPF: the labels' block, then the amounts' blocks.
    tsv = _tsv([
        (1, 1, 100, 500, "Produits"), (1, 1, 280, 500, "des"), (1, 1, 360, 500, "entreprises"),
        (1, 2, 100, 600, "Total"), (1, 2, 220, 600, "des"), (1, 2, 300, 600, "produits"),
        (1, 3, 100, 700, "Signature"),
        (2, 1, 1500, 505, "128"), (2, 1, 1580, 505, "640"), (2, 1, 1660, 505, "€"),
        (2, 2, 1500, 596, "236"), (2, 2, 1580, 596, "780"), (2, 2, 1660, 596, "€"),
        (2, 3, 1500, 900, "12"),
        (3, 1, 1900, 498, "54%"), (3, 2, 1900, 602, "46%"),
    ])
    assert parse_tsv(tsv).text == "Produits des entreprises 128 640 € 54%\nTotal des produits 236 780 € 46%\nSignature\n\n12"


def test_a_figure_column_under_its_heading_and_between_rulings_goes_back_to_its_rows() -> None:
    # A scanned BPF's hours column: Tesseract reads its heading and the rulings (« | ») with it.
    tsv = _tsv([
        (1, 1, 100, 500, "a."), (1, 1, 160, 500, "Salariés"), (1, 1, 360, 500, "|"), (1, 1, 400, 500, "12"),
        (1, 2, 100, 600, "Total"), (1, 2, 220, 600, "F-1"), (1, 2, 360, 600, "|"), (1, 2, 400, 600, "15"),
        (2, 1, 1500, 400, "Heures"), (2, 1, 1640, 400, "|"),
        (2, 2, 1500, 505, "1"), (2, 2, 1540, 505, "250"), (2, 2, 1620, 505, "|"),
        (2, 3, 1500, 596, "(1"), (2, 3, 1560, 596, "600"),
    ])
    assert parse_tsv(tsv).text == "a. Salariés | 12 1 250 |\nTotal F-1 | 15 (1 600\n\nHeures |"


def test_figures_cut_into_blocks_of_one_line_each_go_back_to_their_rows_when_aligned() -> None:
    # Tesseract's reading of a scanned F-1 frame: each row's numbers a block of its own.
    tsv = _tsv([
        (1, 1, 100, 500, "a."), (1, 1, 160, 500, "Salariés"),
        (1, 2, 100, 600, "b."), (1, 2, 160, 600, "Apprentis"),
        (1, 3, 100, 700, "Total"), (1, 3, 220, 700, "F-1"),
        (2, 1, 1500, 505, "190"), (2, 1, 1600, 505, "1"), (2, 1, 1640, 505, "760"),
        (3, 1, 1520, 596, "24"), (3, 1, 1600, 596, "1"), (3, 1, 1640, 596, "360"),
        (4, 1, 1500, 702, "214"), (4, 1, 1600, 702, "3"), (4, 1, 1640, 702, "120"),
    ])
    expected = "a. Salariés 190 1 760\nb. Apprentis 24 1 360\nTotal F-1 214 3 120"
    assert parse_tsv(tsv).text == expected


def test_a_column_of_short_words_and_figures_is_not_a_figure_column() -> None:
    tsv = _tsv([
        (1, 1, 100, 500, "Accueil"), (1, 2, 100, 600, "Contenu"), (1, 3, 100, 700, "Formateur"),
        (2, 1, 1500, 505, "Très"), (2, 1, 1600, 505, "satisfait"), (2, 1, 1800, 505, "plutôt"), (2, 1, 1950, 505, "oui"),
        (2, 2, 1500, 596, "12"), (2, 3, 1500, 696, "14"),
    ])
    assert parse_tsv(tsv).text == "Accueil\nContenu\nFormateur\n\nTrès satisfait plutôt oui\n12\n14"


def _form_rows(rows: list[tuple[str, list[str]]], ticked: dict[tuple[int, int], str]) -> tuple[str, Image.Image]:
    """A scanned form's TSV and page: per row a question and its boxes (a box's text as Tesseract read
    it, « ☐ », or the word it read for a tick drawn past the box's sides), at 300 dpi."""
    page = Image.new("L", (2300, 1200), 255)
    draw = ImageDraw.Draw(page)
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    tsv, side = [header], 40
    for number, (question, boxes) in enumerate(rows, start=1):
        top = 300 + 150 * number
        words = [(100 + 140 * index, top, 120, side, word) for index, word in enumerate(question.split())]
        for column, read in enumerate(boxes):
            left = 1100 + 300 * column
            draw.rectangle((left, top, left + side, top + side), outline=0, width=4)
            if (number, column) in ticked:
                # A hand's check mark: from left of the box, down through it, up past its top right.
                draw.line((left - 12, top + 18, left + 14, top + side + 10), fill=0, width=6)
                draw.line((left + 14, top + side + 10, left + side + 16, top - 22), fill=0, width=6)
                words.append((left - 14, top - 24, side + 32, side + 36, ticked[number, column]))
            else:
                words.append((left, top, side, side, read))
        tsv += [
            f"5\t1\t1\t1\t{number}\t{index}\t{left}\t{top}\t{width}\t{height}\t80\t{word}"
            for index, (left, top, width, height, word) in enumerate(words, start=1)
        ]
    return "\n".join(tsv), page


def test_a_tick_drawn_past_its_box_and_read_as_a_word_is_the_ticked_box() -> None:
    # The first column is ticked on two rows of three: one box of it is read as a box.
    questions = [("Accueil", ["☐"] * 4), ("Contenu", ["☐"] * 4), ("Formateur", ["☐"] * 4)]
    tsv, page = _form_rows(questions, {(1, 0): "9", (2, 0): "X.(", (3, 2): "wÉ"})
    assert parse_tsv(tsv, page).text == "Accueil ☒ ☐ ☐ ☐\nContenu ☒ ☐ ☐ ☐\nFormateur ☐ ☐ ☒ ☐"


def test_the_short_first_words_of_questions_lined_up_are_no_boxes() -> None:
    questions = [("Le contenu", ["☐"] * 4), ("La salle", ["☐"] * 4), ("Le rythme", ["☐"] * 4)]
    tsv, page = _form_rows(questions, {(1, 1): "☒", (2, 1): "☒", (3, 1): "☒"})
    assert parse_tsv(tsv, page).text == "Le contenu ☐ ☒ ☐ ☐\nLa salle ☐ ☒ ☐ ☐\nLe rythme ☐ ☒ ☐ ☐"


def test_a_lone_figure_beside_a_prose_column_stays_in_its_column() -> None:
    tsv = _tsv([
        (1, 1, 100, 500, "Public"), (1, 1, 260, 500, "visé"), (1, 2, 100, 560, "salariés"),
        (2, 1, 1300, 500, "Tarif"), (2, 1, 1440, 500, ":"),
        (3, 1, 1300, 560, "1"), (3, 1, 1340, 560, "200"), (3, 1, 1420, 560, "€"),
    ])
    assert parse_tsv(tsv).text == "Public visé\nsalariés\n\nTarif :\n\n1 200 €"


def test_an_english_page_is_read_again_with_english_data(
    tmp_path: Path, scan_image: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    english = "Terms and conditions of sale. The client agrees to pay the price of the training for each of the trainees."

    def fake_read(_image: Image.Image, languages: str, _deadline, _dpi, _engine) -> OcrText:
        calls.append(languages)
        return OcrText(english if languages == "fra" else english + " (eng)", 88.0 if languages == "fra" else 86.0, 20)

    monkeypatch.setattr(ocr, "_read_words", fake_read)
    path = tmp_path / "scan.png"
    scan_image.save(path)
    page = extract(path, "scan.png", LIMITS).pages[0]
    assert calls == ["fra", "fra+eng"]
    assert page.text.endswith("(eng)")


def test_a_french_page_read_with_confidence_is_read_once(
    tmp_path: Path, scan_image: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    french = "Conditions générales de vente. Le client s'engage à payer le prix de la formation pour chacun des stagiaires."

    def fake_read(_image: Image.Image, languages: str, _deadline, _dpi, _engine) -> OcrText:
        calls.append(languages)
        return OcrText(french, 90.0, 20)

    monkeypatch.setattr(ocr, "_read_words", fake_read)
    path = tmp_path / "scan.png"
    scan_image.save(path)
    extract(path, "scan.png", LIMITS)
    assert calls == ["fra"]


@pytest.mark.skipif(load_library() is None or shutil.which("tesseract") is None, reason="needs libtesseract and its command")
@pytest.mark.parametrize("dpi", [300, None])
def test_the_library_in_process_reads_what_the_command_reads(
    tmp_path: Path, scan_image: Image.Image, dpi: int | None
) -> None:
    """Same engine, same options: a page read in process gives the command's TSV row for row, so
    changing the way Tesseract is called changes no text, no confidence and no layout."""
    page = ocr.deskew(ocr.denoise(degrade(scan_image).convert("L")))
    command = OcrEngine(shutil.which("tesseract"))
    in_process = ocr._read_words(page, "fra", Deadline(60), dpi, OcrEngine(None))
    assert in_process.words > 50
    assert in_process == ocr._read_words(page, "fra", Deadline(60), dpi, command)


@pytest.mark.skipif(load_library() is None, reason="needs libtesseract")
def test_the_library_failing_is_an_ocr_failure(scan_image: Image.Image) -> None:
    with pytest.raises(OcrFailed):
        ocr._read_words(scan_image, "no-such-language", Deadline(60), 300, OcrEngine(None))


@pytest.mark.skipif(load_library() is None, reason="needs libtesseract")
def test_the_library_stops_at_the_deadline(scan_image: Image.Image) -> None:
    tall = Image.new("L", (scan_image.width, scan_image.height * 4), 255)
    for index in range(4):
        tall.paste(scan_image, (0, index * scan_image.height))
    # Read to the end, the page would be returned after its deadline: the monitor stops it instead.
    with pytest.raises(ExtractionTimeout):
        ocr._read_words(tall, "fra", Deadline(0.3), 300, OcrEngine(None))


@pytest.mark.skipif(load_library() is None, reason="needs libtesseract")
def test_the_library_writes_nothing_to_the_terminal(scan_image: Image.Image, capfd: pytest.CaptureFixture[str]) -> None:
    # Without a resolution Tesseract estimates one, and says so.
    ocr._read_words(scan_image, "fra", Deadline(60), None, OcrEngine(None))
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""
