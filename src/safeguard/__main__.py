"""Allow ``python -m safeguard``."""

from safeguard.cli import main

main()
