"""Vocabulary of the narrative reader, kept as data.

Every rule table is a tuple of ``(pattern, metric, options)`` rows, matched against the end of a
cleaned clause prefix (the words printed just before a number). Patterns are compiled once at
import. Adding a phrase for a new document is a one-line change here, not new code.
"""

from __future__ import annotations

import re

# Social-insurance schemes: printed alias -> canonical scheme name (subject of fund statements).
SCHEMES = (
    (r"企业职工(?:基本)?养老保险", "企业职工基本养老保险"),
    (r"机关事业单位(?:基本)?养老保险", "机关事业单位基本养老保险"),
    (r"城乡居民(?:基本|社会)?养老保险", "城乡居民基本养老保险"),
    (r"工伤保险", "工伤保险"),
    (r"失业保险", "失业保险"),
)
SCHEME_PATTERNS = tuple((re.compile(p), name) for p, name in SCHEMES)

# Words that name the reporting department itself (subject "部门").
DEPARTMENT = re.compile(r"^(?:[本我]?部门[（(]单位[）)]|[本我]单位[（(]部门[）)]|部门（单位）|本部门|我部门|本单位|我单位|我中心|本中心|中心)")

# A unit's own name printed before the year ("上海市普陀区文化和旅游局2025年度…"): the department itself.
ORG_BEFORE_YEAR = re.compile(r"^[\u4e00-\u9fff（）()]{2,40}?(?:局|中心|办事处|委员会|部|厅|院|所|站|处|队|馆|委|办|室|政府|"
                             r"街道|镇|乡)(?=(?:19|20)\d\d年)")

# Stripped from the start of a prefix before any rule (time, place, connectives, plain verbs).
LEADING = re.compile(
    r"^(?:\d+“?[.．、](?!\d)|（\d+）|\(\d+\)|[①-⑳]|[、，,：:；;\s（）()]+|截至|截止|"
    r"(?:19|20)\d\d年(?:度|末|底|初)?|\d{1,2}(?:[—\-–~至到]\d{1,2})?月(?:份|底|末)?|\d{1,2}日|"
    r"今年|全年|当年|本年度|年度|全市|我市|全省|市本级|"
    r"其中|另外|共计|共有|共|主要用于以下方面|包括用于|包括|含(?=[\u4e00-\u9fff])|开支|共产生|产生|安排|"
    r"与上年相比|与上年同期相比|为[上下]限|之间)"
)
# Dates and years anywhere in a prefix ("核查2019年至2023年工亡待遇").
DATES = re.compile(r"(?:19|20)\d\d年(?:度|末|底|初)?(?:至|—|-)?|\d{1,2}(?:[—\-–~至到]\d{1,2})?月(?:份|底|末)?")
# "收、支总计均为…": one value for both (人均 and 平均 keep their 均).
TRAILING = re.compile(r"(?:为|达到|达|是|共计|共|约|突破|超过|累计|(?<![人平])均)$")
# A scope note in parentheses next to a number: "（不含省内上解下拨）", "（不含车辆）".
# A note that holds a number ("（含外宾接待支出0.00万元）") is a statement of its own, not a scope.
SCOPE_BEFORE = re.compile(r"（((?:不含|含|不包括|包括)[^）\d]*|以[^）\d]*为准)）$")
SCOPE_AFTER = re.compile(r"\s*（((?:不含|含|不包括|包括)[^）\d]*)）")
# "0.39万（含…）": 万 printed without 元 after words that name money is read as 万元 (and said so).
BARE_WAN = re.compile(r"[ \u3000]*万(?![\u4e00-\u9fff])")
MONEY_WORDS = re.compile(r"(?:支出|经费|费|资金|金额|收入|预算|决算|拨款)(?:数)?(?:为|共计|合计|约)?[ \u3000]*$")
# "收、支总计各为X万元、Y万元": subjects in a row, then one number for each, in order.
EACH = re.compile(r"^(?P<names>[^、]+(?:、[^、]+)+?)(?:各|分别)$")
EACH_SHORT = {"收": "收入", "支": "支出"}  # "收、支总计" names 收入总计 and 支出总计
# One more number of a list ("分别占81.4%、18.6%": "、18.6%").
EACH_NEXT = re.compile(r"[、和及][ \u3000]*\d[\d.,]*[ \u3000]*(?:万元|亿元|元|%|人次|人|个|辆|批次)")
# Subject tidying: "社会保障和就业（类）支出" -> "社会保障和就业支出"; "机关运行经费支出" -> "机关运行经费".
CLASS_MARK = re.compile(r"（[类款项]）")
HALF_CLASS_MARK = re.compile(r"[(]([类款项])[)]")
FEE_SUBJECT = re.compile(r"^(.+?费)(?:财政拨款)?(?:支出)?(?:决算|预算)?数?$")

