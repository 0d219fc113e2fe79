"""Reader for disclosures published as Excel workbooks (.xlsx).

Library: openpyxl (the maintained reader of the format), opened ``read_only=True`` and
``data_only=True`` (the values Excel last calculated and showed). Read-only worksheets do not
expose merged ranges, so those, and formulas that carry no calculated value, are taken from the
sheet XML in one streaming pass of our own.

What becomes what, sheet by sheet in tab order:
- a table is a run of consecutive rows that hold bordered cells (published workbooks draw
  their tables with borders); its columns are those its bordered or filled cells use. A sheet
  without any borders falls back to runs of rows with two or more filled cells (recorded as an
  ``info`` Issue);
- every other non-blank row is one :class:`Paragraph` (its filled cells joined by a tab): the
  titles, "公开01表", "单位：万元", the notes;
- merged ranges are expanded: the text sits in the top-left position, blank cells fill the rest
  (recorded as an ``info`` Issue per sheet); such a blank has no ``lines`` of its own;
- in a bordered table a row ends at its last bordered or filled cell, so a row drawn short
  stays short, as in the other readers;
- numbers keep their DISPLAYED value: the decimals come from the cell's number format
  (``0.00`` → ``933.58``, never ``933.5799999``), without thousands separators, with ``%`` where
  the format has it; ``General`` shows up to 15 significant digits, as Excel does. Where the
  stored value has more precision than is shown, or a zero is shown as "-", an Issue says so.

``Location(line=row number, page=sheet index)``: ``line`` is the 1-based row of the sheet and
``page`` the 1-based position of the sheet among the workbook's tabs. ``Document.lines`` holds
every sheet's rows (filled cells joined by a tab), sheet after sheet; for the first sheet
``lines[line - 1]`` is the row itself, for later sheets the row sits after the earlier sheets'.
"""

from __future__ import annotations

import io
import posixpath
import re
import warnings
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from .. import limits
from ..errors import Issue, ParseError
from ..model import Cell, Document, Location, Paragraph, Table
from .archive import checked_zip

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
CAPTION = re.compile(r"^\s*(注|说明|单位|部门|公开\d|第[一二三四五六七八九十]+部分)")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _ref(ref: str) -> tuple[int, int]:
    match = CELL_REF.match(ref.upper())
    if not match:
        raise ValueError(f"bad cell reference {ref!r}")
    return int(match.group(2)), _column_number(match.group(1))


def _sections(number_format: str) -> list[str]:
    return [part for part in re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', number_format)]


def _decimals(section: str) -> int | None:
    """Decimals a format section shows; None for General or a section with no digit placeholder."""
    bare = QUOTED.sub("", section)
    if "general" in bare.lower() or not re.search(r"[0#?]", bare):
        return None
    if "." not in bare:
        return 0
    return len(re.match(r"[0#?]*", bare.split(".", 1)[1]).group(0))


def _general(value: float) -> str:
    text = f"{value:.15g}"
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def display_number(value: float | int, number_format: str | None) -> tuple[str, str | None]:
    """The number as the cell shows it, and a note when the display hides something.

    Returns:
        (text, note): ``text`` has the format's decimals (``-`` sign for negatives, no thousands
        separators, ``%`` for percent formats); ``note`` is None, ``"hidden_precision"`` (the
        stored value has more decimals than shown) or ``"zero_shown_as_text"``.
    """
    sections = _sections(number_format or "General")
    section = sections[0]
    note = None
    if value < 0 and len(sections) > 1:
        section = sections[1]
    elif value == 0 and len(sections) > 2:
        if "0" not in QUOTED.sub("", sections[2]) and "#" not in QUOTED.sub("", sections[2]) \
                and "general" not in sections[2].lower():  # "?" shows a zero as a space
            note = "zero_shown_as_text"
        else:
            section = sections[2]
    decimals = _decimals(section)
    if decimals is None and section is not sections[0]:
        decimals = _decimals(sections[0])
    percent = "%" in QUOTED.sub("", section)
    exact = Decimal(_general(float(value)))
    if percent:
        exact *= 100
    if decimals is None or "e" in QUOTED.sub("", section).lower().replace("general", ""):
        text = format(exact, "f") if percent else _general(float(value))
        return text + ("%" if percent else ""), note
    try:
        shown = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than a decimal context holds: show it as General does
        return _general(float(value)) + ("%" if percent else ""), note
    if shown != exact and note is None:
        note = "hidden_precision"
    text = format(shown, "f")
    if text.startswith("-") and shown == 0:
        text = text[1:]
    return text + ("%" if percent else ""), note


def _display(value, number_format: str | None) -> tuple[str, str | None]:
    """Any cell value as shown; see :func:`display_number` for numbers."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, (int, float)):
        return display_number(value, number_format)
    if isinstance(value, datetime):
        return (value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")), None
    if isinstance(value, (date, time)):
        return value.isoformat(), None
    text = "".join(part.strip() for part in str(value).splitlines())
    return text.strip(), None


@dataclass
class _SheetXml:
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    uncached: list[str] = field(default_factory=list)


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part, from the workbook and its relationships."""
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(PKG_REL + "Relationship")}
    paths = {}
    for sheet in workbook.iter(S + "sheet"):
        target = targets.get(sheet.get(REL + "id"), "")
        paths[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join("xl", target))
    return paths


