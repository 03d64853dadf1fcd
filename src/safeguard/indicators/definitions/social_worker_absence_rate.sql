-- Working days lost to sickness by permanent social workers in post, against their full-time
-- equivalents times the working days in the 12 months to the file's day (DfE's absence_rate_fte).
SELECT
    period_start,
    period_end,
    team,
    COALESCE(absence_days, 0) AS numerator_amount,
    fte * year_working_days AS denominator_amount
FROM workforce_at_end
WHERE describes_end
  AND social_work_role
  AND employment = 'permanent'
  AND in_post
