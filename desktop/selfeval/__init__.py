"""绩效自评编制工具 (selfeval): compose, check and export 部门整体支出绩效自评 reports."""

__version__ = "0.1.0"
APP_NAME = "selfeval"
APP_DISPLAY_NAME = "绩效自评编制工具"
