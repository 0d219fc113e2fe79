"""Each report notebook: exactly one `parameters` cell of annotated literals, thin code cells
(no def/class/loops, imports only of hcfin and IPython.display), no stored outputs."""

import ast
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
EXPECTED = {"spending_structure", "fund_operations", "reconciliation", "teaching_guide"}
PARAMETER_LINE = re.compile(r"^(\w+): (str|int|float|bool) = (.+?)  # \S.*$")
FORBIDDEN = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.AsyncFor, ast.While,
             ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda)
ALLOWED_IMPORTS = ("hcfin", "IPython.display")


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_the_four_notebooks_exist():
    assert {p.stem for p in NOTEBOOKS} == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_parameters_cell_of_literals(path):
    cells = [c for c in load(path)["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1
    assert cells[0]["cell_type"] == "code"
    names = []
    for line in source(cells[0]).splitlines():
        match = PARAMETER_LINE.match(line)
        assert match, f"{path.name}: parameter line not in the form `name: type = literal  # 说明`: {line!r}"
        name, type_name, literal = match.groups()
        value = ast.literal_eval(literal)
        assert type(value).__name__ == type_name, line
        names.append(name)
    assert names == ["unit", "year", "data_dir"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_code_cells_are_thin(path):
    for cell in load(path)["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse(source(cell))
        for node in ast.walk(tree):
            assert not isinstance(node, FORBIDDEN), f"{path.name}: {type(node).__name__} in\n{source(cell)}"
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                assert module == "IPython.display" or module == "hcfin" or module.startswith("hcfin."), \
                    f"{path.name}: import of {module}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_stored_outputs(path):
    for cell in load(path)["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_is_chinese_and_titled(path):
    cells = load(path)["cells"]
    assert cells[0]["cell_type"] == "markdown" and source(cells[0]).startswith("# ")
    assert re.search(r"[\u4e00-\u9fff]", source(cells[0]))
