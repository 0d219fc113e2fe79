"""The result of mapping one table: its fact records, the role of every cell used, its issues."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Issue
from ..model import Cell
from ..numbers import parse_number
from .layout import repeated_header_runs
from .recognize import TableRegion


@dataclass
class Mapped:
    """What mapping one table produced."""

    region: TableRegion
    records: list[dict] = field(default_factory=list)
    roles: dict[tuple[int, int], str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    @property
    def table_id(self) -> str:
        return self.region.table_id

    def issue(self, severity: str, kind: str, message: str, cell: Cell | None = None) -> None:
        self.issues.append(Issue(severity, kind, message, line=cell.line if cell else self.region.grid.line,
                                 page=cell.loc.page if cell else self.region.grid.loc.page,
                                 table=self.table_id, text=cell.text if cell else None))

    def value(self, position: tuple[int, int], cell: Cell, **fields) -> None:
        """Record one value cell as a fact."""
        parsed = parse_number(cell.text)
        if parsed.note:
            severity = {"blank": "info", "repaired": "warning", "unreadable": "error"}[parsed.status]
            self.issue(severity, f"{parsed.status}_value", parsed.note, cell)
        self.roles[position] = "value" if parsed.status != "unreadable" else "unreadable"
        self.records.append({
            "table": self.table_id, **fields, "value": parsed.value, "amount": parsed.amount,
            "decimals": parsed.decimals, "printed": cell.text, "status": parsed.status,
            "currency_unit": self.region.currency_unit, "line": cell.line, "page": cell.loc.page,
        })

    def mark_header(self, stop: int) -> None:
        """Give every cell of the rows before ``stop`` the header role."""
        for r in range(stop):
            for c in range(len(self.region.grid.rows[r])):
                self.roles.setdefault((r, c), "header")

    def skip_repeated_headers(self, data_start: int, texts: list[list[str]] | None = None) -> set[int]:
        """The rows after ``data_start`` that print the header again (a table going on in a second
        grid or on the next page): header roles, one note per block naming its lines."""
        grid = self.region.grid.rows
        skipped: set[int] = set()
        for block in repeated_header_runs(grid, data_start, texts):
            lines = []
            for r in block:
                for c, cell in enumerate(grid[r]):
                    self.roles[(r, c)] = "column_no" if cell.text.strip().isdigit() else "header"
                    lines.extend(cell.lines or (cell.line,))
            printed = sum(1 for r in block if any(cell.text.strip() for cell in grid[r]))
            where = f"{min(lines)}–{max(lines)}" if max(lines) > min(lines) else str(min(lines))
            self.issue("info", "header_repeated", f"第{where}行重复印出表头（{printed}行，表格跨页或分段续表），"
                       "不作数据读取", grid[block.start][0])
            skipped.update(block)
        return skipped
