"""Layout rules beyond the seed, on small synthetic documents (no PDF library needed).

Each grid below copies a Shanghai layout described in docs/pdf-shanghai-layouts.md (rows
as a reader gives them: a merged cell once, "" below a cell merged down), written in the
seed's text format and loaded with :func:`hcfin.load`.
"""

from __future__ import annotations

import re
from pathlib import Path

import hcfin
from hcfin.model import Document, Location, Paragraph
from hcfin.tables import find_tables
from hcfin.tables.header import read_header
from hcfin.tables.layout import find_data_start, is_data_row
from hcfin.tables.recognize import unit_from_headings

T02_SPLIT = ("收入决算表", [
    ["项目", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
    ["支出功能分类", "科目名称", "", "", "", "", "", "", ""],
    ["科目编码", "", "", "", "", "", "", "", ""],
    ["类", "款", "项", "合计", "2,946.25", "2,940.05", "", "", "", "", "6.20"],
    ["201", "", "", "一般公共服务支出", "2,112.86", "2,106.66", "", "", "", "", "6.20"],
    ["201", "06", "01", "行政运行", "1,511.90", "1,511.89", "", "", "", "", "0.01"],
])
T05_TOTAL_LAST = ("一般公共预算财政拨款支出决算表", [
    ["项目", "合计", "基本支出", "项目支出"],
    ["功能分类科目编码", "科目名称", "", "", ""],
    ["2080505", "机关事业单位基本养老保险缴费支出", "446.11", "446.11", "0.00"],
    ["合计", "9746.50", "5364.75", "4381.74"],
])
T06_SPLIT = ("一般公共预算财政拨款基本支出决算表", [
    ["经济分类", "科目名称", "决算数", "经济分类", "科目名称", "决算数"],
    ["科目编码", "", "", "科目编码", "", ""],
    ["类", "款", "", "", "类", "款", "", ""],
    ["301", "", "工资福利支出", "2,082.85", "302", "", "商品和服务支出", "171.07"],
    ["301", "01", "基本工资", "262.33", "302", "01", "办公费", "21.21"],
    ["人员经费合计", "2,152.26", "公用经费合计", "184.65"],
])
T09_PAIRED = ("财政拨款“三公”经费支出决算表", [
    ["财政拨款“三公”经费"],
    ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"],
    ["", "", "小计", "公务用车购置费", "公务用车运行费", ""],
    [""] * 10,
    ["预算数", "决算数"] * 6,
    ["0.95", "", "", "", "", "", "", "", "", "", "0.95", "0.40"],
])
T07_SHARED = ("政府性基金预算财政拨款收入支出决算表", [
    ["项目", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"],
    ["功能分类科目编码", "科目名称", "", "", "", ""],
    ["合计", "", "", "合计", "基本支出", "项目支出", ""],
    [""] * 8,
])
T04_REPEATED = ("财政拨款收入支出决算总表", [
    ["收入", "支出"],
    ["项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
    ["一、一般公共预算财政拨款", "2,940.05", "一、一般公共服务支出", "2,106.66", "2,106.66", "", ""],
    ["本年收入合计", "2,940.05", "本年支出合计", "2,940.05", "2,940.05", "", ""],
    ["年初财政拨款结转和结余", "21.63", "年末财政拨款结转和结余", "21.63", "21.63", "", ""],
    ["一、一般公共预算财政拨款", "21.63", "", "", "", "", ""],
    ["总计", "2,961.68", "总计", "2,961.68", "2,961.68", "", ""],
])


def write(tmp_path: Path, *tables, heading: str = "第二部分上海市普陀区示例局2024年度部门决算表",
          after: dict | None = None) -> Path:
    """A disclosure in the seed's text format: one cell per tab line, a blank line per row."""
    lines = [heading, ""]
    for title, rows in tables:
        lines += [title, "单位：万元"]
        for row in rows:
            lines += ["\t" + (cell or "\u3000") for cell in row] + [""]
        lines += (after or {}).get(title, [])
    path = tmp_path / "shanghai-style.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def facts_of(disclosure, table):
    return disclosure.facts[disclosure.facts["table"] == table]


def value(facts, **where):
    part = facts
    for column, wanted in where.items():
        part = part[part[column] == wanted]
    assert len(part) == 1, part
    found = part.iloc[0]["value"]
    return found if isinstance(found, str) else None


def test_header_units_from_ragged_rows():
    seed_t09 = [["预算数", "决算数"],
                ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"] * 2,
                ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""] * 2]
    units = read_header(seed_t09)
    assert len(units) == 12
    assert units[2].path == ("预算数", "公务用车购置及运行维护费", "小计")
    paired = read_header(T09_PAIRED[1][:5])  # the all-blank row is skipped
    assert [u.path[-1] for u in paired] == ["预算数", "决算数"] * 6
    assert paired[5].path == ("财政拨款“三公”经费", "公务用车购置及运行费", "小计", "决算数")
    split = read_header([["项目", "合计", "基本支出", "项目支出"], ["支出功能分类", "科目名称", "", "", ""],
                         ["科目编码", "", "", "", ""], ["类", "款", "项", "", "", "", ""]])
    assert [u.label for u in split] == [True] * 4 + [False] * 3
    assert split[1].path == ("项目", "支出功能分类", "科目编码", "款")
    assert read_header([["项目", "合计", "基本支出"], ["功能分类科目编码", "科目名称", "", "", ""]]) is None


def test_header_of_a_full_width_grid_with_filled_in_merges():
    """HTML/DOCX/XLSX readers expand merged cells: a spanned position is a blank without lines.
    Right of a named cell it is read as merged across, else as merged down."""
    texts = [["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
             ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"] * 2,
             ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""] * 2]
    spanned = [[c % 6 != 0 for c in range(12)],
               [c % 6 in (3, 4) for c in range(12)],
               [False] * 12]
    units = read_header(texts, spanned)
    assert [u.path for u in units][2:5] == [("预算数", "公务用车购置及运行维护费", "小计"),
                                            ("预算数", "公务用车购置及运行维护费", "公务用车购置费"),
                                            ("预算数", "公务用车购置及运行维护费", "公务用车运行维护费")]
    merged_down = [["项目", "", "本年收入合计", "财政拨款收入"], ["功能分类科目编码", "科目名称", "", ""]]
    units = read_header(merged_down, [[False, True, False, False], [False, False, True, True]])
    assert [u.path for u in units] == [("项目", "功能分类科目编码"), ("项目", "科目名称"), ("本年收入合计",),
                                       ("财政拨款收入",)]
    assert read_header(merged_down) is None  # without the marks the blank after 项目 is a column of its own


def test_data_start_is_read_from_the_content():
    assert not is_data_row(["合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"])
    assert is_data_row(["合计", "", "", "合计", "基本支出", "项目支出", ""])
    assert is_data_row(["类", "款", "项", "合计", "2,946.25"])
    assert is_data_row(["201", "", "", "一般公共服务支出", "", ""])
    assert not is_data_row(["类", "款", "项", "", "", ""])
    from hcfin.model import Cell
    grid = [[Cell(t, Location(1)) for t in row] for row in T09_PAIRED[1]]
    assert find_data_start(grid, None) == 5
    blank_only = grid[:5] + [[Cell("", Location(1))] * 12]
    assert find_data_start(blank_only, None) == 5  # an all-blank data row after the last header word


def test_split_codes_shared_total_row_and_thousands(tmp_path):
    disclosure = hcfin.load(write(tmp_path, T02_SPLIT, T05_TOTAL_LAST, T06_SPLIT))
    assert disclosure.unaccounted.empty
    t02 = facts_of(disclosure, "T02")
    assert value(t02, label="合计", measure_key="total") == "2946.25"
    assert value(t02, label="合计", measure_key="other") == "6.20"
    assert value(t02, code="2010601", measure_key="fiscal") == "1511.89"
    assert value(t02, code="201", measure_key="total") == "2112.86"
    assert t02["label"].isin(["类", "款", "项"]).sum() == 0
    assert t02["column"].isna().all()
    t05 = facts_of(disclosure, "T05")
    assert value(t05, label="合计", measure_key="basic") == "5364.75"
    assert (t05[t05["label"] == "合计"]["row_key"] == "total").all()
    t06 = facts_of(disclosure, "T06")
    assert value(t06, code="30101", measure_key="amount") == "262.33"
    assert value(t06, code="302", measure_key="amount") == "171.07"
    assert value(t06, row_key="public_total", measure_key="amount") == "184.65"
    errors = disclosure.issues[(disclosure.issues["severity"] == "error")
                               & (disclosure.issues["kind"] != "missing_table")]
    assert errors.empty, errors.to_string()


def test_paired_three_public_columns(tmp_path):
    disclosure = hcfin.load(write(tmp_path, T09_PAIRED))
    t09 = facts_of(disclosure, "T09")
    assert len(t09) == 12 and disclosure.unaccounted.empty
    assert value(t09, measure_key="budget_total") == "0.95"
    assert value(t09, measure_key="budget_reception") == "0.95"
    assert value(t09, measure_key="actual_reception") == "0.40"
    assert value(t09, measure_key="actual_vehicle_operation") is None
    assert not (disclosure.issues["kind"] == "unknown_column").any()


# The same two 三公 layouts drawn without merges: a blank cell wherever a merge would be, so
# every row is as wide as the table and nothing marks a blank as part of the cell to its left.
T09_PAIRED_UNMERGED = ("财政拨款“三公”经费支出决算表", [
    ["财政拨款“三公”经费"] + [""] * 11,
    ["合计", "", "因公出国（境）费", "", "公务用车购置及运行费", "", "", "", "", "", "公务接待费", ""],
    ["", "", "", "", "小计", "", "公务用车购置费", "", "公务用车运行费", "", "", ""],
    ["预算数", "决算数"] * 6,
    ["12.40", "9.86", "3.00", "2.15", "6.20", "5.11", "0.00", "0.00", "6.20", "5.11", "3.20", "2.60"],
])
T09_BLOCKS_UNMERGED = ("财政拨款“三公”经费支出决算表", [
    ["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
    ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"] * 2,
    ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""] * 2,
    ["12.40", "3.00", "6.20", "0.00", "6.20", "3.20", "9.86", "2.15", "5.11", "0.00", "5.11", "2.60"],
])


def test_three_public_header_drawn_without_merges(tmp_path):
    """No label column and blank cells instead of merges: the 合计 | (blank) | 因公出国（境）费 row
    is a header row, not a 合计 data row, and every blank reads as part of the cell to its left."""
    for table in (T09_PAIRED_UNMERGED, T09_BLOCKS_UNMERGED):
        disclosure = hcfin.load(write(tmp_path, table))
        t09 = facts_of(disclosure, "T09")
        assert len(t09) == 12 and disclosure.unaccounted.empty, t09
        assert value(t09, measure_key="budget_total") == "12.40"
        assert value(t09, measure_key="actual_abroad") == "2.15"
        assert value(t09, measure_key="actual_vehicle_total") == "5.11"
        assert value(t09, measure_key="budget_vehicle_purchase") == "0.00"
        assert value(t09, measure_key="actual_reception") == "2.60"
        assert not disclosure.issues["kind"].isin(["unknown_column", "unreadable_value"]).any()


def test_a_total_row_without_a_label_column_above_is_a_header():
    header_row = ["合计", "", "因公出国（境）费", "", "公务用车购置及运行费", ""]
    assert not is_data_row(header_row, labelled=False)
    assert is_data_row(header_row)  # under 项目 / 科目名称 it would be a 合计 row sharing sub-headers
    assert is_data_row(["合计", "", "", ""], labelled=False)  # an all-blank total row is still data


def test_fund_table_total_row_sharing_sub_headers(tmp_path):
    lead_in = ["注：本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。",
               "无政府性基金预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明：",
               "说明：示例局本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"]
    disclosure = hcfin.load(write(tmp_path, T07_SHARED, after={T07_SHARED[0]: lead_in}))
    t07 = facts_of(disclosure, "T07")
    assert t07["measure_key"].tolist() == ["opening", "income", "closing"]
    assert t07["value"].isna().all() and disclosure.unaccounted.empty
    found = disclosure.tables_found.set_index("table")
    assert found.loc["T07", "is_empty"]
    assert found.loc["T07", "empty_statement"] == lead_in[2]


def test_repeated_fund_labels_told_apart_by_position(tmp_path):
    disclosure = hcfin.load(write(tmp_path, T04_REPEATED))
    income = facts_of(disclosure, "T04").query("side == 'income'")
    assert income["row_key"].tolist() == ["gpb_appropriation", "income_total", "opening_balance", "opening_gpb",
                                          "grand_total"]
    assert value(income, row_key="opening_gpb") == "21.63"
    expenditure = facts_of(disclosure, "T04").query("side == 'expenditure'")
    assert value(expenditure, code="201", measure_key="gpb") == "2106.66"
    assert income["row_no"].isna().all() and disclosure.unaccounted.empty


def test_a_header_that_does_not_explain_its_columns_is_reported(tmp_path):
    """One measure name dropped from T02's header: nothing is read rather than shifted."""
    title, rows = T02_SPLIT
    broken = (title, [rows[0][:-1]] + rows[1:])
    disclosure = hcfin.load(write(tmp_path, broken))
    assert "header_not_understood" in set(disclosure.issues["kind"])
    assert facts_of(disclosure, "T02").empty
    assert set(disclosure.unaccounted["token"]) >= {"2,946.25", "1,511.89"}
    found = disclosure.tables_found.set_index("table")
    assert found.loc["T02", "is_empty"] is False or found.loc["T02", "is_empty"] == False  # noqa: E712 (numbers in it)


def test_unit_name_from_heading_or_cover(tmp_path):
    disclosure = hcfin.load(write(tmp_path, T05_TOTAL_LAST))
    assert disclosure.meta["unit"] == "上海市普陀区示例局"
    assert "no_unit" not in set(disclosure.issues["kind"])

    def doc(*texts):
        blocks = [Paragraph(t, Location(i, 1)) for i, t in enumerate(texts, 1)]
        return Document(Path("x"), "", "text", blocks, [""] * len(texts))

    assert unit_from_headings(doc("中共上海市普陀区委", "社会工作部2024年度", "部门决算", "目录")) == \
        "中共上海市普陀区委社会工作部"
    # the most common name wins over one heading that drops 普陀区
    assert unit_from_headings(doc("封面", "第二部分上海市普陀区规划和自然资源局2024年度部门决算表",
                                  "上海市规划和自然资源局2024年度部门决算表",
                                  "第三部分上海市普陀区规划和自然资源局2024年度部门决算情况说明")) == \
        "上海市普陀区规划和自然资源局"
    assert unit_from_headings(doc("目录", "一、收入支出决算总表")) is None


def test_blank_template_says_it_holds_no_data(tmp_path):
    title, rows = T05_TOTAL_LAST
    blank = (title, rows[:2] + [["205", "教育支出", "", "", ""], ["…", "…", "", "", ""], ["合计", "", "", ""]])
    disclosure = hcfin.load(write(tmp_path, blank))
    assert disclosure.facts["value"].isna().all()
    assert "no_data" in set(disclosure.issues["kind"])
    assert "placeholder_row" in set(disclosure.issues["kind"])
    assert set(disclosure.facts["label"]) == {"教育支出", "合计"}


def test_find_tables_on_synthetic_document_keeps_regions(tmp_path):
    document = hcfin.load(write(tmp_path, T09_PAIRED, T07_SHARED)).document
    regions, _ = find_tables(document)
    assert [r.table_id for r in regions] == ["T09", "T07"]
    assert {r.currency_unit for r in regions} == {"万元"}


def _grid_lines(rows) -> list[str]:
    lines = []
    for row in rows:
        lines += ["\t" + (cell or "\u3000") for cell in row] + [""]
    return lines


def test_a_repeated_header_gives_one_note_per_block_naming_its_lines(tmp_path):
    """A header printed again on every page inside one grid (two blocks of two rows), and a table
    continued in a second grid that repeats its header: one note per block, with the lines."""
    title, rows = T05_TOTAL_LAST
    header, data = rows[:2], [["2080501", "行政单位离退休", "12.00", "12.00", "0.00"],
                              ["2080502", "事业单位离退休", "8.50", "8.50", "0.00"],
                              ["2101101", "行政单位医疗", "3.25", "3.25", "0.00"]]
    t06_header = [["经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"]]
    t06_rows = [["30101", "基本工资", "10.00", "30201", "办公费", "1.00"],
                ["30102", "津贴补贴", "5.00", "30205", "水费", "0.50"]]
    lines = ["第二部分上海市普陀区示例局2024年度部门决算表", "", title, "单位：万元"]
    lines += _grid_lines(header + data[:1] + header + data[1:2] + header + data[2:])
    lines += ["一般公共预算财政拨款基本支出决算表", "单位：万元"]
    lines += _grid_lines(t06_header + t06_rows[:1]) + ["（续表）"] + _grid_lines(t06_header + t06_rows[1:])
    path = tmp_path / "repeated.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    disclosure = hcfin.load(path)
    notes = disclosure.issues[disclosure.issues["kind"] == "header_repeated"]
    assert notes["table"].tolist() == ["T05", "T05", "T06"], notes
    printed = path.read_text(encoding="utf-8").splitlines()
    for message, rows_in_block, first_cell in zip(notes["message"], (2, 2, 1), ("项目", "项目", "经济分类科目编码")):
        first, last = map(int, re.match(r"第(\d+)–(\d+)行重复印出表头（(\d+)行", message).groups()[:2])
        assert f"（{rows_in_block}行" in message
        assert printed[first - 1].strip() == first_cell  # the block's first cell …
        assert printed[last - 1].strip() in {"项目支出", "", "决算数"}  # … to its last
    assert facts_of(disclosure, "T05")["code"].dropna().tolist().count("2080502") == 3
    assert sorted(facts_of(disclosure, "T06")["code"].dropna()) == ["30101", "30102", "30201", "30205"]
    assert disclosure.unaccounted.empty
    assert not disclosure.issues["kind"].isin(["unreadable_value", "bad_code", "ragged_row"]).any()


def test_a_repeated_header_is_never_taken_for_the_spill_of_a_short_row(tmp_path):
    """06表 with its code split 类 | 款 (a header row shorter than the data rows) printed again
    right after a row whose amount is missing: the column number under 决算数 in the repeated
    header is not taken for that row's amount."""
    header = [["经济分类科目编码", "科目名称", "决算数"], ["类", "款", "1"]]
    rows = header + [["301", "01", "基本工资", "10.00"], ["301", "02", "津贴补贴"]] + header + \
        [["302", "01", "办公费", "1.00"], ["人员经费合计", "10.00", "公用经费合计", "1.00"]]
    lines = ["第二部分上海市普陀区示例局2024年度部门决算表", "", "一般公共预算财政拨款基本支出决算表", "单位：万元"]
    path = tmp_path / "t06.txt"
    path.write_text("\n".join(lines + _grid_lines(rows)) + "\n", encoding="utf-8")
    disclosure = hcfin.load(path)
    t06 = facts_of(disclosure, "T06")
    assert "30102" not in set(t06["code"].dropna())  # its amount is not printed: not read, and said so
    assert "ragged_row" in set(disclosure.issues["kind"])
    assert (disclosure.issues["kind"] == "header_repeated").sum() == 1
    assert value(t06, code="30201") == "1.00"
