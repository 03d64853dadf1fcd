"""The early warning: what has moved on each indicator, since when, how unusual it is, and the
question a leader should ask.

``spc`` holds the XmR limits and the special-cause rules; ``baselines`` the limits' baseline
and its store; ``scan`` turns signals, neighbour distances and local thresholds
(``thresholds``) into ``records.EarlyWarning``; ``review.review`` runs it all over the store;
``evaluation`` measures it against changes planted in synthetic councils.
"""
