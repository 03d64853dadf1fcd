-- Child protection plans started in each period.
SELECT p.period_start, p.period_end, c.team, 1 AS in_numerator
FROM periods AS p
JOIN child_protection_plans AS c ON c.cpp_start_date BETWEEN p.period_start AND p.period_end
