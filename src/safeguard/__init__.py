"""Safeguard: the safeguarding assurance system for an English council's leaders.

Data flows one way: ingest (``annex_a``) -> snapshot store (``snapshots``) -> indicators ->
warnings -> pages and packs. See docs/architecture.md.
"""

__version__ = "0.1.0"
