"""Screens: the 基本信息 tab and the dialogs (reports, new report, recycle bin, history, export)."""
