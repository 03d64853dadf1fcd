-- Referrals received in each period.
SELECT p.period_start, p.period_end, r.team, 1 AS in_numerator
FROM periods AS p
JOIN referrals AS r ON r.referral_date BETWEEN p.period_start AND p.period_end
