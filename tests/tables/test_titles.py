"""Table titles read by meaning (hcfin.tables.titles), on the wordings surveyed for issue 9.

Each title below is written in the form a province prints it (numbering, unit name, year, quotes);
the expected reading is what the title says, not its number.
"""

from __future__ import annotations

import pytest

from hcfin.tables.titles import classify_title, core_title, read_title

NINE = [
    # national wording, with the numberings provinces use
    ("收入支出决算总表", "T01", 1),
    ("公开01表 收入支出决算总表", "T01", 1),
    ("表1 收入支出决算总表", "T01", 1),
    ("附表1：收入支出决算总表", "T01", 1),
    ("《收入支出决算总表》", "T01", 1),
    ("示例县农业服务中心2024年度收入支出决算总表", "T01", 1),
    ("一、收入支出决算表", "T01", 2),               # Yunnan
    ("二、收入决算总表", "T02", 1),                 # Shaanxi
    ("三、支出决算总表", "T03", 1),
    ("四、财政拨款收入支出决算表", "T04", 2),        # Yunnan
    ("表5 一般公共预算财政拨款支出决算表", "T05", 1),
    ("五、一般公共预算财政拨款收入支出决算表", "T05", 2),  # Yunnan
    ("一般公共预算财政拨款基本支出决算明细表", "T06", 1),  # Hunan
    ("六、一般公共预算财政拨款基本支出决算表", "T06", 1),  # Beijing, Hubei
    ("六、财政拨款基本支出决算表", "T06", 2),
    ("政府性基金预算财政拨款收入支出决算表", "T07", 1),
    ("国有资本经营预算财政拨款支出决算表", "T08", 1),
    ("十一、国有资本经营预算财政拨款收入支出决算表", "T08", 2),  # Yunnan, Sichuan
    ("财政拨款“三公”经费支出决算表", "T09", 1),
    ("2024年度财政拨款\"三公\"经费支出决算表", "T09", 1),
    ("表7：一般公共预算财政拨款“三公”经费支出决算表", "T09", 2),  # Hubei 表7, Guangdong
    ("七、一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表", "T09", 2),  # Shaanxi
    ("十、财政拨款“三公”经费、行政参公单位机关运行经费情况表", "T09", 4),  # Yunnan
    # captions printed on the title's line
    ("收入支出决算总表 单位：万元", "T01", 1),
    ("公开05表 一般公共预算财政拨款支出决算表 金额单位：元", "T05", 1),
    ("支出决算表（单位：万元）", "T03", 1),
    ("一般公共预算财政拨款支出决算表\t部门：示例县农业服务中心", "T05", 1),
]
BEYOND = [
    "五、财政拨款支出决算明细表",                  # Sichuan 单位决算
    "七、一般公共预算财政拨款支出决算明细表",
    "九、一般公共预算财政拨款项目支出决算表",
    "八、政府性基金预算财政拨款基本支出决算表",      # Beijing
    "十一、政府采购情况表",
    "十二、政府购买服务决算公开情况表",
    "十、国有资产占用情况表",                      # Jiangxi
    "十二、国有资产使用情况表",                    # Yunnan
    "十五、项目支出绩效自评表",
    "《项目收入支出决算表》",                      # Xinjiang
    "《财政专户管理资金收入支出决算表》",
    "《支出决算明细表》",
    "《基本支出决算明细表》",
    "财政拨款支出决算表",                          # all fiscal funds: not the 一般公共预算 table
    "十一、政府采购支出决算表",
    "2024年“三公”经费预算表",                     # a budget table
]
NOT_TITLES = [
    "第二部分 部门决算表",
    "示例县农业服务中心2024年度部门决算表",
    "七、财政拨款“三公”经费支出决算情况说明",
    "我单位没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。",
    "单位：万元",
    "公开01表",
    "部门：示例县农业服务中心 公开05表",
]


@pytest.mark.parametrize("title,table_id,rank", NINE)
def test_the_nine_under_province_wordings(title, table_id, rank):
    reading = read_title(title)
    assert (reading.table_id, reading.rank) == (table_id, rank)
    assert classify_title(title) == table_id


@pytest.mark.parametrize("title", BEYOND)
def test_tables_beyond_the_nine_are_titles_of_no_canonical_table(title):
    reading = read_title(title)
    assert reading is not None and reading.table_id is None
    assert classify_title(title) is None


@pytest.mark.parametrize("text", NOT_TITLES)
def test_headings_sentences_and_captions_are_no_titles(text):
    assert read_title(text) is None


def test_core_title_drops_numbering_year_and_quotes_but_not_words():
    assert core_title("表7：2024年度一般公共预算财政拨款“三公”经费支出决算表") == "一般公共预算财政拨款三公经费支出决算表"
    assert core_title("一般公共预算财政拨款支出决算表") == "一般公共预算财政拨款支出决算表"  # 一般 is no ordinal
    assert read_title("支出决算表（续表）").continued
