-- One row per case holder (worker_key): the caseload picture reads the same rows worker by worker.
-- As caseload_mean, each child weighted by the council's caseload model: the heaviest of the
-- lists they are open on, plus court work, and siblings (same worker, same case start) after the
-- first counting a share of their weight.
WITH open_cases AS (
    SELECT c.period_start, c.period_end, c.child_id, c.worker, c.cin_start_date AS case_start, s.children_in_need AS weight
    FROM children_in_need_open AS c CROSS JOIN workforce_standards AS s
    UNION ALL
    SELECT c.period_start, c.period_end, c.child_id, c.worker, c.cpp_start_date AS case_start,
           s.child_protection + CASE WHEN c.emergency_protection = 'true' THEN s.court ELSE 0 END AS weight
    FROM child_protection_plans_open AS c CROSS JOIN workforce_standards AS s
    UNION ALL
    SELECT c.period_start, c.period_end, c.child_id, c.worker, c.care_start_date AS case_start,
           s.children_in_care + CASE WHEN c.legal_status IN ('C1', 'L2', 'L3') THEN s.court ELSE 0 END AS weight
    FROM children_in_care_open AS c CROSS JOIN workforce_standards AS s
),
heaviest AS (
    SELECT period_start, period_end, child_id, worker, case_start, weight,
           ROW_NUMBER() OVER (PARTITION BY period_start, period_end, child_id ORDER BY weight DESC, worker, case_start) AS rank_in_child
    FROM open_cases
),
per_child AS (
    SELECT period_start, period_end, child_id, UPPER(TRIM(worker)) AS worker_key, case_start, weight,
           ROW_NUMBER() OVER (
               PARTITION BY period_start, period_end, UPPER(TRIM(worker)), case_start ORDER BY weight DESC, child_id
           ) AS place_in_group
    FROM heaviest
    WHERE rank_in_child = 1
),
holders AS (
    SELECT period_start, period_end, team, worker_key, SUM(fte) AS fte
    FROM workforce_at_end
    WHERE describes_end AND case_holding_role AND employment IN ('agency', 'permanent') AND in_post
    GROUP BY period_start, period_end, team, worker_key
),
held AS (
    SELECT h.period_start, h.period_end, h.team, h.worker_key, h.fte,
           SUM(CASE WHEN c.place_in_group = 1 THEN c.weight ELSE c.weight * s.sibling_share END) AS weighted_cases
    FROM holders AS h
    JOIN per_child AS c
      ON c.period_start = h.period_start AND c.period_end = h.period_end AND c.worker_key = h.worker_key
    CROSS JOIN workforce_standards AS s
    GROUP BY h.period_start, h.period_end, h.team, h.worker_key, h.fte
)
SELECT period_start, period_end, team, weighted_cases AS numerator_amount, fte AS denominator_amount, worker_key
FROM held
