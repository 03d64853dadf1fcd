-- Permanent social workers who left in the 12 months to the period's end, against those in post
-- at its end, in full-time equivalents (DfE's turnover_rate_fte). A worker whose last day is the
-- period's end is a leaver and not in post.
SELECT
    period_start,
    period_end,
    team,
    CASE WHEN left_in_year THEN fte ELSE 0 END AS numerator_amount,
    CASE WHEN in_post THEN fte ELSE 0 END AS denominator_amount
FROM workforce_at_end
WHERE social_work_role
  AND employment = 'permanent'
  AND (in_post OR left_in_year)
