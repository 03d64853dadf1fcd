"""The web tests' fixtures, shared with the governance apps' tests (``web_fixtures``)."""

from web_fixtures import *  # noqa: F403
