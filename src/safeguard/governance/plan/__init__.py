"""The single improvement plan (seed 000 §4.1 factor 5; DOMAIN.md §2.D).

One plan for the whole service: every action says where it came from (the data, an early
warning, a case audit, an inspection, a practice review, a complaint, a peer review, the
self-assessment, a leader's challenge), which factor it serves, who owns it, when it is due,
where it stands, which indicator should move and which way, and what has actually moved since
(the indicator as it stood when the action was raised beside the indicator now).
"""
