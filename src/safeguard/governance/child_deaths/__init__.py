"""Learning from child deaths: each death of a child normally resident in the area, from the day
the partnership is told of it to the child death overview panel's review and the actions its
learning raises (seed 003 §18.2.26-18.2.27 and §18.3.43; the annual report's "lessons learnt
about the prevention of future child deaths", §18.2.20).

A review is recorded when the partnership learns of the death: whether it was expected (an
unexpected death has a rapid response by key professionals), and the child's reference, kept
apart for those who run reviews in a role that sees children's records. When the panel has met,
the record holds the meeting's date, the category it gave the death, whether it found factors
that could be changed to prevent future deaths, its learning themes and the learning in words.
The actions that learning calls for go onto the single improvement plan (source: the
safeguarding partnership). Leaders read every review without the child's reference, and the
partnership's annual report counts the year's reviews with small numbers suppressed.
"""