# Change, share, completion: metric depends on the unit class.
# The basis is the prior year unless a budget is named: "比上年" / "较2024年度决算数" / "比去年" /
# "与上年" (相比 left out) / "同比" / "上年决算", against "比年初预算" / "与预算相比" (years are removed first).
CHANGE = re.compile(
    r"^(?P<pre>.*?)(?P<basis>与(?:(?:上一?年度?|去年|上年同期)(?:决算数?|同期)?(?:相比|比较)?|(?:决算数?)?(?:相比|比较)?)"
    r"|与(?:年初|全年|调整后?的?)?预算数?(?:相比|比较)?|(?:比|较)(?:上一?年?度?|去年|上年同期)?(?:决算数?|同期)?"
    r"|(?:比|较)(?:年初|全年|调整后?的?)?预算数?|同比|上年决算)?(?P<each>各|分别)?"
    r"(?P<stray>[增减](?=增加|减少|增长|下降|降低|上升))?"  # "比2024年度减增加": an edit left half done
    r"(?P<dir>增加|减少|增长|下降|降低|上升)(?:（(?P<alt>增加|减少|增长|下降|降低|上升)）)?了?$")
DIRECTION_CHARS = re.compile(r"[增减降升]")  # every direction word of CHANGE holds one
# The comparison a sentence named before a bare "减少0.28万元" ("与2025年度预算相比，减少…"): the last one wins.
COMPARED_WITH = re.compile(r"(?:与|同|比|较)[ \u3000]*(?:((?:19|20)\d\d)[ \u3000]*年度?)?[ \u3000]*"
                           r"(年初预算|全年预算|调整后?的?预算|预算|上一?年度?|去年|上年同期)?")
# "差值为0.05万元" after a budget-and-outturn pair: the outturn's difference from the budget just named.
DIFFERENCE = re.compile(r"^(?:决算数?与(?:年初|全年|调整)?预算数?的?)?(?:差值|差额)$")
# "涉及预算金额598.42万元" after "编报绩效目标的项目4个": the money of the thing just counted.
INVOLVED = re.compile(r"^涉及(?P<budget>预算)?(?:资金|金额)(?:总额|合计)?$")
# "比年初预算数多53.12万元", "比上年少0.50万元": a difference said with 多 / 少.
MORE_LESS = re.compile(r"^(?P<pre>.*?)(?:比|较)(?P<basis>(?:年初|全年|调整后?的?)?预算|上一?年度?|去年)?数?(?P<dir>多|少)了?$")
# "决算数大于年初预算数22.89万元": a difference against a basis.
COMPARE = re.compile(r"^(?P<pre>.*?)(?P<dir>大于|小于|高于|低于|超出)(?:（(?P<alt>大于|小于|高于|低于)）)?"
                     r"(?P<basis>年初预算|预算|上年)?(?:数|决算数)?$")
COMPLETION = re.compile(r"(?:完成|(?:^|决算数?|支出决算数?)为)(?P<basis>年初预算|全年预算|调整预算|预算)(?:数)?的?$")
SHARE = re.compile(r"^(?P<pre>.*?)占(?P<basis>[^占]*?)的?(?:比重|比例)?(?:为)?$")
TEMPLATE = re.compile(r"(增加|减少|增长|下降|降低|大于|小于|高于|低于)（(增加|减少|增长|下降|降低|大于|小于|高于|低于)）")

