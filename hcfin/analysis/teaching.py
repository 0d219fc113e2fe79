"""The teaching guide: the nine tables one by one, the identities that tie them together shown
with the document's own numbers, and exercises with worked answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from hcfin.schema import TABLE_NAMES

from ._common import dec, esc, fact, facts_of, lines_text, ratio_pct
from .text import fmt_amount, fmt_num, fmt_pct

__all__ = [
    "HALF_UNIT",
    "TABLE_GUIDE",
    "describe_identities",
    "describe_table",
    "exercises",
    "exercises_markdown",
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


def exercises(d) -> pd.DataFrame:
    """Exercises built from this document's numbers, with worked answers (columns question, answer)."""
    out = []
    total, _ = fact(d, "T03", "total", row_key="total")
    basic, _ = fact(d, "T03", "basic", row_key="total")
    if total and basic is not None:
        out.append(("根据公开03表，基本支出占本年支出合计的比重是多少？",
                    f"基本支出 ÷ 本年支出合计 = {fmt_num(basic)} ÷ {fmt_num(total)} × 100% = "
                    f"{fmt_pct(ratio_pct(basic, total))}（四舍五入到0.01%）。"))
    per, _ = fact(d, "T06", "amount", row_key="personnel_total")
    gpb_basic, _ = fact(d, "T05", "basic", row_key="total")
    if per is not None and gpb_basic:
        out.append(("人员经费占一般公共预算财政拨款基本支出的比重是多少？需要用哪两张表？",
                    f"人员经费取公开06表合计行{fmt_num(per)}万元，基本支出取公开05表合计行{fmt_num(gpb_basic)}万元："
                    f"{fmt_num(per)} ÷ {fmt_num(gpb_basic)} × 100% = {fmt_pct(ratio_pct(per, gpb_basic))}。"))
    sg_budget, _ = fact(d, "T09", "budget_total")
    sg_actual, _ = fact(d, "T09", "actual_total")
    if sg_budget and sg_actual is not None:
        out.append(("“三公”经费决算数是预算数的百分之几？这里的预算数是年初预算吗？",
                    f"{fmt_num(sg_actual)} ÷ {fmt_num(sg_budget)} × 100% = {fmt_pct(ratio_pct(sg_actual, sg_budget))}。"
                    "不是：公开09表的预算数是调整后的全年预算数。"))
    t03 = facts_of(d, "T03")
    proj = t03[(t03["measure_key"] == "project") & t03["code"].notna()].copy()
    project_total, _ = fact(d, "T03", "project", row_key="total")
    if not proj.empty and project_total:
        proj["amount_dec"] = proj["value"].map(dec)
        top = proj.sort_values("amount_dec", ascending=False).iloc[0]
        out.append(("项目支出主要花在哪个功能分类科目上？占全部项目支出的多少？",
                    f"公开03表中项目支出最大的是{esc(top['label'])}（{top['code']}），{fmt_num(top['amount_dec'])}万元；"
                    f"{fmt_num(top['amount_dec'])} ÷ {fmt_num(project_total)} × 100% = "
                    f"{fmt_pct(ratio_pct(top['amount_dec'], project_total))}。"))
    t06 = facts_of(d, "T06")
    k302 = t06[t06["code"].notna() & (t06["code"].str.len() == 5) & t06["code"].str.startswith("302")]
    c302, _ = fact(d, "T06", "amount", code="302")
    if not k302.empty and c302 is not None:
        s = sum((dec(v) for v in k302["value"]), Decimal(0))
        n = len(k302) + 1
        verdict = ("两者相等。" if s == c302 else
                   f"相差{fmt_num(s - c302)}万元；{n}个印刷数各有±0.005万元的舍入误差，允许的差额是{fmt_num(HALF_UNIT * n)}万元，"
                   + ("所以这是尾差，不是差错。" if abs(s - c302) <= HALF_UNIT * n else "超出了允许范围，是不符。"))
        out.append(("把公开06表中302商品和服务支出下的各款加起来，是否等于302的合计？如果不等，怎么判断？",
                    " + ".join(fmt_num(dec(v)) for v in k302["value"]) + f" = {fmt_num(s)}，表中302合计为{fmt_num(c302)}。"
                    + verdict))
    out += _narrative_exercises(d)
    return pd.DataFrame(out, columns=["question", "answer"])


def _narrative_exercises(d) -> list[tuple[str, str]]:
    """Exercises that need the 情况说明 (年初预算, 上年数); none when it has not been read."""
    from .narrative import budget_execution, yoy_changes

    out = []
    be = budget_execution(d)
    total = be[be["subject"].isin(["财政拨款支出", "一般公共预算财政拨款支出"]) & be["actual"].notna()]
    if not total.empty:
        r = total.iloc[0]
        out.append(("情况说明给出了年初预算数。财政拨款支出完成年初预算的百分之几？为什么不能用公开09表的预算数口径来比较？",
                    f"{fmt_num(r['actual'])} ÷ {fmt_num(r['budget_initial'])} × 100% = {fmt_pct(r['completion_pct'])}。"
                    "年初预算是年初批复的数，公开09表“三公”预算数是调整后的全年预算，两者口径不同。"))
    yoy = yoy_changes(d)
    usable = yoy[yoy["sign_certain"] & yoy["growth_pct"].notna() & yoy["stated_growth_pct"].notna()]
    if not usable.empty:
        differs = usable[usable["growth_pct"] != usable["stated_growth_pct"]]
        r = (differs if not differs.empty else usable).iloc[0]
        answer = (f"上年数 = 本年数 − 增减额 = {fmt_num(r['current'])} − {fmt_num(r['change'])} = {fmt_num(r['prior'])}；"
                  f"增长率 = {fmt_num(r['change'])} ÷ {fmt_num(r['prior'])} × 100% = {fmt_pct(r['growth_pct'])}。"
                  f"原文写{fmt_pct(r['stated_growth_pct'])}。")
        if r["growth_pct"] != r["stated_growth_pct"] and r["consistent"] is True:
            answer += (f"两者不同，是因为本年数和增减额都已四舍五入：让它们在各自的±半个单位内变动，增长率可以落在"
                       f"{fmt_pct(r['growth_low'])}至{fmt_pct(r['growth_high'])}之间，原文的数在这个范围内，所以不算错误。")
        out.append((f"情况说明说{esc(r['subject'])}比上年变动了{fmt_num(r['change'])}万元。上年是多少？增长率是多少？与原文一致吗？",
                    answer))
    return out


def exercises_markdown(frame: pd.DataFrame) -> str:
    """Markdown: numbered exercises, each followed by its worked answer as a quotation."""
    return "\n\n".join(f"**练习{i}.** {q}\n\n> **参考答案**：{a}" for i, (q, a) in
                       enumerate(zip(frame["question"], frame["answer"]), start=1))
