-- Children looked after at any time in each period, each child once; counted when the return
-- records at least one missing episode in the 12 months before it.
SELECT
    period_start,
    period_end,
    MAX(team) AS team,
    MAX(CASE WHEN missing_episodes > 0 THEN 1 ELSE 0 END) AS in_numerator
FROM children_in_care_during
GROUP BY period_start, period_end, child_id
