"""Plausibility norms as data (``hcfin/data/norms.yaml``), each tested on a disclosure by one kind.

A norm is a reason to ask, not a finding of error: a result is 值得关注 (the norm is not met),
符合 (met) or 无法检验 (the figures it needs are not printed), always with the numbers, the
norm's source and, where the document gives one, its own stated reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Callable

import pandas as pd

from ._common import dec, esc, fact, facts_of, lines_text, ratio_pct
from .text import fmt_amount, fmt_num, fmt_pct

__all__ = ["NORM_KINDS", "Norm", "benchmarks", "describe_norms", "load_norms", "test_norms"]

FLAG, MET, UNTESTED = "值得关注", "符合", "无法检验"
RESULT_COLUMNS = ["id", "name", "result", "finding", "source", "evidence", "reason", "lines"]


@dataclass(frozen=True)
class Norm:
    """One entry of norms.yaml."""

    id: str
    kind: str
    name: str
    source: str
    evidence: str
    reading: str
    params: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def _data() -> dict:
    import yaml

    text = resources.files("hcfin").joinpath("data/norms.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def load_norms() -> list[Norm]:
    """The packaged norms, in file order.

    Raises:
        ValueError: an entry names a kind that :data:`NORM_KINDS` does not have.
    """
    norms = []
    for entry in _data()["norms"]:
        if entry["kind"] not in NORM_KINDS:
            raise ValueError(f"hcfin/data/norms.yaml: norm {entry['id']!r} has unknown kind {entry['kind']!r}; "
                             f"expected one of {sorted(NORM_KINDS)}")
        norms.append(Norm(entry["id"], entry["kind"], entry["name"], entry["source"], entry.get("evidence", "K"),
                          entry.get("reading", ""), entry.get("params") or {}))
    return norms


def benchmarks() -> list[dict]:
    """The fund benchmarks of norms.yaml (``fund_benchmarks``), as plain dicts."""
    return list(_data().get("fund_benchmarks", []))


def _t06(d) -> pd.DataFrame:
    t06 = facts_of(d, "T06")
    return t06[t06["code"].notna() & (t06["measure_key"] == "amount")]


def _share_of_codes(d, norm: Norm) -> tuple[str, str, list[int]]:
    """params: numerator, denominator (lists of economic codes summed from 公开06表), at_most_pct."""
    t06 = _t06(d)

    def total(codes):
        rows = t06[t06["code"].isin(codes)]
        values = [dec(v) for v in rows["value"] if dec(v) is not None]
        return (sum(values, Decimal(0)) if values else None), rows

    num, num_rows = total(norm.params["numerator"])
    den, den_rows = total(norm.params["denominator"])
    lines = sorted({int(x) for x in [*num_rows["line"], *den_rows["line"]]})
    if not num or not den:
        return UNTESTED, "公开06表没有印出计算所需的科目（分子或分母为空），无法检验。", lines
    pct = ratio_pct(num, den)
    limit = Decimal(norm.params["at_most_pct"])
    names = "、".join(esc(x) for x in den_rows["label"])
    finding = (f"{esc(num_rows['label'].iloc[0])}{fmt_amount(num)}，工资总额（{names}）{fmt_amount(den)}，"
               f"占{fmt_pct(pct)}，标准为不超过{fmt_num(limit)}%")
    if pct > limit:
        multiple = (pct / limit).quantize(Decimal("0.1"))
        return FLAG, finding + f"，约为标准的{fmt_num(multiple)}倍。", lines
    return MET, finding + "。", lines


def _cell(d, ref: str) -> tuple[Decimal | None, int | None]:
    """``T04.income[opening_balance].amount`` → (value, line)."""
    table_side, rest = ref.split("[", 1)
    row_key, measure = rest.split("].", 1)
    table, side = table_side.split(".", 1)
    return fact(d, table, measure, row_key=row_key, side=side)


def _carryover_unused(d, norm: Norm) -> tuple[str, str, list[int]]:
    """params: opening, closing (cell references, see :func:`_cell`)."""
    opening, o_line = _cell(d, norm.params["opening"])
    closing, c_line = _cell(d, norm.params["closing"])
    lines = [x for x in (o_line, c_line) if x is not None]
    if opening is None or closing is None:
        return UNTESTED, "财政拨款收入支出决算总表没有印出年初或年末结转和结余，无法检验。", lines
    if opening == 0:
        return MET, "年初没有财政拨款结转和结余。", lines
    finding = f"年初财政拨款结转和结余{fmt_amount(opening)}，年末{fmt_amount(closing)}"
    if closing >= opening:
        return FLAG, finding + "，年末不少于年初。", lines
    return MET, finding + f"，年内减少{fmt_amount(opening - closing)}，结转资金有使用。", lines


def _stated_change_not_up(d, norm: Norm) -> tuple[str, str, list[int]]:
    """params: subject (whose stated change against last year must not be an increase)."""
    from hcfin.classification import name_key

    from .narrative import yoy_changes

    yoy = yoy_changes(d)
    rows = yoy[yoy["subject"].map(lambda s: name_key(str(s)) == name_key(norm.params["subject"]))] \
        if not yoy.empty else yoy
    rows = rows[rows["sign_certain"] & rows["change"].notna()] if not rows.empty else rows
    if rows.empty:
        return UNTESTED, f"情况说明没有给出{esc(norm.params['subject'])}与上年的比较，无法检验。", []
    r = rows.iloc[0]
    lines = list(r["lines"])
    finding = f"{esc(r['subject'])}本年{fmt_amount(r['current'])}，推算上年{fmt_amount(r['prior'])}"
    if r["change"] > 0:
        return FLAG, finding + f"，增加{fmt_amount(r['change'])}。", lines
    return MET, finding + ("，与上年持平。" if r["change"] == 0 else f"，减少{fmt_amount(-r['change'])}。"), lines


def _per_staff_at_least(d, norm: Norm) -> tuple[str, str, list[int]]:
    """params: code (公开06表 economic code), at_least_wanyuan (per 在职人员 and year)."""
    from .narrative import staff_count

    staff, s_line = staff_count(d)
    value, line = fact(d, "T06", "amount", code=norm.params["code"])
    lines = [x for x in (line, s_line) if x is not None]
    if not staff:
        return UNTESTED, "情况说明没有给出在职人数，无法按人均检验。", lines
    if value is None:
        return UNTESTED, f"公开06表没有印出{norm.params['code']}科目，无法检验。", lines
    per = value / staff
    limit = Decimal(norm.params["at_least_wanyuan"])
    yuan = (per * 10000).quantize(Decimal("0.01"))
    finding = (f"{norm.params['code']}科目{fmt_amount(value)}，在职{fmt_num(staff)}人，人均{fmt_num(yuan)}元/年，"
               f"低于{fmt_num((limit * 10000).quantize(Decimal(1)))}元即提示")
    return (FLAG if per < limit else MET), finding + "。", lines


#: kind name → function(d, norm) → (result, finding, lines).
NORM_KINDS: dict[str, Callable] = {
    "share_of_codes": _share_of_codes,
    "carryover_unused": _carryover_unused,
    "stated_change_not_up": _stated_change_not_up,
    "per_staff_at_least": _per_staff_at_least,
}


def test_norms(d, norms: list[Norm] | None = None) -> pd.DataFrame:
    """Every norm tested on ``d``, with the reason the document itself states near the figures.

    Returns:
        columns of :data:`RESULT_COLUMNS`; ``result`` is 值得关注 / 符合 / 无法检验.
    """
    from .reasons import reason_at

    rows = []
    for norm in norms if norms is not None else load_norms():
        result, finding, lines = NORM_KINDS[norm.kind](d, norm)
        reason = None
        if result == FLAG and norm.kind == "stated_change_not_up" and lines:
            reason = reason_at(d, lines[0], "yoy")
        rows.append({"id": norm.id, "name": norm.name, "result": result, "finding": finding,
                     "source": norm.source, "evidence": norm.evidence, "reason": reason, "lines": lines})
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


test_norms.__test__ = False  # a library function, not a pytest test


def describe_norms(frame: pd.DataFrame, norms: list[Norm] | None = None) -> str:
    """Markdown list: each norm, its result with the numbers, the source, and the stated reason."""
    readings = {n.id: n.reading for n in (norms if norms is not None else load_norms())}
    items = []
    for r in frame.itertuples():
        item = f"- **{esc(r.name)}**（{r.result}）：{r.finding}"
        if r.result == FLAG and readings.get(r.id):
            item += readings[r.id]
        if isinstance(r.reason, str) and r.reason:
            item += f"原文给出的原因：“{esc(r.reason.rstrip('。'))}”。"
        if r.lines:
            item += f"（{lines_text(r.lines)}）"
        item += f"　依据：{esc(r.source)}" + ("（据工作经验整理，未核对原文）" if r.evidence == "K" else "") + "。"
        items.append(item)
    flagged = int((frame["result"] == FLAG).sum()) if not frame.empty else 0
    head = (f"按{len(frame)}条常识性规范检验，{flagged}条值得关注。规范是提出问题的线索，不是认定违规的依据。\n\n"
            if len(frame) else "")
    return head + "\n".join(items)
