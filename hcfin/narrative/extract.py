"""Walk a document's paragraphs and turn every number into a statement or a classified token."""

from __future__ import annotations

import re
from bisect import bisect_left

from ..errors import Issue
from ..model import Paragraph
from . import vocab as V
from .nonquantity import is_heading, reason_not_quantity
from .rules import Context, Reading, clean, interpret, tidy_subject
from .sections import SectionTracker
from .tokens import Token, find_tokens, read_unit, to_base, unit_class, working_text

CLAUSE_MAX = 60
MARKS = re.compile(r"[，,。；;：:！？!?]")
SENTENCE_END = "。；;！？!?"
STRUCTURAL = SENTENCE_END + "：:"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
LIST_START = re.compile(r"^(?:\d+“?[.．、](?!\d)|（\d+）|\(\d+\)|[①-⑳])")
ITEM_HEADING = re.compile(r"^\d+[.．、]\s*(.+?)[。]?$")
ITEM_SUBJECT = re.compile(r"(?:支出|经费|费)$")
ITEM_NAME = re.compile(r"(?:支出|经费|费|[（(][类款项][）)])”?$")
# A paragraph opening with an item path and no list number: "一般公共服务支出（类）统计信息事务（款）统计管理（项）。
# 年初预算为…" or "…（项）：年初预算为…" names the item of its numbers.
ITEM_END = re.compile(r"[。：:]")
ITEM_PATH = re.compile(r"^“?([^，,。；;：:\d“”]{2,60}?[（(][类款项][）)])”?(?=[。：:，,]|$)")
DIGIT = re.compile(r"\d")
ZERO = re.compile(r"^0(?:\.0+)?$")
NEXT_MONEY = re.compile(r"[\d.,]+[ \u3000]*(万亿元|亿元|万元|千元|元)")
SENTENCE_STOP = re.compile(r"[。；;]")
ORG = re.compile(r"^部门[：:]\s*(\S+)")
DOC_YEAR = re.compile(r"((?:19|20)\d\d)\s*年度?\s*(?:部门|单位)?决算")
# A year in a clause: the period of its figure, or (after 比/较/与/同) the year it is compared with.
CLAUSE_YEAR = re.compile(r"(比|较|与|同)?[ \u3000]*((?:19|20)\d\d)[ \u3000]*年")
RANGE_START = re.compile(r"((?:19|20)\d\d)[ \u3000]*年?[ \u3000]*[至到—\-–~][ \u3000]*$")
CHANGE_METRICS = frozenset({"增减额", "增长率", "增减数"})
# Words left in a subject that name a measure or a relation: the grammar did not bind it.
UNBOUND = re.compile(r"增加|减少|增长|下降|降低|上升|持平|调减|调增|追加|(?<![共金营政])预算|决算|完成|(?:^|[^比])比[^例重]|较|同比|占")


