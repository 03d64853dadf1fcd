"""Production: behind TLS, a real secret key and an explicit database, nothing left to defaults.

``python -m safeguard.web.manage check --deploy`` with these settings is clean (a test holds it
so). Set ``DJANGO_SETTINGS_MODULE=safeguard.web.settings.production`` and:

- ``SAFEGUARD_SECRET_KEY``: at least 50 random characters.
- ``DATABASE_URL``: the application database, normally ``postgres://...`` as a role that owns nothing.
- ``SAFEGUARD_MIGRATION_DATABASE_URL``: the same database as its owner, for migrations only.
- ``SAFEGUARD_ALLOWED_HOSTS``: the site's host names.
- ``SAFEGUARD_BEHIND_TLS_PROXY``: ``1`` when a proxy ends TLS and sets ``X-Forwarded-Proto``.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from safeguard.web.settings.base import *  # noqa: F403 (a settings module extends the base)
from safeguard.web.settings.base import HOME, databases, environment_flag


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Production settings need the environment variable {name}.")
    return value


SECRET_KEY = _required("SAFEGUARD_SECRET_KEY")
DATABASES = databases(_required("DATABASE_URL"), os.environ.get("SAFEGUARD_MIGRATION_DATABASE_URL"), HOME)
DEBUG = False
if environment_flag("SAFEGUARD_DEBUG"):
    raise ImproperlyConfigured("SAFEGUARD_DEBUG cannot be used with production settings.")

SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^health$"]
SECURE_HSTS_SECONDS = 365 * 24 * 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-safeguard_session"
CSRF_COOKIE_NAME = "__Host-csrftoken"
if environment_flag("SAFEGUARD_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
