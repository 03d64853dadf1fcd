"""Serious incidents and local child safeguarding practice reviews (seed 001, serious case
reviews; seed 003 §18.2.28; DOMAIN.md §2.D and §4).

An incident where abuse or neglect is known or suspected and a child has died or been seriously
harmed is tracked from the day the council became aware of it: its notification to the national
panel (5 working days), the rapid review (15 working days from the notification), the decision
whether to hold a local practice review (with its reasons), the review against its six months,
its publication, and its recommendations, each of which becomes an action on the single
improvement plan that the partnership follows to completion.

``deadlines`` counts the statutory dates (it needs no database, so the command line uses it
alone); ``casework`` gathers what waits for each person across the four casework apps
(briefings, reviews, disagreements, complaints) for the "Reviews and cases" page and the home page.
"""
