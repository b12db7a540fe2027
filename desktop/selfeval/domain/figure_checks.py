"""The figure checks now live in the check engine (``selfeval.domain.checks.figures``); this name
stays for the figures editor."""

from selfeval.domain.checks.figures import REVIEW_TEXT, FigureStatus, figure_status, source_text

__all__ = ["REVIEW_TEXT", "FigureStatus", "figure_status", "source_text"]
