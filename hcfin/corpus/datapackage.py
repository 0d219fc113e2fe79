"""A Frictionless Data Package descriptor (``datapackage.json``) for the batch's Parquet tables."""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["write_datapackage", "field_type"]

DESCRIPTIONS = {
    "documents": "每个输入文件一行：路径、sha256、格式、单位、年度、状态（ok/error）、错误原因及各表行数",
    "facts": "公开01–09表的每个单元格一行（印刷值、小数位、来源行）",
    "statements": "情况说明中陈述的每个数量一行",
    "funds": "社会保险基金运行数据：每个险种 × 指标一行",
    "issues": "读取时遇到的每个问题一行（严重程度、类别、说明、行）",
    "findings": "核对不一致（mismatch）的每条结果一行，含跨文件核对",
    "panel": "单位 × 年度 × 指标面板：印刷值（printed）或由下一年度情况说明推算（derived），附来源文件与行",
}
FIELD_DESCRIPTIONS = {
    "document": "文件的 sha256（与 documents.sha256 对应）",
    "unit": "单位名称", "year": "决算年度", "value": "印刷值（文本，保留印刷位数）", "amount": "数值",
    "decimals": "印刷小数位数", "line": "来源行号", "basis": "printed（印刷）或 derived（推算）",
    "low": "印刷值代表的区间下限（舍入）", "high": "印刷值代表的区间上限（舍入）",
    "severity": "严重程度：error / warning / info", "rule_id": "核对规则编号",
}


def field_type(arrow_type) -> str:
    """The Table Schema type of an Arrow type."""
    import pyarrow as pa

    if pa.types.is_boolean(arrow_type):
        return "boolean"
    if pa.types.is_integer(arrow_type):
        return "integer"
    if pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
        return "number"
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return "array"
    if pa.types.is_timestamp(arrow_type):
        return "datetime"
    if pa.types.is_date(arrow_type):
        return "date"
    return "string"


def write_datapackage(out_dir: str | Path, tables: list[str], name: str = "hcfin-batch") -> Path:
    """Describe ``out_dir/<table>.parquet`` for every table in ``datapackage.json``; return its path."""
    import pyarrow.parquet as pq

    out_dir = Path(out_dir)
    resources = []
    for table in tables:
        schema = pq.read_schema(out_dir / f"{table}.parquet")
        fields = []
        for field in schema:
            entry = {"name": field.name, "type": field_type(field.type)}
            if field.name in FIELD_DESCRIPTIONS:
                entry["description"] = FIELD_DESCRIPTIONS[field.name]
            fields.append(entry)
        resource = {"name": table, "path": f"{table}.parquet", "profile": "tabular-data-resource",
                    "format": "parquet", "mediatype": "application/vnd.apache.parquet",
                    "schema": {"fields": fields}}
        if table in DESCRIPTIONS:
            resource["description"] = DESCRIPTIONS[table]
        resources.append(resource)
    descriptor = {"profile": "tabular-data-package", "name": name,
                  "title": "部门决算公开 批量读取结果（hcfin batch）", "resources": resources}
    path = out_dir / "datapackage.json"
    temp = path.with_name(".datapackage.json.tmp")
    temp.write_text(json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(temp, path)
    return path
