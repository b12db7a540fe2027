"""The scored 自评表: its model, rows and cells, merge, figures, checks, printed form, pages and scoring.

Import the submodule you need (``selfeval.domain.table.model`` …): nothing is loaded here, so that a report
can keep its table's JSON unread until something reads it."""