def _scan_sheet(archive: zipfile.ZipFile, part: str, path: Path | str = "<xlsx>") -> _SheetXml:
    """Merged ranges and formula cells without a calculated value, in one streaming pass.

    Raises:
        LimitExceeded: the sheet has more than ``MAX_SHEET_CELLS`` cells (counting stops there,
            before openpyxl reads any of them).
    """
    found = _SheetXml()
    cells = 0
    with archive.open(part) as stream:
        for _, element in ET.iterparse(stream):
            if element.tag == S + "mergeCell":
                first, _, last = element.get("ref", "").partition(":")
                try:
                    r1, c1 = _ref(first)
                    r2, c2 = _ref(last or first)
                except ValueError:
                    continue
                found.merges.append((r1, c1, r2, c2))
            elif element.tag == S + "c":
                cells += 1
                if cells > limits.MAX_SHEET_CELLS:
                    limits.check(path, f"cells of {part}", cells, "MAX_SHEET_CELLS", at_least=True)
                formula = element.find(S + "f")
                cached = element.find(S + "v")
                if formula is not None and (cached is None or cached.text is None):
                    found.uncached.append(element.get("r", "?"))
                element.clear()
    return found


def _bordered(cell) -> bool:
    border = getattr(cell, "border", None)
    if border is None:
        return False
    return any(getattr(getattr(border, side, None), "style", None) for side in ("left", "right", "top", "bottom"))


def _table_runs(rows: dict[int, dict[int, tuple[str, bool]]], any_border: bool) -> list[list[int]]:
    """Runs of consecutive row numbers that form tables."""
    def is_table_row(r: int) -> bool:
        cells = rows.get(r, {})
        if any_border:
            return any(bordered for _, bordered in cells.values())
        return sum(1 for text, _ in cells.values() if text) >= 2

    runs: list[list[int]] = []
    last = max(rows, default=0)
    r = 1
    while r <= last:
        if not is_table_row(r):
            r += 1
            continue
        run = [r]
        r += 1
        while r <= last:
            if is_table_row(r):
                run.append(r)
            elif not any_border and r + 1 <= last and is_table_row(r + 1):
                texts = [text for text, _ in rows.get(r, {}).values() if text]
                if len(texts) > 1 or (texts and CAPTION.match(texts[0])):
                    break
                run.append(r)  # a lone label or blank row inside a borderless table
            else:
                break
            r += 1
        runs.append(run)
    return runs


