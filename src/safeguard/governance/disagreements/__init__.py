"""Professional disagreements about a child's case, and their escalation (seed 003 §18.5;
DOMAIN.md §2.D and §4).

Any partner may raise one: which agencies disagree, the people involved, what about (without
identifying the child; the child's reference is kept apart, for the agencies involved while it is
open and for those who oversee every disagreement). Each stage of the ladder (practitioners,
first-line managers, heads of service or designated leads, the safeguarding partnership) has a
deadline of a working week (``disagreement_stage``), or fewer working days when the raiser says
the child's safety needs it; every discussion is recorded with its date; an unresolved or overdue
stage is escalated to the next; the outcome is recorded at resolution. The partnership sees the
outcomes and themes in a summary, small numbers suppressed for roles without child-level access.

Partners see their own agency's disagreements only: each person's agency is a small record here
(``AgencyMembership``), which the Director sets, so the accounts app is unchanged.
"""
