"""Re-render a correctly read disclosure's tables in many layouts and four formats.

A *source* (a :class:`Disclosure`, or a path to load) is re-written with its paragraphs as
they are and every recognised table rebuilt from its facts in the layout a :class:`Variant`
describes: the code in one cell, split 类 | 款 | 项, in a cell spanning 类/款/项 or joined with the
name; 1, 2 or 3 header rows with merged cells; a 决算数 row under every amount column; a 栏次 row;
合计 first or last; zeros printed 0.00 or blank; columns in another order; 元 instead of 万元
(values scaled exactly); thousands separators; the 三公 table with its 预算数/决算数 blocks above or
below the items or as the columns of one row per item; 06表 in 2 or 3 groups under an optional
人员经费 | 公用经费 row; headers drawn without merges (every table, 三公 included); a table
continued in a second grid that repeats its header. Formats: ``html``, ``docx``, ``xlsx`` and
``text`` (the seed's one-cell-per-line layout). A grid with no title (a list of units, say) is
written as it was read.

Every variant states the same facts, so reading it back must give the same facts (compare with
:func:`fact_keys`) and the same findings (:func:`finding_keys`). Two variants change what is
printed on purpose and say so: ``zeros`` other than ``"printed"`` print some zeros blank (compare
facts with ``blank_is_zero``), and ``unit="元"`` prints every amount ×10000 with the same decimals,
which claims a precision the 万元 figure did not have; :func:`finding_keys` says how each is
compared.

API: :func:`variants`, :func:`render`, :func:`write_corpus`, :func:`fact_keys`, :func:`finding_keys`.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

import hcfin
from hcfin.disclosure import Disclosure
from hcfin.model import Paragraph, Table
from hcfin.tables.keys import measure_key

from .document_variants import paragraph_role, restyle

FORMATS = ("html", "docx", "xlsx", "text")
SUFFIX = {"html": ".html", "docx": ".docx", "xlsx": ".xlsx", "text": ".txt", "pdf": ".pdf"}
CODE_TABLES = ("T02", "T03", "T05", "T07", "T08")
PARENT = {"T02": "本年收入", "T03": "本年支出", "T05": "本年支出", "T07": "本年支出", "T08": "本年支出"}
GENERIC_LEAVES = ("合计", "小计")
SUB_HEADER = "决算数"
UNIT_LINE = re.compile(r"(单位\s*[:：]\s*)万元")
SANGONG_ITEMS = {"total": ("合计",), "abroad": ("因公出国（境）费",),
                 "vehicle_total": ("公务用车购置及运行维护费", "小计"),
                 "vehicle_purchase": ("公务用车购置及运行维护费", "公务用车购置费"),
                 "vehicle_operation": ("公务用车购置及运行维护费", "公务用车运行维护费"),
                 "reception": ("公务接待费",)}
SANGONG_ORDER = ("total", "abroad", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")
BLOCK_WORDS = {"budget": "预算数", "actual": "决算数"}
ROW_NAMES = {"total": "合计", "abroad": "因公出国（境）费", "vehicle_total": "公务用车购置及运行维护费",
             "vehicle_purchase": "其中：公务用车购置费", "vehicle_operation": "公务用车运行维护费",
             "reception": "公务接待费"}


@dataclass(frozen=True)
class Variant:
    """One way of laying the tables out (see the module docstring for each field's meaning)."""

    name: str
    code: str = "single"          # single | split | spanning | joined
    grouped: bool = False         # amount columns under a parent (本年支出 …): one more header row
    sub_header: bool = False      # a 决算数 row under every amount column
    label_parent: bool = False    # 项目 over the code and name columns
    column_numbers: bool = False  # a 栏次 row (1, 2, 3 …) under the header
    total_last: bool = False
    zeros: str = "printed"        # printed | blank (every zero blank) | mixed (blank in every other table)
    reverse_columns: bool = False
    unit: str = "万元"             # 万元 | 元 (values ×10000, same decimals)
    thousands: bool = False
    # blocks_on_top (预算数 | 决算数 above the items) | items_on_top | items_as_rows | blocks_as_rows
    sangong: str = "blocks_on_top"
    economic_groups: int = 3      # T06: code / name / amount groups side by side
    economic_split: bool = False  # T06: code split 类 | 款
    economic_parent: bool = False  # T06: a row naming the groups (人员经费 | 公用经费) above 决算数
    merged_headers: bool = True   # False: headers drawn without merges (blank cells instead)
    continued: bool = False       # code tables, 06表, 01/04表 split in two grids, the second repeating the header
    titles: str = "national"      # national | numbered | sichuan | yunnan | beijing (tests.document_variants)
    captions_in_grid: bool = False  # title, 公开0X表 and 部门/单位 lines as the grid's first rows
    empty_note: str = "printed"   # printed | in_grid | above | bare: where and how 本表无数据 is said

    @property
    def blank_is_zero(self) -> bool:
        return self.zeros != "printed"

    @property
    def header_rows(self) -> int:
        """Rows of the amount header of a code table (1 to 3)."""
        return 1 + self.grouped + self.sub_header


def variants() -> list[Variant]:
    """The layouts the tests cover: each at least once, most combined with others."""
    return [
        Variant("flat-single"),
        Variant("grouped", grouped=True, label_parent=True),
        Variant("split-3rows", code="split", grouped=True, label_parent=True),
        Variant("national-template", code="spanning", sub_header=True, label_parent=True, column_numbers=True,
                economic_parent=True),
        Variant("joined", code="joined"),
        Variant("joined-3rows", code="joined", grouped=True, sub_header=True),
        Variant("total-last", grouped=True, total_last=True, sangong="items_on_top"),
        Variant("zeros-blank", zeros="blank", economic_split=True, sangong="items_as_rows"),
        Variant("zeros-mixed-thousands", zeros="mixed", thousands=True, code="split"),
        Variant("reversed", reverse_columns=True, grouped=True, sangong="items_on_top", economic_groups=2),
        Variant("yuan", unit="元", thousands=True, sangong="items_as_rows", economic_parent=True),
        Variant("column-numbers-split", code="split", column_numbers=True, economic_groups=2, continued=True),
        Variant("unmerged-continued", code="split", grouped=True, sub_header=True, label_parent=True,
                merged_headers=False, continued=True, sangong="items_on_top", economic_split=True,
                economic_parent=True),
        Variant("unmerged-blocks", merged_headers=False, column_numbers=True, thousands=True),
        Variant("shanghai-web", sub_header=False, label_parent=True, total_last=True, sangong="items_on_top",
                thousands=True),
        Variant("hubei-numbered", titles="numbered", grouped=True, empty_note="bare", sangong="items_on_top"),
        Variant("sichuan-extras", titles="sichuan", code="split", label_parent=True, empty_note="above"),
        Variant("yunnan-titles", titles="yunnan", captions_in_grid=True, sangong="items_as_rows", total_last=True),
        Variant("portal-captions", titles="beijing", captions_in_grid=True, empty_note="in_grid", sub_header=True,
                label_parent=True, code="spanning"),
        Variant("sangong-blocks-as-rows", sangong="blocks_as_rows", zeros="blank", code="joined", grouped=True),
        Variant("everything", code="spanning", grouped=True, sub_header=True, label_parent=True, total_last=True,
                zeros="mixed", reverse_columns=True, unit="元", thousands=True, sangong="items_on_top",
                economic_split=True, economic_groups=2),
    ]


# --------------------------------------------------------------------------- logical grids

@dataclass
class Span:
    """One printed cell: its text and how many rows and columns it covers."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    number: str | None = None  # the plain number behind a value cell (for XLSX), else None


Grid = list[list[Span | None]]  # None: a position covered by a span that starts elsewhere


def _place(rows: list[list[Span]], width: int) -> Grid:
    """Lay rows of spans out on a full grid (each row lists only the spans that start in it)."""
    grid: Grid = [[None] * width for _ in rows]
    covered = [[False] * width for _ in rows]
    for r, row in enumerate(rows):
        c = 0
        for span in row:
            while c < width and covered[r][c]:
                c += 1
            if c + span.colspan > width:
                raise ValueError(f"row {r} overflows {width} columns")
            grid[r][c] = span
            for dr in range(span.rowspan):
                for dc in range(span.colspan):
                    covered[r + dr][c + dc] = True
            c += span.colspan
    return grid


def header_rows(paths: list[tuple]) -> list[list[Span]]:
    """Header rows for columns given as paths (top … leaf); ``None`` in a path continues the cell
    above (merged down), and a path shorter than the deepest is merged down from its leaf."""
    height = max(len(p) for p in paths)
    full = [tuple(p) + (None,) * (height - len(p)) for p in paths]
    rows: list[list[Span]] = [[] for _ in range(height)]
    for depth in range(height):
        c = 0
        while c < len(full):
            name = full[c][depth]
            if name is None:
                c += 1
                continue
            stop = c + 1
            while stop < len(full) and full[stop][:depth + 1] == full[c][:depth + 1]:
                stop += 1
            down = 1
            while depth + down < height and all(full[k][depth + down] is None for k in range(c, stop)):
                down += 1
            rows[depth].append(Span(name, stop - c, down))
            c = stop
    return rows


# --------------------------------------------------------------------------- numbers

def _number(value: str | None, variant: Variant, table_index: int) -> Span:
    if value is None:
        return Span("")
    amount = Decimal(value)
    if amount == 0 and (variant.zeros == "blank" or (variant.zeros == "mixed" and table_index % 2)):
        return Span("")
    decimals = len(value.split(".", 1)[1]) if "." in value else 0
    if variant.unit == "元":
        amount *= 10000
    plain = f"{amount:.{decimals}f}"
    text = f"{amount:,.{decimals}f}" if variant.thousands else plain
    return Span(text, number=plain)


# --------------------------------------------------------------------------- tables from facts

def _present(value) -> str | None:
    """A fact field, with pandas' missing values (None, NaN, <NA>) as None."""
    return None if value is None or value is pd.NA or value != value else value


def _rows_of(facts) -> list[dict]:
    """The facts of one table grouped into printed rows, in printed order."""
    rows: dict = {}
    for rec in facts.to_dict("records"):
        rec = {k: _present(v) for k, v in rec.items()}
        key = (rec["side"], rec["row"])
        row = rows.setdefault(key, {"code": rec["code"], "label": rec["label"] or "", "row_key": rec["row_key"],
                                    "row_no": rec["row_no"], "side": rec["side"], "values": {}})
        row["values"][rec["measure_path"]] = rec["value"]
    return list(rows.values())


def _measure_paths(facts) -> list[tuple[str, str]]:
    """(measure_key, measure_path) of a table's columns in printed order."""
    return list(dict.fromkeys(zip(facts["measure_key"], facts["measure_path"])))


def _column_path(table_id: str, key: str, path: str, variant: Variant) -> tuple[str, ...]:
    parts = tuple(p for p in path.split("/") if p and p != SUB_HEADER)
    leaf = parts[-1]
    flat = "".join(parts) if leaf in GENERIC_LEAVES and len(parts) > 1 else leaf
    out: tuple[str, ...] = (flat,)
    if variant.grouped:
        parent = parts[0] if len(parts) > 1 else PARENT[table_id]
        grouped = (parent, leaf if len(parts) > 1 else flat)
        if measure_key(table_id, list(grouped)) == key:
            out = grouped
    if measure_key(table_id, list(out)) != key:
        out = tuple(parts)
    if variant.sub_header:
        out += (SUB_HEADER,)
    return out


def _code_table(table_id: str, facts, variant: Variant, table_index: int) -> list:
    measures = _measure_paths(facts)
    if variant.reverse_columns:
        measures = measures[::-1]
    columns = [_column_path(table_id, key, path, variant) for key, path in measures]
    code_word = "功能分类科目编码"
    if variant.code == "joined":
        labels = [("项目",)]
    elif variant.code in ("split", "spanning"):
        labels = [(code_word, "类"), (code_word, "款"), (code_word, "项"), ("科目名称",)]
    else:
        labels = [(code_word,), ("科目名称",)]
    if variant.label_parent and variant.code != "joined":
        labels = [("项目",) + lab for lab in labels]
    rows = header_rows(labels + columns)  # a shallow column is merged down from its leaf
    width = len(labels) + len(columns)
    if not variant.merged_headers:
        rows = _unmerged(rows, width)
    if variant.column_numbers:
        rows.append([Span("栏次", len(labels))] + [Span(str(i)) for i in range(1, len(columns) + 1)])
    header_count = len(rows)
    body = _rows_of(facts)
    totals = [row for row in body if row["row_key"] == "total"]
    others = [row for row in body if row["row_key"] != "total"]
    for row in (others + totals) if variant.total_last else (totals + others):
        if row["code"]:
            rows.append(_code_cells(row, variant) + [_number(row["values"].get(p), variant, table_index)
                                                      for _, p in measures])
        else:
            rows.append([Span(row["label"], len(labels))] + [_number(row["values"].get(p), variant, table_index)
                                                               for _, p in measures])
    if variant.continued and len(rows) > header_count + 2:
        middle = header_count + (len(rows) - header_count) // 2
        return [_place(rows[:middle], width), "（续表）", _place(rows[:header_count] + rows[middle:], width)]
    return [_place(rows, width)]


def _unmerged(rows: list[list[Span]], width: int) -> list[list[Span]]:
    """Header rows with every merge undone: the name in the first position, blank cells in the rest."""
    grid = _place(rows, width)
    return [[Span(span.text) if span is not None else Span("") for span in row] for row in grid]


def _code_cells(row: dict, variant: Variant) -> list[Span]:
    code, label = row["code"], row["label"]
    if variant.code == "joined":
        return [Span(f"{code} {label}")]
    if variant.code == "split":
        return [Span(code[:3]), Span(code[3:5]), Span(code[5:7]), Span(label)]
    if variant.code == "spanning":
        return [Span(code, 3), Span(label)]
    return [Span(code), Span(label)]


def _sangong(facts, variant: Variant, table_index: int) -> Grid:
    values = {rec["measure_key"]: _present(rec["value"]) for rec in facts.to_dict("records")}
    items = [item for item in SANGONG_ORDER if f"actual_{item}" in values or f"budget_{item}" in values]
    if not {"vehicle_purchase", "vehicle_operation"} & set(items):
        paths = dict(SANGONG_ITEMS, vehicle_total=("公务用车购置及运行维护费",))
    else:
        paths = SANGONG_ITEMS
    blocks = ["budget", "actual"]
    if variant.reverse_columns:
        items, blocks = items[::-1], blocks[::-1]
    if variant.sangong == "blocks_as_rows":  # 项目 | the items …, one row 预算数 and one row 决算数
        rows = header_rows([("项目",)] + [paths[item] for item in items])
        for block in blocks:
            rows.append([Span(BLOCK_WORDS[block])] + [_number(values.get(f"{block}_{item}"), variant, table_index)
                                                       for item in items])
        return _place(rows, 1 + len(items))
    if variant.sangong == "items_as_rows":
        rows = [[Span("项目")] + [Span(BLOCK_WORDS[block]) for block in blocks]]
        for item in items:
            name = ROW_NAMES[item]
            rows.append([Span(name)] + [_number(values.get(f"{block}_{item}"), variant, table_index)
                                        for block in blocks])
        return _place(rows, 1 + len(blocks))
    keys, columns = [], []
    if variant.sangong == "items_on_top":
        deepest = max(len(paths[i]) for i in items)
        for item in items:
            for block in blocks:
                keys.append(f"{block}_{item}")
                item_path = paths[item] + (None,) * (deepest - len(paths[item]))
                columns.append(("财政拨款“三公”经费",) + item_path + (BLOCK_WORDS[block],))
    else:
        for block in blocks:
            for item in items:
                keys.append(f"{block}_{item}")
                columns.append((BLOCK_WORDS[block],) + paths[item])
    rows = header_rows(columns)
    if not variant.merged_headers:
        rows = _unmerged(rows, len(columns))
    if variant.column_numbers:
        rows.append([Span(str(i)) for i in range(1, len(columns) + 1)])
    rows.append([_number(values.get(key), variant, table_index) for key in keys])
    return _place(rows, len(columns))


def _two_sided(facts, variant: Variant, table_index: int) -> Grid:
    sides = []
    for side in ("income", "expenditure"):
        part = facts[facts["side"] == side]
        measures = list(dict.fromkeys(part["measure_path"]))
        has_row_no = part["row_no"].notna().any()
        sides.append((part, measures, has_row_no, _rows_of(part)))
    widths = [1 + has_row_no + len(measures) for _, measures, has_row_no, _ in sides]
    rows = [[Span("收入", widths[0]), Span("支出", widths[1])]]
    rows.append([Span(text) for _, measures, has_row_no, _ in sides
                 for text in ["项目"] + (["行次"] if has_row_no else []) + measures])
    if not variant.merged_headers:
        rows = _unmerged(rows, sum(widths))
    height = max(len(body) for *_, body in sides)
    for index in range(height):
        cells = []
        for _, measures, has_row_no, body in sides:
            row = body[index] if index < len(body) else None
            cells.append(Span(row["label"] if row else ""))
            if has_row_no:
                cells.append(Span(row["row_no"] or "" if row else ""))
            cells += [_number(row["values"].get(m), variant, table_index) if row else Span("") for m in measures]
        rows.append(cells)
    return _place(rows, sum(widths))


def _economic(facts, variant: Variant, table_index: int) -> Grid:
    body = _rows_of(facts)
    lines = [row for row in body if row["row_key"] is None]
    footer = {row["row_key"]: row for row in body if row["row_key"]}
    groups = variant.economic_groups
    size = 4 if variant.economic_split else 3
    per = -(-len(lines) // groups)
    chunks = [lines[g * per:(g + 1) * per] for g in range(groups)]
    head = ([Span("经济分类科目编码", 2)] if variant.economic_split else [Span("经济分类科目编码")]) + \
        [Span("科目名称"), Span(SUB_HEADER)]
    rows = [head * groups]
    if variant.economic_parent and groups > 1:
        rows.insert(0, [Span("人员经费", size), Span("公用经费", size * (groups - 1))])
    if not variant.merged_headers:
        rows = _unmerged(rows, size * groups)
    measure = _measure_paths(facts)[0][1]
    for index in range(per):
        cells = []
        for chunk in chunks:
            row = chunk[index] if index < len(chunk) else None
            code = row["code"] if row else ""
            if variant.economic_split:
                cells += [Span(code[:3]), Span(code[3:])]
            else:
                cells.append(Span(code))
            cells.append(Span(row["label"] if row else ""))
            cells.append(_number(row["values"].get(measure), variant, table_index) if row else Span(""))
        rows.append(cells)
    width = size * groups
    if footer:
        personnel, public = footer.get("personnel_total"), footer.get("public_total")
        rows.append([Span(personnel["label"] if personnel else "人员经费合计", size - 1),
                     _number(personnel["values"].get(measure) if personnel else None, variant, table_index),
                     Span(public["label"] if public else "公用经费合计", width - size - 1),
                     _number(public["values"].get(measure) if public else None, variant, table_index)])
    return _place(rows, width)


def _table_pieces(table_id: str, facts, variant: Variant, table_index: int) -> list:
    """A table as printed: one grid, or (``continued``) two grids with a 续表 line between."""
    if table_id in ("T01", "T04"):
        return _continued(_two_sided(facts, variant, table_index), 2, variant)
    if table_id == "T06":
        economic = _economic(facts, variant, table_index)
        return _continued(economic, 1 + (variant.economic_parent and variant.economic_groups > 1), variant)
    if table_id == "T09":
        return [_sangong(facts, variant, table_index)]
    return _code_table(table_id, facts, variant, table_index)


def _continued(grid: Grid, header_count: int, variant: Variant) -> list:
    """A placed grid as printed: whole, or (``continued``) cut in two with its header repeated."""
    if not variant.continued or len(grid) <= header_count + 2:
        return [grid]
    middle = header_count + (len(grid) - header_count) // 2
    return [grid[:middle], "（续表）", grid[:header_count] + grid[middle:]]


def _as_is(table: Table) -> Grid:
    width = max(len(row) for row in table.rows)
    return [[Span(cell.text) for cell in row] + [Span("")] * (width - len(row)) for row in table.rows]


def blocks(source: Disclosure, variant: Variant) -> list:
    """The document as paragraphs (str) and table grids, tables rebuilt in the variant's layout
    and the document around them restyled (:mod:`tests.document_variants`)."""
    found = source.tables_found[source.tables_found["found"].astype(bool)]
    starts = {int(row.first_line): (row.table, int(row.last_line)) for row in found.itertuples()}
    spans = sorted((first, last) for first, (_, last) in starts.items())
    out: list = []
    roles: list = []
    for block in source.document.blocks:
        if isinstance(block, Paragraph):
            text = UNIT_LINE.sub(r"\g<1>元", block.text) if variant.unit == "元" else block.text
            out.append(text)
            roles.append(paragraph_role(found, block.line))
        elif block.line in starts:
            table_id = starts[block.line][0]
            facts = source.facts[source.facts["table"] == table_id]
            pieces = [_as_is(block)] if facts.empty else _table_pieces(table_id, facts, variant, len(out))
            out += pieces
            roles += [("grid", table_id)] * len(pieces)
        elif not any(first < block.line <= last for first, last in spans):
            out.append(_as_is(block))  # a grid without a title; a continuation is part of its table
            roles.append(None)
    return restyle(out, roles, variant)


# --------------------------------------------------------------------------- writers

def _html(items: list[str | Grid]) -> bytes:
    out = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>部门决算</title></head><body>']
    for item in items:
        if isinstance(item, str):
            out.append(f"<p>{html.escape(item)}</p>")
            continue
        out.append('<table border="1" cellspacing="0">')
        for row in item:
            cells = []
            for span in row:
                if span is None:
                    continue
                attrs = (f' colspan="{span.colspan}"' if span.colspan > 1 else "") + \
                    (f' rowspan="{span.rowspan}"' if span.rowspan > 1 else "")
                cells.append(f"<td{attrs}>{html.escape(span.text)}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out).encode("utf-8")


def _origins(grid: Grid) -> dict[tuple[int, int], tuple[int, int]]:
    """Each covered position -> the position of the span covering it."""
    owner = {}
    for r, row in enumerate(grid):
        for c, span in enumerate(row):
            if span is not None:
                for dr in range(span.rowspan):
                    for dc in range(span.colspan):
                        owner[(r + dr, c + dc)] = (r, c)
    return owner


def _text(items: list[str | Grid]) -> bytes:
    lines: list[str] = []
    for item in items:
        if isinstance(item, str):
            lines.append(item.lstrip("\t "))
            continue
        owner = _origins(item)
        for r, row in enumerate(item):
            for c in range(len(row)):
                r0, c0 = owner.get((r, c), (r, c))
                if (r0, c0) == (r, c):
                    lines.append("\t" + (row[c].text if row[c] else ""))
                elif r0 < r and c0 == c:
                    lines.append("\t")  # a cell merged down shows as a blank cell below
            lines.append("")
    return ("\n".join(lines) + "\n").encode("utf-8")


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w_text(text: str) -> str:
    if not text:
        return "<w:p/>"
    return f'<w:p><w:r><w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t></w:r></w:p>'


def _docx(items: list[str | Grid]) -> bytes:
    body = []
    for item in items:
        if isinstance(item, str):
            body.append(_w_text(item))
            continue
        width = len(item[0])
        owner = _origins(item)
        xml = ["<w:tbl><w:tblPr><w:tblBorders>" + "".join(
            f'<w:{side} w:val="single" w:sz="4"/>' for side in ("top", "left", "bottom", "right", "insideH",
                                                                  "insideV")) + "</w:tblBorders></w:tblPr>",
               "<w:tblGrid>" + '<w:gridCol w:w="800"/>' * width + "</w:tblGrid>"]
        for r, row in enumerate(item):
            xml.append("<w:tr>")
            c = 0
            while c < width:
                r0, c0 = owner[(r, c)]
                span = item[r0][c0]
                if c0 != c:
                    c += 1
                    continue
                props = (f'<w:gridSpan w:val="{span.colspan}"/>' if span.colspan > 1 else "")
                if span.rowspan > 1:
                    props += '<w:vMerge w:val="restart"/>' if r0 == r else "<w:vMerge/>"
                content = _w_text(span.text) if r0 == r else "<w:p/>"
                xml.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>")
                c += span.colspan
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        body.append("".join(xml))
        body.append("<w:p/>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}">'
                f'<w:body>{"".join(body)}</w:body></w:document>')
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                               'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                               'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
                               'application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
                               'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                       'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                       'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": document,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _xlsx(items: list[str | Grid]) -> bytes:
    import openpyxl
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "部门决算"
    r = 1
    for item in items:
        if isinstance(item, str):
            cell = sheet.cell(r, 1)
            cell.value = item
            cell.data_type = "s"
            r += 1
            continue
        for row in item:
            for c, span in enumerate(row, 1):
                cell = sheet.cell(r, c)
                cell.border = border
                if span is None:
                    continue
                if span.colspan > 1 or span.rowspan > 1:
                    sheet.merge_cells(start_row=r, start_column=c, end_row=r + span.rowspan - 1,
                                      end_column=c + span.colspan - 1)
                if span.number is not None:
                    decimals = len(span.number.split(".", 1)[1]) if "." in span.number else 0
                    cell.value = float(span.number) if decimals else int(span.number)
                    fraction = ("." + "0" * decimals) if decimals else ""
                    cell.number_format = ("#,##0" if "," in span.text else "0") + fraction
                elif span.text:
                    cell.value = span.text
                    cell.data_type = "s"
            r += 1
        r += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WRITERS = {"html": _html, "docx": _docx, "xlsx": _xlsx, "text": _text}


def render(source: Disclosure | Path | str, variant: Variant, fmt: str, style=None) -> bytes:
    """The source re-written in ``variant``'s layout as a file of format ``fmt`` (see :data:`FORMATS`;
    ``"pdf"`` draws the pages in ``style``, a :class:`tests.layout_pdf.PdfStyle`, see that module)."""
    if fmt not in WRITERS and fmt != "pdf":
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)} or pdf")
    if not isinstance(source, Disclosure):
        source = hcfin.load(source)
    if fmt == "pdf":
        from .layout_pdf import pdf_styles, write_pdf

        return write_pdf(blocks(source, variant), style or pdf_styles()[0], source.meta.get("unit") or "")
    return WRITERS[fmt](blocks(source, variant))


def write_corpus(sources: list, out_dir: Path, n: int) -> list[Path]:
    """Write ``n`` files into ``out_dir``, cycling through sources × variants × formats.

    File names say which: ``<source stem>--<variant>.<ext>``; returns the paths in order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    loaded = [(s if isinstance(s, Disclosure) else hcfin.load(s)) for s in sources]
    all_variants = variants()
    paths = []
    for index in range(n):
        source = loaded[index % len(loaded)]
        variant = all_variants[(index // len(loaded)) % len(all_variants)]
        fmt = FORMATS[(index // (len(loaded) * len(all_variants)) + index) % len(FORMATS)]
        stem = Path(source.meta["source_path"]).stem
        path = out_dir / f"{stem}--{index:04d}-{variant.name}{SUFFIX[fmt]}"
        path.write_bytes(render(source, variant, fmt))
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- comparison

def fact_keys(d: Disclosure, blank_is_zero: bool = False) -> Counter:
    """The facts as a multiset of (table, side, code, row_key, label, measure_key, amount in 万元 or None).

    Amounts are scaled to 万元 from the table's currency unit; with ``blank_is_zero`` a zero
    and a blank compare equal (for variants that print zeros blank)."""
    scale = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}
    keys = Counter()
    for rec in d.facts.to_dict("records"):
        rec = {k: _present(v) for k, v in rec.items()}
        value = rec["value"]
        amount = None
        if value is not None:
            amount = (Decimal(value) * scale.get(rec["currency_unit"], Decimal(1))).normalize()
        if blank_is_zero and amount is not None and amount == 0:
            amount = None
        label = "".join(str(rec["label"] or "").split())
        row_key = rec["row_key"]
        if rec["table"] == "T09":  # one row, or one row per item: a 三公 figure is its measure key
            label, row_key = "", None
        keys[(rec["table"], rec["side"], rec["code"], row_key, label, rec["measure_key"],
              None if amount is None else str(amount))] += 1
    return keys


LINE_REF = re.compile(r"第\d+(?:[,，、–-]\d+)*行")


ROUNDING_SLACK = Decimal("0.1")  # 万元: ten units of the last printed decimal


def finding_keys(results, variant: Variant | None = None, text_rules: bool = True) -> Counter:
    """Findings as a multiset of (rule, location without line numbers, status); D5 (reader notes,
    which differ by format) is left out, and with ``text_rules=False`` the rules on the text (N*,
    S*) too — for a PDF source, whose text lines are its printed lines: a rendition writes each
    paragraph on one line, and a rule that reads a statement's line may then see more of it.

    Two variants print what the source printed in another form, and the checks rightly judge
    the new form a little differently; for them the agreeing statuses are merged into one,
    and the findings that report a problem must still be the same:

    * zeros printed blank: an identity over printed zeros is ``exact`` (0.00 stands for ±0.005),
      the same identity over blank cells ``not_applicable`` (or no result for a row of blanks) or,
      where a blank's exact 0 narrows a sum's interval, ``rounding``: only the findings that
      report a problem are compared;
    * amounts printed in 元: a 万元 figure ×10000 claims a precision it never had, so a sum that
      agreed within the rounding of 0.01 万元 may now miss by up to that much (a difference of at
      most :data:`ROUNDING_SLACK` 万元 is taken as agreeing): exact, rounding and such a mismatch
      are one status, ``agrees``.
    """
    keys = Counter()
    for rec in results.to_dict("records"):
        if rec["rule_id"] == "D5" or (not text_rules and rec["rule_id"][:1] in ("N", "S")):
            continue
        status = rec["status"]
        if variant is not None and variant.unit == "元":
            if status in ("exact", "rounding") or (status == "mismatch" and _small(rec["difference"])):
                status = "agrees"
        if variant is not None and variant.blank_is_zero and status in ("exact", "rounding", "agrees",
                                                                         "not_applicable"):
            continue  # a row of blanks may give no result at all
        keys[(rec["rule_id"], LINE_REF.sub("第…行", str(rec["location"])), status)] += 1
    return keys


def _small(difference) -> bool:
    try:
        return abs(Decimal(str(difference))) <= ROUNDING_SLACK
    except ArithmeticError:
        return False

