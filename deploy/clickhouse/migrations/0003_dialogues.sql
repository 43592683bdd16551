-- The analytic row, one per conversation: seed 004's Dialogue plus the parts other products'
-- KPI formulas need. Column meanings: docs/outcome-rules.md. Read with FINAL.
CREATE TABLE IF NOT EXISTS {{db}}.dialogues {{on_cluster}}
(
    conversation_id              String,
    order_number                 String,
    start_date                   Date,
    start_timestamp              DateTime64(3, 'UTC'),
    queue_enter_timestamp        Nullable(DateTime64(3, 'UTC')),
    accept_timestamp             Nullable(DateTime64(3, 'UTC')),
    end_timestamp                Nullable(DateTime64(3, 'UTC')),
    ivr_duration_ms              Nullable(UInt64),
    queue_duration_ms            Nullable(UInt64),
    initial_talk_duration_ms     Nullable(UInt64),
    session_duration_ms          Nullable(UInt64),
    ivr_id                       Nullable(String),
    queue_id                     Nullable(String),
    customer_id                  Nullable(String),
    agent_id                     Nullable(String),
    -- 1 inbound, 2 outbound (seed 004).
    direction                    Nullable(UInt8),
    outcome                      LowCardinality(Nullable(String)),
    in_sla                       Nullable(UInt8),
    quick_drop                   Nullable(UInt8),
    detailed_outcome             LowCardinality(String),
    queued                       UInt8,
    wait_ms                      Nullable(UInt64),
    answered_within_threshold    UInt8,
    abandoned                    UInt8,
    short_abandoned              UInt8,
    flow_out                     UInt8,
    abandoned_within_threshold   UInt8,
    abandon_phase                LowCardinality(Nullable(String)),
    hangup_source                LowCardinality(Nullable(String)),
    channel                      LowCardinality(Nullable(String)),
    session_type                 LowCardinality(Nullable(String)),
    answer_type                  LowCardinality(Nullable(String)),
    human_accept_timestamp       Nullable(DateTime64(3, 'UTC')),
    hold_count                   UInt16,
    hold_total_ms                UInt64,
    wrap_up_ms                   Nullable(UInt64),
    handle_ms                    Nullable(UInt64),
    transfer_count               UInt16,
    queue_entries                UInt16,
    requeues                     UInt16,
    last_queue_id                Nullable(String),
    last_agent_id                Nullable(String),
    -- The thresholds applied, copied onto the row so history stays explainable.
    sla_threshold_ms             UInt32,
    quick_drop_threshold_ms      UInt32,
    quick_drop_clock             LowCardinality(String),
    version                      UInt64,
    written_at                   DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_start start_timestamp TYPE minmax GRANULARITY 4,
    INDEX idx_queue queue_id TYPE set(1000) GRANULARITY 4
)
-- version = projection version. A `rebuild` after a threshold change writes the same version
-- again; for equal versions ReplacingMergeTree keeps the last inserted row, so the recomputed
-- InSLA / QuickDrop win. https://clickhouse.com/docs/engines/table-engines/mergetree-family/replacingmergetree
ENGINE = {{replicated}}ReplacingMergeTree(version)
-- Not partitioned, for the reason given in 0002: start_timestamp can move when a late
-- SessionCreated arrives. Date filters use the minmax index on start_timestamp.
ORDER BY conversation_id
SETTINGS non_replicated_deduplication_window = 1000;
