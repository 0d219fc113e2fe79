import hcfin
from hcfin.classification import load_codes, normalise_code


def test_reference_lists_are_shipped():
    functional, economic = load_codes("functional"), load_codes("economic")
    assert functional.name("208") == "社会保障和就业支出"
    assert functional.name("2080109") == "社会保险经办机构"
    assert economic.name("30113") == "住房公积金"
    assert functional.class_code_for("七、社会保障和就业支出") == "208"
    assert functional.class_code_for("卫生健康") == "210"
    assert functional.class_code_for("不存在的支出") is None


def test_normalise_code():
    assert normalise_code("208 01 01") == "2080101"
    assert normalise_code("30101") == "30101"
    assert normalise_code("2080") is None and normalise_code("合计") is None


def test_printed_name_differing_from_reference_is_reported_not_fatal(write_variant):
    def edit(lines):
        assert lines[316] == "\t行政运行"
        lines[316] = "\t行政运转"  # T03 2080101
        return lines
    disclosure = hcfin.load(write_variant(edit))
    issue = disclosure.issues[disclosure.issues["kind"] == "name_differs"]
    assert issue["line"].tolist() == [317] and "行政运行" in issue["message"].iloc[0]
    fact = disclosure.facts[(disclosure.facts["table"] == "T03") & (disclosure.facts["code"] == "2080101")]
    assert set(fact["label"]) == {"行政运转"}  # kept as printed


def test_seed_names_all_match_the_reference(seed):
    assert not seed.issues["kind"].isin(["name_differs", "unknown_code", "unknown_class"]).any()
