"""`Document` -> native PDF with a real text layer (reportlab): one or two columns, tables, header/footer."""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, TableStyle
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Spacer as RLSpacer
from reportlab.platypus import Table as RLTable

from data.samplegen.fonts import font_files
from data.samplegen.model import Bullets, Document, Heading, PageBreak, Para, Spacer, Table

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
PRODUCER = "qualiopi-review samplegen (synthetic sample)"


@cache
def _register(family: str) -> tuple[str, str]:
    regular, bold = font_files(family)
    names = (f"SG-{family}", f"SG-{family}-Bold")
    pdfmetrics.registerFont(TTFont(names[0], str(regular)))
    pdfmetrics.registerFont(TTFont(names[1], str(bold)))
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[0], boldItalic=names[1])
    return names


class Squiggle(Flowable):
    """A handwritten-looking signature stroke (vector), so signed cells are not empty."""

    def __init__(self, width: float, height: float, seed: int) -> None:
        super().__init__()
        self.width, self.height, self.seed = width, height, seed

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self) -> None:
        rng = random.Random(self.seed)
        canvas = self.canv
        canvas.setStrokeColor(colors.HexColor("#1b2a6b"))
        canvas.setLineWidth(0.8)
        path = canvas.beginPath()
        x, y = 2, self.height * rng.uniform(0.3, 0.6)
        path.moveTo(x, y)
        for _ in range(rng.randint(3, 5)):
            nx = min(self.width - 2, x + rng.uniform(6, 14))
            path.curveTo(
                x + 3, y + rng.uniform(2, 6), nx - 3, y - rng.uniform(2, 6), nx, self.height * rng.uniform(0.2, 0.8)
            )
            x, y = nx, self.height * rng.uniform(0.2, 0.8)
        canvas.drawPath(path, stroke=1, fill=0)


# PDF base-14 fonts need no embedding (smaller files, like many office exports) but only cover cp1252.
STANDARD_FONTS = {"sans": ("Helvetica", "Helvetica-Bold"), "serif": ("Times-Roman", "Times-Bold")}


def _all_text(doc: Document) -> str:
    parts = [doc.title, doc.header or "", doc.footer or ""]
    for block in doc.blocks:
        if isinstance(block, (Heading, Para)):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts += [block.marker, *block.items]
        elif isinstance(block, Table):
            parts += [cell for row in block.rows for cell in row]
    return "\n".join(parts)


def _fonts(doc: Document) -> tuple[str, str]:
    if doc.font in STANDARD_FONTS:
        try:
            _all_text(doc).encode("cp1252")
            return STANDARD_FONTS[doc.font]
        except UnicodeEncodeError:
            pass
    return _register(doc.font)


def _styles(doc: Document) -> dict[str, ParagraphStyle]:
    regular, bold = _fonts(doc)
    size = doc.base_size
    return {
        "body": ParagraphStyle("body", fontName=regular, fontSize=size, leading=size * 1.3, spaceAfter=size * 0.35),
        "title": ParagraphStyle(
            "title", fontName=bold, fontSize=size * 1.6, leading=size * 2.0, alignment=TA_CENTER, spaceAfter=size
        ),
        "h1": ParagraphStyle(
            "h1",
            fontName=bold,
            fontSize=size * 1.25,
            leading=size * 1.6,
            spaceBefore=size * 0.8,
            spaceAfter=size * 0.3,
            textColor=colors.HexColor("#1f3864"),
        ),
        "h2": ParagraphStyle(
            "h2", fontName=bold, fontSize=size * 1.05, leading=size * 1.4, spaceBefore=size * 0.5, spaceAfter=size * 0.2
        ),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=size * 0.9, leading=size * 1.1),
        "cellhead": ParagraphStyle("cellhead", fontName=bold, fontSize=size * 0.9, leading=size * 1.1),
        "bullet": ParagraphStyle(
            "bullet",
            fontName=regular,
            fontSize=size,
            leading=size * 1.3,
            leftIndent=14,
            bulletIndent=4,
            spaceAfter=size * 0.15,
        ),
        "small": ParagraphStyle("small", fontName=regular, fontSize=size * 0.75, leading=size * 0.9),
    }


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def _table(block: Table, styles: dict[str, ParagraphStyle], width: float, seed: int) -> RLTable:
    columns = max(len(row) for row in block.rows)
    relative = block.col_widths or tuple(1.0 for _ in range(columns))
    total = sum(relative)
    widths = [width * part / total for part in relative]
    data = []
    for r, row in enumerate(block.rows):
        cells = []
        for c, value in enumerate(row):
            if (r, c) in block.signature_cells:
                cells.append(Squiggle(min(widths[c] - 6, 60), 14, seed + r * 31 + c))
            else:
                style = styles["cellhead"] if (block.header and r == 0) else styles["cell"]
                cells.append(Paragraph(_text(value), style))
        cells += [""] * (columns - len(cells))
        data.append(cells)
    table = RLTable(data, colWidths=widths, repeatRows=1 if block.header else 0)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#555555")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if block.header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe6f0")))
    table.setStyle(TableStyle(commands))
    return table


