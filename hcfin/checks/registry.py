"""The explicit registry: each rule kind of the catalogue maps to one plain function."""

from __future__ import annotations

from typing import Callable

from . import kinds_disclosure as dis
from . import kinds_document as doc
from . import kinds_tables as tab
from . import kinds_text as txt
from . import subjects as subj

KINDS: dict[str, Callable] = {
    # within and between tables
    "identity": tab.check_identity,
    "row_sums": tab.check_row_sums,
    "hierarchy": tab.check_hierarchy,
    "class_partition": tab.check_class_partition,
    "code_match": tab.check_code_match,
    # narrative against tables and against itself
    "text_amount": txt.check_text_amount,
    "text_ratio": txt.check_text_ratio,
    "text_change": txt.check_text_change,
    "text_growth_from_zero": txt.check_text_growth_from_zero,
    "text_sum": txt.check_text_sum,
    "text_clause": txt.check_text_clause,
    "text_subject_in_table": subj.check_text_subject_in_table,
    # the document itself
    "has_data": doc.check_has_data,
    "tables_present": doc.check_tables_present,
    "empty_table_statement": doc.check_empty_table_statement,
    "row_numbers_unique": doc.check_row_numbers_unique,
    "template_residue": doc.check_template_residue,
    "load_issues": doc.check_load_issues,
    # what the template requires, claims made twice, words against amounts, years, §六 items
    "text_required": dis.check_text_required,
    "text_same_claim": dis.check_text_same_claim,
    "direction_amount": dis.check_direction_amount,
    "heading_years": dis.check_heading_years,
    "text_items_in_table": dis.check_text_items_in_table,
}
