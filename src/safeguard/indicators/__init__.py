"""The national safeguarding indicators, computed from child-level Annex A data.

``catalogue`` describes every indicator once; ``engine.compute`` works them out for any periods
from the snapshots; ``history`` merges the snapshots into one history of events; ``periods``,
``working_days`` and ``population`` hold the rules they count by.
"""
