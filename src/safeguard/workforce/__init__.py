"""The council's social work staff file: its columns (``spec``) and the one way to read and
check it (``reading.read_workforce``). Documented for councils in ``docs/workforce.md``."""

from safeguard.workforce.reading import WorkforceReturn, read_workforce
from safeguard.workforce.spec import COLUMNS, Employment, Role

__all__ = ["COLUMNS", "Employment", "Role", "WorkforceReturn", "read_workforce"]
