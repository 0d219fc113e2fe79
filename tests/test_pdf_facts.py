"""Facts of the three real Shanghai 2024 PDFs and the blank template.

Every golden cell below was read off the rendered page (pdftoppm -r 90, looked at by a
person), not copied from the code's output. A cell is (table, side, row, measure_key,
value, page): ``row`` is a printed code, a printed label, ``key:<row_key>`` for a row whose
label repeats another's (T04's 年初 sub-rows repeat 一、一般公共预算财政拨款 …), or None for the one-row 三公 table; ``value``
is the printed number without thousands separators, or None for a blank cell.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import pypdfium2  # noqa: F401  (the test extra installs it; a missing one must fail, not skip)

import hcfin  # noqa: E402

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
CAIZHENG = "shanghai-putuo-caizhengju-2024.pdf"
GUIHUA = "shanghai-putuo-guihua-ziran-2024.pdf"
SHEHUI = "shanghai-putuo-shehui-gongzuobu-2024.pdf"
TEMPLATE = "shanghai-template-2024-blank.pdf"

GOLDEN = {
    CAIZHENG: [
        # T01 收入支出决算总表, pages 6–7 (thousands separators printed: 2,940.05)
        ("T01", "income", "一、一般公共预算财政拨款收入", "amount", "2940.05", 6),
        ("T01", "income", "二、政府性基金预算财政拨款收入", "amount", None, 6),
        ("T01", "income", "八、其他收入", "amount", "6.20", 6),
        ("T01", "income", "本年收入合计", "amount", "2946.25", 6),
        ("T01", "income", "年初结转和结余", "amount", "49.14", 7),
        ("T01", "income", "总计", "amount", "2995.39", 7),
        ("T01", "expenditure", "一、一般公共服务支出", "amount", "2106.66", 6),
        ("T01", "expenditure", "十九、住房保障支出", "amount", "445.69", 6),
        ("T01", "expenditure", "本年支出合计", "amount", "2940.05", 6),
        ("T01", "expenditure", "年末结转和结余", "amount", "55.34", 7),
        ("T01", "expenditure", "总计", "amount", "2995.39", 7),
        # T02 收入决算表, page 8: codes split 类 | 款 | 项; 合计 shares its row with 类 款 项
        ("T02", None, "合计", "total", "2946.25", 8),
        ("T02", None, "合计", "fiscal", "2940.05", 8),
        ("T02", None, "合计", "other", "6.20", 8),
        ("T02", None, "201", "total", "2112.86", 8),
        ("T02", None, "2010601", "total", "1511.90", 8),
        ("T02", None, "2010601", "fiscal", "1511.89", 8),
        ("T02", None, "2010601", "other", "0.01", 8),
        ("T02", None, "2010602", "other", "6.19", 8),
        ("T02", None, "2080505", "fiscal", "160.75", 8),
        # T03 支出决算表, pages 10–11
        ("T03", None, "合计", "total", "2940.05", 10),
        ("T03", None, "合计", "basic", "2336.91", 10),
        ("T03", None, "合计", "project", "603.14", 10),
        ("T03", None, "2010601", "basic", "1503.52", 10),
        ("T03", None, "2010601", "project", "8.37", 10),
        ("T03", None, "2010602", "basic", None, 10),
        ("T03", None, "2080599", "total", "0.94", 11),
        ("T03", None, "2210203", "basic", "258.50", 11),
        # T04 财政拨款收入支出决算总表, pages 12–13
        ("T04", "income", "key:gpb_appropriation", "amount", "2940.05", 12),
        ("T04", "income", "本年收入合计", "amount", "2940.05", 13),
        ("T04", "income", "年初财政拨款结转和结余", "amount", "21.63", 13),
        ("T04", "income", "key:opening_gpb", "amount", "21.63", 13),
        ("T04", "income", "key:opening_gf", "amount", None, 13),
        ("T04", "income", "总计", "amount", "2961.68", 13),
        ("T04", "expenditure", "一、一般公共服务支出", "total", "2106.66", 12),
        ("T04", "expenditure", "一、一般公共服务支出", "gpb", "2106.66", 12),
        ("T04", "expenditure", "九、卫生健康支出", "gpb", "60.99", 12),
        ("T04", "expenditure", "十九、住房保障支出", "total", "445.69", 13),
        ("T04", "expenditure", "年末财政拨款结转和结余", "gpb", "21.63", 13),
        ("T04", "expenditure", "总计", "total", "2961.68", 13),
        # T05 一般公共预算财政拨款支出决算表, page 15: 合计 printed last
        ("T05", None, "201", "total", "2106.66", 15),
        ("T05", None, "2010601", "project", "8.37", 15),
        ("T05", None, "2010602", "basic", None, 15),
        ("T05", None, "2210203", "total", "258.50", 15),
        ("T05", None, "合计", "total", "2940.05", 15),
        ("T05", None, "合计", "basic", "2336.91", 15),
        ("T05", None, "合计", "project", "603.14", 15),
        # T06 基本支出决算表, pages 16–17: codes split 301 | 01, two groups
        ("T06", None, "301", "amount", "2082.85", 16),
        ("T06", None, "30102", "amount", "1238.58", 16),
        ("T06", None, "30201", "amount", "21.21", 16),
        ("T06", None, "303", "amount", "69.41", 16),
        ("T06", None, "30302", "amount", "69.10", 16),
        ("T06", None, "30239", "amount", "48.49", 17),
        ("T06", None, "310", "amount", "13.58", 17),
        ("T06", None, "31002", "amount", "13.58", 17),
        ("T06", None, "key:personnel_total", "amount", "2152.26", 17),
        ("T06", None, "key:public_total", "amount", "184.65", 17),
        # T09 三公, page 18 (printed seventh): 预算数 | 决算数 per item; 公务用车购置及运行费
        ("T09", None, None, "budget_total", "0.95", 18),
        ("T09", None, None, "actual_total", None, 18),
        ("T09", None, None, "budget_vehicle_total", None, 18),
        ("T09", None, None, "actual_vehicle_operation", None, 18),
        ("T09", None, None, "budget_reception", "0.95", 18),
        ("T09", None, None, "actual_reception", None, 18),
    ],
    GUIHUA: [
        # T01, page 7
        ("T01", "income", "一、一般公共预算财政拨款收入", "amount", "9746.50", 7),
        ("T01", "income", "本年收入合计", "amount", "9746.50", 7),
        ("T01", "income", "年初结转和结余", "amount", "112.88", 7),
        ("T01", "income", "总计", "amount", "9859.38", 7),
        ("T01", "expenditure", "十一、城乡社区支出", "amount", "3845.25", 7),
        ("T01", "expenditure", "十八、自然资源海洋气象等支出", "amount", "4461.67", 7),
        ("T01", "expenditure", "本年支出合计", "amount", "9759.38", 7),
        ("T01", "expenditure", "年末结转和结余", "amount", "100.00", 7),
        ("T01", "expenditure", "总计", "amount", "9859.38", 7),
        # T02, page 8
        ("T02", None, "合计", "total", "9746.50", 8),
        ("T02", None, "合计", "fiscal", "9746.50", 8),
        ("T02", None, "合计", "other", None, 8),
        ("T02", None, "208", "total", "754.75", 8),
        ("T02", None, "2080505", "fiscal", "446.11", 8),
        ("T02", None, "2101102", "total", "196.29", 8),
        # T03, pages 10–11: 0.00 printed where others leave blank
        ("T03", None, "合计", "total", "9759.38", 10),
        ("T03", None, "合计", "basic", "5377.64", 10),
        ("T03", None, "合计", "project", "4381.74", 10),
        ("T03", None, "208", "project", "0.00", 10),
        ("T03", None, "212", "total", "3845.24", 11),
        ("T03", None, "212", "basic", "1585.59", 11),
        ("T03", None, "2200150", "project", "2077.09", 11),
        ("T03", None, "2200199", "basic", "0.00", 11),
        # T04, pages 12–13
        ("T04", "income", "key:gpb_appropriation", "amount", "9746.50", 12),
        ("T04", "income", "年初财政拨款结转和结余", "amount", None, 13),
        ("T04", "income", "key:opening_gpb", "amount", None, 13),
        ("T04", "income", "总计", "amount", "9746.50", 13),
        ("T04", "expenditure", "十一、城乡社区支出", "total", "3832.36", 12),
        ("T04", "expenditure", "十一、城乡社区支出", "gpb", "3832.36", 12),
        ("T04", "expenditure", "十八、自然资源海洋气象等支出", "gpb", "4461.67", 13),
        ("T04", "expenditure", "本年支出合计", "total", "9746.50", 13),
        ("T04", "expenditure", "总计", "gpb", "9746.50", 13),
        # T05, pages 14–15: 合计 last
        ("T05", None, "208", "project", "0.00", 14),
        ("T05", None, "212", "basic", "1572.70", 14),
        ("T05", None, "2200150", "total", "4416.67", 14),
        ("T05", None, "2210203", "total", "171.49", 15),
        ("T05", None, "合计", "total", "9746.50", 15),
        ("T05", None, "合计", "basic", "5364.75", 15),
        ("T05", None, "合计", "project", "4381.74", 15),
        # T06, page 16: 310 资本性支出 in the 公用经费 group
        ("T06", None, "301", "amount", "4816.14", 16),
        ("T06", None, "30107", "amount", "1594.02", 16),
        ("T06", None, "30302", "amount", "67.96", 16),
        ("T06", None, "302", "amount", "440.90", 16),
        ("T06", None, "30229", "amount", "73.19", 16),
        ("T06", None, "310", "amount", "39.76", 16),
        ("T06", None, "key:personnel_total", "amount", "4884.09", 16),
        ("T06", None, "key:public_total", "amount", "480.66", 16),
        # T09, page 17
        ("T09", None, None, "budget_total", "2.85", 17),
        ("T09", None, None, "actual_total", "0.39", 17),
        ("T09", None, None, "budget_abroad", "0.00", 17),
        ("T09", None, None, "actual_vehicle_total", "0.00", 17),
        ("T09", None, None, "budget_reception", "2.85", 17),
        ("T09", None, None, "actual_reception", "0.39", 17),
    ],
    SHEHUI: [
        # T01, page 5
        ("T01", "income", "一、一般公共预算财政拨款收入", "amount", "307.82", 5),
        ("T01", "income", "本年收入合计", "amount", "307.82", 5),
        ("T01", "income", "年初结转和结余", "amount", None, 5),
        ("T01", "income", "总计", "amount", "307.82", 5),
        ("T01", "expenditure", "一、一般公共服务支出", "amount", "264.87", 5),
        ("T01", "expenditure", "十九、住房保障支出", "amount", "29.42", 5),
        ("T01", "expenditure", "本年支出合计", "amount", "307.82", 5),
        # T02, page 6
        ("T02", None, "合计", "total", "307.82", 6),
        ("T02", None, "合计", "fiscal", "307.82", 6),
        ("T02", None, "201", "total", "264.87", 6),
        ("T02", None, "2013901", "total", "51.32", 6),
        ("T02", None, "2013999", "fiscal", "202.24", 6),
        ("T02", None, "2080505", "total", "6.18", 6),
        # T03, page 8
        ("T03", None, "合计", "total", "307.82", 8),
        ("T03", None, "合计", "basic", "105.58", 8),
        ("T03", None, "合计", "project", "202.24", 8),
        ("T03", None, "201", "basic", "62.63", 8),
        ("T03", None, "2013999", "basic", None, 8),
        ("T03", None, "2013999", "project", "202.24", 8),
        ("T03", None, "2080506", "total", "4.64", 8),
        # T04, pages 10–11
        ("T04", "income", "key:gpb_appropriation", "amount", "307.82", 10),
        ("T04", "income", "本年收入合计", "amount", "307.82", 11),
        ("T04", "income", "年初财政拨款结转和结余", "amount", None, 11),
        ("T04", "expenditure", "一、一般公共服务支出", "gpb", "264.87", 10),
        ("T04", "expenditure", "八、社会保障和就业支出", "total", "10.82", 10),
        ("T04", "expenditure", "十九、住房保障支出", "total", "29.42", 11),
        ("T04", "expenditure", "总计", "gpb", "307.82", 11),
        # T05, page 12: 合计 last
        ("T05", None, "201", "total", "264.87", 12),
        ("T05", None, "201", "project", "202.24", 12),
        ("T05", None, "2013950", "basic", "11.31", 12),
        ("T05", None, "2210203", "total", "11.72", 12),
        ("T05", None, "合计", "total", "307.82", 12),
        ("T05", None, "合计", "basic", "105.58", 12),
        ("T05", None, "合计", "project", "202.24", 12),
        # T06, page 13
        ("T06", None, "301", "amount", "95.36", 13),
        ("T06", None, "30102", "amount", "39.72", 13),
        ("T06", None, "30113", "amount", "17.70", 13),
        ("T06", None, "302", "amount", "10.23", 13),
        ("T06", None, "30239", "amount", "2.43", 13),
        ("T06", None, "303", "amount", "0.00", 13),
        ("T06", None, "key:personnel_total", "amount", "95.36", 13),
        ("T06", None, "key:public_total", "amount", "10.23", 13),
        # T09, page 14: printed empty, with its 本表无数据 statement
        ("T09", None, None, "budget_total", None, 14),
        ("T09", None, None, "actual_total", None, 14),
        ("T09", None, None, "budget_reception", None, 14),
        ("T09", None, None, "actual_vehicle_purchase", None, 14),
    ],
}
REAL = sorted(GOLDEN)
UNITS = {CAIZHENG: "上海市普陀区财政局", GUIHUA: "上海市普陀区规划和自然资源局",
         SHEHUI: "中共上海市普陀区委社会工作部", TEMPLATE: "上海市XX局"}


@pytest.fixture(scope="module")
def loaded():
    return {name: hcfin.load(RAW / name) for name in [*REAL, TEMPLATE]}


def select(facts, table, side, row, measure_key):
    """The facts of one golden cell (see module docstring for ``row``)."""
    part = facts[(facts["table"] == table) & (facts["measure_key"] == measure_key)]
    if side is not None:
        part = part[part["side"] == side]
    if row is None:
        return part
    if row.startswith("key:"):
        return part[part["row_key"] == row[4:]]
    if row.isdigit():
        return part[part["code"] == row]
    return part[part["label"] == row]


@pytest.mark.parametrize("name, cell", [(name, cell) for name in REAL for cell in GOLDEN[name]],
                         ids=lambda x: x if isinstance(x, str) else "-".join(str(p) for p in x[:4]))
def test_golden_cell(loaded, name, cell):
    table, side, row, key, value, page = cell
    found = select(loaded[name].facts, table, side, row, key)
    assert len(found) == 1, found
    fact = found.iloc[0]
    assert (fact["value"] if isinstance(fact["value"], str) else None) == value
    assert fact["page"] == page
    assert fact["currency_unit"] == "万元"
    assert math.isnan(fact["amount"]) if value is None else fact["amount"] == float(value)


@pytest.mark.parametrize("name", REAL)
def test_every_table_with_data_has_five_golden_cells(name):
    counts: dict[str, int] = {}
    with_data = set()
    for table, _, _, _, value, _ in GOLDEN[name]:
        counts[table] = counts.get(table, 0) + 1
        if value is not None:
            with_data.add(table)
    assert all(counts[table] >= 5 for table in with_data)
    assert set(counts) >= {"T01", "T02", "T03", "T04", "T05", "T06", "T09"}


@pytest.mark.parametrize("name", REAL)
def test_all_nine_found_audit_clean_and_meta(loaded, name):
    disclosure = loaded[name]
    found = disclosure.tables_found.set_index("table")
    assert found["found"].all()
    assert disclosure.unaccounted.empty
    assert not (disclosure.issues["severity"] == "error").any(), disclosure.issues[
        disclosure.issues["severity"] == "error"].to_string()
    assert disclosure.meta["currency_unit"] == "万元"
    assert set(disclosure.facts["currency_unit"]) == {"万元"}
    assert disclosure.meta["unit"] == UNITS[name]
    assert disclosure.meta["year"] == 2024
    assert disclosure.facts["column"].isna().all()  # no 栏次 printed: no column numbers invented
    assert disclosure.facts["row_no"].isna().all()  # no 行次 printed
    assert "no_data" not in set(disclosure.issues["kind"])


@pytest.mark.parametrize("name", REAL)
def test_empty_fund_tables_keep_their_statement(loaded, name):
    found = loaded[name].tables_found.set_index("table")
    for table in ("T07", "T08"):
        assert found.loc[table, "is_empty"]
        assert "本表无数据" in found.loc[table, "empty_statement"]


def test_empty_t09_keeps_its_statement(loaded):
    found = loaded[SHEHUI].tables_found.set_index("table")
    assert found.loc["T09", "is_empty"] and "本表无数据" in found.loc["T09", "empty_statement"]
    t09 = loaded[SHEHUI].facts.query("table == 'T09'")
    assert len(t09) == 12 and t09["value"].isna().all()


def test_t07_total_row_sharing_the_sub_headers(loaded):
    """规资局's T07 合计 row shares its grid row with 本年支出's 合计 | 基本支出 | 项目支出: the
    three header words are not facts, the row's three printed cells are (blank)."""
    t07 = loaded[GUIHUA].facts.query("table == 'T07'")
    assert t07["measure_key"].tolist() == ["opening", "income", "closing"]
    assert (t07["row_key"] == "total").all() and t07["value"].isna().all()
    t08 = loaded[CAIZHENG].facts.query("table == 'T08'")
    assert t08["measure_key"].tolist() == ["opening", "income", "total", "basic", "project", "closing"]


