"""Production: behind TLS, a real secret key and an explicit database, nothing left to defaults.

Set ``DJANGO_SETTINGS_MODULE=safeguard.web.settings.production`` and:

- ``SAFEGUARD_SECRET_KEY``: at least 50 random characters (required).
- ``DATABASE_URL``: the application database, normally ``postgres://...`` as a role that owns nothing (required).
- ``SAFEGUARD_MIGRATION_DATABASE_URL``: the same database as its owner, for migrations only.
- ``SAFEGUARD_ALLOWED_HOSTS``: the site's host names (required).
- ``SAFEGUARD_BEHIND_TLS_PROXY``: ``1`` when a proxy ends TLS and sets ``X-Forwarded-Proto``.
- ``SAFEGUARD_TRUSTED_PROXIES``: that proxy's address (or network), so that sign-in pauses and
  the access log see each person's own address rather than the proxy's.

``safeguard serve`` starts with these settings only when ``python -m safeguard.web.manage check
--deploy`` finds nothing, warnings included (``REFUSE_UNSAFE_DEPLOYMENT``); otherwise it stops
with one line naming each problem. A test holds the check clean.

What the base settings allow only for a demo or a laptop, and this module takes away:

- a signing key made by the application and kept in the store folder (here it must be given);
- SQLite in the store folder as the application database when ``DATABASE_URL`` is unset;
- the loopback host names ``localhost``, ``127.0.0.1`` and ``[::1]`` as the allowed hosts;
- ``SAFEGUARD_DEBUG`` (refused here);
- plain HTTP: no redirect to HTTPS, no HSTS, cookies without ``Secure`` or the ``__Host-`` prefix;
- demo accounts and their codes (``create_demo_users``, ``safeguard demo-code``), which refuse
  to run with these settings.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from safeguard.web.settings.base import *  # noqa: F403 (a settings module extends the base)
from safeguard.web.settings.base import HOME, databases, environment_flag, environment_list


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Production settings need the environment variable {name}.")
    return value


SECRET_KEY = _required("SAFEGUARD_SECRET_KEY")
DATABASES = databases(_required("DATABASE_URL"), os.environ.get("SAFEGUARD_MIGRATION_DATABASE_URL"), HOME)
_required("SAFEGUARD_ALLOWED_HOSTS")
ALLOWED_HOSTS = environment_list("SAFEGUARD_ALLOWED_HOSTS", [])
DEBUG = False
if environment_flag("SAFEGUARD_DEBUG"):
    raise ImproperlyConfigured("SAFEGUARD_DEBUG cannot be used with production settings.")

REFUSE_UNSAFE_DEPLOYMENT = True

SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^health$"]
SECURE_HSTS_SECONDS = 365 * 24 * 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-safeguard_session"
CSRF_COOKIE_NAME = "__Host-csrftoken"
KNOWN_BROWSER_COOKIE_NAME = "__Host-safeguard_known_browser"
if environment_flag("SAFEGUARD_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
