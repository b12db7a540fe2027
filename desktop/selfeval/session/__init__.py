"""The edit session: the open report, its automatic saving, and the one path every change takes.

Plain Python (no Qt): the window drives it and listens to its events, tests drive it without widgets.
See docs/ARCHITECTURE.md ("Edit session").
"""