def test_template_is_found_empty_and_says_it_holds_no_data(loaded):
    disclosure = loaded[TEMPLATE]
    found = disclosure.tables_found.set_index("table")
    assert found["found"].all() and found["is_empty"].all()
    assert disclosure.facts["value"].isna().all()
    assert (disclosure.facts["status"] == "blank").all()
    assert disclosure.unaccounted.empty
    kinds = set(disclosure.issues["kind"])
    assert "no_data" in kinds
    assert "placeholder_row" in kinds  # the "…" example rows are not read as data
    assert not disclosure.facts["label"].str.fullmatch("[…]+").any()
    assert disclosure.meta["unit"] == UNITS[TEMPLATE]
    for table in ("T07", "T08"):
        assert "本表无数据" in found.loc[table, "empty_statement"]


# --- identities between printed cells: a misaligned column breaks them -------------------------

def amount(facts, table, side, row, key) -> float:
    found = select(facts, table, side, row, key)
    assert len(found) == 1, (table, side, row, key)
    value = found.iloc[0]["amount"]
    return 0.0 if math.isnan(value) else value


def close(total: float, parts: list[float]) -> bool:
    """Within the rounding of printed 2-decimal numbers (half a cent per number)."""
    return abs(total - sum(parts)) <= 0.005 * (len(parts) + 1) + 1e-9


