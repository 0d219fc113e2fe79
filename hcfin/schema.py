"""Column contracts of the tidy frames hcfin produces.

Every frame keeps its source line, so any number can be traced back to the document.
"""

# One row per table cell that holds a value or is deliberately blank.
FACT_COLUMNS = [
    "unit",           # 单位名称 (from "部门：..." or the manifest)
    "year",           # 决算年度, int
    "table",          # canonical table id "T01".."T09" (national order, DOMAIN.md §1)
    "side",           # "income" / "expenditure" for the two-sided T01 and T04, else None
    "row",            # 0-based position of the data row within its table (and side)
    "label",          # row label as printed, surrounding whitespace removed ("" if none)
    "code",           # classification code, normalised digits, or None
    "code_kind",      # "functional" (3/5/7 digits) / "economic" (3/5 digits) / None
    "code_from",      # "printed" (code printed in the row) / "label" (derived from the row name) / None
    "row_no",         # 行次 as printed (str) or None
    "row_key",        # canonical key of a summary / fixed row (e.g. "total", "income_total") or None
    "measure",        # column header as printed (leaf level, whitespace removed)
    "measure_key",    # canonical column key (e.g. "basic", "project", "budget_total")
    "measure_path",   # the full header path, levels joined by "/" ("预算数/公务用车购置及运行维护费/小计")
    "column",         # 栏次 as printed (int) or None
    "value",          # the printed number as a normalised string ("933.58", "-12.30"), None if blank
    "amount",         # float(value), NaN if blank
    "decimals",       # displayed decimals (int), <NA> if blank
    "printed",        # the cell text exactly as printed (whitespace-trimmed)
    "status",         # "ok" / "blank" / "repaired" (read, with an issue) / "unreadable"
    "currency_unit",  # "万元" / "元" as stated by the table's "单位：" line
    "line",           # source line of the cell
    "page",           # source page (paginated formats) or None
]

ISSUE_COLUMNS = ["severity", "kind", "message", "line", "page", "table", "text"]

# One row per canonical table id, whether found or not.
TABLE_COLUMNS = [
    "table",            # "T01".."T09"
    "found",            # bool
    "title",            # title as printed
    "title_line",
    "number_printed",   # e.g. "公开05表" where printed, else None
    "currency_unit",
    "is_empty",         # found but holds no number at all
    "empty_statement",  # the "本表无数据" sentence, where printed
    "empty_statement_line",
    "first_line",
    "last_line",
]

TABLE_IDS = tuple(f"T0{i}" for i in range(1, 10))

TABLE_NAMES = {
    "T01": "收入支出决算总表",
    "T02": "收入决算表",
    "T03": "支出决算表",
    "T04": "财政拨款收入支出决算总表",
    "T05": "一般公共预算财政拨款支出决算表",
    "T06": "一般公共预算财政拨款基本支出决算明细表",
    "T07": "政府性基金预算财政拨款收入支出决算表",
    "T08": "国有资本经营预算财政拨款支出决算表",
    "T09": "财政拨款“三公”经费支出决算表",
}

# Canonical measure keys by table (column meaning, independent of the printed wording).
MEASURE_KEYS = {
    "T01": ["amount"],
    "T02": ["total", "fiscal", "superior_subsidy", "business", "operating", "subsidiary_remit", "other"],
    "T03": ["total", "basic", "project", "remit_superior", "operating", "subsidiary_subsidy"],
    "T04": ["amount", "total", "gpb", "gf", "soe"],  # income side: amount; expenditure side: the rest
    "T05": ["total", "basic", "project", "budget_initial", "budget_adjusted"],
    "T06": ["amount"],
    "T07": ["opening", "income", "expenditure_total", "basic", "project", "closing"],
    "T08": ["opening", "income", "total", "basic", "project", "closing"],  # seed: the middle three only
    "T09": [f"{block}_{item}" for block in ("budget", "actual") for item in
            ("total", "abroad", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")],
}

# Canonical row keys of fixed (non-classification) rows.
ROW_KEYS = {
    "T01": {
        "income": ["gpb_appropriation", "gf_appropriation", "soe_appropriation", "superior_subsidy",
                   "business", "operating", "subsidiary_remit", "other", "income_total",
                   "use_nonfiscal_surplus", "opening_balance", "grand_total"],
        "expenditure": ["expenditure_total", "surplus_distribution", "closing_balance", "grand_total"],
    },
    "T04": {
        "income": ["gpb_appropriation", "gf_appropriation", "soe_appropriation", "income_total",
                   "opening_balance", "opening_gpb", "opening_gf", "opening_soe", "grand_total"],
        "expenditure": ["expenditure_total", "closing_balance", "closing_gpb", "closing_gf",
                        "closing_soe", "grand_total"],
    },
    # T02, T03, T05, T07, T08: the 合计 row is "total"; T06 footer: "personnel_total", "public_total".
}
