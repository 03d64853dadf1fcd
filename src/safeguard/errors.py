"""Errors a user can act on. The command line prints them as one plain line, never a traceback."""


class SafeguardError(Exception):
    """A problem the user can fix: a missing file, a refused import, a bad option."""
