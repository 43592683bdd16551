-- Raw events: one row per distinct event, exactly as it arrived (payload kept as JSON text).
-- Placeholders: {{db}} database, {{on_cluster}} / {{replicated}} for a cluster (see README).
CREATE TABLE IF NOT EXISTS {{db}}.call_events {{on_cluster}}
(
    event_id         String,
    conversation_id  String,
    -- Event time at the source, UTC, millisecond precision. DoubleDelta suits near-monotonic
    -- timestamps inside one conversation's sorted run.
    occurred_at      DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    sequence         Nullable(Int64),
    -- 38 event types and a handful of emitters: LowCardinality stores them as dictionary ids.
    type             LowCardinality(String),
    source_system    LowCardinality(String),
    source_vendor    LowCardinality(Nullable(String)),
    source_node      LowCardinality(Nullable(String)),
    -- Payload JSON compresses well and is read rarely (audits, rebuilds): heavier ZSTD level.
    payload          String CODEC(ZSTD(3)),
    kafka_partition  UInt16,
    kafka_offset     UInt64,
    ingested_at      DateTime64(3, 'UTC') DEFAULT now64(3)
)
-- ReplacingMergeTree collapses redeliveries (same conversation_id + event_id) on merge; exact
-- counts before a merge read with FINAL. Retried inserts are also skipped up front by
-- insert_deduplication_token (window below).
ENGINE = {{replicated}}ReplacingMergeTree
-- Monthly partitions by event time: retention drops whole months, and a redelivered event has the
-- same occurred_at, so its duplicate always lands in the same partition and can be collapsed.
PARTITION BY toYYYYMM(occurred_at)
-- The dedup key is the sort key; conversation first so one conversation's events are contiguous
-- (audits and erasure read one narrow range).
ORDER BY (conversation_id, event_id)
-- Raw events are the longest-kept table; shorten with ALTER TABLE ... MODIFY TTL if policy says so.
TTL toDateTime(occurred_at) + INTERVAL 400 DAY
SETTINGS non_replicated_deduplication_window = 1000;
