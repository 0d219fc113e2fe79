"""The teaching guide: the nine tables one by one, the identities that tie them together shown
with the document's own numbers, and exercises with worked answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

import pandas as pd

from hcfin.schema import TABLE_NAMES

from ._common import dec, esc, fact, facts_of, lines_text
from .text import fmt_amount, fmt_num

__all__ = [
    "HALF_UNIT",
    "LEARNING_GOALS",
    "TABLE_GUIDE",
    "describe_glossary",
    "describe_identities",
    "describe_table",
    "glossary",
    "has_numbers",
    "identities",
    "table_view",
]

HALF_UNIT = Decimal("0.005")

#: What each table shows and how to read it (national order, DOMAIN.md §1).
TABLE_GUIDE = {
    "T01": "全口径的收支总账：左边是各种来源的收入（财政拨款、上级补助、事业收入等）加上年初结转和结余，"
           "右边是按支出功能分类“类”列示的支出加上年末结转和结余，两边总计必须相等。",
    "T02": "收入按支出功能分类科目（类/款/项）展开，并按来源分栏（财政拨款、上级补助、事业收入……）：看钱从哪里来、准备用于哪类事务。",
    "T03": "支出按功能分类科目展开，并按性质分栏：基本支出（人员经费和日常公用经费）与项目支出，"
           "以及上缴上级、经营支出、对附属单位补助。",
    "T04": "只看财政拨款（一般公共预算、政府性基金、国有资本经营三本预算）的收支总账，结构与公开01表相同。",
    "T05": "一般公共预算财政拨款的支出，按功能分类科目分为基本支出和项目支出；是“情况说明”第五部分的依据。",
    "T06": "一般公共预算财政拨款基本支出按经济分类（301工资福利、302商品和服务、303对个人和家庭的补助等）的明细，"
           "底部给出人员经费合计和公用经费合计。",
    "T07": "政府性基金预算财政拨款的收支及结转结余；单位没有这类资金时，表格为空，并须注明“本表无数据”。",
    "T08": "国有资本经营预算财政拨款支出；同样可能为空表并附说明。",
    "T09": "财政拨款“三公”经费（因公出国（境）费、公务用车购置及运行维护费、公务接待费）的预算数与决算数。"
           "预算数是调整后的全年预算，决算数包括使用以前年度结转资金的支出。",
}


def has_numbers(d, table: str) -> bool:
    """True when ``table`` prints at least one number (an empty table is described, not shown)."""
    return not facts_of(d, table).empty


def table_view(d, table: str) -> pd.DataFrame:
    """The table as printed, one row per table row (``d.table(printed=True)``), shown without an index
    column, blank cells empty; empty frame for an empty table."""
    from .text import shown

    try:
        return shown(d.table(table, printed=True).fillna(""))
    except (KeyError, ValueError):
        return shown(pd.DataFrame())


def describe_table(d, table: str) -> str:
    """Markdown: heading, where the table is in the file, what it shows, and its headline numbers."""
    inv = d.tables_found.set_index("table")
    name = TABLE_NAMES.get(table, table)
    text = f"### 公开{table[1:]}表 {name}\n\n"
    if table not in inv.index or not bool(inv.loc[table, "found"]):
        return text + "本文件中没有找到这张表。\n"
    row = inv.loc[table]
    title = row["title"] if isinstance(row["title"], str) else name
    text += (f"原文标题“{esc(title)}”，在文件第{int(row['first_line'])}–{int(row['last_line'])}行。"
             f"{TABLE_GUIDE.get(table, '')}\n\n")
    printed = facts_of(d, table)
    if bool(row["is_empty"]):
        statement = row["empty_statement"] if isinstance(row["empty_statement"], str) else "（未附说明）"
        return text + f"本表没有数据，原文说明：“{esc(statement)}”\n"
    unit = row["currency_unit"] if isinstance(row.get("currency_unit"), str) and row["currency_unit"] else None
    text += f"本表共印有{len(printed)}个数" + (f"，金额单位：{esc(unit)}（原表所印）" if unit else "")
    text += "。下表按原表逐行列出，空白单元格照原样留空（不是0）。" + _headline(d, table)
    return text


def _headline(d, table: str) -> str:
    if table in ("T01", "T04"):
        inc, _ = fact(d, table, "amount", row_key="income_total", side="income")
        key = "amount" if table == "T01" else "total"
        exp, _ = fact(d, table, key, row_key="expenditure_total", side="expenditure")
        return f"本年收入合计{fmt_amount(inc)}，本年支出合计{fmt_amount(exp)}。"
    if table in ("T02", "T03", "T05"):
        total, line = fact(d, table, "total", row_key="total")
        codes = facts_of(d, table)["code"].dropna().nunique()
        return f"合计{fmt_amount(total)}（{lines_text([line])}），涉及{codes}个功能分类科目。"
    if table == "T06":
        per, _ = fact(d, "T06", "amount", row_key="personnel_total")
        pub, _ = fact(d, "T06", "amount", row_key="public_total")
        return f"人员经费合计{fmt_amount(per)}，公用经费合计{fmt_amount(pub)}。"
    if table == "T09":
        budget, _ = fact(d, "T09", "budget_total")
        actual, _ = fact(d, "T09", "actual_total")
        return f"“三公”经费预算数合计{fmt_amount(budget)}，决算数合计{fmt_amount(actual)}。"
    return ""


@dataclass(frozen=True)
class _Term:
    label: str
    table: str
    measure_key: str
    row_key: str | None = None
    code: str | None = None
    side: str | None = None


def _identity_specs(d) -> list[tuple[str, str, list[_Term], list[_Term]]]:
    """(id, description, left terms, right terms) for the identities this document can show."""
    specs = []
    t01 = d.facts[(d.facts["table"] == "T01") & (d.facts["side"] == "expenditure") & d.facts["code"].notna()]
    class_terms = [_Term(f"{r.label}", "T01", "amount", code=r.code, side="expenditure")
                   for r in t01.itertuples() if r.value is not None and isinstance(r.value, str)]
    specs.append(("T01.2", "公开01表：本年支出合计 = 各“类”支出之和",
                  [_Term("本年支出合计", "T01", "amount", "expenditure_total", side="expenditure")], class_terms))
    specs.append(("T01.5", "公开01表：收入总计 = 支出总计",
                  [_Term("收入总计", "T01", "amount", "grand_total", side="income")],
                  [_Term("支出总计", "T01", "amount", "grand_total", side="expenditure")]))
    specs.append(("T03.1", "公开03表合计行：本年支出合计 = 基本支出 + 项目支出",
                  [_Term("本年支出合计", "T03", "total", "total")],
                  [_Term("基本支出", "T03", "basic", "total"), _Term("项目支出", "T03", "project", "total")]))
    t03 = facts_of(d, "T03")
    for code in t03["code"].dropna().unique():
        has = set(t03.loc[t03["code"] == code, "measure_key"])
        right = [_Term(n, "T03", k, code=code) for k, n in (("basic", "基本支出"), ("project", "项目支出")) if k in has]
        if len(right) < 2:
            continue  # a row with one part printed shows nothing a student can check
        specs.append((f"T03.1/{code}", f"公开03表{code}行：本年支出合计 = 基本支出 + 项目支出",
                      [_Term("本年支出合计", "T03", "total", code=code)], right))
    specs.append(("X1", "公开02表收入合计 = 公开01表本年收入合计",
                  [_Term("公开02表合计", "T02", "total", "total")],
                  [_Term("公开01表本年收入合计", "T01", "amount", "income_total", side="income")]))
    specs.append(("X2", "公开03表支出合计 = 公开01表本年支出合计",
                  [_Term("公开03表合计", "T03", "total", "total")],
                  [_Term("公开01表本年支出合计", "T01", "amount", "expenditure_total", side="expenditure")]))
    specs.append(("X4", "公开04表一般公共预算财政拨款本年支出 = 公开05表合计",
                  [_Term("公开04表一般公共预算本年支出", "T04", "gpb", "expenditure_total", side="expenditure")],
                  [_Term("公开05表合计", "T05", "total", "total")]))
    specs.append(("T06.2", "公开06表：人员经费合计 = 工资福利支出(301) + 对个人和家庭的补助(303)",
                  [_Term("人员经费合计", "T06", "amount", "personnel_total")],
                  [_Term("301 工资福利支出", "T06", "amount", code="301"),
                   _Term("303 对个人和家庭的补助", "T06", "amount", code="303")]))
    t06 = facts_of(d, "T06")
    public_classes = sorted(c for c in t06["code"].dropna().unique() if len(c) == 3 and c not in ("301", "303"))
    specs.append(("T06.3", "公开06表：公用经费合计 = 301、303以外各类之和",
                  [_Term("公用经费合计", "T06", "amount", "public_total")],
                  [_Term(f"{c}", "T06", "amount", code=c) for c in public_classes]))
    specs.append(("X7", "公开05表基本支出合计 = 公开06表人员经费合计 + 公用经费合计",
                  [_Term("公开05表基本支出", "T05", "basic", "total")],
                  [_Term("人员经费合计", "T06", "amount", "personnel_total"),
                   _Term("公用经费合计", "T06", "amount", "public_total")]))
    for block, name in (("budget", "预算数"), ("actual", "决算数")):
        specs.append((f"T09.{1 if block == 'budget' else 2}", f"公开09表{name}：合计 = 因公出国（境）费 + 公务用车小计 + 公务接待费",
                      [_Term("合计", "T09", f"{block}_total")],
                      [_Term("因公出国（境）费", "T09", f"{block}_abroad"),
                       _Term("公务用车购置及运行维护费", "T09", f"{block}_vehicle_total"),
                       _Term("公务接待费", "T09", f"{block}_reception")]))
    return specs


def identities(d) -> pd.DataFrame:
    """Each identity evaluated on the printed numbers.

    ``verdict``: 相等 (exact), 尾差 (the sides differ but each printed number is ±0.005, so the
    intervals meet: |difference| ≤ 0.005 × number of terms), 不符, or 缺数据 (a term is blank or
    absent: the identity is not evaluated, blanks are never read as 0).

    Returns:
        columns id, identity, left, right, left_value, right_value, difference, tolerance, verdict, lines.
    """
    rows = []
    for ident, text, left, right in _identity_specs(d):
        values, lines, missing = {}, [], []
        for term in left + right:
            value, line = fact(d, term.table, term.measure_key, term.row_key, term.code, term.side)
            values[id(term)] = value
            if line is not None:
                lines.append(line)
            if value is None:
                missing.append(term.label)
        if not right or missing:
            if not right:
                continue
            rows.append({"id": ident, "identity": text, "left": "", "right": "", "left_value": None,
                         "right_value": None, "difference": None, "tolerance": None,
                         "verdict": "缺数据（" + "、".join(missing) + "空白或缺失）", "lines": sorted(set(lines))})
            continue
        lv = sum((values[id(t)] for t in left), Decimal(0))
        rv = sum((values[id(t)] for t in right), Decimal(0))
        tolerance = HALF_UNIT * (len(left) + len(right))
        diff = lv - rv
        verdict = "相等" if diff == 0 else ("尾差" if abs(diff) <= tolerance else "不符")
        rows.append({
            "id": ident, "identity": text,
            "left": " + ".join(fmt_num(values[id(t)]) for t in left),
            "right": " + ".join(fmt_num(values[id(t)]) for t in right),
            "left_value": lv, "right_value": rv, "difference": diff, "tolerance": tolerance,
            "verdict": verdict, "lines": sorted(set(lines)),
        })
    return pd.DataFrame(rows, columns=["id", "identity", "left", "right", "left_value", "right_value",
                                       "difference", "tolerance", "verdict", "lines"])


def describe_identities(frame: pd.DataFrame) -> str:
    """Markdown list: each identity with the actual numbers and its verdict."""
    items = []
    for r in frame.itertuples():
        if r.left_value is None:
            items.append(f"- {esc(r.identity)}：{esc(r.verdict)}。")
            continue
        left = r.left if "+" not in r.left else f"{r.left} = {fmt_num(r.left_value)}"
        right = r.right if "+" not in r.right else f"{r.right} = {fmt_num(r.right_value)}"
        item = f"- {esc(r.identity)}。左边 {left}，右边 {right}"
        if r.verdict == "相等":
            item += "，两边相等。"
        elif r.verdict == "尾差":
            item += (f"，相差{fmt_num(r.difference)}万元，不超过{len(r.left.split('+')) + len(r.right.split('+'))}"
                     f"个印刷数的舍入误差之和{fmt_num(r.tolerance)}万元，是尾差。")
        else:
            item += f"，相差{fmt_num(r.difference)}万元，超出舍入误差{fmt_num(r.tolerance)}万元，**不符**。"
        items.append(item + f"（{lines_text(r.lines)}）")
    return "\n".join(items)


#: What a learner should be able to do after the guide (shown first).
LEARNING_GOALS = (
    "**学习目标**：学完本材料，你应当能够——\n\n"
    "1. 说出九张公开表各回答什么问题，知道一个数该到哪张表去找；\n"
    "2. 分清基本支出与项目支出、人员经费与公用经费、财政拨款与全部收入、年初预算与调整预算这几组口径；\n"
    "3. 用表与表、表与文字之间的等式核对一份决算，并用“印刷数 ± 0.005万元”判断差额是尾差还是差错；\n"
    "4. 根据情况说明给出的增减额推算上年数和增长率，知道上年为0时增长率没有定义；\n"
    "5. 在真实文件中找出并说明错误，而不是把尾差当错误。"
)


@lru_cache(maxsize=1)
def _glossary() -> list[dict]:
    import yaml

    text = resources.files("hcfin").joinpath("data/glossary.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["terms"]


def glossary(d) -> pd.DataFrame:
    """The glossary (hcfin/data/glossary.yaml), each term with this document's own figure where
    there is one (columns term, definition, example; example "" when the document has none)."""
    rows = []
    for entry in _glossary():
        example = _example(d, entry.get("example"))
        rows.append({"term": entry["term"], "definition": entry["definition"], "example": example})
    return pd.DataFrame(rows, columns=["term", "definition", "example"])


def _example(d, key: str | None) -> str:
    """A figure of ``d`` illustrating a glossary term (keys of the glossary's ``example``)."""
    if key is None:
        return ""
    if key in ("basic", "project"):
        value, line = fact(d, "T03", key, row_key="total")
        return f"本文件{'基本' if key == 'basic' else '项目'}支出{fmt_amount(value)}（公开03表，{lines_text([line])}）" \
            if value is not None else ""
    if key in ("personnel", "public"):
        value, line = fact(d, "T06", "amount", row_key=f"{key}_total")
        return f"本文件{'人员' if key == 'personnel' else '公用'}经费{fmt_amount(value)}（公开06表，{lines_text([line])}）" \
            if value is not None else ""
    if key == "fiscal_income":
        values = [fact(d, "T01", "amount", row_key=k, side="income") for k in
                  ("gpb_appropriation", "gf_appropriation", "soe_appropriation")]
        printed = [v for v, _ in values if v is not None]
        total = sum(printed, Decimal(0))
        lines = [line for value, line in values if value is not None]
        return f"本文件财政拨款收入{fmt_amount(total)}（公开01表，{lines_text(lines)}）" if printed else ""
    if key == "sangong":
        value, line = fact(d, "T09", "actual_total")
        return f"本文件“三公”经费决算{fmt_amount(value)}（公开09表，{lines_text([line])}）" if value is not None else ""
    if key == "carryover":
        opening, o_line = fact(d, "T01", "amount", row_key="opening_balance", side="income")
        closing, c_line = fact(d, "T01", "amount", row_key="closing_balance", side="expenditure")
        if opening is None and closing is None:
            return "本文件公开01表的年初、年末结转和结余都是空白（没有结转结余）"
        return (f"本文件年初结转和结余{fmt_amount(opening)}、年末{fmt_amount(closing)}"
                f"（公开01表，{lines_text([o_line, c_line])}）")
    if key == "admin_cost":
        from .narrative import admin_cost

        row = admin_cost(d).iloc[0]
        return f"本文件机关运行经费{fmt_amount(row['value'])}（情况说明{lines_text([row['line']])}）" \
            if row["value"] is not None else ""
    if key == "civil_servant_staff":
        st = d.statements
        hit = st[st["metric"] == "参公人数"] if not st.empty else st
        if hit.empty:
            return ""
        return f"本单位参照公务员法管理的人员{fmt_num(dec(hit.iloc[0]['value']))}人（第{int(hit.iloc[0]['line'])}行）"
    return ""


def describe_glossary(frame: pd.DataFrame) -> str:
    """Markdown list: each term in bold, its definition, and this document's figure for it."""
    return "\n".join(f"- **{esc(r.term)}**：{esc(r.definition)}" + (f"例：{r.example}。" if r.example else "")
                     for r in frame.itertuples())
