"""Exports: the tables as CSV / Parquet with a datapackage.json, and one Excel workbook."""

import json
import math

import pandas as pd
import pytest

from hcfin.cli import main
from hcfin.export import TABLES, document_frames, read_tables, resource_spec, write_tables, write_xlsx
from hcfin.frames import column_specs


def task_errors(report, name: str) -> list:
    """The errors frictionless found in one resource of a package."""
    return next(task for task in report.tasks if task.name == name).errors


@pytest.fixture(scope="module")
def frames(seed):
    return document_frames(seed)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_the_tables_round_trip_with_their_dtypes(frames, seed, tmp_path, fmt):
    paths = write_tables(frames, tmp_path, fmt, seed.meta)
    assert [p.name for p in paths] == [f"{t}.{fmt}" for t in TABLES] + ["datapackage.json"]
    back = read_tables(tmp_path)
    assert list(back) == list(TABLES)
    for name in TABLES:
        pd.testing.assert_frame_equal(back[name], frames[name], check_exact=True)
    facts = back["facts"]
    assert facts["amount"].dtype == "float64" and facts["line"].dtype == "Int64" and facts["value"].dtype == "str"
    blank = facts[(facts["table"] == "T01") & (facts["row_no"] == "2")].iloc[0]
    assert pd.isna(blank["value"]) and math.isnan(blank["amount"]) and pd.isna(blank["decimals"])
    # a printed 0.00 stays "0.00" as text and 0.0 as a number; only blanks are missing
    zero = facts[(facts["table"] == "T09") & (facts["value"] == "0.00")]
    assert len(zero) and (zero["amount"] == 0).all()
    assert back["findings"]["lines"].str.fullmatch(r"\d+(;\d+)*").all()


def test_findings_are_the_reports_findings(frames, seed):
    import hcfin

    findings = hcfin.reconcile(seed).findings
    assert len(frames["findings"]) == len(findings) > 0
    pd.testing.assert_frame_equal(frames["findings"], findings)
    assert frames["findings"].index.equals(pd.RangeIndex(len(findings)))
    assert (frames["findings"].dtypes == "str").all()


def test_evidence_points_at_the_findings(frames, seed, tmp_path):
    evidence = frames["evidence"]
    assert set(evidence["finding_id"]) <= set(frames["findings"]["finding_id"]) and len(evidence)
    assert evidence["line"].dtype == "Int64" and evidence["x0"].dtype == "float64"
    write_tables(frames, tmp_path, "csv", seed.meta)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(r for r in descriptor["resources"] if r["name"] == "evidence")["schema"]
    assert schema["foreignKeys"] == [{"fields": ["finding_id"],
                                      "reference": {"resource": "findings", "fields": ["finding_id"]}}]