# Rows: (pattern at the end of the cleaned prefix, metric, subject override or None).
RATE_RULES = (
    (r"(?:综合预算)?执行率$", "执行率", None),
    (r"满意度$", "满意度", None),
    (r"(?:年初)?预算完成率$|^完成率$", "完成率", None),
    (r"(?:占比|比重)$", "占比", None),
)
FUND_RULES = (
    (r"参保单位$", "参保单位", None),
    (r"参保(?:人员|职工|人数|对象)$", "参保人数", None),
    (r"缴费(?:人数|人员)$", "缴费人数", None),
    (r"(?:领取)?待遇(?:人员|人数|领取人数)$", "待遇人数", None),
    (r"离退休(?:人员|人数)$", "离退休人数", None),
    (r"单位缴费比例$", "单位缴费比例", None),
    (r"个人缴费比例$", "个人缴费比例", None),
    (r"(?:^|基金)总?收入$", "基金收入", None),
    (r"利息收入$", "利息收入", None),
    (r"缴费收入$", "缴费收入", None),
    (r"财政补贴收入$", "财政补贴收入", None),
    (r"转移收入$", "转移收入", None),
    (r"其他收入$", "其他收入", None),
    (r"集体补助收入$", "集体补助收入", None),
    (r"(?:养老金)?待遇支出$", "待遇支出", None),
    (r"转移支出$", "转移支出", None),
    (r"其他支出$", "其他支出", None),
    (r"(?:^|基金)总?支出$", "基金支出", None),
    (r"当期结余$", "当期结余", None),
    (r"(?:累计|滚存)结余$", "累计结余", None),
)
PROJECT_RULES = (
    (r"(?:年度)?财政拨款收入$", "财政拨款收入", None),
    (r"(?:年度)?可用(?:专项)?资金$", "可用资金", None),
    (r"^支出$", "支出", None),
    (r"年末结余$", "年末结余", None),
)
# Any context: fixed phrases with their canonical metric (and subject where the phrase names it).
SPECIAL_RULES = (
    (r"享受(?P<scheme>.+?)阶段性降费政策企业$", "降费企业数", "scheme"),
    (r"降费金额$", "降费金额", None),
    (r"(?:公务用车)?保有量$|车辆$", "车辆", "部门"),
    (r"团组$", "团组", None),
    (r"来宾$", "来宾人次", None),
    (r"在职(?:人员|人数)?$", "在职人数", "部门"),
    (r"参照公务员(?:法)?管理(?:人员|人数)$|参公(?:人员|人数)$", "参公人数", "部门"),
    (r"提前退休(?:人员|人数)$", "提前退休人数", "部门"),
    (r"(?<!提前)退休(?:人员|人数)$", "退休人数", "部门"),
    (r"离休(?:人员|人数)$", "离休人数", "部门"),
    (r"行政编制(?:数|人数)?$", "行政编制数", "部门"),
    (r"事业编制(?:数|人数)?$", "事业编制数", "部门"),
    (r"编制(?:数|人数)?$", "编制数", "部门"),
    (r"遗属(?:人员|人数)?$", "遗属人数", "部门"),
    (r"^人数$", "人数", None),
)
AMOUNT_RULES = (
    (r"(?:支出)?年初预算(?:数|总额)?$", "年初预算", None),
    (r"(?:支出)?(?:全年|调整后的?|调整)?预算(?:数|金额|总额)?$", "预算", None),
    (r"(?:支出)?决算(?:数|总额|金额)?$", "决算", None),
)
# Canonical names of counted things (applied to the noun found for a count).
NOUN_RULES = (
    (r"预警信息$", "预警信息", None),
    (r"部级下发的?疑点数据$", "部级下发疑点数据", None),
    (r"省级?下发的?疑点数据$", "省级下发疑点数据", None),
    (r"省级?下发的?$", "省级下发数据", None),
    (r"补缴.*申请$", "补缴申请", None),
    (r"新招录公务员$", "新招录公务员", "部门"),
)
# Verbs stripped from the start of a counted thing's name, and verbs that end a prefix
# (then the counted thing follows the number: "发布13期工伤预防宣传短视频").
NOUN_LEADING = re.compile(r"^(?:[、，\s]+|对|和|及|并|在|为|是|有|来自|完成|接收核查|核查|日常抽查|抽查|受理|经统计|回收|"
                          r"全市|我市|市本级|开展(?=.))")
VERB_END = re.compile(r"(?:发布|举办|组织|来自|对|为|(?:^|[）)])分|有|参加|新招录|招录|新增|的)$")
KEEP_VERB = ("新招录", "招录", "新增")
SUFFIX_NOUN = re.compile(r"(?:[\u4e00-\u9fff“][\u4e00-\u9fff（）“”]*?)?(?=履行|进行|参加|参与|代表|深入|发放|开展|的|共|，|。|；|、|$)")
# A count with no name gets one from its unit.
UNIT_METRICS = {"人": "人数", "人次": "人次", "个": "个数", "家": "家数", "条": "条数", "批": "批次", "笔": "笔数",
                "件": "件数", "次": "次数", "场": "场次", "份": "份数", "期": "期数", "张": "张数", "辆": "车辆"}
# Labels before "：" that are not subjects.
LABEL_SUBJECT = re.compile(r"(?:支出|收入|经费|费|资金|保险|工作|补贴)$")

DEFAULT_AMOUNT_METRIC = "决算"
DEPARTMENT_SUBJECT = "部门"


class RuleTable:
    """Rows tried in order; one combined pattern rejects most texts in a single search."""

    def __init__(self, rows):
        self.rows = tuple((re.compile(p), metric, subject) for p, metric, subject in rows)
        self.any = re.compile("|".join(f"(?:{re.sub(r'[(][?]P<[^>]+>', '(', p)})" for p, _, _ in rows))

    def first(self, text: str):
        """(match, metric, subject option) of the first row matching ``text``, or None."""
        if not self.any.search(text):
            return None
        for pattern, metric, subject in self.rows:
            m = pattern.search(text)
            if m:
                return m, metric, subject
        return None


def _compile(rows) -> RuleTable:
    return RuleTable(rows)


RATE = _compile(RATE_RULES)
FUND = _compile(FUND_RULES)
PROJECT = _compile(PROJECT_RULES)
SPECIAL = _compile(SPECIAL_RULES)
AMOUNT = _compile(AMOUNT_RULES)
NOUNS = _compile(NOUN_RULES)


def find_scheme(text: str) -> str | None:
    """The canonical scheme named in ``text``, or None."""
    for pattern, name in SCHEME_PATTERNS:
        if pattern.search(text):
            return name
    return None
