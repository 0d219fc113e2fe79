"""The narrative of a disclosure as data: every number in the text as a traceable statement.

``extract_statements(document)`` reads every paragraph outside the tables (情况说明, the
performance self-evaluation, the fund operations, and also captions and table notes, whose
numbers are classified as non-quantities) and returns a :class:`NarrativeResult`.

Statement columns (:data:`STATEMENT_COLUMNS`):

- ``section``: "第三部分 五（三）"; inside 十四 the restarted headings nest: "第三部分 十四 二（二）".
- ``subject``: what the number is about: "部门" (the department itself), a line such as
  收入合计 / 基本支出, a class (社会保障和就业支出, "（类）" removed), an item (公务接待费, 会议费,
  基本工资), a project (社保经办机构工作经费), or a scheme (企业职工基本养老保险, 机关事业单位基本养老保险,
  城乡居民基本养老保险, 工伤保险).
- ``metric``, the vocabulary:
  amounts: 决算 (an actual amount; the default), 年初预算, 预算 (三公: the adjusted budget);
  relations: 增减额 (money change), 增长率 (percent change), 增减数 (other change), 差额 / 差率
  ("决算数大于年初预算数22.89万元": ``direction`` 大于, ``basis`` 年初预算), 占比 (``basis`` =
  the printed denominator, e.g. 基本支出), 完成率 (``basis`` 年初预算 or 预算), 执行率, 满意度;
  projects (十四 专项): 资金 (the project's funds), 支出, 财政拨款收入, 可用资金, 年末结余;
  funds: 参保单位, 参保人数, 缴费人数, 待遇人数, 单位缴费比例, 个人缴费比例, 缴费比例下限/上限,
  灵活就业缴费基数下限/上限 (``basis`` = the wage they are a percentage of), 灵活就业缴费比例, 基金收入,
  缴费收入, 财政补贴收入, 利息收入, 转移收入, 其他收入, 集体补助收入, 基金支出, 待遇支出, 转移支出,
  其他支出, 当期结余, 累计结余, 降费企业数, 降费金额;
  department: 编制数, 行政编制数, 事业编制数, 在职人数, 参公人数, 提前退休人数, 退休人数, 离休人数,
  遗属人数, 新招录公务员, 车辆;
  三公 counts: 团组, 人次, 来宾人次; 会议费/培训费 attendance: 人数;
  audits and other counts: the counted thing as printed, tidied (预警信息, 应整改, 已整改, 整改金额,
  部级下发疑点数据, 省级下发疑点数据, 省级下发数据, 补缴申请, 工亡待遇, 发现问题, 涉及金额, ...);
  a count with no name is named by its unit (人数, 人次, 个数, 批次, ...).
- ``value`` the printed digits (missing when the number is missing), ``amount`` the same as a float
  (NaN when missing), ``decimals``, ``unit`` as printed
  (余 kept: "60余人"), ``value_base`` the exact value in ``base_unit`` (元 for money; 人, 家, 条 ...
  for counts, 万 removed; % stays %), ``direction`` as printed (增加, 减少, 增长, 下降, or a template
  alternative such as "增加（减少）"), ``basis`` (上年, 年初预算, 预算, a denominator, or a scope note
  printed next to the number such as "不含省内上解下拨"), ``line``, ``clause``, and ``status``:
  ok / repaired (read with an issue) / missing (blank where a number should be) / template_residue /
  unreadable; ``topic``, what the section's heading says (三公经费, 机关运行经费, 政府采购 …, see
  :data:`hcfin.narrative.sections.TOPICS`), whatever its number; ``period``, the year the figure is for
  (本年, 上年 or "2023年") as printed in its sentence; ``binding``, how subject and measure were bound by
  the clause's grammar (:data:`BINDINGS`): rules treat a statement not bound without ambiguity as
  uncertain and never raise an error on it.

Numbers audit (:data:`NUMBER_COLUMNS`): one row per digit token in the paragraphs, classified as
"statement" or the reason it is not a quantity (table_number, document_number, year, date,
section_number, list_number, name, threshold, age, code) or "unclassified".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..errors import Issue
from ..frames import frame_from_columns
from ..model import Document
from .extract import NarrativeReader
from .funds import FUND_COLUMNS, build_funds

__all__ = ["NarrativeResult", "extract_statements", "build_funds", "STATEMENT_COLUMNS", "NUMBER_COLUMNS",
           "FUND_COLUMNS", "BINDINGS", "UNCERTAIN_BINDINGS"]

# The reader's row tuples hold these; ``amount`` (float of ``value``) is added after ``value``.
_ROW_COLUMNS = ["section", "subject", "metric", "value", "decimals", "unit", "value_base", "base_unit",
                "direction", "basis", "line", "clause", "status", "topic", "period", "binding"]
STATEMENT_COLUMNS = _ROW_COLUMNS[:4] + ["amount"] + _ROW_COLUMNS[4:]
#: How a statement's subject and measure were bound (the ``binding`` column), most certain first.
BINDINGS = {
    "explicit": "主语与指标均见于本句",
    "carried": "指标见于本句，主语承前（同句、条目或标题）",
    "level": "主语见于本句，未写指标词，按金额本身（决算数）读取",
    "carried_measure": "主语见于本句，指标承同句前文",
    "context": "主语与指标均未写明，由上下文推定",
    "unclear": "主语中残留指标或比较用语，指标未能按语法确定",
    "paired": "并列主语后以“各”“分别”列出数字，按先后顺序对应",
}
#: Bindings a rule treats as uncertain: a finding on such a statement is at most a warning.
UNCERTAIN_BINDINGS = frozenset({"context", "unclear", "paired"})
NUMBER_COLUMNS = ["line", "text", "classification", "section", "clause"]


@dataclass
class NarrativeResult:
    """Statements read from the text, the narrative capture audit, and the problems met."""

    statements: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    numbers: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NUMBER_COLUMNS))
    unclassified_count: int = 0


def extract_statements(document: Document, *, unit: str | None = None, year: int | None = None) -> NarrativeResult:
    """Read every number in the document's paragraphs (tables are separate blocks and skipped).

    Args:
        document: the document model from a reader.
        unit: the department's name, stripped from subjects ("…服务中心共产生基本支出" -> 基本支出);
            found from the "部门：…" caption when not given.
        year: the disclosure year, against which a year printed in a clause is read as the statement's
            ``period`` (本年 / 上年 / "2023年"); found from "2025年度部门决算" when not given.

    Returns:
        A :class:`NarrativeResult`; never raises on odd text: what cannot be read is an issue.
    """
    reader = NarrativeReader(unit, year)
    reader.read(document.paragraphs)
    columns = dict(zip(_ROW_COLUMNS, map(list, zip(*reader.rows)))) if reader.rows else dict.fromkeys(_ROW_COLUMNS, [])
    columns["amount"] = columns["value"]  # the printed digits, read as float64 by the "number" type
    statements = frame_from_columns({name: columns[name] for name in STATEMENT_COLUMNS}, "statements")
    numbers = _frame(reader.numbers, NUMBER_COLUMNS, {"line": "int64"})
    unclassified = sum(1 for row in reader.numbers if row[2] == "unclassified")
    return NarrativeResult(statements, reader.issues, numbers, unclassified)


def _frame(rows: list[tuple], columns: list[str], dtypes: dict[str, str]) -> pd.DataFrame:
    # Column-wise construction: several times faster than from_records + astype on pandas 3.
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "str")) for c in columns})
    data = {c: pd.array(v, dtype=dtypes[c]) if c in dtypes else v for c, v in zip(columns, zip(*rows))}
    return pd.DataFrame(data)
