"""What a number in the text states: its subject, metric, direction and basis.

:func:`interpret` reads the words printed just before a number (its *prefix*, cut at the last
clause mark or the previous quantity) and a little of the text after its unit, and applies the
rule tables of :mod:`hcfin.narrative.vocab` in a fixed order:

1. suffix rules for rates ("60%为下限", "按20%的比例", "0.48%至2.08%之间");
2. change ("增加32.19万元", "增长（降低）12.5%"), completion ("完成年初预算的102.51%"),
   share ("占基本支出的86.87%") and named rates (执行率, 满意度);
3. context tables: fund operations (under a scheme heading) and project funds (专项);
4. fixed phrases (降费企业数, 车辆, 团组, staff counts) and amount keywords (年初预算/预算/决算);
5. fallbacks: an amount's words name its subject; a count's words name what is counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import vocab as V

LIMIT_AFTER = re.compile(r"^为(下限|上限)")
RATIO_AFTER = re.compile(r"^的?比例")
RANGE_AFTER = re.compile(r"^\s*[至到~—\-]\s*\d")
FLEXIBLE = "灵活就业"
DIGIT = re.compile(r"\d")
SPACE = re.compile(r"[ \u3000\u2002\u2003\u00a0\t]+")
MEASURE_END = re.compile(r"(?:决算数?|决算总额)$")


@dataclass
class Context:
    """What the reader knows around a number (updated by the walker in :mod:`extract`)."""

    kind: str = "general"  # "general" | "fund" | "project"
    section_subject: str | None = None
    item_subject: str | None = None
    para_subject: str | None = None
    para_subject_is_label: bool = False  # set by "X：" rather than by an amount's own words
    amount_metric: str | None = None  # the sentence's amount metric (年初预算 ...)
    last_noun: str | None = None  # the last counted thing named in this sentence
    limit_basis: str | None = None
    range_base: str | None = None
    sentence: tuple[str, int, int] = ("", 0, 0)  # paragraph text, sentence start, the number's position
    circled: bool = False  # paragraph is a project item "①…"
    each: list | None = None  # "收、支总计各为X、Y": [subjects, joined, next index, first reading, its row, class]
    sentence_subjects: list = field(default_factory=list)  # subjects of the sentence's statements, in order
    statements_in_paragraph: int = 0


@dataclass
class Reading:
    """The interpretation of one number."""

    metric: str
    subject: str | None = None  # explicit subject named by the text (sets the paragraph subject)
    forced: str | None = None  # subject fixed by a rule (部门, a scheme) regardless of context
    direction: str | None = None
    basis: str | None = None
    template: bool = False
    named_count: bool = False  # a count whose words name what is counted (not 人数/团组 of an item)
    measure: str = "words"  # how the metric was bound: "words" of the clause, "carried" from the sentence, "default"
    subject_carried: bool = False  # ``subject`` is taken from the sentence before, not named by the clause


def clean(prefix: str, org: str | None) -> tuple[str, bool]:
    """Strip dates, time and place words, connectives and the department's own name.

    Returns the cleaned words and whether they named the department itself.
    """
    if SPACE.search(prefix):  # web pages print "收入支出总计增加 8487.88 万元", "与 2024 年度相比"
        prefix = SPACE.sub("", prefix)
    named_department = False
    if DIGIT.search(prefix):
        m = V.ORG_BEFORE_YEAR.match(prefix)  # "上海市普陀区文化和旅游局2025年度收入支出总计"
        if m:
            prefix, named_department = prefix[m.end():], True
        text = V.DATES.sub("", prefix)
    else:
        text = prefix
    while text:
        m = V.LEADING.match(text)
        if m and m.end():
            text = text[m.end():]
            continue
        if org and text.startswith(org):
            text, named_department = text[len(org):], True
            continue
        m = V.DEPARTMENT.match(text)
        if m:
            text, named_department = text[m.end():], True
            continue
        break
    while True:
        stripped = V.TRAILING.sub("", text)
        if stripped == text:
            return text, named_department
        text = stripped


def tidy_subject(text: str) -> str:
    """"社会保障和就业（类）支出" -> "社会保障和就业支出"; "机关运行经费支出" -> "机关运行经费".

    A name printed in quotes ("“一般公共服务（类）…（项）”") loses them; "(类)" becomes "（类）".
    """
    if "(" in text:
        text = V.HALF_CLASS_MARK.sub(r"（\1）", text)
    text = unquote(text)
    if len(V.CLASS_MARK.findall(text)) == 1:  # a path "（类）…（款）…（项）" stays as printed
        text = unquote(V.CLASS_MARK.sub("", text))  # "“社会保障和就业支出”（类）"
    m = V.FEE_SUBJECT.match(text)
    return m.group(1) if m else text


def unquote(text: str) -> str:
    """Quotes around a whole name go ("“公共安全支出”" -> "公共安全支出"); "“三公”经费" keeps its own."""
    if text.startswith("“") and text.endswith("”") and "”" not in text[1:-1]:
        return text[1:-1]
    if text.endswith("”") and "“" not in text:
        return text[:-1]
    if text.startswith("“") and "”" not in text:
        return text[1:]
    return text


def _table(table: V.RuleTable, text: str):
    return table.first(text)


def _suffix_rates(words: str, after: str, ctx: Context) -> Reading | None:
    text, start, at = ctx.sentence
    ends = [i for i in (text.find("。", at), text.find("；", at)) if i >= 0]
    flexible = FLEXIBLE if text.find(FLEXIBLE, start, min(ends) if ends else len(text)) >= 0 else ""
    m = LIMIT_AFTER.match(after)
    if m:
        basis = re.sub(r"^.*?以", "", words).removesuffix("的") or ctx.limit_basis
        ctx.limit_basis = basis
        return Reading(f"{flexible}缴费基数{m.group(1)}", basis=basis)
    if RATIO_AFTER.match(after) and words.endswith("按"):
        return Reading(f"{flexible}缴费比例")
    if RANGE_AFTER.match(after):
        base = "缴费比例" if ctx.kind == "fund" else (noun_of(words) or "比例")
        ctx.range_base = base
        return Reading(base + "下限")
    if words.endswith(("至", "到")) and ctx.range_base:
        return Reading(ctx.range_base + "上限")
    return None


def change_basis(printed: str | None, ctx: Context) -> str:
    """What a change is measured against: 上年 unless a budget is named, in the clause's own words
    ("比年初预算减少") or earlier in the sentence ("与2025年度预算相比，减少0.28万元")."""
    if not printed:
        text, start, at = ctx.sentence
        printed = ""
        if "预算" in text[start:at]:
            for m in V.COMPARED_WITH.finditer(text, start, at):
                if m.group(1) or m.group(2):  # "比" alone ("占比") names nothing
                    printed = m.group(2) or ""
    if "预算" not in printed:
        return "上年"
    return "年初预算" if "年初" in printed else "预算"


def _relations(words: str, cls: str, ctx: Context) -> Reading | None:
    m = V.CHANGE.match(words) if V.DIRECTION_CHARS.search(words) else None  # the guard is ten times cheaper
    if m:
        direction = (m.group("stray") or "") + m.group("dir") + (f"（{m.group('alt')}）" if m.group("alt") else "")
        basis = change_basis(m.group("basis"), ctx)
        metric = {"money": "增减额", "percent": "增长率"}.get(cls, "增减数")
        pre = m.group("pre")
        if pre:  # "支出决算数比年初预算数增加": the measure words name no subject
            pre = MEASURE_END.sub("", pre)
            pre = "" if pre == "支出" else pre
        if m.group("each"):  # "收、支总计比上年各减少X万元、Y万元": one number for each subject
            pre = (tidy_subject(pre) if pre else "") + "各"
            return Reading(metric, subject=pre, direction=direction, basis=basis,
                           template=bool(m.group("alt") or m.group("stray")))
        return Reading(metric, subject=tidy_subject(pre) if pre else None, direction=direction, basis=basis,
                       template=bool(m.group("alt") or m.group("stray")))
    m = V.MORE_LESS.match(words) if cls == "money" and ("多" in words or "少" in words) else None
    if m:  # "比年初预算数多53.12万元" is a difference from the budget; "比上年少0.50万元" a change
        basis = change_basis(m.group("basis"), ctx) if m.group("basis") else "上年"
        pre = MEASURE_END.sub("", m.group("pre"))
        pre = "" if pre == "支出" else pre
        return Reading("差额" if "预算" in basis else "增减额", subject=tidy_subject(pre) if pre else None,
                       direction=m.group("dir"), basis=basis)
    m = V.COMPARE.match(words) if cls in ("money", "percent") and ("于" in words or "超出" in words) else None
    if m:
        direction = m.group("dir") + (f"（{m.group('alt')}）" if m.group("alt") else "")
        pre = re.sub(r"(?:决算|预算)?数$", "", m.group("pre"))
        return Reading("差额" if cls == "money" else "差率", subject=tidy_subject(pre) if pre else None,
                       direction=direction, basis=m.group("basis"), template=bool(m.group("alt")))
    if cls != "percent":
        return None
    m = V.COMPLETION.search(words)
    if m:
        return Reading("完成率", basis=m.group("basis"))
    m = V.SHARE.match(words)
    if m and "占" in words:
        pre = m.group("pre")
        basis = m.group("basis")
        return Reading("占比", subject=tidy_subject(pre) if pre else None,
                       basis=None if basis in ("", "比") else basis)  # "占比36.93%" names no denominator
    hit = _table(V.RATE, words)
    if hit:
        return Reading(hit[1])
    return None


def _fund(words: str) -> Reading | None:
    hit = _table(V.FUND, words)
    if not hit:
        return None
    m, metric, _ = hit
    rest = words[:m.start()]
    scheme = V.find_scheme(rest) if rest else None
    basis = rest if rest and not scheme and re.search(r"\d+岁以[上下]", rest) else None
    return Reading(metric, forced=scheme, basis=basis)


def noun_of(words: str) -> str:
    """The counted thing's name from the words before a number, verbs and fillers removed."""
    text = words
    while True:
        m = V.NOUN_LEADING.match(text) or V.LEADING.match(text)
        if not (m and m.end()):
            return text
        text = text[m.end():]


