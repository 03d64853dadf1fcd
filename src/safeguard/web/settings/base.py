"""Settings shared by every way of running the web application, read from environment variables.

``safeguard serve`` uses these directly (a laptop or a demo over plain HTTP on loopback);
``production`` tightens them for a server behind TLS; ``test`` makes them fast and isolated.

DEMO ONLY (``production`` removes or refuses each): the signing key made and kept in the store
folder, SQLite as the application database by default, the loopback host names, plain HTTP
cookies without ``Secure``, no HTTPS redirect or HSTS, and ``SAFEGUARD_DEBUG``. These settings
fail ``manage.py check --deploy``, as they should: they are not for a server others reach.

Environment variables (all optional here):

- ``SAFEGUARD_HOME``: the store folder; the application database defaults to ``web.sqlite3`` in it.
- ``DATABASE_URL``: any database ``dj-database-url`` understands (PostgreSQL in production).
- ``SAFEGUARD_MIGRATION_DATABASE_URL``: PostgreSQL only, the same database as the role that owns
  its tables; migrations run through it and then grant ``DATABASE_URL``'s role what it needs,
  which on the audit tables is only to read and add rows (``safeguard.web.audit.privileges``).
- ``SAFEGUARD_SECRET_KEY``: the signing key; without it one is made and kept in the store folder.
- ``SAFEGUARD_ALLOWED_HOSTS``: comma-separated host names the site answers to.
- ``SAFEGUARD_DEBUG``: ``1`` shows Django's debug pages (never in production).
- ``SAFEGUARD_SESSION_IDLE_MINUTES`` / ``SAFEGUARD_SESSION_ABSOLUTE_HOURS``: session timeouts.
- ``SAFEGUARD_UPLOAD_MAX_MEGABYTES``: the largest return that can be uploaded.
- ``SAFEGUARD_ENROLMENT_CODE_HOURS``: how long an enrolment code for setting up an authenticator
  app stays usable (72).
- ``SAFEGUARD_TRUSTED_PROXIES``: comma-separated addresses or networks of the reverse proxies in
  front of the site; ``X-Forwarded-For`` is read only from them (the sign-in pause and the access
  log then see each person's own address, not the proxy's).
- ``SAFEGUARD_EVIDENCE_MAX_MEGABYTES``: the largest document that can be kept as evidence.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from safeguard.home import safeguard_home

WEB_PACKAGE = Path(__file__).resolve().parent.parent
HOME = safeguard_home()


def environment_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


def environment_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "").strip()
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def trusted_proxies(value: str) -> list[str]:
    """The comma-separated addresses or networks (``10.0.0.5``, ``10.20.0.0/16``), each checked
    now so that a typing mistake stops the start with a one-line reason."""
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"SAFEGUARD_TRUSTED_PROXIES holds {item!r}, which is not an address or a network (such as 10.0.0.0/8)."
            ) from error
    return networks


def _kept_secret_key(home: Path) -> str:
    """A signing key made once per store and kept beside it (readable by its owner only), so
    sessions survive a restart of ``safeguard serve`` without anyone having to set one."""
    path = home / "web-secret-key"
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as sink:
            sink.write(secrets.token_urlsafe(64))
    return path.read_text(encoding="ascii").strip()


def database_settings(url: str | None, home: Path) -> dj_database_url.DBConfig:
    """The ``default`` database: ``DATABASE_URL`` if given, else SQLite in the store folder.

    SQLite runs in WAL mode (readers never wait for a writer) and opens every transaction with
    ``BEGIN IMMEDIATE``, so concurrent read-then-write requests queue for the write lock instead
    of losing updates (DOMAIN.md §7).
    """
    database: dj_database_url.DBConfig
    if url:
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(home / "web.sqlite3")}
    if database["ENGINE"] == "django.db.backends.sqlite3":
        options = dict(database.get("OPTIONS") or {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 20)
        options.setdefault(
            "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        )
        database["OPTIONS"] = options
    return database


REFUSE_UNSAFE_DEPLOYMENT = False
"""``safeguard serve`` refuses to start while ``check --deploy`` finds anything (production sets it)."""


MIGRATION_DATABASE = "migration"
"""The owner's connection, used only by migrations (``safeguard.web.audit.privileges``)."""


def databases(application_url: str | None, migration_url: str | None, home: Path) -> dict[str, dj_database_url.DBConfig]:
    """The application's database, and the owner's connection to it when one is given (tests
    use the application's connection for both)."""
    configured = {"default": database_settings(application_url, home)}
    if migration_url:
        configured[MIGRATION_DATABASE] = {**database_settings(migration_url, home), "TEST": {"MIRROR": "default"}}
    return configured


