"""Application plumbing: start-up, the crash log, the one-window-per-file lock, translations, settings."""
