"""The social-insurance fund operations as one row per scheme and metric."""

from __future__ import annotations

import pandas as pd

from .vocab import SCHEMES

FUND_COLUMNS = ["scheme", "metric", "value", "amount", "decimals", "unit", "value_base", "base_unit", "basis", "line"]
SCHEME_NAMES = tuple(dict.fromkeys(name for _, name in SCHEMES))


def build_funds(statements: pd.DataFrame) -> pd.DataFrame:
    """Fund figures from the narrative statements: every statement whose subject is a scheme.

    Args:
        statements: the ``statements`` frame of :func:`hcfin.narrative.extract_statements`.

    Returns:
        One row per scheme × metric (columns :data:`FUND_COLUMNS`), in printed order. A metric
        stated twice for one scheme (e.g. 预警信息 in 批 and in 条) keeps both rows.
    """
    rows = statements["subject"].isin(SCHEME_NAMES).to_numpy()
    # Column by column: the statements' dtypes are kept, and it costs less than .loc + reset_index.
    columns = zip(FUND_COLUMNS, ["subject"] + FUND_COLUMNS[1:])
    return pd.DataFrame({name: statements[column].array[rows] for name, column in columns}, columns=FUND_COLUMNS)
