-- Children looked after in each period who went missing and were offered a return interview,
-- each child once; counted when they accepted it.
SELECT
    period_start,
    period_end,
    MAX(team) AS team,
    MAX(CASE WHEN return_interview_accepted = 'true' THEN 1 ELSE 0 END) AS in_numerator
FROM children_in_care_during
WHERE missing_episodes > 0
    AND return_interview_offered = 'true'
GROUP BY period_start, period_end, child_id
