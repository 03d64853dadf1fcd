-- Contacts received in each period.
SELECT p.period_start, p.period_end, CAST(NULL AS VARCHAR(100)) AS team, 1 AS in_numerator
FROM periods AS p
JOIN contacts AS c ON c.contact_date BETWEEN p.period_start AND p.period_end
