"""Safeguard's web application: Django 5.2 with Jinja2 templates in the GOV.UK Frontend style.

Apps: ``access`` (the one policy table and its enforcement), ``accounts`` (people, roles,
sign-in, one-time codes, lockout, session limits), ``audit`` (the append-only access log) and
``data`` (imports, snapshots and the child-level rows behind them). Leaders' pages get figures
only through ``aggregates``; an import-linter contract (``.importlinter``) holds that boundary.
"""
