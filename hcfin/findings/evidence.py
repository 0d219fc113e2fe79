"""Where a finding's numbers were printed: table, row, column or statement, line, page and box,
and the quoted source text (the row as printed, or the clause of the text)."""

from __future__ import annotations

import html
import re

from ..schema import TABLE_NAMES

_TAG = re.compile(r"<[^>]*>")  # markup of a web page's rendering line, not printed text

EVIDENCE_COLUMNS = ["finding_id", "role", "source", "table", "table_name", "row", "code", "column",
                    "statement", "value", "line", "page", "x0", "top", "x1", "bottom", "quote"]


def _plain(text: str) -> str:
    return "".join(str(text or "").split()).replace(",", "")


class Places:
    """Line, page and printed box of the document behind a check report (any reader)."""

    def __init__(self, ctx):
        self.ctx = ctx
        document = getattr(ctx, "document", None) if ctx is not None else None
        self.document = document
        self.places = getattr(document, "places", None) or {}
        self.lines = getattr(ctx, "lines", None) if ctx is not None else None
        self._cells: dict[int, list] | None = None

    def line_text(self, line: int | None) -> str:
        """The line as printed: a table row as its cells' texts separated by " | " (also for a web
        page or Word file, whose rendering line is markup), a paragraph line as its text."""
        if line is None or not self.lines or not 0 < line <= len(self.lines):
            return ""
        cells = self._cells_on(line)
        if cells:
            return " | ".join(c.text.strip() for c in cells if c.text.strip())
        text = self.lines[line - 1]
        if "<" in text and ">" in text:
            text = html.unescape(_TAG.sub(" ", text))
        return " | ".join(part.strip() for part in text.split("\t") if part.strip())

    def page_box(self, line: int | None) -> tuple[int | None, tuple | None]:
        loc = self.places.get(line) if line is not None else None
        if loc is not None:
            return loc.page, loc.bbox
        return None, None

    def _cells_on(self, line: int) -> list:
        if self._cells is None:
            self._cells = {}
            for block in getattr(self.document, "blocks", ()) or ():
                for row in getattr(block, "rows", None) or ():
                    for cell in row:
                        self._cells.setdefault(cell.loc.line, []).append(cell)
        return self._cells.get(line, [])

    def cell_box(self, term) -> tuple | None:
        """The printed box of a table cell, found on its line by its printed text (None when blank
        or not found: the caller falls back to the row's box)."""
        if not term.printed or term.line is None:
            return None
        wanted = _plain(term.printed)
        same = [c for c in self._cells_on(term.line) if _plain(c.text) == wanted and c.loc.bbox]
        if not same:
            return None
        rank = 0
        index = self.ctx.cells if self.ctx is not None else None
        if index is not None and len(same) > 1:
            earlier = []
            for side in ("income", None, "expenditure"):
                for row in index.table_rows(term.table, side):
                    for measure, fact in row.cells.items():
                        if fact.line == term.line:
                            earlier.append((row.side, row.key, measure, fact.value))
            for side, key, measure, value in earlier:
                if (side, key, measure) == (term.side, term.key, term.measure):
                    break
                if value is not None and _plain(value) == wanted:
                    rank += 1
        return same[min(rank, len(same) - 1)].loc.bbox

    def term_row(self, finding_id: str, term, role: str) -> dict:
        """One evidence row for a printed number."""
        page, box = self.page_box(term.line)
        if term.source == "table":
            box = self.cell_box(term) or box
            ctx = self.ctx
            column = ctx.measure_name(term.table, term.measure) if ctx is not None else term.measure
            code = term.key if term.key and term.key.isdigit() else None
            quote = self.line_text(term.line)
            if _plain(quote) == _plain(term.printed or ""):  # a layout that prints one cell per line (the seed)
                side = {"income": "收入 ", "expenditure": "支出 "}.get(term.side or "", "")
                quote = f"{side}{term.label} {column}：{quote or '空白'}"
            return _row(finding_id, role, "table", term.table, TABLE_NAMES.get(term.table, term.table or ""),
                        term.label, code, column, None, term.printed, term.line, page, box, quote)
        statement = " ".join(x for x in (term.key, term.label, term.measure) if x)
        value = f"{term.printed}{term.unit}" if term.printed is not None else None
        return _row(finding_id, role, "text", None, None, None, None, None, statement, value, term.line,
                    page, box, term.clause or self.line_text(term.line))

    def line_row(self, finding_id: str, line: int, table: str | None = None) -> dict:
        """One evidence row for a source line (rules that name lines, not numbers)."""
        page, box = self.page_box(line)
        return _row(finding_id, "involved", "table" if table else "text", table,
                    TABLE_NAMES.get(table, table) if table else None, None, None, None, None, None, line, page, box,
                    self.line_text(line))


def _row(finding_id, role, source, table, table_name, row, code, column, statement, value, line, page, box,
         quote) -> dict:
    x0, top, x1, bottom = box if box else (None, None, None, None)
    return {"finding_id": finding_id, "role": role, "source": source, "table": table, "table_name": table_name,
            "row": row, "code": code, "column": column, "statement": statement, "value": value, "line": line,
            "page": page, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "quote": quote}