def _flowables(doc: Document, styles: dict[str, ParagraphStyle], width: float, seed: int) -> list:
    story: list = [Paragraph(_text(doc.title), styles["title"])] if doc.title else []
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            story.append(Paragraph(_text(block.text), styles["h1" if block.level == 1 else "h2"]))
        elif isinstance(block, Para):
            style = ParagraphStyle(
                f"p{index}",
                parent=styles["body"],
                alignment=ALIGN[block.align],
                fontName=styles["h2"].fontName if block.bold else styles["body"].fontName,
                fontSize=block.size or styles["body"].fontSize,
                leading=(block.size or styles["body"].fontSize) * 1.3,
            )
            story.append(Paragraph(_text(block.text), style))
        elif isinstance(block, Bullets):
            story.extend(Paragraph(_text(item), styles["bullet"], bulletText=block.marker) for item in block.items)
        elif isinstance(block, Table):
            story.append(_table(block, styles, width, seed + index * 101))
            story.append(RLSpacer(1, 6))
        elif isinstance(block, Spacer):
            story.append(RLSpacer(1, block.height))
        elif isinstance(block, PageBreak):
            story.append(RLPageBreak())
    return story


def render_pdf(doc: Document, path: Path, seed: int = 0) -> int:
    """Writes `doc` to `path`; returns the page count."""
    styles = _styles(doc)
    pagesize = landscape(A4) if doc.landscape else A4
    margin = 1.8 * cm
    width = pagesize[0] - 2 * margin
    height = pagesize[1] - 2 * margin - 0.8 * cm
    gap = 0.8 * cm
    if doc.columns == 2:
        column = (width - gap) / 2
        frames = [
            Frame(margin, margin, column, height, id="left"),
            Frame(margin + column + gap, margin, column, height, id="right"),
        ]
    else:
        column = width
        frames = [Frame(margin, margin, width, height, id="body")]

    def decorate(canvas, template) -> None:
        canvas.saveState()
        canvas.setFont(styles["small"].fontName, styles["small"].fontSize)
        if doc.header:
            canvas.drawString(margin, pagesize[1] - margin + 0.2 * cm, doc.header)
        footer = f"{doc.footer} — " if doc.footer else ""
        canvas.drawRightString(pagesize[0] - margin, margin - 0.6 * cm, f"{footer}Page {canvas.getPageNumber()}")
        canvas.restoreState()

    template = BaseDocTemplate(
        str(path),
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=doc.title,
        author=doc.author or "",
        creator=PRODUCER,
        producer=PRODUCER,
        invariant=1,
    )
    template.addPageTemplates([PageTemplate(id="main", frames=frames, onPage=decorate)])
    story = _flowables(doc, styles, column, seed)
    template.build(story)
    return template.page
