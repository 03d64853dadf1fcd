-- Plans open at the end of each period that began at least 3 months earlier (a first review
-- was due); counted when the latest review was held since the plan began and no more than 6
-- months before the period's end. Plans whose recorded review is after the period's end are
-- left out: the return cannot say what was true at the period's end.
SELECT
    o.period_start,
    o.period_end,
    o.team,
    CASE
        WHEN o.last_review_date >= o.cpp_start_date
            AND o.period_end <= o.last_review_date + INTERVAL '6' MONTH
        THEN 1 ELSE 0
    END AS in_numerator
FROM child_protection_plans_open AS o
WHERE o.cpp_start_date + INTERVAL '3' MONTH <= o.period_end
    AND (o.last_review_date IS NULL OR o.last_review_date <= o.period_end)
