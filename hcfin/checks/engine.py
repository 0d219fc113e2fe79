"""Run the rule catalogue over a disclosure."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from .catalogue import Catalogue, load_catalogue
from .context import build_context
from .outcome import RESULT_COLUMNS, Emitter
from .registry import KINDS
from .report import CheckReport


def _with_shared_wording(catalogue: Catalogue, packaged: Catalogue) -> Catalogue:
    """A custom catalogue borrows status wording, units, vocabulary and categories it does not define."""
    kinds = {**packaged.kind_categories, **catalogue.kind_categories}
    rules = tuple(r if r.category else replace(r, category=kinds.get(r.kind, "numeric")) for r in catalogue.rules)
    return Catalogue(rules, {**packaged.status_text, **catalogue.status_text},
                     {**packaged.unit_factors, **catalogue.unit_factors},
                     {**packaged.vocabulary, **catalogue.vocabulary},
                     {**packaged.kind_categories, **catalogue.kind_categories})


def reconcile(disclosure, catalogue: Catalogue | None = None, rules: list[str] | None = None) -> CheckReport:
    """Check every identity of the catalogue on a disclosure.

    Args:
        disclosure: a :class:`hcfin.disclosure.Disclosure` (or any object with ``facts``,
            ``tables_found``, ``issues``, ``statements``, ``meta``).
        catalogue: rules to run; default the packaged ``hcfin/data/rules.yaml``.
        rules: restrict to these rule ids (default all).

    Returns:
        A :class:`CheckReport` with every evaluation, passes included.

    Raises:
        KeyError: the catalogue names a kind that has no function in the registry.
    """
    packaged = load_catalogue()
    if catalogue is None:
        catalogue = packaged
    elif catalogue is not packaged:
        catalogue = _with_shared_wording(catalogue, packaged)
    ctx = build_context(disclosure, catalogue)
    results, terms = evaluate(ctx, rules)
    return CheckReport(results, ctx.meta, terms=terms, context=ctx)


def evaluate(ctx, rules: list[str] | None = None) -> tuple[pd.DataFrame, list]:
    """Run the rules of ``ctx.catalogue`` (or only ``rules``) on a prepared context.

    Returns the results frame (columns :data:`RESULT_COLUMNS`) and, per row, the printed numbers it
    compared and the relation (see :class:`CheckReport`). :mod:`hcfin.findings.misalign` re-runs
    rules on a context whose table rows are re-paired with their values.
    """
    catalogue = ctx.catalogue
    rows: list[dict] = []
    for rule in catalogue.rules:
        if rules is not None and rule.id not in rules:
            continue
        if not ctx.has_data and rule.params.get("when_no_data") == "not_applicable":
            # a blank template: blank cells and template wording are what it is, not findings
            rows.append(Emitter(rule).row("not_applicable", rule.params.get("location") or rule.id,
                                          note="文档各表均无数字（空白模板或未填写的表格），本项不适用"))
            continue
        try:
            check = KINDS[rule.kind]
        except KeyError:
            raise KeyError(f"rule {rule.id}: no function for kind {rule.kind!r}") from None
        rows.extend(check(rule, ctx))
    terms = [(row.pop("_terms", ()), row.pop("_relation", None)) for row in rows]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS, dtype=object), terms