class NarrativeReader:
    """Reads paragraphs in order; collects statement rows, audit rows and issues."""

    def __init__(self, org: str | None = None, year: int | None = None):
        self.org = org
        self.year = year
        self.period: str | None = None  # the year named earlier in the current sentence
        self.tracker = SectionTracker()
        self.ctx = Context()
        self.rows: list[tuple] = []
        self.numbers: list[tuple] = []
        self.issues: list[Issue] = []

    def read(self, paragraphs: list[Paragraph]) -> None:
        """Read every paragraph (table blocks are not paragraphs and are never seen here)."""
        if self.org is None:
            for p in paragraphs:
                m = ORG.match(p.text)
                if m:
                    self.org = m.group(1)
                    break
        if self.year is None:
            for p in paragraphs:
                m = DOC_YEAR.search(p.text)
                if m:
                    self.year = int(m.group(1))
                    break
        for p in paragraphs:
            self._paragraph(p.text, p.line)

    # -- structure -------------------------------------------------------------------------

    def _heading(self, kind: str, words: str) -> None:
        ctx = self.ctx
        ctx.item_subject = None
        if kind == "sub":
            scheme = V.find_scheme(words) if len(words) <= 20 else None
            ctx.kind = "fund" if scheme else "project" if "专项" in words else "general"
            ctx.section_subject = scheme
        elif kind is not None:
            ctx.kind, ctx.section_subject = "general", None

    def _label(self, text: str) -> None:
        words, _ = clean(text, self.org)
        if not words or len(words) > 20 or not V.LABEL_SUBJECT.search(words):
            return
        self.ctx.para_subject = V.find_scheme(words) or tidy_subject(words)
        self.ctx.para_subject_is_label = True

    def _item_path(self, text: str) -> None:
        """"一般公共服务支出（类）…（项）。年初预算为…" (also "，" or "：" after the path): the path opening a
        paragraph names the item of the numbers after it."""
        if "（" in text or "(" in text:
            m = ITEM_PATH.match(text)
            if m:
                self.ctx.item_subject = tidy_subject(m.group(1))

    # -- paragraphs ------------------------------------------------------------------------

    def _paragraph(self, text: str, line: int) -> None:
        work = working_text(text)
        kind, words = self.tracker.feed(work, line, self.issues)
        ctx = self.ctx
        heading = is_heading(work)
        if kind:
            self._heading(kind, words)
        elif heading:
            m = ITEM_HEADING.match(work)
            if m:  # "1． 社会保障和就业支出" names the item of what follows; "1.参保情况" names none
                ctx.item_subject = tidy_subject(m.group(1).strip()) if ITEM_SUBJECT.search(m.group(1)) else None
            else:  # "社会保障和就业支出（类）" on a line of its own
                self._item_path(work)
        elif LIST_START.match(work):
            # "1、社会保障和就业支出（类）行政事业单位养老支出（款）…（项）。主要用于：…" names its item first, and so
            # does "（1）人大事务（款）行政运行（项）：年初预算为…".
            rest = work[LIST_START.match(work).end():]
            name = ITEM_END.split(rest, 1)[0].strip()
            if not DIGIT.search(name) and ITEM_NAME.search(name) and len(name) <= 60:
                ctx.item_subject = tidy_subject(name)
            else:
                self._item_path(rest.lstrip())
        else:
            self._item_path(work)
        tokens = find_tokens(work)
        ctx.para_subject = ctx.amount_metric = ctx.last_noun = ctx.each = None
        ctx.sentence_subjects = []
        ctx.para_subject_is_label = False
        ctx.statements_in_paragraph = 0
        ctx.circled = bool(work) and work[0] in CIRCLED
        list_start = bool(LIST_START.match(work))
        self.period = None
        used_templates: set[int] = set()
        if tokens:
            self._tokens(text, work, line, tokens, heading, list_start, used_templates)
        if "（" in work:
            for m in V.TEMPLATE.finditer(work):
                if m.start() not in used_templates:
                    self.issues.append(Issue("warning", "template_residue",
                                             f"第{line}行保留了模板选项“{m.group()}”，未选定", line=line,
                                             text=m.group()))

    def _tokens(self, text: str, work: str, line: int, tokens: list[Token], heading: bool, list_start: bool,
                used_templates: set[int]) -> None:
        section, topic = self.tracker.label, self.tracker.topic
        ctx = self.ctx
        marks = [m.start() for m in MARKS.finditer(work)]
        specials = [(pos, work[pos]) for pos in marks if work[pos] in STRUCTURAL]
        special_i, last_end, sentence_start = 0, 0, 0
        for tok in tokens:
            while special_i < len(specials) and specials[special_i][0] < tok.start:
                pos, ch = specials[special_i]
                if ch in "：:":
                    ctx.sentence_subjects = []  # "…，其中：A X万元、B Y万元，分别占…" lists after the colon
                    j = bisect_left(marks, pos)
                    self._label(work[max(marks[j - 1] + 1 if j else 0, last_end):pos])
                else:
                    ctx.amount_metric = ctx.last_noun = self.period = ctx.each = None
                    ctx.sentence_subjects = []
                    sentence_start = pos + 1
                special_i += 1
            i = bisect_left(marks, tok.start)
            clause_start = marks[i - 1] + 1 if i else 0
            unit, unit_end = read_unit(work, tok.end)
            if unit is None and tok.kind != "blank" and V.BARE_WAN.match(work, tok.end) \
                    and V.MONEY_WORDS.search(work[max(clause_start, last_end):tok.start]):
                unit, unit_end = "万元", V.BARE_WAN.match(work, tok.end).end()
                self.issues.append(Issue("info", "unit_abbreviated",
                                         f"第{line}行“{text[tok.start:unit_end]}”未写“元”，按万元读取",
                                         line=line, text=text[tok.start:unit_end]))
            if unit is None and tok.value is not None and ZERO.match(tok.value) \
                    and V.MONEY_WORDS.search(work[max(clause_start, last_end):tok.start]):
                unit, unit_end = self._zero_unit(work, tok, line, text)
            right = marks[bisect_left(marks, unit_end)] if marks and marks[-1] >= unit_end else len(work)
            clause = text[clause_start:right].strip()
            if len(clause) > CLAUSE_MAX:
                clause = text[max(clause_start, last_end):unit_end].strip("、， ")
            reason = None
            if tok.kind != "blank":
                reason = reason_not_quantity(work, tok.start, tok.end, unit, unit_end, heading)
            if reason is None and unit is None:
                reason = "unclassified"
                self.issues.append(Issue("warning", "unclassified_number",
                                         f"第{line}行数字“{text[tok.start:tok.end]}”既未读成陈述，也未识别为日期、"
                                         f"文号、编号等非数量", line=line, text=clause))
            if reason:
                window = text[max(clause_start, tok.start - 30):min(right, unit_end + 30)].strip()
                self.numbers.append((line, text[tok.start:tok.end], reason, section, window))
                continue
            ctx.sentence = (work, sentence_start, tok.start)
            raw = work[max(clause_start, last_end):tok.start]
            period, compared = self._years(raw)
            words, named_department = clean(raw, self.org)
            basis = None
            m = V.SCOPE_BEFORE.search(words)
            if m:
                basis, words = m.group(1), words[:m.start()]
                words, _ = clean(words, self.org)
            scope = V.SCOPE_AFTER.match(work, unit_end)
            if scope:
                basis, unit_end = scope.group(1), scope.end()
            cls = unit_class(unit)
            reading = interpret(words, cls, unit, work, unit_end, ctx)
            paired = (ctx.each is not None or "各" in words or "分别" in words) and self._each(reading, words, cls,
                                                                                          work, unit_end)
            if paired:
                reading = paired
            subject = self._subject(reading, named_department, list_start)
            binding = "paired" if paired else _binding(reading, named_department)
            if compared and reading.metric in CHANGE_METRICS and reading.basis == "上年":
                reading.basis = self._relative(compared)
            status = tok.status
            if tok.kind == "blank":
                status = "missing"
            elif reading.template:
                status = "template_residue"
                used_templates.update(m.start() for m in V.TEMPLATE.finditer(work, clause_start, unit_end))
            value = tok.value
            value_base, base = to_base(value, unit)
            self.rows.append((section, subject, reading.metric, value, tok.decimals, unit, value_base, base,
                              reading.direction, reading.basis or basis, line, clause, status, topic, period,
                              binding))
            if subject not in ctx.sentence_subjects:
                ctx.sentence_subjects.append(subject)
            if tok.kind != "blank":
                self.numbers.append((line, text[tok.start:tok.end], "statement", section, clause))
            if status != "ok":
                self._report(tok, status, line, subject, reading, clause, unit, value)
            ctx.statements_in_paragraph += 1
            last_end = unit_end

    def _each(self, reading, words: str, cls: str, work: str, unit_end: int):
        """"收、支总计各为X万元、Y万元" (and "…各减少X万元、Y万元，各下降a%、b%", "A和B分别为X和Y", "A X万元、B Y万元，
        分别占a%、b%"): the subjects printed in a row take the numbers that follow, one each, in order. Returns
        the reading to use, or None.

        The first number keeps the joined subject until a second one shows the list is distributed; then
        the first row is re-bound to the first subject. Every number of such a list is "paired" (uncertain),
        also a lone one ("基本支出、项目支出分别为X万元" says nothing sure about either)."""
        ctx = self.ctx
        subject = reading.subject or ""
        if subject.endswith(("各", "分别")):
            if subject in ("各", "分别"):
                if ctx.each:  # "各下降23.51%、38.28%": the subjects named before
                    names, joined = ctx.each[0], ctx.each[1]
                else:  # "基本支出759.99万元、项目支出173.59万元，分别占81.4%、18.6%": the amounts' subjects
                    count, at = 1, unit_end
                    while m := V.EACH_NEXT.match(work, at):
                        count, at = count + 1, m.end()
                    names = ctx.sentence_subjects[-count:]
                    if count < 2 or len(names) < count:
                        return None
                    joined = "、".join(names)
            else:
                joined = subject.removesuffix("各").removesuffix("分别")
                if V.EACH.match(subject):
                    names = _each_names(joined)
                elif joined.count("和") == 1 and "、" not in joined:  # "人员经费和公用经费分别为…"
                    names = joined.split("和")
                    if min(map(len, names)) < 2:
                        return None
                else:
                    return None
            reading.subject = joined
            ctx.each = [names, joined, 1, reading, len(self.rows), cls]
            return reading
        each = ctx.each
        if each is None or words not in ("", "和", "及", "与") or each[2] >= len(each[0]) or cls != each[5]:
            ctx.each = None
            return None
        first, index = each[3], each[2]
        if index == 1:
            row = self.rows[each[4]]
            self.rows[each[4]] = row[:1] + (each[0][0],) + row[2:]
        each[2] += 1
        return Reading(first.metric, subject=each[0][index], direction=first.direction, basis=first.basis,
                       template=first.template)

    def _years(self, raw: str) -> tuple[str, str | None]:
        """(period, compared year) of a clause: the year its figure is for (本年, 上年 or "2023年"; a year
        named earlier in the sentence carries on) and the year named after 比/较/与, if any."""
        compared = None
        if "年" in raw:
            for m in CLAUSE_YEAR.finditer(raw):
                if m.group(1):
                    compared = int(m.group(2))
                    continue
                year = int(m.group(2))
                if self.year is None:  # no title seen: the first year printed is the document's own
                    self.year = year
                range_start = RANGE_START.search(raw, 0, m.start())
                if range_start:  # "2019年至2023年": a span of years, said as printed
                    self.period = f"{range_start.group(1)}年至{year}年"
                else:
                    self.period = self._relative(year)
        return self.period or "本年", compared

    def _relative(self, year: int) -> str:
        if self.year is None or year == self.year:
            return "本年" if self.year is not None else f"{year}年"
        return "上年" if year == self.year - 1 else f"{year}年"

    def _zero_unit(self, work: str, tok: Token, line: int, text: str) -> tuple[str, int]:
        """"年初预算为0，支出决算为150万元": a zero printed without a unit is zero in any unit; it takes
        the money unit printed next in its sentence (else 万元), and the reader says so."""
        stop = SENTENCE_STOP.search(work, tok.end)
        m = NEXT_MONEY.search(work, tok.end, stop.start() if stop else len(work))
        unit = m.group(1) if m else "万元"
        self.issues.append(Issue("info", "unit_missing",
                                 f"第{line}行“{text[max(0, tok.start - 6):tok.end]}”未写单位；数值为0，与单位无关，"
                                 f"按同句的{unit}记录", line=line, text=text[max(0, tok.start - 6):tok.end]))
        return unit, tok.end

    def _subject(self, reading, named_department: bool, list_start: bool) -> str:
        ctx = self.ctx
        if reading.forced:
            ctx.para_subject, ctx.para_subject_is_label = reading.forced, False
            return reading.forced
        if reading.subject:
            if list_start and ctx.statements_in_paragraph == 0 or ctx.circled:
                ctx.item_subject = reading.subject if ctx.statements_in_paragraph == 0 else ctx.item_subject
            ctx.para_subject, ctx.para_subject_is_label = reading.subject, False
            return reading.subject
        if named_department:
            return V.DEPARTMENT_SUBJECT
        if reading.named_count and ctx.kind == "general" and not ctx.para_subject_is_label:
            # "编报绩效目标的项目4个" after "涉及预算金额598.42万元": not a count of that amount.
            return ctx.item_subject or ctx.section_subject or V.DEPARTMENT_SUBJECT
        return ctx.para_subject or ctx.item_subject or ctx.section_subject or V.DEPARTMENT_SUBJECT

    def _report(self, tok: Token, status: str, line: int, subject: str, reading, clause: str, unit: str,
                value: str | None) -> None:
        if status == "missing":
            self.issues.append(Issue("warning", "missing_value",
                                     f"第{line}行“{subject}”{reading.metric}应有数字而为空白（“{clause}”），"
                                     f"记为缺失，不作 0", line=line, text=clause))
        elif status == "template_residue":
            self.issues.append(Issue("warning", "template_residue",
                                     f"第{line}行保留了模板选项“{reading.direction}”，未选定方向；"
                                     f"按原文记录 {value}{unit}", line=line, text=clause))
        elif status == "repaired":
            if tok.kind == "split":
                kind, what = "split_number", "数字中间有空格"
            elif "," in tok.raw:
                kind, what = "decimal_comma", "以逗号作小数点"
            else:
                kind, what = "malformed_number", tok.note or "书写不规范"
            self.issues.append(Issue("warning", kind, f"第{line}行数字“{tok.raw}{unit}”{what}，按 {value}{unit} 读取",
                                     line=line, text=clause))
        elif status == "unreadable":
            self.issues.append(Issue("error", "unreadable_number",
                                     f"第{line}行数字“{tok.raw}”无法读成数字（逗号或小数点位置不合常规），记为缺失",
                                     line=line, text=clause))


def _each_names(joined: str) -> list[str]:
    """"收、支总计" -> [收入总计, 支出总计]; "基本支出、项目支出" -> as printed."""
    parts = joined.split("、")
    k = len(parts[0])
    if k <= 2 and all(len(p) == k for p in parts[:-1]) and len(parts[-1]) > k:
        tail = parts[-1][k:]
        parts = parts[:-1] + [parts[-1][:k]]
        return [V.EACH_SHORT.get(p, p) + tail for p in parts]
    return parts


def _binding(reading, named_department: bool) -> str:
    """How a statement is bound (see :data:`hcfin.narrative.BINDINGS`)."""
    if reading.subject and UNBOUND.search(reading.subject):
        return "unclear"
    if reading.subject_carried:
        return "carried"
    named = bool(reading.subject or reading.forced or named_department)
    if reading.measure == "words":
        return "explicit" if named else "carried"
    if reading.measure == "carried":
        return "carried_measure" if named else "context"
    return "level" if named else "context"
