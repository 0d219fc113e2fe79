"""Rule kinds an expert's first pass missed: what the template requires the text to say, the
same claim made twice, words that contradict their amounts, the year in headings, and the items
§六 names against the non-zero rows of 06表.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .catalogue import Rule
from .context import Context
from .kinds_text import _location, _none_found, _sign, select, statement_operand
from .outcome import Emitter, judge

_QUOTES = str.maketrans("", "", "“”\"' \u3000")


def _dec(value) -> Decimal | None:
    try:
        return Decimal(str(value).replace(",", ""))
    except (InvalidOperation, ValueError):
        return None


def _line(st: dict) -> list[int]:
    try:
        return [int(st["line"])]
    except (KeyError, TypeError, ValueError):
        return []


# -- a disclosure the template requires ------------------------------------------------------
def check_text_required(rule: Rule, ctx: Context) -> list[dict]:
    """Where the anchor amount is not zero, the text also states each required item (same part of
    the text: §七's counts may sit in another sub-section of §七).

    Params: anchor (selector of the amount, e.g. 公务接待费 决算), require (list of {name,
    select_any: [selector, ...]}: any selector matching a statement of the same top-level section
    with a number), location. E.g. 国内公务接待 must state its 批次 and 人次.
    """
    em = Emitter(rule)
    p = rule.params
    anchors = select(ctx, p["anchor"])
    if not anchors:
        return _none_found(em, rule, ctx)
    out = []
    for st in anchors:
        value = _dec(st.get("value"))
        if value is None or value == 0:
            out.append(em.row("not_applicable", _location(st), lines=_line(st), note="金额为0或未填，无需说明"))
            continue
        section = _top_section(st.get("section"))
        for need in p["require"]:
            found = [s for sel in need["select_any"] for s in select(ctx, sel)
                     if _top_section(s.get("section")) == section and (s.get("value") or "").strip()]
            if found:
                out.append(em.row("exact", f"{_location(st)} {need['name']}", reported=found[0].get("value"),
                                  computed="已说明", lines=_line(st) + _line(found[0]), item=need["name"]))
            else:
                out.append(em.row("mismatch", f"{_location(st)} {need['name']}", reported="未说明",
                                  computed=f"应说明{need['name']}", lines=_line(st), item=need["name"]))
    return out


def _top_section(section: str | None) -> str:
    """"第三部分 七（二）" -> "第三部分 七": the counts of §七 may sit in another sub-section."""
    return re.sub(r"（[^）]*）$", "", section or "")


# -- the same claim in two sections --------------------------------------------------------------
def check_text_same_claim(rule: Rule, ctx: Context) -> list[dict]:
    """A claim (same subject and metric, e.g. 机关运行经费 增减额) printed in two sections agrees.

    Params: select (the claims, e.g. metric 增减额|增长率), exclude_subjects (regex of generic
    subjects such as 部门). Values are compared on their rounding intervals in the table unit.
    """
    em = Emitter(rule)
    p = rule.params
    skip = re.compile(p.get("exclude_subjects") or r"^$")
    groups: dict[tuple, list[dict]] = {}
    for st in select(ctx, p["select"]):
        subject = (st.get("subject") or "").translate(_QUOTES)
        if not subject or skip.search(subject) or not (st.get("value") or "").strip():
            continue
        # a change against the budget and one against last year (the default basis) are different claims
        basis = st.get("basis")
        basis = basis if isinstance(basis, str) and basis else "上年"
        groups.setdefault((subject, st.get("metric"), basis), []).append(st)
    out = []
    for (subject, metric, _), sts in groups.items():
        first = sts[0]
        for other in sts[1:]:
            if other.get("section") == first.get("section"):
                continue
            a, b = statement_operand(ctx, first), statement_operand(ctx, other)
            if a.missing or b.missing:
                continue
            sa, sb = _sign(ctx, first) or 1, _sign(ctx, other) or 1
            if sa != sb:
                a = -a
            status = judge(a.interval, a.point, b.interval, b.point)
            where = f"{subject} {metric}（{first.get('section')}与{other.get('section')}）"
            out.append(em.row(status, where, reported=f"{first.get('direction') or ''}{first.get('value')}{first.get('unit') or ''}",
                              computed=f"{other.get('direction') or ''}{other.get('value')}{other.get('unit') or ''}",
                              lines=_line(first) + _line(other)))
    return out or [em.row("not_applicable", p.get("location", "同一增减表述"), note="没有在两处出现的同一增减表述")]


# -- a direction word that contradicts its amount --------------------------------------------------
_FLAT = re.compile(r"持平|没有变化|无变化|无增减")
_MOVE = re.compile(r"(增加|减少|增长|下降|上升|降低)(?:了|为)?\s*(\d+(?:\.\d+)?)\s*(万元|元|亿元|%)")
_SENTENCE = re.compile(r"[^。；;]+")


def check_direction_amount(rule: Rule, ctx: Context) -> list[dict]:
    """Within one sentence, a direction word contradicts its amount: "减少为0.00万元，与上年持平",
    "增加5万元，与上年持平", or a change and its rate pointing opposite ways ("减少0.15万元，增长12.5%").

    Reads the document's lines (text outside tables). Template pairs such as "增加（减少）" are D4's.
    """
    em = Emitter(rule)
    if not ctx.lines:
        return [em.row("insufficient_data", "说明文字", note="没有可检查的文字")]
    tables = _table_lines(ctx)
    out = []
    for n, line in enumerate(ctx.lines, start=1):
        if n in tables or "\t" in line:
            continue
        for sentence in _SENTENCE.findall(line):
            problem = _contradiction(ctx, sentence)
            if problem:
                out.append(em.row("mismatch", f"第{n}行", reported=sentence.strip()[:80], computed=problem,
                                  lines=[n], problem=problem))
    return out or [em.row("exact", "说明文字中的增减方向", note="增减方向与金额一致")]


def _contradiction(ctx: Context, sentence: str) -> str | None:
    """What contradicts itself in one sentence: within a clause and the clause right after it
    (so "…减少19.66万元，下降86.61%，其中：因公出国（境）费…持平" speaks of two items, not one)."""
    words = ctx.catalogue.vocabulary.get("directions", {})
    for segment in re.split(r"其中", sentence):  # "其中" turns to another item
        problem = _segment_contradiction(words, [c for c in re.split(r"[，,：:]", segment) if c.strip()])
        if problem:
            return problem
    return None


def _segment_contradiction(words: dict, clauses: list[str]) -> str | None:
    for i, clause in enumerate(clauses):
        moves = [(m.group(1), Decimal(m.group(2)), m.group(3), m.group(0)) for m in _MOVE.finditer(clause)]
        if not moves:
            continue
        near = clause + (clauses[i + 1] if i + 1 < len(clauses) else "")
        if _FLAT.search(near):
            moving = [m for m in moves if m[1] != 0]
            if moving:
                return f"“{moving[0][3]}”与“持平”矛盾"
            if re.search(r"(增加|减少|增长|下降|上升|降低)(?:了|为)", clause):
                return f"“{moves[0][3]}”用了增减方向词，又说与上年持平"
            continue
        nxt = clauses[i + 1] if i + 1 < len(clauses) else ""
        rates = [(m.group(1), Decimal(m.group(2))) for m in _MOVE.finditer(nxt) if m.group(3) == "%"]
        money = [m for m in moves if m[2] != "%" and m[1] != 0]
        if money and rates and rates[0][1] != 0:
            if (money[0][0] in words.get("up", [])) != (rates[0][0] in words.get("up", [])):
                return f"“{money[0][3]}”与“{rates[0][0]}{rates[0][1]}%”方向相反"
    return None


def _table_lines(ctx: Context) -> set[int]:
    document = ctx.document
    got: set[int] = set()
    for block in getattr(document, "blocks", ()) or ():
        if getattr(block, "rows", None) is not None:
            got.update(range(block.loc.line, getattr(block, "end_line", block.loc.line) + 1))
    return got


# -- the year printed in headings and the table of contents --------------------------------------
_YEAR = re.compile(r"(?<![\d.])(\d{1,4})\s*年度")
_TITLE_WORDS = ("部门决算", "决算公开", "目录")
_HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])")
_SENTENCE_MARK = re.compile(r"[，。；,;]")  # a heading or a contents entry is not a sentence


def check_heading_years(rule: Rule, ctx: Context) -> list[dict]:
    """Each year printed in a heading or table-of-contents line ("2024年度部门决算") is the
    document's year; a truncated one ("202 年度") is a presentation finding.

    Params: max_length (longest line read as a heading; default 60 characters).
    """
    em = Emitter(rule)
    year = ctx.meta.get("year")
    if not ctx.lines:
        return [em.row("insufficient_data", "标题年度", note="没有可检查的文字")]
    if not year:
        return [em.row("insufficient_data", "标题年度", note="未读出文档年度")]
    longest = int(rule.params.get("max_length", 60))
    tables = _table_lines(ctx)
    out = []
    for n, line in enumerate(ctx.lines, start=1):
        text = line.strip()
        if (n in tables or "\t" in line or not text or len(text) > longest or _SENTENCE_MARK.search(text)
                or not (_HEADING.match(text) or any(w in text for w in _TITLE_WORDS))):
            continue
        for m in _YEAR.finditer(text):
            printed = m.group(1)
            if len(printed) == 4 and printed == str(year):
                continue
            truncated = len(printed) < 4
            row = em.row("mismatch", f"第{n}行", reported=f"{printed}年度", computed=f"{year}年度", lines=[n],
                         heading=text, problem="年份不完整" if truncated else f"与文档年度{year}不符")
            if truncated:
                row["category"] = "presentation"  # a typo in a heading, not a claim about another year
            out.append(row)
    return out or [em.row("exact", "标题年度", note=f"各标题所印年度均为{year}年度")]


# -- §六's items against the non-zero rows of 06表 ----------------------------------------------
_ITEMS = re.compile(r"(?:主要)?包括[：:]?([^。；;]+)")
_SENTENCE_END = re.compile(r"[。；;]")
_DIGIT = re.compile(r"\d")


def _key(name: str) -> str:
    return re.sub(r"[\s\u3000（）()“”]", "", name or "")


def _names(item: str, label: str) -> bool:
    """Whether the text's item names the table row: equal, contained, or the row label with words
    left out ("职工医疗保险缴费" for "职工基本医疗保险缴费")."""
    a, b = _key(item), _key(label)
    if not a or not b:
        return False
    if a == b or (len(a) >= 3 and a in b) or (len(b) >= 3 and b in a):
        return True
    if len(a) >= 4:
        it = iter(b)
        return all(ch in it for ch in a)
    return False


def check_text_items_in_table(rule: Rule, ctx: Context) -> list[dict]:
    """The items §六 lists ("主要包括基本工资、津贴补贴…") are non-zero rows of 06表, and each
    non-zero 款 of 06表 is named (by itself or by its 类).

    Params: select (the 人员经费 / 公用经费 statements whose clause or line lists the items),
    groups ({subject regex: [类 codes]}), table (default T06).
    """
    em = Emitter(rule)
    p = rule.params
    table = p.get("table", "T06")
    anchors = select(ctx, p["select"])
    if not anchors:
        return _none_found(em, rule, ctx)
    if not ctx.cells.has_table(table):
        return [em.row("insufficient_data", p.get("location", "基本支出所列项目"), note=f"未找到{ctx.table_name(table)}")]
    rows = ctx.cells.coded_rows(table)
    out = []
    for st in anchors:
        classes = next((codes for pattern, codes in p["groups"].items() if re.search(pattern, st.get("subject") or "")), None)
        m = _items(ctx, st)
        if classes is None or not m:
            continue
        items = [x.strip(" ，,等") for x in re.split(r"[、，,]", m.group(1)) if x.strip(" ，,等")]
        mine = [r for r in rows if r.code[:3] in classes]
        amount = lambda r: _dec(r.cells.get("amount").value) if r.cells.get("amount") and r.cells["amount"].value else None
        nonzero = [r for r in mine if amount(r) not in (None, Decimal(0))]
        matched = {item: _rows_named(item, mine) for item in items}
        for item in items:
            named = matched[item]
            where = f"{_location(st)} 所列“{item}”"
            if any(r in nonzero for r in named):
                out.append(em.row("exact", where, reported=item, lines=_line(st),
                                  computed="、".join(f"{r.code} {r.label}" for r in named if r in nonzero)))
            elif named:
                lines = _line(st) + [r.cells["amount"].line for r in named if r.cells.get("amount") and r.cells["amount"].line]
                out.append(em.row("mismatch", where, reported=item, lines=lines,
                                  computed="、".join(f"{r.code} {r.label}" for r in named) + "为空白或0"))
            else:  # a name the table does not print (a colloquial or old name): not compared
                out.append(em.row("not_applicable", where, lines=_line(st), note="06表中找不到同名科目，未核对"))
        covered = {r.code for named in matched.values() for r in named}
        missing = [r for r in nonzero if len(r.code) == 5 and r.code not in covered and r.code[:3] not in covered]
        unmapped = any(not named for named in matched.values())
        if missing and unmapped:  # the text uses names the table does not print: cannot tell what it left out
            out.append(em.row("not_applicable", f"{_location(st)} 未列06表有数的科目", lines=_line(st),
                              note="说明所用名称与06表科目不能一一对应，无法判断是否漏列"))
        elif missing:
            listed = "、".join(f"{r.code} {r.label} {r.cells['amount'].value}" for r in missing)
            out.append(em.row("mismatch", f"{_location(st)} 未列06表有数的科目", reported="未列", computed=listed,
                              lines=_line(st) + [r.cells["amount"].line for r in missing if r.cells["amount"].line]))
    return out or [em.row("not_applicable", p.get("location", "基本支出所列项目"), note="说明未逐项列出经费构成")]


def _items(ctx: Context, st: dict) -> re.Match | None:
    """The item list ("主要包括…") of a statement, read from its subject on in its paragraph and, while the
    list runs on without a full stop, in the paragraphs that continue it (a list wrapped over physical
    lines: one paragraph per line in the text layout, a hard line break in Word), else in its clause."""
    paragraphs = _paragraphs(ctx)
    line = _line(st)
    i = next((i for i, (first, last, _) in enumerate(paragraphs) if line and first <= line[0] <= max(first, last)), None)
    if i is None:
        n = line[0] if line else 0
        text = ctx.lines[n - 1] if ctx.lines and 0 < n <= len(ctx.lines) else ""
    else:
        text = paragraphs[i][2]
    at = text.find(st.get("subject") or "")
    text = text[at:] if at >= 0 else ""
    m = _ITEMS.search(text)
    while m and m.end() == len(text) and i is not None and i + 1 < len(paragraphs):
        last, (first, _, more) = paragraphs[i][1], paragraphs[i + 1]
        if first != last + 1 or _HEADING.match(more) or _DIGIT.search(_SENTENCE_END.split(more, 1)[0]):
            break  # a table between, a heading, or a new statement: the list ended unpunctuated
        i, text = i + 1, text + more.strip()
        m = _ITEMS.search(text)
    return m or _ITEMS.search(st.get("clause") or "")


def _paragraphs(ctx: Context) -> list[tuple[int, int, str]]:
    """(first line, last line, text) of every paragraph (a PDF joins a sentence wrapped over lines)."""
    paragraphs = ctx.cache.get("paragraphs")
    if paragraphs is None:
        blocks = list(getattr(ctx.document, "blocks", ()) or ())
        starts = [b.loc.line for b in blocks]
        paragraphs = ctx.cache["paragraphs"] = [
            (b.loc.line, starts[i + 1] - 1 if i + 1 < len(starts) else b.loc.line, b.text)
            for i, b in enumerate(blocks) if getattr(b, "rows", None) is None]
    return paragraphs


def _rows_named(item: str, rows: list) -> list:
    """The 06表 rows an item names, at the item's own granularity: a name that is a 类's name
    ("商品和服务支出", 302) is that 类, never a 款 whose name contains it ("其他商品和服务支出",
    30299); only a name no row carries exactly is matched loosely (:func:`_names`)."""
    exact = [r for r in rows if _key(r.label) == _key(item)]
    if exact:
        return exact
    return [r for r in rows if len(r.code) == 5 and _names(item, r.label)]
