import json
import subprocess
import sys

import pandas as pd

from hcfin.cli import main


def test_parse_json(seed_path, capsys):
    assert main(["parse", str(seed_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["meta"]["unit"] == "怀化市养老和工伤保险服务中心"
    fact = next(f for f in out["facts"] if f["table"] == "T03" and f["code"] == "2080109" and f["measure"] == "基本支出")
    assert (fact["side"], fact["label"], fact["value"], fact["decimals"], fact["unit"], fact["line"]) == \
        (None, "社会保险经办机构", "71.75", 2, "万元", 328)
    blank = next(f for f in out["facts"] if f["table"] == "T01" and f["row_no"] == "2")
    assert blank["value"] is None and blank["decimals"] is None
    assert [t["table"] for t in out["tables"]] == [f"T0{i}" for i in range(1, 10)]
    assert {i["kind"] for i in out["issues"]} >= {"garbled_merged_cell"}


def test_parse_csv_without_out_writes_the_facts_to_stdout_with_a_note(seed_path, capsys, seed):
    assert main(["parse", str(seed_path), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].startswith("unit,year,table")
    assert len(captured.out.splitlines()) == len(seed.facts) + 1
    assert "give --out DIR for all the tables" in captured.err


def test_parse_as_a_process(seed_path):
    done = subprocess.run([sys.executable, "-m", "hcfin", "parse", str(seed_path), "--format", "csv"],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("unit,year,table")
    assert "330 facts" in done.stderr


def test_parse_summary_says_which_of_unit_and_year_is_unknown(write_variant, capsys):
    # no "部门：" caption, no "XXXX年度" anywhere: the summary must not print "None None"
    path = write_variant(lambda lines: [l.replace("年度", "年").replace("部门：", "部门 ") for l in lines])
    assert main(["parse", str(path), "--format", "csv", "--out", str(path.parent / "out")]) == 0
    err = capsys.readouterr().err
    assert "None" not in err and "(year unknown):" in err
