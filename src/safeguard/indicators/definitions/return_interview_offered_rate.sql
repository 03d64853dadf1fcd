-- Children looked after in each period who went missing, each child once; counted when offered
-- a return interview after their last missing episode.
SELECT
    period_start,
    period_end,
    MAX(team) AS team,
    MAX(CASE WHEN return_interview_offered = 'true' THEN 1 ELSE 0 END) AS in_numerator
FROM children_in_care_during
WHERE missing_episodes > 0
GROUP BY period_start, period_end, child_id
