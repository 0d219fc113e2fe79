"""Mangled versions of the seed: only ParseError or recorded issues ever come out."""

import random

from hypothesis import HealthCheck, given, settings, strategies as st

import hcfin

from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "data" / "raw" / "huaihua-yanglao-gongshang-2024.txt"

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()
JUNK = ["", "\t", "\t\u3000", "\t—", "\t(1.0)", "\t1,2", "\t9 9", "收入决算表", "\t合计", "注：", "\x07", "\t\t\t",
        "支出决算表", "三公", "\t2080101", "单位：元", "[bookmark: X]"]


@st.composite
def mangled(draw):
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 12))):
        op = rng.choice(["delete", "duplicate", "junk", "swap", "truncate", "chop"])
        i = rng.randrange(len(lines)) if lines else 0
        if not lines:
            break
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "junk":
            lines.insert(i, rng.choice(JUNK))
        elif op == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "truncate":
            lines = lines[:i]
        else:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    return "\n".join(lines).encode("utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mangled())
def test_mangled_seed_gives_parse_error_or_issues(tmp_path, data):
    path = tmp_path / "mangled.txt"
    path.write_bytes(data)
    try:
        disclosure = hcfin.load(path)
    except hcfin.ParseError as exc:
        assert str(path) in str(exc)
        return
    assert set(disclosure.issues["severity"]) <= {"error", "warning", "info"}
    # every unreadable value and every uncaptured number is an issue with a line
    bad = disclosure.facts[disclosure.facts["status"] == "unreadable"]
    issue_lines = set(disclosure.issues["line"].dropna().astype(int))
    assert set(bad["line"]) <= issue_lines
    assert set(disclosure.unaccounted["line"]) <= issue_lines