def test_a_dangling_foreign_key_fails_validation(frames, seed, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    write_tables(frames, tmp_path, "csv", seed.meta)
    evidence = pd.read_csv(tmp_path / "evidence.csv", dtype=str, keep_default_na=False)
    evidence.loc[0, "finding_id"] = "F99"
    evidence.to_csv(tmp_path / "evidence.csv", index=False)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert not report.valid and [e.type for e in task_errors(report, "evidence")] == ["foreign-key"]


def test_csv_blank_is_an_empty_cell_not_zero(frames, seed, tmp_path):
    write_tables(frames, tmp_path, "csv", seed.meta)
    lines = (tmp_path / "facts.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = next(line.split(",") for line in lines[1:] if line.split(",")[header.index("line")] == "49")
    assert row[header.index("value")] == "" and row[header.index("amount")] == ""
    assert "nan" not in (tmp_path / "facts.csv").read_text(encoding="utf-8").lower().split(",")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_datapackage_validates_with_frictionless(frames, seed, tmp_path, fmt):
    frictionless = pytest.importorskip("frictionless")
    write_tables(frames, tmp_path, fmt, seed.meta)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows == {name: len(frames[name]) for name in TABLES}


def test_broken_datapackage_fails_validation(frames, seed, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    write_tables(frames, tmp_path, "csv", seed.meta)
    facts = pd.read_csv(tmp_path / "facts.csv", dtype=str, keep_default_na=False)
    facts.loc[0, "amount"] = "九百"  # not a number in a number field
    facts.to_csv(tmp_path / "facts.csv", index=False)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert not report.valid
    assert [e.type for e in task_errors(report, "facts")] == ["type-error"]


def test_duplicate_key_fails_validation(frames, seed, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    write_tables(frames, tmp_path, "csv", seed.meta)
    lines = (tmp_path / "facts.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "facts.csv").write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert not report.valid and [e.type for e in task_errors(report, "facts")] == ["primary-key"]


def test_datapackage_describes_every_column(frames, seed, tmp_path):
    write_tables(frames, tmp_path, "csv", seed.meta)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["hcfin"]["unit"] == "怀化市养老和工伤保险服务中心" and descriptor["hcfin"]["year"] == 2024
    for resource in descriptor["resources"]:
        assert [f["name"] for f in resource["schema"]["fields"]] == list(frames[resource["name"]].columns)
        for field in resource["schema"]["fields"]:
            assert field["title"] and field["description"] and field["description_en"], field
    facts = next(r for r in descriptor["resources"] if r["name"] == "facts")
    assert facts["schema"]["primaryKey"] == ["table", "side", "row", "measure_path"]
    assert facts["schema"]["missingValues"] == [""]
    amount = next(f for f in facts["schema"]["fields"] if f["name"] == "amount")
    assert (amount["type"], amount["columnType"], amount["unitField"]) == ("number", "value", "currency_unit")


def test_every_column_of_every_bundled_export_is_described(frames, seed):
    import hcfin

    report = hcfin.reconcile(seed)
    everything = {**frames, "results": report.results, "tables": seed.tables_found}
    for name, frame in everything.items():
        undescribed = [c for c, f in resource_spec(name, frame)["fields"].items() if not f["described"]]
        assert undescribed == [], name
    for table, spec in column_specs().items():
        for column, field in spec["fields"].items():
            assert field["title"] and field["zh"] and field["en"], (table, column)


def test_workbook_reads_back_to_the_frames(frames, seed, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = write_xlsx(frames, tmp_path / "out.xlsx", seed.meta)
    book = openpyxl.load_workbook(path)
    titles = [resource_spec(name, frames[name])["title"] for name in TABLES]
    assert book.sheetnames == titles + ["字段说明"]
    assert book.sheetnames[:2] == ["核对发现", "发现依据"]
    for name, title in zip(TABLES, titles):
        sheet, frame = book[title], frames[name]
        spec = resource_spec(name, frame)
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == [spec["fields"][c]["title"] for c in frame.columns]
        assert len(rows) == len(frame) + 1
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(frame.columns)).column_letter}{len(frame) + 1}"
        for r, record in enumerate(frame.to_dict("records"), start=1):
            for c, column in enumerate(frame.columns):
                value, cell = record[column], rows[r][c]
                if isinstance(value, list):
                    assert cell == (";".join(map(str, value)) or None)
                elif value is None or pd.isna(value):
                    assert cell is None, (name, column, r)
                else:
                    assert cell == value, (name, column, r)


def test_workbook_number_formats_follow_the_printed_decimals(frames, seed, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(write_xlsx(frames, tmp_path / "out.xlsx", seed.meta))
    sheet = book["表格数据"]
    header = [c.value for c in sheet[1]]
    amount, decimals, line = header.index("金额") + 1, header.index("小数位数") + 1, header.index("原文行号") + 1
    seen = set()
    for row in range(2, sheet.max_row + 1):
        cell, places = sheet.cell(row, amount), sheet.cell(row, decimals).value
        if cell.value is None:
            assert places is None
            continue
        assert isinstance(cell.value, (int, float))  # Excel keeps 5.0 as the number 5
        assert cell.number_format == ("0" if places == 0 else "0." + "0" * places)
        seen.add(cell.number_format)
    assert "0.00" in seen
    first = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, line).value == 42)
    assert (sheet.cell(first, amount).value, sheet.cell(first, amount).number_format) == (933.58, "0.00")
    statements = book["文字陈述"]
    head = [c.value for c in statements[1]]
    number, places = head.index("数值") + 1, head.index("小数位数") + 1
    formats = {statements.cell(r, number).number_format for r in range(2, statements.max_row + 1)
               if statements.cell(r, places).value == 1}
    assert formats == {"0.0"}


def test_workbook_keeps_a_leading_equals_sign_as_text(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    frame = pd.DataFrame({"severity": ["info"], "kind": ["x"], "message": ["=SUM(A1:A2)"], "line": [1]})
    path = write_xlsx({"issues": frame}, tmp_path / "eq.xlsx")
    cell = openpyxl.load_workbook(path)["读取问题"]["C2"]
    assert cell.value == "=SUM(A1:A2)" and cell.data_type == "s"


def test_parse_writes_a_package_directory(seed_path, tmp_path, capsys):
    out = tmp_path / "pkg"
    assert main(["parse", str(seed_path), "--format", "parquet", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{t}.parquet" for t in TABLES] + ["datapackage.json"])
    assert "wrote findings.parquet" in capsys.readouterr().err
    assert len(pd.read_parquet(out / "facts.parquet")) == 330


def test_parse_writes_a_workbook(seed_path, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    assert main(["parse", str(seed_path), "--format", "xlsx", "--out", str(tmp_path / "seed.xlsx")]) == 0
    assert openpyxl.load_workbook(tmp_path / "seed.xlsx").sheetnames[0] == "核对发现"


@pytest.mark.parametrize("argv, reason", [
    (["--format", "csv", "--out", "facts.csv"], "give --out DIR, not the file name facts.csv"),
    (["--format", "parquet"], "give --out DIR"),
    (["--format", "xlsx"], "give --out FILE.xlsx"),
    (["--format", "xlsx", "--out", "book.xls"], "give --out FILE.xlsx, not book.xls"),
])
def test_parse_refuses_an_unfit_out(seed_path, tmp_path, monkeypatch, capsys, argv, reason):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(["parse", str(seed_path), *argv])
    assert exc.value.code == 2
    assert reason in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_results_table_keeps_its_line_lists(seed, tmp_path):
    import hcfin

    results = hcfin.reconcile(seed).results
    write_tables({"results": results}, tmp_path, "csv", seed.meta)
    assert "558;561" in (tmp_path / "results.csv").read_text(encoding="utf-8")
    back = read_tables(tmp_path)["results"]
    pd.testing.assert_frame_equal(back, results, check_exact=True)
