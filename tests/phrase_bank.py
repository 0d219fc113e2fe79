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
    basis: str = "上年"  # what every change (增减额 / 增长率) of the variant is measured against


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
BASES = ("比上年", "较上年度", "同比", "比2024年度", "较2024年", "与上年相比", "与2024年度相比",
         "比去年", "较2024年度决算数", "与上年决算数相比")


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
    ("完成年初预算{x}%", "年初预算"), ("完成预算{x}%", "预算"),
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


def changes_worded_loosely():
    """"减少了1.44%", "与上年下降7.6%": a 了 after the direction, 相比 left out."""
    for (printed, subject), (lead, verb), spaced in product(SUBJECTS, (("较上年", "减少了"), ("比上年", "增长了"),
                                                                        ("与上年", "下降"), ("与2024年度", "增加")),
                                                            (False, True)):
        text = _spaced(f"{printed}2.05万元，{lead}{verb}1.44%。", spaced)
        yield Variant("change", text, ((subject, "决算", "20500", "元", None),
                                       (subject, "增长率", "1.44", "%", verb.removesuffix("了"))))


BUDGET_BASES = (  # (printed comparison, basis read)
    ("与2025年度预算相比，", "预算"), ("与年初预算相比，", "年初预算"), ("比预算", "预算"), ("较年初预算", "年初预算"),
    ("与全年预算数相比，", "预算"), ("比调整预算", "预算"),
)


def changes_against_the_budget():
    """"公务接待费支出1.52万元，与2025年度预算相比，减少0.28万元，下降15.56%": a change against the budget
    is never read as one against last year (the checks compare those with last year's figures)."""
    for (printed, subject), (lead, basis), spaced in product(SUBJECTS, BUDGET_BASES, (False, True)):
        text = _spaced(f"{printed}1.52万元，{lead}减少0.28万元，下降15.56%。", spaced)
        yield Variant("budget_change", text, ((subject, "决算", "15200", "元", None),
                                              (subject, "增减额", "2800", "元", "减少"),
                                              (subject, "增长率", "15.56", "%", "下降")), basis=basis)


def changes_against_both():
    """"比预算增加0.31万元，比去年增加1.55万元，增长39.4%": each change keeps its own basis."""
    for (printed, subject), budget, prior, spaced in product(SUBJECTS, ("比预算", "较年初预算", "比全年预算"),
                                                             ("比去年", "比上年", "较2024年度"), (False, True)):
        text = _spaced(f"{printed}5.48万元，{budget}增加0.31万元，{prior}增加1.55万元，增长39.4%。", spaced)
        yield Variant("mixed_change", text, ((subject, "决算", "54800", "元", None),
                                             (subject, "增减额", "3100", "元", "增加"),
                                             (subject, "增减额", "15500", "元", "增加"),
                                             (subject, "增长率", "39.4", "%", "增长")))


MEASURE_WORDS = ("决算总额为", "决算数为", "决算金额为", "决算总额")


def levels_named_with_the_measure():
    """"“三公”经费财政拨款支出决算总额为5.48万元": the measure word does not stay in the subject."""
    for (printed, subject), words, spaced in product(SUBJECTS, MEASURE_WORDS, (False, True)):
        text = _spaced(f"{printed}{words}5.48万元。", spaced)
        yield Variant("level", text, ((subject, "决算", "54800", "元", None),))


def budget_differences():
    """"公务接待费支出2.05万元，年初预算为2.00万元，差值为0.05万元": the difference of that pair."""
    for (printed, subject), (budget, metric), difference, spaced in product(
            SUBJECTS, (("年初预算为", "年初预算"), ("预算为", "预算")), ("差值为", "差额为", "决算数与预算数的差额为"),
            (False, True)):
        text = _spaced(f"{printed}2.05万元，{budget}2.00万元，{difference}0.05万元。", spaced)
        yield Variant("difference", text, ((subject, "决算", "20500", "元", None), (subject, metric, "20000", "元", None),
                                           (subject, "差额", "500", "元", None)))


PAIRS = (  # (printed subjects, subjects read)
    ("收、支总计", ("收入总计", "支出总计")), ("收入、支出总计", ("收入总计", "支出总计")),
    ("基本支出、项目支出", ("基本支出", "项目支出")), ("人员经费、公用经费", ("人员经费", "公用经费")),
)


def paired_values():
    """"收、支总计各为4125.49万元、4143.91万元；与上年相比，各减少…万元、…万元，各下降…%、…%": one number
    for each subject, in order (read as "paired", an uncertain binding)."""
    for (printed, (a, b)), verb, spaced in product(PAIRS, ("各为", "各是", "各", "分别为", "分别是"), (False, True)):
        text = _spaced(f"{printed}{verb}4125.49万元、4143.91万元。", spaced)
        yield Variant("paired", text, ((a, "决算", "41254900", "元", None), (b, "决算", "41439100", "元", None)))
    for (printed, (a, b)), lead, spaced in product(PAIRS, ("与上年相比，", "比上年", "与2024年度相比，"), (False, True)):
        text = _spaced(f"{lead}{printed}各减少1267.86万元、2570.97万元，各下降23.51%、38.28%。" if lead.endswith("，")
                       else f"{printed}{lead}各减少1267.86万元、2570.97万元，各下降23.51%、38.28%。", spaced)
        yield Variant("paired", text, ((a, "增减额", "12678600", "元", "减少"), (b, "增减额", "25709700", "元", "减少"),
                                       (a, "增长率", "23.51", "%", "下降"), (b, "增长率", "38.28", "%", "下降")))


