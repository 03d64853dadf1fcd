"""Django's management commands for Safeguard: ``python -m safeguard.web.manage COMMAND``.

Settings default to ``safeguard.web.settings.base``; set ``DJANGO_SETTINGS_MODULE`` for others.
"""

from __future__ import annotations

import os
import sys


def main(arguments: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.web.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage", *(sys.argv[1:] if arguments is None else arguments)])


if __name__ == "__main__":
    main()
