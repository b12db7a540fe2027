"""Entry script of the frozen build: the same ``selfeval`` command as ``python -m selfeval``.

Both executables of the build (``selfeval``, a console program, and ``selfeval-gui``, windowed on
Windows) start here; with no subcommand the desktop window opens.
"""

from selfeval.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
