"""Complaints and compliments about children's services, and the year's summary (seed 004,
"significant cases and complaints" and "assurance tools"; DOMAIN.md §2.D).

A complaint moves through the three statutory stages (local resolution, investigation, review
panel), each with its timescale from ``timescales.toml`` (``complaint_stage_1`` to ``_3``),
counted from the day it was received or the next stage was asked for. Each stage's response
records whether the complaint was upheld, partly upheld or not upheld; closing it records the
lessons, and the actions they call for go onto the single improvement plan (source: a
complaint). Compliments are recorded too. The year's summary (1 April to 31 March) gives counts
by stage, timeliness, the upheld share and the themes, with small numbers suppressed for roles
without child-level access, and downloads as CSV.

Complaints are written without naming anyone: the complaint file holds who complained and about
which child; this app holds what leaders need to judge the service.
"""
