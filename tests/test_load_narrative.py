"""The narrative as part of ``hcfin.load`` and ``hcfin parse``."""

import json

from hcfin.cli import main


def test_load_carries_statements_and_funds(seed):
    assert seed.unclassified.empty
    assert len(seed.narrative_numbers) > len(seed.statements) > 200
    total = seed.statements[(seed.statements["line"] == 1236) & (seed.statements["metric"] == "增长率")]
    assert total[["value", "unit", "direction"]].values.tolist() == [["3.57", "%", "增长"]]
    schemes = set(seed.funds["scheme"])
    assert {"企业职工基本养老保险", "机关事业单位基本养老保险", "城乡居民基本养老保险", "工伤保险"} <= schemes


def test_narrative_issues_are_in_load_issues(seed):
    kinds = set(seed.issues["kind"])
    assert {"decimal_comma", "missing_value"} <= kinds
    comma = seed.issues[seed.issues["kind"] == "decimal_comma"]
    assert comma["line"].tolist() == [1297]


def test_parse_json_has_statements_and_funds(seed_path, capsys):
    assert main(["parse", str(seed_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    statement = next(s for s in out["statements"] if s["line"] == 1297 and s["metric"] == "支出")
    assert statement["value"] == "173.59" and statement["status"] == "repaired"
    fund = next(f for f in out["funds"] if f["scheme"] == "城乡居民基本养老保险" and f["metric"] == "累计结余")
    assert (fund["value"], fund["unit"], fund["line"]) == ("44.23", "亿元", 1357)
