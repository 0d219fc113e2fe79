"""Exercises for the teaching guide, with worked answers built from the document at hand.

:func:`exercises` are calculation exercises at the level a reader meets in the text (项, not 类);
:func:`find_error_exercises` turn the document's own defects — the findings of
``hcfin.reconcile(d).findings`` that are numeric or text-vs-table inconsistencies, never reading
problems — into "find the error" practice: the question lists the printed numbers and the rule
they must obey, the answer does the arithmetic and names the culprit hcfin's diagnosis points to.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from itertools import permutations

import pandas as pd

from hcfin.classification import name_key

from ._common import dec, esc, fact, facts_of, ratio_pct
from .teaching import HALF_UNIT
from .text import fmt_num, fmt_pct

__all__ = ["describe_find_error", "exercises", "exercises_markdown", "find_error_exercises", "unreliable_tables"]

COLUMNS = ["kind", "question", "answer", "lines"]
_TOTAL_SUBJECTS = {name_key(s) for s in ("财政拨款支出", "一般公共预算财政拨款支出", "基本支出", "项目支出",
                                         "财政拨款收入支出总计", "收入支出总计")}


def _minus(a: Decimal, b: Decimal) -> str:
    """``a − b`` written for a reader: ``2995.39 + 56.95`` when b is negative, never ``− -56.95``."""
    return f"{fmt_num(a)} + {fmt_num(-b)}" if b < 0 else f"{fmt_num(a)} − {fmt_num(b)}"


def _signed(value: Decimal) -> str:
    return f"−{fmt_num(-value)}" if value < 0 else fmt_num(value)


def exercises(d) -> pd.DataFrame:
    """Calculation exercises with worked answers (columns kind, question, answer, lines)."""
    from .narrative import budget_execution, yoy_changes

    out = []
    total, t_line = fact(d, "T03", "total", row_key="total")
    basic, b_line = fact(d, "T03", "basic", row_key="total")
    if total and basic is not None:
        out.append(("计算", "根据公开03表合计行，基本支出占本年支出合计的比重是多少？",
                    f"基本支出 ÷ 本年支出合计 = {fmt_num(basic)} ÷ {fmt_num(total)} × 100% = "
                    f"{fmt_pct(ratio_pct(basic, total))}（四舍五入到0.01%）。", [t_line, b_line]))
    per, p_line = fact(d, "T06", "amount", row_key="personnel_total")
    gpb_basic, g_line = fact(d, "T05", "basic", row_key="total")
    if per is not None and gpb_basic:
        out.append(("计算", "人员经费占一般公共预算财政拨款基本支出的比重是多少？需要用哪两张表？",
                    f"人员经费取公开06表合计行{fmt_num(per)}万元，基本支出取公开05表合计行{fmt_num(gpb_basic)}万元："
                    f"{fmt_num(per)} ÷ {fmt_num(gpb_basic)} × 100% = {fmt_pct(ratio_pct(per, gpb_basic))}。",
                    [p_line, g_line]))
    out += _project_item(d)
    out += _sum_302(d)
    sg_budget, sb_line = fact(d, "T09", "budget_total")
    sg_actual, sa_line = fact(d, "T09", "actual_total")
    if sg_budget and sg_actual is not None:
        out.append(("计算", "“三公”经费决算数是预算数的百分之几？这里的预算数是年初预算吗？",
                    f"{fmt_num(sg_actual)} ÷ {fmt_num(sg_budget)} × 100% = {fmt_pct(ratio_pct(sg_actual, sg_budget))}。"
                    "不是：公开09表的预算数是调整后的全年预算数，决算数还包含使用以前年度结转资金的支出。",
                    [sb_line, sa_line]))
    be = budget_execution(d)
    if not be.empty:
        usable = be[(be["scope"] == "同口径") & be["completion_pct"].notna()
                    & ~be["subject"].map(lambda s: name_key(str(s)) in _TOTAL_SUBJECTS)]
        if not usable.empty:
            with_reason = usable[usable["reason"].map(lambda r: isinstance(r, str) and bool(r))]
            r = (with_reason if not with_reason.empty else usable).iloc[0]
            answer = (f"完成率 = 决算 ÷ 年初预算 = {fmt_num(r['actual'])} ÷ {fmt_num(r['budget_initial'])} × 100% = "
                      f"{fmt_pct(r['completion_pct'])}。")
            answer += (f"原文的解释：“{esc(r['reason'].rstrip('。'))}”。" if isinstance(r["reason"], str) and r["reason"]
                       else "原文没有说明差异的原因。")
            out.append(("计算", f"情况说明给出了{esc(r['subject'])}的年初预算{fmt_num(r['budget_initial'])}万元和决算"
                        f"{fmt_num(r['actual'])}万元。完成年初预算的百分之几？原文怎样解释差异？", answer, r["lines"]))
    yoy = yoy_changes(d)
    if not yoy.empty:
        # only a change whose stated rate agrees with it: a disagreeing one belongs to "find the error"
        usable = yoy[yoy["sign_certain"] & yoy["growth_pct"].notna() & yoy["prior"].map(lambda p: p is not None and p > 0)
                     & yoy["consistent"].map(lambda c: c is not False)]
        if not usable.empty:
            differs = usable[usable["growth_pct"] != usable["stated_growth_pct"]]
            r = (differs if not differs.empty else usable).iloc[0]
            word = "增加" if r["change"] > 0 else "减少"
            answer = (f"上年数 = 本年数 − 增减额 = {_minus(r['current'], r['change'])} = {fmt_num(r['prior'])}；"
                      f"增长率 = {_signed(r['change'])} ÷ {fmt_num(r['prior'])} × 100% = {_signed(r['growth_pct'])}%。")
            if r["stated_growth_pct"] is not None:
                answer += f"原文写{_signed(r['stated_growth_pct'])}%。"
                if r["growth_pct"] != r["stated_growth_pct"] and r["consistent"] is True:
                    answer += (f"两者不同，是因为本年数和增减额都已四舍五入：让它们在各自的±半个单位内变动，增长率可以落在"
                               f"{fmt_pct(r['growth_low'])}至{fmt_pct(r['growth_high'])}之间，原文的数在这个范围内，所以不算错误。")
            out.append(("计算", f"情况说明说{esc(r['subject'])}比上年{word}{fmt_num(abs(r['change']))}万元。"
                        "上年是多少？增长率是多少？与原文一致吗？", answer, r["lines"]))
    out += _fiscal_identity(d)
    return pd.DataFrame([(k, q, a, sorted({int(x) for x in lines if x is not None}))
                         for k, q, a, lines in out], columns=COLUMNS)


def _project_item(d) -> list:
    """Which 项 (7-digit code: the level the text reads at) holds most project money; only when
    two or more 项 have project spending (else the answer would be trivially 100 %)."""
    t03 = facts_of(d, "T03")
    proj = t03[(t03["measure_key"] == "project") & t03["code"].notna() & (t03["code"].str.len() == 7)].copy()
    proj["amount_dec"] = proj["value"].map(dec)
    proj = proj[proj["amount_dec"].map(lambda v: v is not None and v > 0)]
    project_total, line = fact(d, "T03", "project", row_key="total")
    if len(proj) < 2 or not project_total:
        return []
    top = proj.sort_values("amount_dec", ascending=False).iloc[0]
    return [("计算", "在公开03表中，项目支出最多的是哪个“项”级科目？它占全部项目支出的多少？（提示：只比较7位编码的项，"
             "不要用3位编码的类合计。）",
             f"项目支出最多的项是{esc(top['label'])}（{top['code']}），{fmt_num(top['amount_dec'])}万元；"
             f"{fmt_num(top['amount_dec'])} ÷ {fmt_num(project_total)} × 100% = "
             f"{fmt_pct(ratio_pct(top['amount_dec'], project_total))}。", [int(top["line"]), line])]


def _sum_302(d) -> list:
    t06 = facts_of(d, "T06")
    k302 = t06[t06["code"].notna() & (t06["code"].str.len() == 5) & t06["code"].str.startswith("302")
               & (t06["measure_key"] == "amount")]
    c302, line = fact(d, "T06", "amount", code="302")
    if k302.empty or c302 is None:
        return []
    s = sum((dec(v) for v in k302["value"]), Decimal(0))
    n = len(k302) + 1
    verdict = ("两者相等。" if s == c302 else
               f"相差{fmt_num(s - c302)}万元；{n}个印刷数各有±0.005万元的舍入误差，允许的差额是{fmt_num(HALF_UNIT * n)}万元，"
               + ("所以这是尾差，不是差错。" if abs(s - c302) <= HALF_UNIT * n else "超出了允许范围，是不符。"))
    return [("计算", "把公开06表中302商品和服务支出下的各款加起来，是否等于302的合计？如果不等，怎么判断？",
             " + ".join(fmt_num(dec(v)) for v in k302["value"]) + f" = {fmt_num(s)}，表中302合计为{fmt_num(c302)}。"
             + verdict, [line, *k302["line"]])]


def _fiscal_identity(d) -> list:
    """公开01表 ≡ 公开04表 for a fully fiscal-funded unit: does it hold here, and why (not)?"""
    from .spending import income_by_source

    t01, l1 = fact(d, "T01", "amount", row_key="income_total", side="income")
    t04, l4 = fact(d, "T04", "amount", row_key="income_total", side="income")
    if t01 is None or t04 is None:
        return []
    income = income_by_source(d)
    other = income.iloc[3:]
    non_fiscal = [(r.source, r.value) for r in other.itertuples() if r.value]
    opening, _ = fact(d, "T01", "amount", row_key="opening_balance", side="income")
    question = (f"公开01表本年收入合计{fmt_num(t01)}万元，公开04表本年收入合计{fmt_num(t04)}万元。"
                "两者为什么相等（或不相等）？什么样的单位两张表完全一样？")
    answer = ("公开01表包括单位的全部收入，公开04表只包括财政拨款。一个单位如果全部收入都是财政拨款（没有上级补助、事业收入、"
              "经营收入、附属单位上缴和其他收入），而且没有非财政拨款的结转结余，两张表就逐行相同，公开03表和公开05表也逐行相同。")
    if t01 == t04 and not non_fiscal:
        answer += f"本单位正是这样：除财政拨款外没有别的收入，所以两个合计都是{fmt_num(t01)}万元。"
    else:
        parts = "、".join(f"{esc(n)}{fmt_num(v)}万元" for n, v in non_fiscal)
        answer += (f"本单位两者相差{fmt_num(t01 - t04)}万元" + (f"，差额来自财政拨款以外的收入：{parts}" if parts else "")
                   + "。")
    if opening:
        answer += f"另外，公开01表年初结转和结余{fmt_num(opening)}万元包含非财政拨款资金，所以两张表的总计也会不同。"
    return [("讲解", question, answer, [l1, l4])]


#: Kinds of check whose failures make a good "find the error" exercise, with the rule in words.
RULE_WORDS = {
    "identity": "表中的总计两边必须相等，总计 = 本年合计 + 结转结余，空白不能当作0",
    "text_sum": "各组成部分之和必须等于总额（占比之和必须等于100%）",
    "text_ratio": "说明中的百分比必须等于按表中数字重新计算、四舍五入到同样小数位的结果",
    "text_amount": "说明中的金额必须等于表中同一个数",
    "text_growth_from_zero": "增长率 = 增减额 ÷ 上年数，上年数 = 本年数 − 增减额；上年为0时增长率没有定义",
}


#: A table with this many error-level mismatches is taken as misread, not as misprinted: its
#: findings make no exercise (a student must never be taught hcfin's own reading error).
UNRELIABLE_TABLE_ERRORS = 10
#: At most this many numbers in one exercise (a 37-term sum is not a classroom exercise).
MAX_NUMBERS = 8


def unreliable_tables(results: pd.DataFrame) -> set[str]:
    """Tables with at least :data:`UNRELIABLE_TABLE_ERRORS` error-level mismatches."""
    counts: dict[str, int] = {}
    errors = results[(results["status"] == "mismatch") & (results["severity"] == "error")]
    for tables in errors["tables"]:
        for table in (tables if isinstance(tables, (list, tuple)) else str(tables).split(",")):
            if str(table).strip():
                counts[str(table).strip()] = counts.get(str(table).strip(), 0) + 1
    return {t for t, n in counts.items() if n >= UNRELIABLE_TABLE_ERRORS}


def find_error_exercises(d, report=None, limit: int = 6) -> pd.DataFrame:
    """"Find the error" exercises from the document's real defects (``report.findings``).

    Only findings of category numeric or consistency at error or warning level whose checks are of
    a kind in :data:`RULE_WORDS` are used (reading problems never: they are hcfin's, not the
    document's), none touching a table that looks misread (:func:`unreliable_tables`) and none
    needing more than :data:`MAX_NUMBERS` numbers; at most two per rule, at most ``limit`` in all.

    Returns:
        columns kind ("找错"), question, answer, lines, finding_id.
    """
    if report is None:
        from hcfin import reconcile

        report = reconcile(d)
    findings, evidence, results = report.findings, report.evidence, report.results
    misread = unreliable_tables(results)
    rows, per_rule, skipped = [], {}, 0
    for f in findings.itertuples():
        if f.category not in ("numeric", "consistency") or f.severity not in ("error", "warning"):
            continue
        idx = [int(x) for x in str(f.result_rows).split(",") if x.strip().isdigit()]
        kinds = [k for k in results.loc[results.index.intersection(idx), "kind"] if k in RULE_WORDS]
        if not kinds:
            continue
        rule = str(f.rule_ids).split(",")[0]
        if per_rule.get(rule, 0) >= 2 or len(rows) >= limit:
            continue
        ev = evidence[evidence["finding_id"] == f.finding_id]
        if len(ev) > MAX_NUMBERS or set(ev["table"].dropna().astype(str)) & misread:
            skipped += 1
            continue
        # a corroborating number (printed elsewhere, pointing at the culprit) belongs to the answer
        numbers = "；".join(_evidence_text(e) for e in ev.itertuples() if e.role != "corroborating")
        question = (f"找错：本文件印有以下数字——{numbers}。它们应当满足：{RULE_WORDS[kinds[0]]}。"
                    "请核对这些数，说明哪里有问题、正确的数应是多少。")
        answer = _worked(kinds[0], ev, results.loc[results.index.intersection(idx)])
        answer += esc(str(f.summary)).rstrip("。") + "。"
        if isinstance(f.diagnosis, str) and f.diagnosis:
            answer += f"哪个数出了错：{esc(f.diagnosis).rstrip('。')}。"
        lines = sorted({int(x) for x in str(f.lines).split(";") if x.strip().isdigit()})
        rows.append(("找错", question, answer, lines, f.finding_id))
        per_rule[rule] = per_rule.get(rule, 0) + 1
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "finding_id"])
    frame.attrs.update({"skipped": skipped, "misread_tables": sorted(misread)})
    return frame


def describe_find_error(frame: pd.DataFrame, start: int = 1) -> str:
    """Markdown: the "find the error" exercises, or why there are none."""
    text = exercises_markdown(frame, start) if not frame.empty else \
        "数据核对没有在这份文件中发现适合做练习的错误：文字与表格、表与表之间的数字在舍入范围内彼此一致。"
    if frame.attrs.get("skipped"):
        text += (f"\n\n另有{frame.attrs['skipped']}处核对不符没有编成练习：它们涉及的数太多，或涉及的表"
                 + ("（" + "、".join(f"公开{t[1:]}表" for t in frame.attrs.get("misread_tables", [])) + "）"
                    if frame.attrs.get("misread_tables") else "")
                 + "可能没有被正确读取，见数据核对报告。")
    return text


def _column_name(column: object) -> object:
    """A 公开09表 measure key (``actual_reception``) as its Chinese name (``决算数 公务接待费``)."""
    from .spending import SANGONG_ITEMS

    if isinstance(column, str) and "_" in column:
        block, _, key = column.partition("_")
        names = {k: n.replace("其中：", "") for k, n, _ in SANGONG_ITEMS}
        if block in ("budget", "actual") and key in names:
            return f"{'预算数' if block == 'budget' else '决算数'} {names[key]}"
    return column


def _evidence_text(e) -> str:
    where = e.statement if isinstance(e.statement, str) and e.statement else \
        " ".join(str(x) for x in (e.table_name, e.row, _column_name(e.column)) if isinstance(x, str) and x)
    value = e.value if isinstance(e.value, str) and e.value else "（空白）"
    line = f"，第{int(e.line)}行" if e.line is not None and not pd.isna(e.line) else ""
    return f"{esc(where)}：{esc(value)}{line}"


def _num(text: object) -> Decimal | None:
    if not isinstance(text, str):
        return None
    cleaned = text.replace(",", "").replace("万元", "").replace("%", "").strip()
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _worked(kind: str, ev: pd.DataFrame, results: pd.DataFrame) -> str:
    """The arithmetic of the answer, where the evidence allows it to be written out."""
    values = [(_num(e.value), e) for e in ev.itertuples()]
    values = [(v, e) for v, e in values if v is not None]
    reported = _num(results.iloc[0]["reported"]) if not results.empty else None
    computed = _num(results.iloc[0]["computed"]) if not results.empty else None
    if kind == "text_sum" and values:
        if all(str(e.value).endswith("%") for _, e in values):
            parts, total = [v for v, _ in values], Decimal(100)
        else:
            at = next((i for i, (v, _) in enumerate(values) if v == reported), None)
            parts = [v for i, (v, e) in enumerate(values) if i != at and e.role != "corroborating"]
            total = reported
        if parts and total is not None:
            added = sum(parts, Decimal(0))
            side = "少" if added < total else "多"
            return (f"各部分相加：{' + '.join(fmt_num(p) for p in parts)} = {fmt_num(added)}，"
                    f"而总额是{fmt_num(total)}，各部分之和比总额{side}{fmt_num(abs(added - total))}。")
    if kind == "text_ratio" and len(values) >= 2:
        stated = next((v for v, e in values if str(e.value).endswith("%")), None)
        amounts = [v for v, e in values if not str(e.value).endswith("%")]
        for a, b in permutations(amounts, 2):
            if b and computed is not None and abs(a * 100 / b - computed) < Decimal("0.0001"):
                return (f"按表重新计算：{fmt_num(a)} ÷ {fmt_num(b)} × 100% = {fmt_pct(ratio_pct(a, b))}，"
                        f"原文写{fmt_num(stated)}%。")
            if b == 0 and stated is not None:
                return f"分母是0：{fmt_num(a)} ÷ 0 没有意义，原文却写了{fmt_num(stated)}%。"
        if any(v == 0 for v in amounts) and stated is not None:
            return f"分母是0，比率没有定义，原文却写了{fmt_num(stated)}%。"
    if kind == "text_growth_from_zero" and len(values) >= 2:
        money = [v for v, e in values if str(e.value).endswith("万元")]
        if len(money) >= 2:
            current, change = money[0], money[1]
            return (f"上年数 = 本年数 − 增减额 = {_minus(current, change)} = {fmt_num(current - change)}。"
                    "上年为0，增长率没有定义，不能写成100%，应写“上年无此项支出”或“新增”。")
    if kind == "text_amount" and reported is not None and computed is not None:
        return (f"说明中的数是{fmt_num(reported)}，表中同一个数是{fmt_num(computed)}，"
                f"说明{'多' if reported > computed else '少'}{fmt_num(abs(reported - computed))}。")
    if kind == "identity" and computed is not None:
        return f"按表中其他数推算，这个数应为{fmt_num(computed)}。"
    return ""


def exercises_markdown(frame: pd.DataFrame, start: int = 1) -> str:
    """Markdown: numbered exercises, each followed by its worked answer as a quotation."""
    return "\n\n".join(f"**练习{i}.** {q}\n\n> **参考答案**：{a}" for i, (q, a) in
                       enumerate(zip(frame["question"], frame["answer"]), start=start))
