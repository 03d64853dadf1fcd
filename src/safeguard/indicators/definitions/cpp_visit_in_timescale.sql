-- Plans open at the end of each period; counted when the period's end is on or before the Nth
-- working day (the council's standard) after the last visit, or after the plan's start when
-- there has been no visit since it began.
SELECT
    o.period_start,
    o.period_end,
    o.team,
    CASE WHEN o.period_end <= due.calendar_date THEN 1 ELSE 0 END AS in_numerator
FROM child_protection_plans_open AS o
CROSS JOIN timescales AS standard
JOIN calendar AS clock_start
    ON clock_start.calendar_date = CASE
        WHEN o.last_visit_date >= o.cpp_start_date THEN o.last_visit_date
        ELSE o.cpp_start_date
    END
JOIN calendar AS due
    ON due.is_working_day
    AND due.working_day_number = clock_start.working_day_number + standard.cpp_visit_working_days
WHERE o.last_visit_date IS NULL OR o.last_visit_date <= o.period_end
