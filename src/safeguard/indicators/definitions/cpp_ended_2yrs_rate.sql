-- Plans ended in each period; counted when the plan lasted more than 729 days.
SELECT
    p.period_start,
    p.period_end,
    c.team,
    CASE WHEN c.cpp_end_date > c.cpp_start_date + INTERVAL '729' DAY THEN 1 ELSE 0 END AS in_numerator
FROM periods AS p
JOIN child_protection_plans AS c ON c.cpp_end_date BETWEEN p.period_start AND p.period_end
