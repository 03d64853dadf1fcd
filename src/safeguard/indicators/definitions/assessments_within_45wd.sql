-- Assessments authorised in each period; counted when authorised on or before the 45th
-- working day (the statutory timescale, from the timescales table) after the start date (the
-- calendar numbers working days consecutively).
SELECT
    p.period_start,
    p.period_end,
    a.team,
    CASE WHEN a.assessment_authorised_date <= deadline.calendar_date THEN 1 ELSE 0 END AS in_numerator
FROM periods AS p
JOIN assessments AS a ON a.assessment_authorised_date BETWEEN p.period_start AND p.period_end
CROSS JOIN timescales AS timescale
JOIN calendar AS started ON started.calendar_date = a.assessment_start_date
JOIN calendar AS deadline
    ON deadline.is_working_day
    AND deadline.working_day_number = started.working_day_number + timescale.assessment_working_days