def levels_for_both():
    """"收、支总计均为173.59万元": one value that holds for both (not a list, and 均 is not in the subject)."""
    for year, verb, spaced in product(YEARS, ("均为", "均是", "均"), (False, True)):
        text = _spaced(f"{year}收、支总计{verb}173.59万元。", spaced)
        yield Variant("level", text, (("收、支总计", "决算", "1735900", "元", None),))


MORE_LESS = (  # (printed, metric, basis, direction)
    ("比年初预算数多", "差额", "年初预算", "多"), ("比年初预算少", "差额", "年初预算", "少"), ("较预算多", "差额", "预算", "多"),
    ("比上年多", "增减额", "上年", "多"), ("较上年少", "增减额", "上年", "少"), ("比2024年度少", "增减额", "上年", "少"),
)


def differences_said_with_more_or_less():
    """"一般公共预算财政拨款支出953.12万元，比年初预算数多53.12万元"."""
    for (printed, subject), (words, metric, basis, direction), spaced in product(SUBJECTS, MORE_LESS, (False, True)):
        text = _spaced(f"{printed}953.12万元，{words}53.12万元。", spaced)
        yield Variant("more_less", text, ((subject, "决算", "9531200", "元", None),
                                          (subject, metric, "531200", "元", direction)), basis=basis)


ITEM_PATHS = (  # (printed path, subject read)
    ("一般公共服务支出（类）统计信息事务（款）统计管理（项）", "一般公共服务支出（类）统计信息事务（款）统计管理（项）"),
    ("“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）”",
     "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）"),
    ("住房保障支出(类)住房改革支出(款)住房公积金(项)", "住房保障支出（类）住房改革支出（款）住房公积金（项）"),
)


def items_named_before_their_numbers():
    """"一般公共服务支出（类）统计信息事务（款）统计管理（项）。年初预算为…，支出决算为…，完成年初预算的…%": the
    path opens the paragraph (no list number) and binds every number after it."""
    for (path, subject), number, mark, spaced in product(ITEM_PATHS, ("", "（1）", "1.", "2、"), ("。", "：", "，"),
                                                         (False, True)):
        text = number + _spaced(f"{path}{mark}年初预算为274.82万元，支出决算为257.14万元，完成年初预算的93.57%。", spaced)
        yield Variant("item", text, ((subject, "年初预算", "2748200", "元", None), (subject, "决算", "2571400", "元", None),
                                     (subject, "完成率", "93.57", "%", None)))


def paired_with_and():
    """"人员经费和公用经费分别为660.23万元和99.77万元", "基本支出759.99万元、项目支出173.59万元，分别占81.4%、18.6%"."""
    for (a, b), joint, spaced in product((("人员经费", "公用经费"), ("基本支出", "项目支出"), ("收入总计", "支出总计")),
                                         ("和", "、"), (False, True)):
        text = _spaced(f"{a}{joint}{b}分别为660.23万元{joint}99.77万元。", spaced)
        yield Variant("paired", text, ((a, "决算", "6602300", "元", None), (b, "决算", "997700", "元", None)))
    for (a, b), lead, share, spaced in product((("基本支出", "项目支出"), ("人员经费", "公用经费")), ("其中：", ""),
                                                ("分别占", "分别占本年支出合计的", "各占"), (False, True)):
        text = _spaced(f"{lead}{a}759.99万元、{b}173.59万元，{share}81.4%、18.6%。", spaced)
        yield Variant("paired_share", text, ((a, "决算", "7599900", "元", None), (b, "决算", "1735900", "元", None),
                                             (a, "占比", "81.4", "%", None), (b, "占比", "18.6", "%", None)))


def involved_budgets():
    """"编报绩效目标的项目4个，涉及预算金额598.42万元": the budget of the projects just counted."""
    for (lead, noun), money, spaced in product((("编报绩效目标的项目", "编报绩效目标的项目"), ("开展绩效自评的项目", "绩效自评的项目"),
                                         ("绩效跟踪评价的2025年度项目", "绩效跟踪评价的项目")),
                                        ("涉及预算金额", "涉及预算资金"), (False, True)):
        text = _spaced(f"{lead}4个，{money}598.42万元。", spaced)
        yield Variant("involved", text, (("部门", noun, "4", "个", None), (noun, "预算", "5984200", "元", None)))


def every_variant():
    """All variants of all kinds."""
    for make in (levels, changes, rates_only, changes_after_the_level, level_unchanged, shares, budget_pairs, completions,
                 changes_worded_loosely, changes_against_the_budget, changes_against_both, levels_named_with_the_measure,
                 budget_differences, paired_values, involved_budgets, levels_for_both, differences_said_with_more_or_less,
                 items_named_before_their_numbers, paired_with_and):
        yield from make()
