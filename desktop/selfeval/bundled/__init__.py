"""Data shipped with the program, read from ``resources/``: outline templates, the sample report, licences,
and a report's 自评表 started from its template."""
