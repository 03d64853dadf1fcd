-- Care leavers listed in the return covering the end of each period, except any who have died;
-- counted when the council is in touch with them.
SELECT
    period_start,
    period_end,
    team,
    CASE WHEN in_touch = 'yes' THEN 1 ELSE 0 END AS in_numerator
FROM care_leavers_at_end
WHERE in_touch IS NULL OR in_touch <> 'died'
