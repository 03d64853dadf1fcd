"""Settings modules: ``base`` (``safeguard serve`` on one machine), ``production`` (behind TLS,
PostgreSQL through ``DATABASE_URL``) and ``test``."""
