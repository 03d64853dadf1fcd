"""The Lead Member's induction plan and the briefing cycle (LMCS guide Appendix A; LGA Must know
for lead members, "performance information"; DOMAIN.md §2.D).

A new Lead Member gets a dated checklist of what to do in their first week, month and six
months (``induction.toml``), each item ticked off with when and by whom, keeping its history.
The briefing cycle (``briefings.toml``) says once what leaders should receive and how often;
each delivery is recorded, so the page shows what was delivered, what was late and what never
came.
"""
