"""Each report notebook: exactly one `parameters` cell of annotated literals, thin code cells
(no def/class/loops, imports only of hcfin and IPython.display), no stored outputs."""

import ast
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
EXPECTED = {"spending_structure", "fund_operations", "reconciliation", "teaching_guide", "peer_comparison", "trend"}
PARAMETER_LINE = re.compile(r"^(\w+): (str|int|float|bool) = (.+?)  # \S.*$")
FORBIDDEN = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.AsyncFor, ast.While,
             ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda)


def source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def parameter_problems(nb: dict) -> list[str]:
    """Problems with the `parameters` cell: count, form of each line, literal types, names."""
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        return [f"{len(cells)} parameters cells"]
    problems, names = [], []
    for line in source(cells[0]).splitlines():
        match = PARAMETER_LINE.match(line)
        if not match:
            problems.append(f"not `name: type = literal  # 说明`: {line!r}")
            continue
        name, type_name, literal = match.groups()
        try:
            value = ast.literal_eval(literal)
        except ValueError:
            problems.append(f"not a literal: {line!r}")
            continue
        if type(value).__name__ != type_name:
            problems.append(f"type mismatch: {line!r}")
        names.append(name)
    if names != ["unit", "year", "data_dir"]:
        problems.append(f"parameters {names}")
    return problems


def code_problems(nb: dict) -> list[str]:
    """def/class/loops/lambdas/comprehensions, imports other than hcfin and IPython.display, outputs."""
    problems = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        if cell.get("outputs") or cell.get("execution_count") is not None:
            problems.append("stored outputs")
        for node in ast.walk(ast.parse(source(cell))):
            if isinstance(node, FORBIDDEN):
                problems.append(type(node).__name__)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                problems += [f"import {m}" for m in modules
                             if not (m == "IPython.display" or m == "hcfin" or m.startswith("hcfin."))]
    return problems


def test_the_four_notebooks_exist():
    assert {p.stem for p in NOTEBOOKS} == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_shape(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert parameter_problems(nb) == []
    assert code_problems(nb) == []
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown" and source(first).startswith("# ")
    assert re.search(r"[\u4e00-\u9fff]", source(first))


def test_the_checks_catch_bad_notebooks():
    def code(text, tags=(), outputs=()):
        return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": text,
                "outputs": list(outputs), "execution_count": 1 if outputs else None}

    bad = {"cells": [
        code('unit = "x"\nyear: int = "2024"  # 年度', tags=["parameters"]),
        code("import os\nfrom pandas import DataFrame"),
        code("def f():\n    pass\nfor i in range(3):\n    pass\nwhile False:\n    pass\nclass A:\n    pass"),
        code("x = [i for i in range(3)]", outputs=[{"output_type": "stream", "name": "stdout", "text": "1"}]),
    ]}
    params = parameter_problems(bad)
    assert any("not `name" in p for p in params) and any("type mismatch" in p for p in params)
    found = code_problems(bad)
    for expected in ("import os", "import pandas", "FunctionDef", "For", "While", "ClassDef", "ListComp",
                     "stored outputs"):
        assert expected in found
    assert parameter_problems({"cells": [code("a: int = 1  # 甲", ["parameters"])] * 2}) == ["2 parameters cells"]
