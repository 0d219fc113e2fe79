"""A bank of the ways disclosures state one fact, generated programmatically.

Each generator yields :class:`Variant` objects: a paragraph of text and the statements it must be
read to, as (subject, metric, value_base, base_unit, direction). Every variant of one fact shares
the same expected statements, so a reader that handles one phrasing but not another fails on the
phrasing it misses. The phrasings are those printed in real 部门决算 narratives (Hunan, Shanghai,
Liaoning, Yunnan templates): the change, share, budget-and-outturn and completion vocabularies
of DOMAIN.md §3, with and without spaces around numbers (portal web pages), with the year printed
or not, in 万元 or 元.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import product

Expected = tuple[str, str, str, str, str | None]  # subject, metric, value_base, base_unit, direction


@dataclass(frozen=True)
class Variant:
    kind: str
    text: str
    expected: tuple[Expected, ...]


def _base(value: str, unit: str) -> str:
    """The exact value in 元 (or %), as the reader writes ``value_base``."""
    factor = {"元": 1, "万元": 10**4, "亿元": 10**8, "%": 1}[unit]
    return format((Decimal(value) * factor).normalize(), "f")


def _money(value_wan: str, unit: str) -> str:
    """The same amount printed in another unit (万元 -> 元 keeps every digit)."""
    if unit == "万元":
        return value_wan
    return format(Decimal(value_wan) * 10**4, "f").rstrip("0").rstrip(".") if "." in value_wan else value_wan + "0000"


def _spaced(text: str, spaced: bool) -> str:
    """Portal pages print a space between words and digits: "总计 26591.08 万元"."""
    if not spaced:
        return text
    out = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        if i and (ch.isdigit() and not (prev.isdigit() or prev == ".")
                  or not (ch.isdigit() or ch == ".") and prev.isdigit() and ch not in "%"):
            out.append(" ")
        out.append(ch)
    return "".join(out)


SUBJECTS = (  # as printed -> as read
    ("收入支出总计", "收入支出总计"),
    ("机关运行经费支出", "机关运行经费"),
    ("一般公共预算财政拨款支出", "一般公共预算财政拨款支出"),
    ("“三公”经费财政拨款支出", "“三公”经费"),
)
YEARS = ("", "2025年度", "本年度")


def levels():
    """"2025年度收入支出总计为26591.08万元"."""
    for (printed, subject), year, verb, unit, spaced in product(SUBJECTS, YEARS, ("", "为", "共计", "达"),
                                                                ("万元", "元"), (False, True)):
        value = _money("26591.08", unit)
        text = _spaced(f"{year}{printed}{verb}{value}{unit}。", spaced)
        yield Variant("level", text, ((subject, "决算", _base(value, unit), "元", None),))


UP = ("增加", "增长", "上升")
DOWN = ("减少", "下降", "降低")
BASES = ("比上年", "较上年度", "同比", "比2024年度", "较2024年", "与上年相比", "与2024年度相比")


def changes():
    """"与2024年度相比，收入支出总计增加8487.88万元，增长46.89%" and its relatives."""
    for (printed, subject), basis, verb, with_rate, spaced in product(SUBJECTS, BASES, UP + DOWN, (False, True),
                                                                       (False, True)):
        rate_verb = "增长" if verb in UP else "下降"
        rate = f"，{rate_verb}46.89%" if with_rate else ""
        if basis.startswith("与"):
            text = f"{basis}，{printed}{verb}8487.88万元{rate}。"
        else:
            text = f"{printed}{basis}{verb}8487.88万元{rate}。"
        expected = [(subject, "增减额", "84878800", "元", verb)]
        if with_rate:
            expected.append((subject, "增长率", "46.89", "%", rate_verb))
        yield Variant("change", _spaced(text, spaced), tuple(expected))


def rates_only():
    """The rate without the amount: "收入支出总计比上年增长46.89%"."""
    for (printed, subject), basis, verb, spaced in product(SUBJECTS, BASES, UP + DOWN, (False, True)):
        text = f"{basis}，{printed}{verb}46.89%。" if basis.startswith("与") else f"{printed}{basis}{verb}46.89%。"
        yield Variant("rate", _spaced(text, spaced), ((subject, "增长率", "46.89", "%", verb),))


def changes_after_the_level():
    """The subject named once: "机关运行经费支出166.45万元，比上年减少22.50万元，下降11.91%"."""
    for (printed, subject), basis, verb, spaced in product(SUBJECTS, BASES, UP + DOWN, (False, True)):
        rate_verb = "增长" if verb in UP else "下降"
        lead = f"{basis}，" if basis.startswith("与") else basis
        text = f"{printed}166.45万元，{lead}{verb}22.50万元，{rate_verb}11.91%。"
        yield Variant("change", _spaced(text, spaced), (
            (subject, "决算", "1664500", "元", None), (subject, "增减额", "225000", "元", verb),
            (subject, "增长率", "11.91", "%", rate_verb)))


def level_unchanged():
    """"与上年持平": no change is stated as a number, and none is invented."""
    for (printed, subject), flat, spaced in product(SUBJECTS, ("与上年持平", "与2024年持平", "比上年持平"), (False, True)):
        text = _spaced(f"{printed}166.45万元，{flat}。", spaced)
        yield Variant("unchanged", text, ((subject, "决算", "1664500", "元", None),))


SHARE_FORMS = (  # (printed, basis read)
    ("占本年支出合计的{x}%", "本年支出合计"), ("占本年支出合计{x}%", "本年支出合计"),
    ("占本年支出合计的比重为{x}%", "本年支出合计"), ("占本年支出合计比例为{x}%", "本年支出合计"),
    ("占{x}%", None), ("占比{x}%", None), ("占比为{x}%", None),
)


def shares():
    """"基本支出9800.36万元，占本年支出合计的36.93%"."""
    for (form, _), spaced in product(SHARE_FORMS, (False, True)):
        text = _spaced("基本支出9800.36万元，" + form.format(x="36.93") + "。", spaced)
        yield Variant("share", text, (("基本支出", "决算", "98003600", "元", None),
                                      ("基本支出", "占比", "36.93", "%", None)))


BUDGET_FORMS = (  # (budget words, outturn words, budget metric)
    ("年初预算为", "支出决算为", "年初预算"), ("年初预算数为", "决算数为", "年初预算"),
    ("年初预算", "支出决算", "年初预算"), ("年初预算数", "决算数", "年初预算"),
    ("预算数为", "决算数为", "预算"), ("全年预算数为", "支出决算数为", "预算"), ("调整后预算为", "决算为", "预算"),
)


def budget_pairs():
    """"“三公”经费财政拨款支出年初预算为53.93万元，支出决算为37.35万元"."""
    for (printed, subject), (budget, outturn, metric), spaced in product(SUBJECTS, BUDGET_FORMS, (False, True)):
        text = _spaced(f"{printed}{budget}53.93万元，{outturn}37.35万元。", spaced)
        yield Variant("budget", text, ((subject, metric, "539300", "元", None), (subject, "决算", "373500", "元", None)))


COMPLETION_FORMS = (  # (printed, basis read)
    ("完成年初预算的{x}%", "年初预算"), ("完成年初预算数的{x}%", "年初预算"), ("决算数为年初预算的{x}%", "年初预算"),
    ("为年初预算的{x}%", "年初预算"), ("完成预算的{x}%", "预算"), ("完成全年预算数的{x}%", "全年预算"),
    ("完成调整预算的{x}%", "调整预算"), ("预算完成率为{x}%", None),
)


def completions():
    """"年初预算为274.82万元，支出决算为257.14万元，完成年初预算的93.57%"."""
    for (printed, subject), (form, basis), spaced in product(SUBJECTS, COMPLETION_FORMS, (False, True)):
        text = _spaced(f"{printed}年初预算为274.82万元，支出决算为257.14万元，{form.format(x='93.57')}。", spaced)
        yield Variant("completion", text, (
            (subject, "年初预算", "2748200", "元", None), (subject, "决算", "2571400", "元", None),
            (subject, "完成率", "93.57", "%", None)))


COMPLETION_BASES = {form.format(x="93.57"): basis for form, basis in COMPLETION_FORMS}


def every_variant():
    """All variants of all kinds."""
    for make in (levels, changes, rates_only, changes_after_the_level, level_unchanged, shares, budget_pairs, completions):
        yield from make()
