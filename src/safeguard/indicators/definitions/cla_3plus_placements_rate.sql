-- Children looked after at the end of each period; counted when the return records three or
-- more placements in the 12 months before it.
SELECT
    period_start,
    period_end,
    MAX(team) AS team,
    MAX(CASE WHEN placements_last_12_months >= 3 THEN 1 ELSE 0 END) AS in_numerator
FROM children_in_care_open
GROUP BY period_start, period_end, child_id
