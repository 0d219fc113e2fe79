"""Execute the parameterized notebooks and render them to HTML (``hcfin report``).

Heavy modules (papermill, nbconvert, jupyter_client) are imported only by the functions that
need them, so ``import hcfin.report`` stays cheap.
"""

from .runner import ReportJob, ReportResult, UnknownParameterError, discover_jobs, run_reports

__all__ = ["ReportJob", "ReportResult", "UnknownParameterError", "discover_jobs", "run_reports"]
