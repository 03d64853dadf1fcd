"""The Ofsted self-evaluation (Chief executives' must know, "Ofsted"; DOMAIN.md §2.C).

Ofsted's inspection of local authority children's services asks three questions: what do we
know about the quality and impact of social work practice, how do we know it, and what are our
plans to maintain or improve it. A self-evaluation answers them in words people write, starting
from a draft the service's records give (the latest indicators beside England and the
statistical neighbours, the early warnings open now, the last agreed self-assessment's grades,
the improvement plan's live, overdue and completed actions with their impact). Every save is a
numbered version kept with who saved it and when; it exports as Word and as PDF.
"""
