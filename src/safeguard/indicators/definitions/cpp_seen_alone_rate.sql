-- Plans open at the end of each period whose latest visit was since the plan began, for
-- children aged two or over at that visit; counted when the child was seen alone at it. A baby
-- cannot tell a worker what life is like, so counting babies would move the figure with the age
-- of the children on plans rather than with practice. A child whose age is not recorded counts.
SELECT
    o.period_start,
    o.period_end,
    o.team,
    CASE WHEN o.seen_alone = 'true' THEN 1 ELSE 0 END AS in_numerator
FROM child_protection_plans_open AS o
WHERE o.last_visit_date >= o.cpp_start_date
    AND o.last_visit_date <= o.period_end
    AND NOT COALESCE(o.date_of_birth + INTERVAL '2' YEAR > o.last_visit_date, o.age < 2, FALSE)
