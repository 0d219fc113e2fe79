"""Figures the 情况说明 states, set against the tables: budgets, year-on-year changes,
机关运行经费, meetings and training, procurement and staff.

All functions read ``d.statements`` (columns
:data:`hcfin.narrative.STATEMENT_COLUMNS`). When the disclosure has no statements the
functions return empty frames and the ``describe_*`` paragraphs say so; nothing is invented.
"""

from __future__ import annotations

from decimal import Decimal, ROUND_HALF_UP

import pandas as pd

from hcfin.classification import name_key

from ._common import dec, esc, fact, facts_of, lines_text, ratio_pct
from .reasons import budget_reason, paragraph_at
from .scope import named_keys, residual_scope
from .text import PCT_NOTE, fmt_amount, fmt_num, fmt_pct

__all__ = [
    "NO_STATEMENTS",
    "absent_note",
    "admin_cost",
    "budget_execution",
    "describe_admin_cost",
    "describe_budget_execution",
    "describe_meeting_training",
    "describe_per_staff",
    "per_staff",
    "describe_yoy",
    "meeting_training",
    "signed_change",
    "staff_count",
    "yoy_changes",
]

NO_STATEMENTS = "本文件的情况说明（文字部分）没有可用于这一部分的数字；表格数据不受影响。"

#: Words by which a topic is recognised in the text (for :func:`absent_note`).
TOPIC_WORDS = {
    "年初预算": ("年初预算",), "上年对比": ("上年", "上一年", "同比"), "机关运行经费": ("机关运行经费",),
    "会议费和培训费": ("会议费", "培训费"), "政府采购": ("政府采购",),
}


def absent_note(d, topic: str) -> str:
    """What a report says when the 情况说明 yields no figure for ``topic`` (a key of TOPIC_WORDS):
    that the document has no such text at all, or where it mentions the topic without a number
    hcfin could read. Never claims a section exists that the document does not have."""
    words = TOPIC_WORDS.get(topic, (topic,))
    document = getattr(d, "document", None)
    paragraphs = document.paragraphs if document is not None else []
    lines = [p.line for p in paragraphs if any(w in p.text for w in words)]
    if not lines:
        return f"本文件的文字部分没有关于{topic}的内容，这一部分无从分析；表格数据不受影响。"
    shown = lines[:5]
    more = f"等{len(lines)}处" if len(lines) > 5 else ""
    return (f"本文件在{lines_text(shown)}{more}提到{topic}，但那里没有可以与表格对照的数字"
            "（或数字未能读出，见数据核对报告的读取问题）。")

_NEGATIVE = ("减少", "下降", "降低")
_POSITIVE = ("增加", "增长", "上升", "提高")


def signed_change(value: Decimal | None, direction: object) -> tuple[Decimal | None, bool]:
    """Apply a direction word to a printed magnitude.

    Returns:
        (signed value, is_certain). ``增加（减少）``-style words name both directions: the sign
        is then unknown (``is_certain`` False) unless the value is 0.
    """
    if value is None:
        return None, False
    text = "" if direction is None or (isinstance(direction, float) and direction != direction) else str(direction)
    has_neg = any(w in text for w in _NEGATIVE)
    has_pos = any(w in text for w in _POSITIVE)
    if value == 0:
        return value, True
    if has_neg and has_pos:
        return value, False
    if has_neg:
        return -value, True
    return value, True


def _rows(d, metric: str | None = None, subject: str | None = None) -> pd.DataFrame:
    st = d.statements
    if st.empty:
        return st
    mask = pd.Series(True, index=st.index)
    if metric is not None:
        mask &= st["metric"] == metric
    if subject is not None:
        mask &= st["subject"].map(lambda s: name_key(str(s)) == name_key(subject))
    return st[mask]


def _first(rows: pd.DataFrame) -> tuple[Decimal | None, int | None, pd.Series | None]:
    if rows.empty:
        return None, None, None
    row = rows.iloc[0]
    line = None if pd.isna(row["line"]) else int(row["line"])
    return dec(row["value"]), line, row


def _partner(same: pd.DataFrame, metric: str, line: int, n_anchor: int) -> pd.DataFrame:
    """The statement of ``metric`` that goes with an anchor statement of the same section and subject.

    One printed on the anchor's line wins; otherwise the only one in the section, and only when the
    anchor metric is also stated once there. Anything else is ambiguous and pairs with nothing.
    """
    candidates = same[same["metric"] == metric]
    on_line = candidates[candidates["line"] == line]
    if not on_line.empty:
        return on_line.iloc[:1]
    if len(candidates) == 1 and n_anchor == 1:
        return candidates
    return candidates.iloc[0:0]


