"""The check engine (审核): what a 财政局 reviewer would catch, found before export.

``run_checks(report, settings, fonts=…, last_year=…, explanations=…) -> CheckResult``; each
:class:`Finding` has a rule id, a severity (错误/警告/提示), a Chinese message, an exact place and the
flagged text. One module per rule family; see docs/ARCHITECTURE.md ("Checks").
"""

from selfeval.domain.checks.engine import RULE_FAMILIES, run_checks
from selfeval.domain.checks.findings import CheckResult, Explanation, Finding, Fix, Severity, Status
from selfeval.domain.checks.settings import DEFAULTS, CheckSettings

__all__ = ["DEFAULTS", "RULE_FAMILIES", "CheckResult", "CheckSettings", "Explanation", "Finding", "Fix",
           "Severity", "Status", "run_checks"]
