-- Plans open at the end of each period; counted when the period's end is on or before the Nth
-- working day (the council's standard) after the last visit, or after the plan's start when
-- there has been no visit since it began. Each day's due date is found first, so the plans
-- meet the calendar by date alone.
WITH due_dates AS (
    SELECT started.calendar_date, due.calendar_date AS due_date
    FROM (
        SELECT c.calendar_date, c.working_day_number + t.cpp_visit_working_days AS due_number
        FROM calendar AS c
        CROSS JOIN timescales AS t
    ) AS started
    JOIN calendar AS due ON due.is_working_day AND due.working_day_number = started.due_number
)
SELECT
    o.period_start,
    o.period_end,
    o.team,
    CASE WHEN o.period_end <= d.due_date THEN 1 ELSE 0 END AS in_numerator
FROM child_protection_plans_open AS o
JOIN due_dates AS d
    ON d.calendar_date = CASE
        WHEN o.last_visit_date >= o.cpp_start_date THEN o.last_visit_date
        ELSE o.cpp_start_date
    END
WHERE o.last_visit_date IS NULL OR o.last_visit_date <= o.period_end