@pytest.mark.parametrize("name", REAL)
def test_identities(loaded, name):
    facts = loaded[name].facts
    for table in ("T03", "T05"):
        total = amount(facts, table, None, "合计", "total")
        assert close(total, [amount(facts, table, None, "合计", "basic"), amount(facts, table, None, "合计", "project")])
        classes = facts[(facts["table"] == table) & (facts["code"].str.len() == 3) & (facts["measure_key"] == "total")]
        assert close(total, classes["amount"].fillna(0).tolist())
    t01 = lambda side, row: amount(facts, "T01", side, row, "amount")  # noqa: E731
    assert close(t01("income", "key:grand_total"), [t01("income", "key:income_total"),
                                                    t01("income", "key:opening_balance"),
                                                    t01("income", "key:use_nonfiscal_surplus")])
    assert close(t01("expenditure", "key:grand_total"), [t01("expenditure", "key:expenditure_total"),
                                                         t01("expenditure", "key:closing_balance"),
                                                         t01("expenditure", "key:surplus_distribution")])
    classes = facts[(facts["table"] == "T01") & (facts["side"] == "expenditure") & facts["code"].notna()]
    assert close(t01("expenditure", "key:expenditure_total"), classes["amount"].fillna(0).tolist())
    t06 = lambda row: amount(facts, "T06", None, row, "amount")  # noqa: E731
    assert close(t06("key:personnel_total"), [t06("301"), t06("303")])
    assert close(t06("key:public_total"), [t06("302"), t06("310")])
    t04 = facts[(facts["table"] == "T04") & (facts["side"] == "expenditure")]
    for row in t04["row"].unique():
        cells = t04[t04["row"] == row].set_index("measure_key")["amount"].fillna(0)
        assert close(cells["total"], [cells["gpb"], cells["gf"], cells["soe"]])
    t09 = lambda key: amount(facts, "T09", None, None, key)  # noqa: E731
    for block in ("budget", "actual"):
        assert close(t09(f"{block}_total"), [t09(f"{block}_abroad"), t09(f"{block}_vehicle_total"),
                                             t09(f"{block}_reception")])
        assert close(t09(f"{block}_vehicle_total"), [t09(f"{block}_vehicle_purchase"),
                                                     t09(f"{block}_vehicle_operation")])