#: Subjects too generic to pair a budget with an actual ("部门" = the department as a whole).
_GENERIC_SUBJECTS = {"部门"}


def _reason(row: pd.Series | None) -> str | None:
    if row is None or "clause" not in row.index:
        return None
    clause = row["clause"]
    if not isinstance(clause, str) or "原因" not in clause:
        return None
    return clause[clause.index("原因"):].lstrip("原因是为：:，, ").strip() or None


def _paragraph_reasons(d, budgets: pd.DataFrame) -> dict[int, str]:
    """Line of a 年初预算 statement → the reason stated in its paragraph, when that paragraph holds
    only this one budget figure (a reason shared by several budgets is not attributed)."""
    where = {int(line): paragraph_at(d, int(line)) for line in set(budgets["line"].dropna())}
    per_paragraph: dict[int, list[int]] = {}
    for _, b in budgets.iterrows():
        if dec(b["value"]) is None or b["line"] is None or pd.isna(b["line"]):
            continue
        found = where.get(int(b["line"]))
        if found is not None:
            per_paragraph.setdefault(found[0], []).append(int(b["line"]))
    reasons = {}
    for lines in per_paragraph.values():
        if len(lines) == 1:
            reason = budget_reason(where[lines[0]][1])
            if reason:
                reasons[lines[0]] = reason
    return reasons


def budget_execution(d) -> pd.DataFrame:
    """年初预算 (stated in the narrative) vs 决算, with the completion rate recomputed.

    Each stated 年初预算 is paired with the 决算 stated in the same section for the same subject;
    for 基本支出/项目支出 without one, with the 公开05表 column; for an economic item (基本工资,
    工会经费 …), with the 公开06表 row of the same name. ``flag`` marks rates above 110 % or below 90 %.
    A residual budget line (其他商品和服务支出) whose 公开06表 row covers less than it does gets no
    rate: ``scope`` says why (:func:`hcfin.analysis.scope.residual_scope`).

    Returns:
        columns section, subject, budget_initial, actual, actual_basis, completion_pct,
        stated_pct, flag, scope, reason, lines.
    """
    budgets = _rows(d, metric="年初预算")
    st = d.statements
    t06 = facts_of(d, "T06")
    stated_reasons = _paragraph_reasons(d, budgets)
    rows = []
    for _, b in budgets.iterrows():
        budget = dec(b["value"])
        if budget is None or b["subject"] in _GENERIC_SUBJECTS:
            continue
        same = st[(st["section"] == b["section"]) & (st["subject"] == b["subject"])]
        n_budget = int((same["metric"] == "年初预算").sum())
        actual, a_line, a_row = _first(_partner(same, "决算", int(b["line"]), n_budget))
        basis, scope = "情况说明", None
        if actual is None:
            key = {"基本支出": "basic", "项目支出": "project"}.get(name_key(str(b["subject"])))
            if key:
                actual, a_line = fact(d, "T05", key, row_key="total")
                basis = "公开05表"
            else:
                hit = t06[(t06["label"].map(name_key) == name_key(str(b["subject"]))) & t06["code"].notna()]
                if not hit.empty:
                    actual, a_line, basis = dec(hit.iloc[0]["value"]), int(hit.iloc[0]["line"]), "公开06表"
                    code = str(hit.iloc[0]["code"])
                    scope = residual_scope(d, code, named_keys(budgets[budgets["section"] == b["section"]]))
        stated, s_line, _ = _first(_partner(same, "完成率", int(b["line"]), n_budget))
        pct = ratio_pct(actual, budget) if scope is None else None
        flag = None
        if pct is not None and pct > 110:
            flag = "超出年初预算10%以上"
        elif pct is not None and pct < 90:
            flag = "不足年初预算的90%"
        rows.append({
            "section": b["section"], "subject": b["subject"], "budget_initial": budget, "actual": actual,
            "actual_basis": basis if actual is not None else None, "completion_pct": pct,
            "stated_pct": stated, "flag": flag, "scope": scope or ("同口径" if pct is not None else None),
            "reason": _reason(a_row) or _reason(b) or stated_reasons.get(int(b["line"])),
            "lines": sorted({x for x in (int(b["line"]), a_line, s_line) if x is not None}),
        })
    return pd.DataFrame(rows, columns=["section", "subject", "budget_initial", "actual", "actual_basis",
                                       "completion_pct", "stated_pct", "flag", "scope", "reason", "lines"])


