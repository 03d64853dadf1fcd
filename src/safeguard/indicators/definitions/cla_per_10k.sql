-- Children looked after at the end of each period, each child once
-- (children_in_care_open_children: one row per child, however many of their episodes are open).
SELECT period_start, period_end, CAST(NULL AS VARCHAR(100)) AS team, 1 AS in_numerator
FROM children_in_care_open_children
