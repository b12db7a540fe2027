"""The program's place on the machine: user folders and bundled resources (paths), the log file, and what
a program the app starts inherits (external_programs). Plain Python, no Qt."""