def yoy_changes(d) -> pd.DataFrame:
    """Year-on-year changes stated in the narrative, with the prior year recovered and the rate recomputed.

    prior = current − signed change; rate = change ÷ prior. The rate interval ``growth_low`` –
    ``growth_high`` follows from each printed number standing for ±half a unit of its last
    decimal; ``consistent`` says whether the stated rate (± its own half unit) meets it.
    ``sign_certain`` is False when the document's direction word names both directions
    (``增加（减少）``); the stated rate is then kept as a magnitude.

    Returns:
        columns section, subject, current, change, prior, growth_pct, growth_low, growth_high,
        stated_growth_pct, consistent, sign_certain, lines.
    """
    st = d.statements
    rows = []
    for _, c in _rows(d, metric="增减额").iterrows():
        same = st[(st["section"] == c["section"]) & (st["subject"] == c["subject"])]
        n_change = int((same["metric"] == "增减额").sum())
        current, cur_line, _ = _first(_partner(same, "决算", int(c["line"]), n_change))
        change, certain = signed_change(dec(c["value"]), c.get("direction"))
        rate_value, rate_line, rate_row = _first(_partner(same, "增长率", int(c["line"]), n_change))
        stated, rate_certain = signed_change(rate_value, None if rate_row is None else rate_row.get("direction"))
        if not rate_certain and change is not None and stated is not None and change < 0:
            stated = -stated  # the amount's direction word settles the sign of an ambiguous rate
        prior = None if current is None or change is None else current - change
        low, high = _rate_bounds(current, change) if certain else (None, None)
        consistent = None
        if stated is not None and low is not None:
            half = _half_unit(stated)
            consistent = stated + half >= low and stated - half <= high
        rows.append({
            "section": c["section"], "subject": c["subject"], "current": current, "change": change,
            "prior": prior, "growth_pct": ratio_pct(change, prior) if certain else None,
            "growth_low": low, "growth_high": high, "stated_growth_pct": stated, "consistent": consistent,
            "sign_certain": certain,
            "lines": sorted({x for x in (int(c["line"]), cur_line, rate_line) if x is not None}),
        })
    return pd.DataFrame(rows, columns=["section", "subject", "current", "change", "prior", "growth_pct",
                                       "growth_low", "growth_high", "stated_growth_pct", "consistent",
                                       "sign_certain", "lines"])


def _half_unit(value: Decimal) -> Decimal:
    return Decimal(5).scaleb(value.as_tuple().exponent - 1)


