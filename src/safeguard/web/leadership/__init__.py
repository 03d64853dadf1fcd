"""Pages that serve leaders: the Lead Member, the quartet, scrutiny and partnership members.

Everything here gets its figures from ``safeguard.aggregates`` and nothing else: the
import-linter contract in ``.importlinter`` fails the build if a module of this package imports
the snapshot store, the validator or the child-level data pages, directly or through anything
but the aggregates service. Put every leader-facing view module (dashboard, indicators,
warnings, the JSON API for them) in this package.
"""
