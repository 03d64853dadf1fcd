-- Section 47 enquiries started in each period.
SELECT p.period_start, p.period_end, s.team, 1 AS in_numerator
FROM periods AS p
JOIN s47_enquiries AS s ON s.s47_start_date BETWEEN p.period_start AND p.period_end
