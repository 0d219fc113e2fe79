"""Every phrasing of the phrase bank is read to the same statements (subject, metric, value, unit, direction).

The bank (tests/phrase_bank.py) is generated: subjects × year prefixes × connectives × units × spacing for
levels; subjects × comparison phrases (比上年 / 较上年度 / 同比 / 与2024年度相比 …) × directions (增加 / 增长 / 上升 /
减少 / 下降 / 降低) × with or without the rate for changes; share, budget-and-outturn and completion forms.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from hcfin.model import Document, Location, Paragraph
from hcfin.narrative import extract_statements

from .phrase_bank import COMPLETION_BASES, SHARE_FORMS, every_variant

VARIANTS = list(every_variant())


def read(text: str):
    texts = ["上海市普陀区XX局2025年度部门决算", "第三部分", "十一、其他重要事项的情况说明", text]
    blocks = [Paragraph(t, Location(i + 1)) for i, t in enumerate(texts)]
    return extract_statements(Document(path=Path("bank.txt"), sha256="", format="text", blocks=blocks, lines=texts))


def test_the_bank_is_large_and_covers_every_kind():
    kinds = Counter(v.kind for v in VARIANTS)
    assert set(kinds) == {"level", "change", "rate", "unchanged", "share", "budget", "completion", "budget_change",
                          "mixed_change", "difference", "paired", "involved", "more_less", "item", "paired_share"}
    assert min(kinds.values()) >= 12 and len(VARIANTS) >= 2000
    assert len({v.text for v in VARIANTS}) == len(VARIANTS)


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.text)
def test_every_variant_reads_to_the_same_statements(variant):
    r = read(variant.text)
    s = r.statements
    got = tuple(zip(s["subject"], s["metric"], s["value_base"], s["base_unit"],
                    s["direction"].astype(object).where(s["direction"].notna(), None)))
    assert got == variant.expected
    assert r.unclassified_count == 0
    if variant.kind == "paired":  # one number for each subject, in order: read, but never taken as certain
        assert set(s["binding"]) == {"paired"}
    elif variant.kind == "paired_share":  # the amounts are each named; the shares after 分别 are paired
        assert list(s["binding"]) == ["level", "level", "paired", "paired"]
    else:
        assert set(s["binding"]) <= {"explicit", "carried", "level", "carried_measure"}  # never "unclear"/"context"
    assert set(s["period"]) == {"本年"}
    changes = s[s["metric"].isin(["增减额", "增长率"])]
    if variant.kind == "mixed_change":  # "比预算增加…，比去年增加…，增长…%"
        assert list(changes["basis"]) in (["预算", "上年", "上年"], ["年初预算", "上年", "上年"])
    else:  # 比上年 / 较上年度 / 同比 / 与2024年度相比 all mean the prior year; 与预算相比 the budget
        assert set(changes["basis"]) <= {variant.basis}


@pytest.mark.parametrize("form,basis", SHARE_FORMS)
def test_share_basis(form, basis):
    s = read("基本支出9800.36万元，" + form.format(x="36.93") + "。").statements
    share = s[s["metric"] == "占比"].iloc[0]
    assert (None if share["basis"] != share["basis"] or share["basis"] == "" else share["basis"]) == basis


@pytest.mark.parametrize("form,basis", sorted(COMPLETION_BASES.items()))
def test_completion_basis(form, basis):
    s = read(f"年初预算为274.82万元，支出决算为257.14万元，{form}。").statements
    rate = s[s["metric"] == "完成率"].iloc[0]
    assert (None if rate["basis"] != rate["basis"] else rate["basis"]) == basis
