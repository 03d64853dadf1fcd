-- Children with an open case at the end of each period whose allocated worker is recorded as
-- unallocated or left blank, each child once however many lists they are open on.
WITH open_cases AS (
    SELECT period_start, period_end, child_id, team, worker FROM children_in_need_open
    UNION ALL
    SELECT period_start, period_end, child_id, team, worker FROM child_protection_plans_open
    UNION ALL
    SELECT period_start, period_end, child_id, team, worker FROM children_in_care_open
)
SELECT period_start, period_end, MAX(team) AS team, 1 AS in_numerator
FROM open_cases
WHERE worker IS NULL OR UPPER(TRIM(worker)) IN ('', 'UNALLOCATED')
GROUP BY period_start, period_end, child_id
