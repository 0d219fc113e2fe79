"""Many documents at once: batch runs, the unit × year panel, corpus statistics and comparisons.

* :class:`Corpus` — documents read and checked together (``hcfin.Corpus(paths)``).
* :func:`run_batch` — ``hcfin batch``: resumable, on a local pool or a Dask cluster.
* :mod:`hcfin.corpus.panel` — printed and narrative-derived values per unit × year × measure.
* :mod:`hcfin.corpus.stats` — finding frequency by rule × unit × year.
* :mod:`hcfin.corpus.compare` — peers of one place and year side by side; one unit across years.
"""

from __future__ import annotations

from .corpus import Corpus

__all__ = ["Corpus", "run_batch"]


def run_batch(*args, **kwargs):
    """See :func:`hcfin.corpus.batch.run_batch`."""
    from .batch import run_batch as _run_batch

    return _run_batch(*args, **kwargs)
