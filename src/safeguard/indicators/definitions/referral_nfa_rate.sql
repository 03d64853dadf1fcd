-- Referrals in each period; counted when marked no further action.
SELECT
    p.period_start,
    p.period_end,
    r.team,
    CASE WHEN r.referral_nfa = 'true' THEN 1 ELSE 0 END AS in_numerator
FROM periods AS p
JOIN referrals AS r ON r.referral_date BETWEEN p.period_start AND p.period_end
