"""The command line's exit codes and its one error for wrong usage.

Apart from ``cli.py`` so that the modules it wires (``cli_store.py``) can raise
a usage error without importing the module that imports them.
"""

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_CRASHED = 70  # EX_SOFTWARE: an unforeseen error, never mistaken for success or a cancel


class UsageError(Exception):
    """Wrong usage: printed as one line, exit code 2."""