def _rate_bounds(current: Decimal | None, change: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """Interval of change ÷ (current − change) over the rounding intervals of both printed numbers."""
    if current is None or change is None:
        return None, None
    rates = []
    for cur in (current - _half_unit(current), current + _half_unit(current)):
        for ch in (change - _half_unit(change), change + _half_unit(change)):
            prior = cur - ch
            if prior <= 0:
                return None, None
            rates.append(ch * 100 / prior)
    return round_half_up(min(rates)), round_half_up(max(rates))


def admin_cost(d) -> pd.DataFrame:
    """机关运行经费 as stated, beside 公开06表 公用经费合计 (they should agree for 行政/参公 units)."""
    value, line, _ = _first(_rows(d, metric="决算", subject="机关运行经费"))
    public, public_line = fact(d, "T06", "amount", row_key="public_total")
    rows = [
        {"item": "机关运行经费（情况说明）", "value": value, "line": line},
        {"item": "公用经费合计（公开06表）", "value": public, "line": public_line},
    ]
    frame = pd.DataFrame(rows, columns=["item", "value", "line"])
    frame.attrs["difference"] = None if value is None or public is None else value - public
    return frame


def meeting_training(d) -> pd.DataFrame:
    """会议费 and 培训费 as stated (amount, people), beside 公开06表 30215/30216 (basic spending only)."""
    t06 = facts_of(d, "T06")
    rows = []
    for subject, code in (("会议费", "30215"), ("培训费", "30216")):
        amount, line, _ = _first(_rows(d, metric="决算", subject=subject))
        people, p_line, p_row = _first(_rows(d, metric="人数", subject=subject))
        hit = t06[t06["code"] == code]
        rows.append({
            "item": subject, "amount": amount,
            "people": None if p_row is None else f"{fmt_num(people)}{p_row['unit'] if isinstance(p_row['unit'], str) else ''}",
            "t06_basic": dec(hit.iloc[0]["value"]) if not hit.empty else None,
            "lines": sorted({x for x in (line, p_line) if x is not None}),
        })
    return pd.DataFrame(rows, columns=["item", "amount", "people", "t06_basic", "lines"])


def staff_count(d) -> tuple[Decimal | None, int | None]:
    """在职人数 stated in the narrative (the per-staff denominator) and its line."""
    value, line, _ = _first(_rows(d, metric="在职人数"))
    if value is None:
        for _, row in d.statements.iterrows():
            if row.get("metric") == "在职人数" or row.get("subject") == "在职人数":
                return dec(row["value"]), int(row["line"])
    return value, line


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def describe_budget_execution(frame: pd.DataFrame, d=None) -> str:
    """A Chinese paragraph on 年初预算 vs 决算 (``budget_execution``); ``d`` lets it say what the
    document holds when there is nothing to compare (:func:`absent_note`)."""
    if frame.empty:
        return NO_STATEMENTS if d is None else absent_note(d, "年初预算")
    parts, scoped = [], []
    for r in frame[frame["actual"].notna()].itertuples():
        if r.completion_pct is None and _text(r.scope) and r.scope != "同口径":
            scoped.append(f"{esc(r.subject)}年初预算{fmt_amount(r.budget_initial)}，{r.actual_basis}同名科目决算"
                          f"{fmt_amount(r.actual)}，但{r.scope}")
            continue
        piece = f"{esc(r.subject)}年初预算{fmt_amount(r.budget_initial)}、决算{fmt_amount(r.actual)}"
        if _text(r.actual_basis) and r.actual_basis != "情况说明":
            piece += f"（决算数取自{r.actual_basis}）"
        if r.completion_pct is not None:
            piece += f"，完成年初预算的{fmt_pct(r.completion_pct)}"
        if r.stated_pct is not None and r.completion_pct is not None and abs(r.stated_pct - r.completion_pct) > Decimal("0.01"):
            piece += f"（原文称{fmt_pct(r.stated_pct)}，与重算不一致）"
        if _text(r.flag):
            piece += f"，{r.flag}"
        if _text(r.reason):
            piece += f"，原文说明的原因：{esc(r.reason.rstrip('。'))}"
        parts.append(piece)
    missing = frame[frame["actual"].isna() & (frame["subject"] != "部门")]["subject"].tolist()
    text = ("以下预算数均为情况说明所载的“年初预算”，不是调整后预算；完成率 = 决算 ÷ 年初预算，"
            "偏离超过±10%的标出；只比较口径相同的数。" + "；".join(parts) + "。" + "".join(scoped))
    if missing:
        text += "没有找到对应决算数、因而未计算完成率的预算项目：" + "、".join(esc(m) for m in missing) + "。"
    return text + PCT_NOTE


def describe_yoy(frame: pd.DataFrame, subject: str | None = None, d=None) -> str:
    """A Chinese paragraph on stated year-on-year changes (all, or one subject)."""
    if frame.empty:
        return NO_STATEMENTS if d is None else absent_note(d, "上年对比")
    if subject is not None:
        frame = frame[frame["subject"].map(lambda s: name_key(str(s)) == name_key(subject))]
        if frame.empty:
            return f"情况说明没有给出{esc(subject)}的上年对比。"
    parts = []
    skipped = frame[frame["current"].isna()]
    for r in frame[frame["current"].notna()].drop_duplicates("subject").itertuples():
        piece = f"{esc(r.subject)}本年{fmt_amount(r.current)}，比上年{_change_words(r.change, r.sign_certain)}"
        if r.prior is not None and r.sign_certain:
            piece += f"，推算上年{fmt_amount(r.prior)}"
            if r.prior == 0:
                piece += "；上年为0，增长率没有数学定义"
                if r.stated_growth_pct is not None:
                    piece += f"（原文写作{fmt_pct(r.stated_growth_pct)}）"
            elif r.growth_pct is not None:
                piece += f"，增长率{fmt_pct(r.growth_pct)}"
                if r.stated_growth_pct is not None:
                    piece += f"，原文{fmt_pct(r.stated_growth_pct)}"
                    if r.consistent is True and r.stated_growth_pct != r.growth_pct:
                        piece += (f"，在舍入范围（{fmt_pct(r.growth_low)}至{fmt_pct(r.growth_high)}）内，"
                                  "差异来自上年数的尾数")
                    elif r.consistent is False:
                        piece += f"，超出舍入范围（{fmt_pct(r.growth_low)}至{fmt_pct(r.growth_high)}），需要核实"
        parts.append(piece)
    text = "上年数不在表中，由“本年数 − 增减额”推算；推算值继承两个印刷数的舍入误差。"
    if parts:
        text += "；".join(parts) + "。"
    if not skipped.empty:
        text += ("以下增减额在同一处没有可对应的本年数，未推算上年数：" +
                 "、".join(f"{esc(r.subject)}（{lines_text(r.lines)}）" for r in skipped.itertuples()) + "。")
    return text + PCT_NOTE


def _change_words(change: Decimal | None, certain: bool) -> str:
    if change is None:
        return "变动未说明"
    if not certain:
        return f"变动{fmt_num(abs(change))}万元（原文方向词含糊）"
    if change > 0:
        return f"增加{fmt_num(change)}万元"
    if change < 0:
        return f"减少{fmt_num(-change)}万元"
    return "持平"


def describe_admin_cost(frame: pd.DataFrame, yoy: pd.DataFrame, d=None) -> str:
    """A Chinese paragraph on 机关运行经费 vs 公用经费 and its change."""
    stated = frame.iloc[0]
    public = frame.iloc[1]
    if stated["value"] is None:
        text = (f"情况说明中未取得机关运行经费数；公开06表公用经费合计为{fmt_amount(public['value'])}"
                f"（{lines_text([public['line']])}），对行政单位和参公事业单位，两者通常一致。")
        return text + (NO_STATEMENTS if d is None else absent_note(d, "机关运行经费"))
    diff = frame.attrs.get("difference")
    text = (f"机关运行经费{fmt_amount(stated['value'])}（情况说明{lines_text([stated['line']])}），"
            f"公开06表公用经费合计{fmt_amount(public['value'])}（{lines_text([public['line']])}）")
    text += "，两者一致。" if diff == 0 else f"，相差{fmt_num(diff)}万元。"
    return text + describe_yoy(yoy, "机关运行经费")


def describe_meeting_training(frame: pd.DataFrame, d=None) -> str:
    """A Chinese paragraph on 会议费 and 培训费."""
    if frame["amount"].map(lambda v: v is None).all():
        return NO_STATEMENTS if d is None else absent_note(d, "会议费和培训费")
    parts = []
    for r in frame.itertuples():
        piece = f"{r.item}{fmt_amount(r.amount)}"
        if r.people:
            piece += f"，人数{esc(r.people)}"
        if r.t06_basic is not None:
            piece += f"（公开06表基本支出中列{fmt_amount(r.t06_basic)}）"
        else:
            piece += "（公开06表基本支出未列该科目，说明该费用不在基本支出中列支或未单列）"
        parts.append(piece)
    return "；".join(parts) + "。"


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round half-up to ``places`` decimals (the convention of the disclosures)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def per_staff(d) -> pd.DataFrame:
    """人员经费 and 公用经费 per 在职人员 (staff count from the narrative), in 万元 per person.

    人员经费 includes retiree allowances (303), so per-staff personnel cost overstates pay.
    Empty when the narrative gives no staff count.
    """
    staff, staff_line = staff_count(d)
    rows = []
    if staff:
        for key, name in (("personnel_total", "人均人员经费"), ("public_total", "人均公用经费")):
            value, line = fact(d, "T06", "amount", row_key=key)
            if value is not None:
                rows.append({"metric": name, "value": round_half_up(value / staff), "unit": "万元/人",
                             "formula": f"{'人员' if key == 'personnel_total' else '公用'}经费 {fmt_num(value)} ÷ 在职人数 {fmt_num(staff)}",
                             "lines": sorted(x for x in (line, staff_line) if x is not None)})
    return pd.DataFrame(rows, columns=["metric", "value", "unit", "formula", "lines"])


def describe_per_staff(frame: pd.DataFrame) -> str:
    """A Chinese paragraph on the per-staff figures."""
    if frame.empty:
        return "情况说明中没有取得在职人数，无法计算人均指标。"
    return ("；".join(f"{r.metric}{fmt_num(r.value)}{r.unit}（{r.formula}，{lines_text(r.lines)}）" for r in frame.itertuples())
            + "。人员经费包含对个人和家庭的补助（如离退休人员生活补助），人均人员经费因此高于在职人员的人均工资福利；"
              "跨单位比较时应区分行政、参公单位与事业单位。")
