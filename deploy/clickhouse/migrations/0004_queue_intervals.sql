-- Per-queue 15-minute interval statistics. Each metric lands in the interval of its own moment
-- (as Genesys does): offered at queue entry, accepted at acceptance, abandoned / IVR drop at the
-- disconnect. A call queued at 07:28 and answered at 07:32 is offered in 07:15-07:30 and accepted
-- in 07:30-07:45.
--
-- A plain view over dialogues FINAL rather than a materialized view: a materialized view sees
-- each insert once, so replays, version updates and erasures would double count or linger; this
-- view is correct under all three by construction. At large volume, swap it for a refreshable
-- materialized view with the same SELECT (REFRESH EVERY 5 MINUTE), keeping the same columns.
-- IVR drops carry no queue: they appear with queue_id NULL and their IVR in ivr_id.
CREATE VIEW IF NOT EXISTS {{db}}.queue_intervals_15m {{on_cluster}} AS
SELECT
    queue_id,
    if(queue_id IS NULL, ivr_id, NULL)                                    AS ivr_id,
    channel,
    toStartOfFifteenMinutes(m.2)                                          AS interval_start,
    countIf(m.1 = 'offered')                                              AS offered,
    countIf(m.1 = 'accepted')                                             AS accepted,
    countIf(m.1 = 'accepted' AND in_sla = 1)                              AS accepted_in_sla,
    countIf(m.1 = 'abandoned')                                            AS abandoned,
    countIf(m.1 = 'abandoned' AND quick_drop = 1)                         AS quick_drops,
    countIf(m.1 = 'abandoned' AND abandoned_within_threshold = 1)         AS abandoned_within_threshold,
    countIf(m.1 = 'abandoned' AND flow_out = 1)                           AS flow_outs,
    countIf(m.1 = 'ivr_drop')                                             AS ivr_drops,
    sumIf(ifNull(wait_ms, 0), m.1 = 'accepted')                           AS accepted_wait_ms_sum,
    maxIf(ifNull(wait_ms, 0), m.1 = 'accepted')                           AS accepted_wait_ms_max,
    sumIf(ifNull(wait_ms, 0), m.1 = 'abandoned')                          AS abandoned_wait_ms_sum,
    sumIf(ifNull(initial_talk_duration_ms, 0), m.1 = 'accepted')          AS talk_ms_sum,
    sumIf(hold_total_ms, m.1 = 'accepted')                                AS hold_ms_sum,
    any(sla_threshold_ms)                                                 AS sla_threshold_ms
FROM (SELECT * FROM {{db}}.dialogues FINAL)
ARRAY JOIN [
    tuple('offered', if(queued = 1, queue_enter_timestamp, NULL)),
    tuple('accepted', if(outcome = 'Accepted' AND queued = 1, accept_timestamp, NULL)),
    tuple('abandoned', if(outcome = 'Abandoned', end_timestamp, NULL)),
    tuple('ivr_drop', if(outcome = 'IvrDrop', end_timestamp, NULL))
] AS m
WHERE m.2 IS NOT NULL
GROUP BY queue_id, ivr_id, channel, interval_start;
