"""Evidence you can see: a crop of the PDF page with the finding's cells and lines outlined.

Pages are rendered with pypdfium2 (the PDF reader's own library) and drawn on with Pillow, both
imported here only, where they are used. Boxes are the reader's (``Location.bbox``: points from
the page's top-left corner).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import pandas as pd

SCALE = 1.5  # pixels per point: readable digits, small files
MARGIN = 14.0  # points of context around the outlined boxes
MAX_HEIGHT = 420.0  # points: a crop taller than this is split per box cluster


@dataclass(frozen=True)
class Crop:
    """One cropped page image of a finding."""

    finding_id: str
    page: int
    png: bytes
    alt: str

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def _boxes_by_page(evidence: pd.DataFrame, places: dict) -> dict[int, list[tuple[tuple, tuple | None]]]:
    """page -> [(box to outline, row box for context)]."""
    out: dict[int, list] = {}
    for rec in evidence.to_dict("records"):
        page, x0 = rec["page"], rec["x0"]
        if pd.isna(page) or pd.isna(x0):
            continue
        box = (float(rec["x0"]), float(rec["top"]), float(rec["x1"]), float(rec["bottom"]))
        line = rec["line"]
        loc = places.get(int(line)) if not pd.isna(line) else None
        out.setdefault(int(page), []).append((box, loc.bbox if loc is not None and loc.page == page else None))
    return out


def _clusters(items: list[tuple[tuple, tuple | None]]) -> list[list[tuple[tuple, tuple | None]]]:
    """Boxes of one page in vertical clusters no taller than MAX_HEIGHT."""
    items = sorted(items, key=lambda it: it[0][1])
    groups: list[list] = []
    for item in items:
        if groups and item[0][3] - groups[-1][0][0][1] <= MAX_HEIGHT:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def finding_crops(report, finding_ids: list[str] | None = None) -> list[Crop]:
    """Crops of the PDF pages behind each finding (none for other formats or without boxes).

    Args:
        report: a :class:`hcfin.checks.CheckReport` of a PDF disclosure.
        finding_ids: restrict to these findings (default all).

    Returns:
        Crops in finding order, then page order.
    """
    ctx = report.context
    document = getattr(ctx, "document", None)
    if document is None or getattr(document, "format", None) != "pdf" or not document.places:
        return []
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    findings = report.findings
    evidence = report.evidence
    wanted = set(finding_ids) if finding_ids is not None else None
    out: list[Crop] = []
    pdf = pdfium.PdfDocument(str(document.path))
    rendered: dict[int, object] = {}
    try:
        for rec in findings.to_dict("records"):
            fid = rec["finding_id"]
            if wanted is not None and fid not in wanted:
                continue
            for page, items in sorted(_boxes_by_page(evidence[evidence["finding_id"] == fid], document.places).items()):
                if not 0 < page <= len(pdf):
                    continue
                if page not in rendered:
                    rendered[page] = pdf[page - 1].render(scale=SCALE).to_pil().convert("RGB")
                image = rendered[page]
                for cluster in _clusters(items):
                    out.append(_crop(image, fid, page, cluster, str(rec["summary"])))
    finally:
        pdf.close()
    return out


def _crop(image, fid: str, page: int, cluster: list, summary: str) -> Crop:
    from PIL import ImageDraw

    boxes = [box for box, _row in cluster]
    context = boxes + [row for _box, row in cluster if row is not None]
    x0 = max(0.0, min(b[0] for b in context) - MARGIN)
    top = max(0.0, min(b[1] for b in context) - MARGIN)
    x1 = min(image.width / SCALE, max(b[2] for b in context) + MARGIN)
    bottom = min(image.height / SCALE, max(b[3] for b in context) + MARGIN)
    piece = image.crop((int(x0 * SCALE), int(top * SCALE), int(x1 * SCALE), int(bottom * SCALE)))
    draw = ImageDraw.Draw(piece)
    for b in boxes:
        draw.rectangle([(b[0] - x0) * SCALE - 2, (b[1] - top) * SCALE - 2,
                        (b[2] - x0) * SCALE + 2, (b[3] - top) * SCALE + 2], outline=(220, 30, 30), width=3)
    buffer = io.BytesIO()
    piece.save(buffer, format="PNG", optimize=True)
    short = summary if len(summary) <= 60 else summary[:60] + "…"
    alt = f"原文第{page}页截图（{fid}）：红框标出所涉单元格或文字。{short}"
    return Crop(fid, page, buffer.getvalue(), alt)
