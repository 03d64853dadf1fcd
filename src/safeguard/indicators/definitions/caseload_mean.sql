-- One row per case holder (worker_key): the caseload picture reads the same rows worker by worker.
-- Children open at the period's end (in need, on a plan, in care; each child once) allocated to a
-- case holder in the workforce file, against the case holders' full-time equivalents: those in
-- post with at least one case (DfE's caseload_fte). The team is the worker's.
WITH open_cases AS (
    SELECT period_start, period_end, child_id, worker FROM children_in_need_open
    UNION
    SELECT period_start, period_end, child_id, worker FROM child_protection_plans_open
    UNION
    SELECT period_start, period_end, child_id, worker FROM children_in_care_open
),
holders AS (
    SELECT period_start, period_end, team, worker_key, SUM(fte) AS fte
    FROM workforce_at_end
    WHERE describes_end AND case_holding_role AND employment IN ('agency', 'permanent') AND in_post
    GROUP BY period_start, period_end, team, worker_key
),
held AS (
    SELECT h.period_start, h.period_end, h.team, h.worker_key, h.fte, COUNT(DISTINCT c.child_id) AS cases
    FROM holders AS h
    JOIN open_cases AS c
      ON c.period_start = h.period_start AND c.period_end = h.period_end AND UPPER(TRIM(c.worker)) = h.worker_key
    GROUP BY h.period_start, h.period_end, h.team, h.worker_key, h.fte
)
SELECT period_start, period_end, team, cases AS numerator_amount, fte AS denominator_amount, worker_key
FROM held
