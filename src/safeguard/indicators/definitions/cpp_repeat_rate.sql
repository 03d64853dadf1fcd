-- Plans started in each period; counted when the child had an earlier plan in the history or
-- the return records previous plans.
WITH plan_history AS (
    SELECT
        child_id,
        cpp_start_date,
        previous_plans,
        team,
        LAG(cpp_start_date) OVER (PARTITION BY child_id ORDER BY cpp_start_date) AS earlier_plan_start
    FROM child_protection_plans
)
SELECT
    p.period_start,
    p.period_end,
    h.team,
    CASE WHEN h.earlier_plan_start IS NOT NULL OR h.previous_plans > 0 THEN 1 ELSE 0 END AS in_numerator
FROM periods AS p
JOIN plan_history AS h ON h.cpp_start_date BETWEEN p.period_start AND p.period_end
