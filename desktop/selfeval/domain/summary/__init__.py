"""The 汇总 of many units' reports, plain Python: one overview row per unit, totals, cross-unit checks, last
year beside this year, and what the charts draw. The workspace file is ``store/summary_db.py``, the workflows
``app/summary/``."""
