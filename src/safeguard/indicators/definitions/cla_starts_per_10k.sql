-- Children who started a period of care in each period, each child once.
SELECT p.period_start, p.period_end, CAST(NULL AS VARCHAR(100)) AS team, 1 AS in_numerator
FROM periods AS p
JOIN children_in_care AS c ON c.care_start_date BETWEEN p.period_start AND p.period_end
GROUP BY p.period_start, p.period_end, c.child_id