def _counted(words: str, work: str, unit_end: int, unit: str, ctx: Context) -> Reading:
    noun = noun_of(words)
    hit = _table(V.NOUNS, noun) if noun else None
    if hit:
        ctx.last_noun = hit[1]
        return Reading(hit[1], forced=hit[2])
    from_suffix = False
    verb = V.VERB_END.search(noun) if noun else None
    if not noun or verb:
        m = V.SUFFIX_NOUN.match(work, unit_end)
        suffix = m.group() if m else ""
        if suffix:
            noun, from_suffix = (verb.group() if verb and verb.group() in V.KEEP_VERB else "") + suffix, True
        elif not noun:
            noun = ctx.last_noun or ""
        else:
            noun = noun.removesuffix("的")
    if not noun:
        base = unit.replace("余", "").removeprefix("万") or unit
        noun = V.UNIT_METRICS.get(base, base + "数")
    if not from_suffix:
        ctx.last_noun = noun
    hit = _table(V.NOUNS, noun)
    if hit:
        return Reading(hit[1], forced=hit[2])
    return Reading(noun, named_count=bool(words))


def interpret(words: str, cls: str, unit: str, work: str, unit_end: int, ctx: Context) -> Reading:
    """Read one number: ``words`` is its cleaned prefix, ``cls`` its unit class.

    Never fails: a number no rule names is read by the fallbacks (its words become the
    subject of an amount or the name of a counted thing), so it stays traceable.
    """
    after = work[unit_end:unit_end + 12].lstrip(" \u3000")
    if cls == "percent":
        reading = _suffix_rates(words, after, ctx)
        if reading:
            return reading
    reading = _relations(words, cls, ctx)
    if reading:
        return reading
    if ctx.kind == "fund":
        reading = _fund(words)
        if reading:
            return reading
    if ctx.kind == "project" and cls == "money":
        hit = _table(V.PROJECT, words)
        if hit:
            rest = words[:hit[0].start()]
            return Reading(hit[1], subject=tidy_subject(rest) if rest else None)
    hit = _table(V.SPECIAL, words)
    if hit:
        m, metric, subject = hit
        forced = V.find_scheme(m.group("scheme")) if subject == "scheme" else subject
        return Reading(metric, forced=forced)
    if cls == "money":
        m = V.INVOLVED.match(words) if ctx.kind != "fund" and words.startswith("涉及") else None
        if m and m.group("budget"):  # "项目4个，涉及预算金额598.42万元": the budget of the projects just counted
            return Reading("预算", subject=ctx.last_noun, subject_carried=bool(ctx.last_noun))
        if m:  # "发现问题20人次涉及金额12493.6元": the amount involved, of the context's subject
            return Reading("涉及金额")
        if V.DIFFERENCE.match(words):  # "年初预算为2万元，差值为0.05万元": outturn against that budget
            basis = ctx.amount_metric if ctx.amount_metric in ("年初预算", "预算") else None
            return Reading("差额", basis=basis, measure="words" if basis else "carried")
        hit = _table(V.AMOUNT, words)
        if hit:
            ctx.amount_metric = hit[1]
            rest = words[:hit[0].start()]
            if rest and hit[0].group().startswith("支出"):
                rest += "支出"  # "财政拨款支出年初预算数" keeps 支出; tidy_subject drops it after 费
            return Reading(hit[1], subject=tidy_subject(rest) if rest else None)
        if ctx.kind == "general":
            return Reading(ctx.amount_metric or V.DEFAULT_AMOUNT_METRIC, subject=tidy_subject(words) or None,
                           measure="carried" if ctx.amount_metric else "default")
        if ctx.kind == "project" and ctx.circled and ctx.statements_in_paragraph == 0 and words:
            return Reading("资金", subject=tidy_subject(words))
        return Reading(noun_of(words) or "金额")
    if cls == "percent":
        return Reading(noun_of(words) or "比例")
    return _counted(words, work, unit_end, unit, ctx)
