"""Significant case briefings: who knew what, when (seed 004, "significant cases and
complaints"; DOMAIN.md §2.D).

A case that may meet the criteria for a practice review, draws the attention of the media or
politicians, points to a concern about the service, or shows the service at its best is
recorded by a head of service without identifying the child (the child's reference is kept
apart, for roles that may see children's records), goes first to the Director, whose assessment
then goes with it to the Chief Executive and the Lead Member. Each person told has a notice: when
they were told, about which version, and when they acknowledged it; a notice left unacknowledged
past its timescale (``briefing_acknowledgement``) is overdue and waits on that person's pages.
"""
