-- Plans open at the end of each period whose latest visit was since the plan began; counted
-- when the child was seen alone at that visit.
SELECT
    o.period_start,
    o.period_end,
    o.team,
    CASE WHEN o.seen_alone = 'true' THEN 1 ELSE 0 END AS in_numerator
FROM child_protection_plans_open AS o
WHERE o.last_visit_date >= o.cpp_start_date
    AND o.last_visit_date <= o.period_end
