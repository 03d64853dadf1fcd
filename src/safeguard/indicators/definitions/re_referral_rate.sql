-- Referrals in each period; counted when the same child's previous referral (at any date in
-- the history) was on or after the same day twelve calendar months earlier.
WITH referral_history AS (
    SELECT
        child_id,
        referral_date,
        team,
        LAG(referral_date) OVER (PARTITION BY child_id ORDER BY referral_date) AS previous_referral_date
    FROM referrals
)
SELECT
    p.period_start,
    p.period_end,
    r.team,
    CASE WHEN r.previous_referral_date >= r.referral_date - INTERVAL '12' MONTH THEN 1 ELSE 0 END AS in_numerator
FROM periods AS p
JOIN referral_history AS r ON r.referral_date BETWEEN p.period_start AND p.period_end
