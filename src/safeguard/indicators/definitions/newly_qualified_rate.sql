-- Newly qualified case holders against all case holders in post, in full-time equivalents.
SELECT
    period_start,
    period_end,
    team,
    CASE WHEN newly_qualified THEN fte ELSE 0 END AS numerator_amount,
    fte AS denominator_amount
FROM workforce_at_end
WHERE describes_end
  AND case_holding_role
  AND employment IN ('agency', 'permanent')
  AND in_post
