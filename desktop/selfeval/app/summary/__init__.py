"""The 汇总 workspace's workflows: reading submissions (``reading``), the workspace with its overview, batch 审核
and last-year comparison (``workspace``), and its exports (``exports``)."""

from selfeval.app.summary.reading import AddPlan, Incoming, Rejected, Replacement, collect_files, read_submission
from selfeval.app.summary.workspace import UnitFinding, Workspace

__all__ = ["AddPlan", "Incoming", "Rejected", "Replacement", "UnitFinding", "Workspace", "collect_files",
           "read_submission"]
