"""The seed's 情况说明 restated as other provinces phrase it: the same statements and the same findings.

Each rewrite keeps the line count (every location stays where it was) and says the same thing in another
province's form, in our own words: 均为 for one value that holds for both totals, 较…决算数 / 比去年 / 较上年 for the
comparison, 增加了 / 增长了, 决算总额为 / 决算数为 for the outturn, 全年预算数 … 完成全年预算数的, 本部门（单位）, an item
path that opens its paragraph with ：. The phrase bank (tests/phrase_bank.py) checks each form alone; here they meet
the rules. (Before issue 9's phrasing work the Hubei and Sichuan styles read differently from the seed.)
"""

from __future__ import annotations

import pytest

import hcfin
from hcfin.checks import reconcile

# (start of the seed's line, the whole line as another province prints it)
REWRITES = {
    "Hubei": [
        ("2024年度收、支总计933.58万元。",
         "2024年度收、支总计均为933.58万元。较2023年度决算数增加了32.19万元，增长了3.57%，主要是因为工作需要追加了部分工作经费。"),
        ("2024年度财政拨款收、支总计933.58万元",
         "2024年度财政拨款收、支总计均为933.58万元，比去年增加32.19万元，增长3.57%，主要是因为工作需要追加了部分工作经费。"),
        ("本部门2024年度机关运行经费支出99.77万元",
         "2024年度本部门（单位）机关运行经费支出决算为99.77万元，较上年决算数增加22.19万元，增长28.60%。"
         "主要原因是：中心新招录5名公务员，造成工会经费和其他交通费用增长。"),
    ],
    "Sichuan": [
        ("2024年度财政拨款支出年初预算数为910.69万元",
         "2024年度财政拨款支出年初预算为910.69万元，决算总额为933.58万元，决算数为年初预算的102.51%，其中："),
        ("年初预算为25.26万元，支出决算为25.26万元，完成预算100%。",
         "卫生健康支出（类）：年初预算为25.26万元，支出决算为25.26万元，完成预算100%。"),
        ("本部门2024年度政府采购支出总额6.64万元",
         None),  # the line as printed, with 本部门（单位） … 为 (built below)
    ],
    "Guangdong": [
        ("2024年度“三公”经费财政拨款支出预算为3.8万元",
         None),  # 全年预算数 / 完成全年预算数的 / 比2023年度 (built below)
        ("2024年度一般公共预算财政拨款基本支出759.99万元",
         "2024年度一般公共预算财政拨款基本支出决算数为759.99万元，其中："),
    ],
}


def _edit(style):
    def edit(lines):
        out = list(lines)
        for start, new in REWRITES[style]:
            at = next(i for i, line in enumerate(out) if line.startswith(start))
            if new is None:
                new = _built(out[at])
            out[at] = new
        return out
    return edit


def _built(line: str) -> str:
    if line.startswith("本部门2024年度政府采购"):
        return line.replace("本部门2024年度政府采购支出总额6.64万元", "2024年度本部门（单位）政府采购支出总额为6.64万元", 1)
    return (line.replace("支出预算为3.8万元，支出决算为3.35万元，完成预算的88.16%；与上年相比增加",
                         "支出全年预算数为3.8万元，决算数为3.35万元，完成全年预算数的88.16%；比2023年度增加", 1))


def _statements(d):
    s = d.statements
    return sorted(zip(s["line"], s["subject"], s["metric"], s["value"].fillna(""), s["unit"]))


def _findings(d):
    r = reconcile(d).results
    return sorted(zip(r["rule_id"], r["status"], r["severity"], r["location"], r["reported"].astype(str),
                      r["computed"].astype(str)))


@pytest.fixture(scope="module")
def seed_reading(seed):
    return _statements(seed), _findings(seed)


@pytest.mark.parametrize("style", sorted(REWRITES))
def test_the_same_accounts_in_another_province_phrasing(write_variant, seed_reading, style):
    d = hcfin.load(write_variant(_edit(style)))
    statements, findings = seed_reading
    assert _statements(d) == statements
    assert _findings(d) == findings


def test_each_rewrite_changes_the_text(seed_lines):
    """A rewrite that no longer finds its line, or leaves it as it was, tests nothing."""
    for style in REWRITES:
        edited = _edit(style)(list(seed_lines))
        assert sum(a != b for a, b in zip(edited, seed_lines)) == len(REWRITES[style])
