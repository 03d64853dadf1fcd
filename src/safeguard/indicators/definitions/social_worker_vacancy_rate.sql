-- Vacant posts against vacant posts plus permanent social workers in post, in full-time
-- equivalents, on the day the workforce file describes (DfE's vacancy_rate_fte).
SELECT
    period_start,
    period_end,
    team,
    CASE WHEN employment = 'vacant' THEN fte ELSE 0 END AS numerator_amount,
    fte AS denominator_amount
FROM workforce_at_end
WHERE describes_end
  AND social_work_role
  AND (employment = 'vacant' OR (employment = 'permanent' AND in_post))
