-- Initial conferences held in each period; counted when held on or before the 15th working
-- day (the statutory timescale, from the timescales table) after the strategy discussion that
-- started the section 47 enquiry.
SELECT
    p.period_start,
    p.period_end,
    s.team,
    CASE WHEN s.icpc_date <= deadline.calendar_date THEN 1 ELSE 0 END AS in_numerator
FROM periods AS p
JOIN s47_enquiries AS s ON s.icpc_date BETWEEN p.period_start AND p.period_end
CROSS JOIN timescales AS timescale
JOIN calendar AS started ON started.calendar_date = s.s47_start_date
JOIN calendar AS deadline
    ON deadline.is_working_day
    AND deadline.working_day_number = started.working_day_number + timescale.icpc_working_days
