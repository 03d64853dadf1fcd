-- Children looked after at the end of each period; counted when visited within the statutory
-- interval (Care Planning, Placement and Case Review (England) Regulations 2010, reg 28):
-- within 7 days of the current placement starting, then every 42 days, or every 3 months in a
-- long-term foster placement that has lasted a year.
SELECT
    o.period_start,
    o.period_end,
    o.team,
    CASE
        WHEN o.last_visit_date IS NULL OR o.last_visit_date < o.placement_start_date
            THEN CASE WHEN o.period_end <= o.placement_start_date + INTERVAL '7' DAY THEN 1 ELSE 0 END
        WHEN o.placement_type IN ('U1', 'U4')
            AND o.placement_start_date + INTERVAL '12' MONTH <= o.period_end
            THEN CASE WHEN o.period_end <= o.last_visit_date + INTERVAL '3' MONTH THEN 1 ELSE 0 END
        ELSE CASE WHEN o.period_end <= o.last_visit_date + INTERVAL '42' DAY THEN 1 ELSE 0 END
    END AS in_numerator
FROM children_in_care_open AS o
WHERE o.placement_start_date <= o.period_end
    AND (o.last_visit_date IS NULL OR o.last_visit_date <= o.period_end)
