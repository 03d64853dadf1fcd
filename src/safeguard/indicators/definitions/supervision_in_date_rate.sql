-- Social workers in post (each person once) whose last supervision was within the council's
-- standard before the file's day.
SELECT
    w.period_start,
    w.period_end,
    w.team,
    CASE
        WHEN w.last_supervision_date IS NOT NULL
         AND w.last_supervision_date >= w.period_end - s.supervision_days THEN 1
        ELSE 0
    END AS numerator_amount,
    1 AS denominator_amount
FROM workforce_at_end AS w
CROSS JOIN workforce_standards AS s
WHERE w.describes_end
  AND w.social_work_role
  AND w.employment IN ('agency', 'permanent')
  AND w.in_post
