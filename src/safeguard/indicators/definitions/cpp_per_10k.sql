-- Children subject to a child protection plan at the end of each period, each child once
-- (child_protection_plans_open_children: one row per child, however many of their episodes are open).
SELECT period_start, period_end, CAST(NULL AS VARCHAR(100)) AS team, 1 AS in_numerator
FROM child_protection_plans_open_children
