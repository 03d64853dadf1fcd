"""The governance apps' and the packs' tests run with the web tests' fixtures (a private store
per test, people with roles, signed-in clients), from the checkout's ``tests/web/web_fixtures.py``."""

import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(CHECKOUT / "tests" / "web"), str(CHECKOUT / "tests")]

from web_fixtures import *  # noqa: E402, F403
