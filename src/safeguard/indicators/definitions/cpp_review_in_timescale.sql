-- Plans open at the end of each period that began at least 3 months earlier (a first review
-- was due). Counted when the reviews were up to date at the period's end (the latest held since
-- the plan began and no more than 6 months before) and at the end of every earlier return that
-- listed the plan while it was open: each return records the latest review as at its own end,
-- so a review overdue on that day is seen even after it has been held. Plans whose recorded
-- review is after the period's end are left out: the return cannot say what was true then.
WITH overdue_at_a_return_end AS (
    SELECT child_id, cpp_start_date, MIN(return_period_end) AS first_seen_overdue
    FROM child_protection_plans_by_return
    WHERE cpp_start_date + INTERVAL '3' MONTH <= return_period_end
        AND (cpp_end_date IS NULL OR return_period_end < cpp_end_date)
        AND (
            last_review_date IS NULL
            OR last_review_date < cpp_start_date
            OR last_review_date + INTERVAL '6' MONTH < return_period_end
        )
    GROUP BY child_id, cpp_start_date
)
SELECT
    o.period_start,
    o.period_end,
    o.team,
    CASE
        WHEN o.last_review_date >= o.cpp_start_date
            AND o.period_end <= o.last_review_date + INTERVAL '6' MONTH
            AND (seen.first_seen_overdue IS NULL OR seen.first_seen_overdue > o.period_end)
        THEN 1 ELSE 0
    END AS in_numerator
FROM child_protection_plans_open AS o
LEFT JOIN overdue_at_a_return_end AS seen
    ON seen.child_id = o.child_id AND seen.cpp_start_date = o.cpp_start_date
WHERE o.cpp_start_date + INTERVAL '3' MONTH <= o.period_end
    AND (o.last_review_date IS NULL OR o.last_review_date <= o.period_end)
