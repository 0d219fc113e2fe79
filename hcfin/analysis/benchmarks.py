"""National benchmarks beside a city's fund metrics (``fund_benchmarks`` in hcfin/data/norms.yaml).

Each comparison names its source and why the two figures are not the same measure; a benchmark
for a year the document does not cover is not used.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ._common import esc, lines_text
from .funds import figure, fund_metrics, schemes
from .norms import benchmarks
from .text import fmt_num

__all__ = ["describe_benchmarks", "fund_benchmarks"]

COLUMNS = ["scheme", "metric", "value", "unit", "benchmark", "benchmark_value", "benchmark_year", "source",
           "reading", "lines"]


def _value_for(entry: dict, year: int | None) -> tuple[Decimal | None, int | None]:
    values = {int(k): Decimal(str(v)) for k, v in (entry.get("values") or {}).items()}
    if not values:
        return None, None
    if year in values:
        return values[year], year
    earlier = [y for y in values if year is None or y <= year]
    if not earlier or entry.get("compare") == "人均待遇":  # a yearly standard applies to its year only
        return None, None
    best = max(earlier)
    return values[best], best


def fund_benchmarks(d, metrics: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each scheme's metric beside the national benchmark for it, where norms.yaml has one.

    ``抚养比（估算下限）`` = 缴费人数 ÷ (参保人数 − 缴费人数): the document gives no retiree count,
    and 参保 − 缴费 also counts people who stopped paying, so the true ratio is at least this.

    Returns:
        columns of :data:`COLUMNS`; empty when the document has no fund data.
    """
    if not schemes(d):
        return pd.DataFrame(columns=COLUMNS)
    metrics = fund_metrics(d) if metrics is None else metrics
    year = d.meta.get("year")
    year = int(year) if year is not None and str(year).isdigit() else None
    rows = []
    for entry in benchmarks():
        bench, bench_year = _value_for(entry, year)
        if bench is None:
            continue
        for scheme in schemes(d):
            if not any(word in scheme for word in entry.get("schemes") or []):
                continue
            value, unit, lines = _scheme_value(d, metrics, scheme, entry["compare"])
            if value is None:
                continue
            rows.append({"scheme": scheme, "metric": entry["compare"], "value": value, "unit": unit,
                         "benchmark": entry["name"], "benchmark_value": bench, "benchmark_year": bench_year,
                         "source": entry["source"], "reading": entry.get("reading", ""), "lines": lines})
    return pd.DataFrame(rows, columns=COLUMNS)


def _scheme_value(d, metrics: pd.DataFrame, scheme: str, compare: str):
    if compare == "抚养比（估算下限）":
        insured, payers = figure(d.funds, scheme, "参保人数"), figure(d.funds, scheme, "缴费人数")
        if insured.value is None or payers.value is None or insured.value <= payers.value:
            return None, None, []
        ratio = (payers.value / (insured.value - payers.value)).quantize(Decimal("0.01"))
        return ratio, "人/人", sorted({x for x in (insured.line, payers.line) if x is not None})
    hit = metrics[(metrics["scheme"] == scheme) & (metrics["metric"] == compare)]
    if hit.empty:
        return None, None, []
    row = hit.iloc[0]
    return row["value"], row["unit"], list(row["lines"])


def describe_benchmarks(frame: pd.DataFrame) -> str:
    """Markdown list: each comparison with both figures, the source and how (not) to compare them,
    followed by the national benchmarks that apply to no single scheme."""
    items = []
    for r in frame.itertuples():
        items.append(f"- **{esc(r.scheme)}**：{r.metric}{fmt_num(r.value)}{r.unit}（{lines_text(r.lines)}），"
                     f"{esc(r.benchmark)}（{r.benchmark_year}年）为{fmt_num(r.benchmark_value)}{r.unit}。"
                     f"{esc(r.reading)}　来源：{esc(r.source)}。")
    for entry in benchmarks():
        if entry.get("schemes"):
            continue
        for year, value in (entry.get("values") or {}).items():
            items.append(f"- **{esc(entry['name'])}**（{year}年）约{value}{entry['unit']}。{esc(entry.get('reading', ''))}"
                         f"　来源：{esc(entry['source'])}。")
    if not items:
        return ""
    return "以下全国参照只用来判断数量级，口径与市级数据不同，不能直接比较高低。\n\n" + "\n".join(items)
