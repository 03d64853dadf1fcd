-- Initial conferences held in each period; counted when held on or before the 15th working
-- day (the statutory timescale, from the timescales table) after the strategy discussion that
-- started the section 47 enquiry. Each day's deadline is found first, so the enquiries meet the
-- calendar by date alone.
WITH deadlines AS (
    SELECT started.calendar_date, deadline.calendar_date AS deadline_date
    FROM (
        SELECT c.calendar_date, c.working_day_number + t.icpc_working_days AS deadline_number
        FROM calendar AS c
        CROSS JOIN timescales AS t
    ) AS started
    JOIN calendar AS deadline ON deadline.is_working_day AND deadline.working_day_number = started.deadline_number
)
SELECT
    p.period_start,
    p.period_end,
    s.team,
    CASE WHEN s.icpc_date <= d.deadline_date THEN 1 ELSE 0 END AS in_numerator
FROM periods AS p
JOIN s47_enquiries AS s ON s.icpc_date BETWEEN p.period_start AND p.period_end
JOIN deadlines AS d ON d.calendar_date = s.s47_start_date