def _read_sheet(ws, index: int, scan: _SheetXml, issues: list[Issue], path: Path | str = "<xlsx>") -> tuple[list, list[str]]:
    """Blocks and rendered lines of one worksheet.

    Raises:
        LimitExceeded: the sheet fills, merges or tabulates more than ``MAX_TABLE_CELLS`` positions.
    """
    rows: dict[int, dict[int, tuple[str, bool]]] = {}
    notes: dict[str, list[str]] = {}
    any_border = False
    kept = 0
    ws.reset_dimensions()
    for row in ws.iter_rows():
        for cell in row:
            if getattr(cell, "row", None) is None:
                continue  # EmptyCell padding
            value = cell.value
            text, note = _display(value, cell.number_format)
            if note:
                notes.setdefault(note, []).append(f"{cell.coordinate}={value!r}→{text or '（空白）'}")
            if getattr(cell, "data_type", None) == "e":
                issues.append(Issue("warning", "cell_error", f"单元格{cell.coordinate}显示错误值{text}",
                                    line=cell.row, page=index, text=text))
            bordered = _bordered(cell)
            any_border = any_border or bordered
            if text or bordered:
                rows.setdefault(cell.row, {})[cell.column] = (text, bordered)
                kept += 1
                if kept > limits.MAX_TABLE_CELLS:
                    limits.check(path, f"filled or bordered cells of sheet {index}", kept, "MAX_TABLE_CELLS",
                                 line=cell.row)
    area = sum((r2 - r1 + 1) * (c2 - c1 + 1) for r1, c1, r2, c2 in scan.merges)
    limits.check(path, f"cells covered by the merged ranges of sheet {index}", area, "MAX_TABLE_CELLS")
    merged = 0
    spanned: set[tuple[int, int]] = set()
    for r1, c1, r2, c2 in scan.merges:
        anchor = rows.get(r1, {}).get(c1, ("", False))
        if r1 == r2 and c1 == c2:
            continue
        merged += 1
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    spanned.add((r, c))
                    text, bordered = rows.get(r, {}).get(c, ("", False))
                    if text:
                        issues.append(Issue("warning", "hidden_merged_text", "被合并掉的单元格中的文字"
                                            "（Excel 不显示）未读取", line=r, page=index, text=text))
                    rows.setdefault(r, {})[c] = ("", bordered or anchor[1])
    if merged:
        issues.append(Issue("info", "merged_cells", f"展开了{merged}个合并区域（文字放在左上格，"
                            f"其余为空白）：{'、'.join(_a1(m) for m in scan.merges[:12])}",
                            page=index))
    for note, examples in notes.items():
        what = {"hidden_precision": "存储值的小数位多于数字格式所显示的，"
                                    "按显示值读取",
                "zero_shown_as_text": "数字格式把0显示为短横或空白，"
                                      "按0读取，小数位取格式所定"}[note]
        issues.append(Issue("info", note, f"{len(examples)}个单元格：{what}（{'；'.join(examples[:5])}）",
                            page=index))
    for ref in scan.uncached:
        issues.append(Issue("error", "formula_without_value",
                            f"单元格{ref}含公式而无计算结果，其数值不明"
                            "（在 Excel 中打开并保存文件即可算出）",
                            line=_ref(ref)[0] if CELL_REF.match(ref) else None, page=index, text=ref))
    if rows and not any_border:
        issues.append(Issue("info", "no_borders", "工作表没有单元格边框，表格按连续的、"
                            "有两个及以上非空单元格的行识别", page=index))

    blocks: list = []
    in_table: dict[int, list[int]] = {}
    for run in _table_runs(rows, any_border):
        for r in run:
            in_table[r] = run
    done: set[int] = set()
    for r in sorted(rows):
        if r in done:
            continue
        run = in_table.get(r)
        if run is None:
            texts = [text for _, (text, _) in sorted(rows[r].items()) if text]
            if texts:
                blocks.append(Paragraph("\t".join(texts), Location(r, index)))
            continue
        columns = [c for rr in run for c, (text, bordered) in rows.get(rr, {}).items() if text or bordered]
        first, last = min(columns), max(columns)
        limits.check(path, f"grid positions of the table at row {run[0]} of sheet {index}",
                     len(run) * (last - first + 1), "MAX_TABLE_CELLS", line=run[0])
        grid = []
        for rr in run:
            cells = rows.get(rr, {})
            # with borders, a row ends at its last bordered or filled cell (a short row stays short)
            end = max((c for c in cells if c <= last), default=last) if any_border else last
            grid.append([Cell(cells.get(c, ("", False))[0], Location(rr, index),
                              () if (rr, c) in spanned else (rr,)) for c in range(first, end + 1)])
        blocks.append(Table(grid, Location(run[0], index), run[-1]))
        done.update(run)
    last_row = max(rows, default=0)
    lines = ["\t".join(text for _, (text, _) in sorted(rows.get(r, {}).items()) if text)
             for r in range(1, last_row + 1)]
    return blocks, lines


def _a1(merge: tuple[int, int, int, int]) -> str:
    from openpyxl.utils import get_column_letter

    r1, c1, r2, c2 = merge
    return f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"


def read_xlsx(path: Path, data: bytes, sha256: str) -> Document:
    """Parse an .xlsx workbook into a Document (see the module docstring for the rules).

    Raises:
        ParseError: openpyxl is missing, the file is not a readable workbook, or it holds no
            value at all.
    """
    try:
        import openpyxl
    except ImportError:
        raise ParseError(path, "reading .xlsx needs openpyxl: pip install 'hcfin[office]'") from None
    archive = checked_zip(path, data, ".xlsx")
    names = set(archive.namelist())
    try:
        paths = _sheet_paths(archive)
        # our own bounded streaming pass first: openpyxl sizes each sheet by parsing it whole
        scans = {name: _scan_sheet(archive, part, path) for name, part in paths.items() if part in names}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise ParseError(path, f"damaged or truncated .xlsx (zip) file ({exc})") from None
    except ParseError:
        raise
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors, ValueError...)
        raise ParseError(path, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    blocks: list = []
    lines: list[str] = []
    issues: list[Issue] = []
    try:
        for index, name in enumerate(workbook.sheetnames, 1):
            ws = workbook[name]
            if not hasattr(ws, "iter_rows"):
                continue  # a chart sheet
            if getattr(ws, "sheet_state", "visible") != "visible":
                issues.append(Issue("warning", "hidden_sheet", f"工作表“{name}”为隐藏工作表，仍已读取", page=index))
            try:
                scan = scans.get(name, _SheetXml())
                sheet_blocks, sheet_lines = _read_sheet(ws, index, scan, issues, path)
            except ParseError:
                raise
            except Exception as exc:
                raise ParseError(path, f"sheet {name!r} cannot be read ({type(exc).__name__}: {exc})") from None
            blocks += sheet_blocks
            lines += sheet_lines
    finally:
        workbook.close()
        archive.close()
    if not blocks:
        raise ParseError(path, "workbook has no filled cell; expected a 部门决算 disclosure")
    if not any(isinstance(block, Table) for block in blocks):
        issues.append(Issue("warning", "no_tables", "工作簿中没有表格，只读取了文字行"))
    return Document(path=path, sha256=sha256, format="xlsx", blocks=blocks, lines=lines, issues=issues)
