"""``hcfin batch``: the command-line face of :func:`hcfin.corpus.batch.run_batch`."""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``hcfin batch``."""
    from .batch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT

    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="disclosure files or folders (folders: every .txt .pdf .html .htm .docx .xlsx inside)")
    parser.add_argument("--out", required=True, metavar="DIR", help="output folder (Parquet tables, datapackage.json)")
    parser.add_argument("--workers", type=int, metavar="N", help="documents read at once here (default: one per core)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run on a Dask distributed cluster, e.g. tcp://10.0.0.5:8786 (needs hcfin[scale]; "
                             "workers must see the files and DIR at the same paths)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="S",
                        help=f"seconds one document may take before it becomes an error row (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--max-mb", type=float, default=DEFAULT_MAX_BYTES / 2**20, metavar="MB",
                        help="larger files become an error row without being read (default %(default)g)")
    parser.add_argument("--retry-errors", action="store_true",
                        help="read again the documents a previous run stored as error rows")
    parser.epilog = "Exit status: 0 every document read; 1 some documents are error rows; 2 the batch could not run."


def run(args: argparse.Namespace) -> int:
    """Run the batch; print a one-line summary on stderr."""
    from .batch import run_batch
    from .engine import SchedulerError

    if args.workers is not None and args.workers < 1:
        print("hcfin batch: --workers must be at least 1", file=sys.stderr)
        return 2
    try:
        result = run_batch(args.paths, args.out, workers=args.workers, scheduler=args.scheduler,
                           timeout=args.timeout, max_bytes=int(args.max_mb * 2**20),
                           retry_errors=args.retry_errors)
    except (FileNotFoundError, SchedulerError) as exc:
        print(f"hcfin batch: {exc}", file=sys.stderr)
        return 2
    print(f"hcfin batch: {result.summary()}", file=sys.stderr)
    return 1 if result.errors else 0
