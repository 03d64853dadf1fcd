-- Agency social workers in post against agency plus permanent in post, in full-time equivalents
-- (DfE's agency_rate_fte): a part-time agency worker counts their hours.
SELECT
    period_start,
    period_end,
    team,
    CASE WHEN employment = 'agency' THEN fte ELSE 0 END AS numerator_amount,
    fte AS denominator_amount
FROM workforce_at_end
WHERE social_work_role
  AND employment IN ('agency', 'permanent')
  AND in_post
