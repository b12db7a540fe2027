"""The check engine (审核): what a 财政局 reviewer would catch, found before export.

``run_checks(report, settings, fonts=…, last_year=…, explanations=…) -> CheckResult``; each
:class:`Finding` has a rule id, a severity (错误/警告/提示), a Chinese message, an exact place and the
flagged text. One module per rule family; see docs/ARCHITECTURE.md ("Checks").
"""

from selfeval.domain.checks.engine import RULE_FAMILIES, run_checks
from selfeval.domain.checks.findings import CheckResult, Finding, Fix, Severity, Status, explain
from selfeval.domain.checks.settings import DEFAULTS, CheckSettings
from selfeval.domain.explanations import Explanation, ExplanationError

__all__ = ["DEFAULTS", "RULE_FAMILIES", "CheckResult", "CheckSettings", "Explanation", "ExplanationError",
           "Finding", "Fix", "Severity", "Status", "explain", "run_checks"]