SECRET_KEY = os.environ.get("SAFEGUARD_SECRET_KEY", "").strip() or _kept_secret_key(HOME)
DEBUG = environment_flag("SAFEGUARD_DEBUG")
ALLOWED_HOSTS = environment_list("SAFEGUARD_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

GOVERNANCE_APPS = [
    "safeguard.governance.workflow",
    "safeguard.governance.plan",
    "safeguard.governance.challenge",
    "safeguard.governance.framework",
    "safeguard.governance.audits",
    "safeguard.governance.assessments",
    "safeguard.governance.local_test",
    "safeguard.governance.self_evaluation",
    "safeguard.governance.briefings",
    "safeguard.governance.reviews",
    "safeguard.governance.disagreements",
    "safeguard.governance.complaints",
    "safeguard.governance.allocation",
    "safeguard.governance.sharing",
    "safeguard.governance.induction",
    "safeguard.governance.inspection",
    "safeguard.governance.partnership",
    "safeguard.governance.child_deaths",
    "safeguard.governance.warning_owners",
]
"""The governance record families (``safeguard.governance``), one app each; their templates are
found by the Jinja environment (``safeguard.web.jinja``) in each app's ``templates`` folder."""

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "safeguard.web.access",
    "safeguard.web.accounts",
    "safeguard.web.audit",
    "safeguard.web.data",
    "safeguard.web.leadership",
    *GOVERNANCE_APPS,
    "safeguard.packs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "safeguard.web.hardening.ResponseHardeningMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "safeguard.web.accounts.session_limits.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "safeguard.web.access.enforcement.AccessPolicyMiddleware",
]

ROOT_URLCONF = "safeguard.web.urls"
WSGI_APPLICATION = "safeguard.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [WEB_PACKAGE / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "safeguard.web.jinja.environment",
            "context_processors": ["safeguard.web.jinja.page_context"],
        },
    },
    {
        # Kept for Django's own pages (and the admin, should it ever be mounted); every page
        # of Safeguard is a Jinja template above.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = databases(os.environ.get("DATABASE_URL"), os.environ.get("SAFEGUARD_MIGRATION_DATABASE_URL"), HOME)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "sign_in"
LOGIN_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

OTP_TOTP_ISSUER = "Safeguard"
OTP_TOTP_THROTTLE_FACTOR = 1

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_NAME = "safeguard_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_SECONDS = int(os.environ.get("SAFEGUARD_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SAFEGUARD_SESSION_ABSOLUTE_HOURS", "10")) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "safeguard.web.errors.csrf_failure"

SIGN_IN_PAIR_LIMIT = 5
"""Failed sign-ins for one username from one address (or one known browser) before that pair
is paused (``safeguard.web.accounts.lockout``)."""
SIGN_IN_ADDRESS_LIMIT = 100
"""Failed sign-ins from one address, whatever the usernames, before the address is paused: far
above the pair's limit, because many people can share one address (an office, a proxy)."""
SIGN_IN_ACCOUNT_LIMIT = 20
"""Failed sign-ins for one username from anywhere but its known browsers before a password alone
is no longer enough for it (a one-time code must come with it)."""
SIGN_IN_PAUSE_SECONDS = 15 * 60
ENROLMENT_CODE_HOURS = int(os.environ.get("SAFEGUARD_ENROLMENT_CODE_HOURS", "72"))
"""How long an enrolment code an administrator issues stays usable (``accounts.enrolment``)."""
KNOWN_BROWSER_COOKIE_NAME = "safeguard_known_browser"
KNOWN_BROWSER_DAYS = 90
"""How long a browser stays known to an account after a complete sign-in on it."""
TRUSTED_PROXIES = trusted_proxies(os.environ.get("SAFEGUARD_TRUSTED_PROXIES", ""))
"""Addresses or networks of the reverse proxies in front of the site: only when the request
comes straight from one of them is its ``X-Forwarded-For`` header believed."""

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

UPLOAD_MAX_BYTES = int(os.environ.get("SAFEGUARD_UPLOAD_MAX_MEGABYTES", "50")) * 1024 * 1024
UPLOAD_MAX_UNPACKED_BYTES = 20 * UPLOAD_MAX_BYTES
"""An xlsx is a zip: refuse one whose contents would unpack to more than this (a zip bomb)."""
FILE_UPLOAD_HANDLERS = [
    "safeguard.web.data.uploads.SizeLimitedUpload",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
"""The first stops reading an upload as soon as it is known to be over ``UPLOAD_MAX_BYTES``."""
EVIDENCE_MAX_BYTES = int(os.environ.get("SAFEGUARD_EVIDENCE_MAX_MEGABYTES", "20")) * 1024 * 1024
"""The largest document a self-assessment keeps as evidence (PDF, Word, Excel, ODT, text)."""
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [WEB_PACKAGE / "static"]
STATIC_ROOT: Path | None = HOME / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "safeguard": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Django logs the SQL of every query at DEBUG, parameters included (password hashes,
        # one-time codes): keep it quiet whatever the root level is.
        "django.db.backends": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
