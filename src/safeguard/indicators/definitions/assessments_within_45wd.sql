-- Assessments authorised in each period; counted when authorised on or before the 45th
-- working day (the statutory timescale, from the timescales table) after the start date (the
-- calendar numbers working days consecutively). Each day's deadline is found first, so the
-- assessments meet the calendar by date alone.
WITH deadlines AS (
    SELECT started.calendar_date, deadline.calendar_date AS deadline_date
    FROM (
        SELECT c.calendar_date, c.working_day_number + t.assessment_working_days AS deadline_number
        FROM calendar AS c
        CROSS JOIN timescales AS t
    ) AS started
    JOIN calendar AS deadline ON deadline.is_working_day AND deadline.working_day_number = started.deadline_number
)
SELECT
    p.period_start,
    p.period_end,
    a.team,
    CASE WHEN a.assessment_authorised_date <= d.deadline_date THEN 1 ELSE 0 END AS in_numerator
FROM periods AS p
JOIN assessments AS a ON a.assessment_authorised_date BETWEEN p.period_start AND p.period_end
JOIN deadlines AS d ON d.calendar_date = a.assessment_start_date
