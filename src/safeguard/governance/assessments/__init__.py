"""Self-assessment cycles (seed 000 §3.1 and §4.1; DOMAIN.md §2.C).

A cycle, a quarter by default, grades each of the seven factors on Ofsted's four-point scale
with a narrative, what changed since the last assessment and why, and its evidence: the factor's
indicators frozen the day the draft goes for agreement, case audit results, and documents kept
by their SHA-256. The Director's team drafts it, the Director alone agrees it, and leaders read
and comment. Each cycle is shown beside the last agreed one: what moved, and why.
"""
