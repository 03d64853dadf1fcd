-- Children under 16 at the end of each period who had been looked after for at least 30
-- months; counted when their current placement began at least 2 years before the period's end.
SELECT
    o.period_start,
    o.period_end,
    o.team,
    CASE WHEN o.placement_start_date + INTERVAL '24' MONTH <= o.period_end THEN 1 ELSE 0 END AS in_numerator
FROM children_in_care_open AS o
WHERE o.care_start_date + INTERVAL '30' MONTH <= o.period_end
    AND o.placement_start_date <= o.period_end
    AND (
        o.date_of_birth + INTERVAL '16' YEAR > o.period_end
        OR (o.date_of_birth IS NULL AND o.age < 16)
    )
