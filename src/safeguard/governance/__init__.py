"""The governance records: what leaders ask, decide and do about what the figures show.

One Django app per record family (self-assessments, challenge, case audits, the improvement
plan, and later the Act issue's families), each owning its models, services, views, templates
and tests. They share ``safeguard.governance.workflow``: one way to move a record through its
states (a transition table per record type, every transition logged, stale edits refused) and
its full history.

Layering (``.importlinter``): governance sits above the figures (``safeguard.aggregates``) and
below the web application. A governance app's models and services never import
``safeguard.web``; only its ``views`` module presents through the web application's pieces
(templates, the access log, the policy table's routes).
"""
