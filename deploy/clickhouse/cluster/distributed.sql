-- Distributed tables over the replicated local tables of a sharded ClickHouse cluster
-- (deploy/clickhouse/README.md, "Sharded cluster"). Placeholders, filled by hand or by sed:
--   {{db}}        the database callfold writes to and analysts read (e.g. callfold)
--   {{local_db}}  the database holding the local ReplicatedReplacingMergeTree tables (e.g. callfold_local),
--                 created by `CALLFOLD_CLICKHOUSE_DATABASE={{local_db}} npx callfold migrate --cluster {{cluster}}`
--   {{cluster}}   the cluster name in remote_servers
--
-- Sharding key cityHash64(conversation_id): every row of one conversation, in every table and in
-- every version, lands on the same shard. ReplacingMergeTree collapses versions only within a
-- shard (FINAL runs on each shard, then the initiator merges the already-collapsed results), so
-- keeping a conversation on one shard is what keeps `FINAL` exact. A random or time-based key
-- would scatter a conversation's versions over shards, and FINAL would return several versions
-- of one conversation (double counts in every KPI). cityHash64 spreads conversation ids evenly.
CREATE DATABASE IF NOT EXISTS {{db}} ON CLUSTER '{{cluster}}';

CREATE TABLE IF NOT EXISTS {{db}}.call_events ON CLUSTER '{{cluster}}' AS {{local_db}}.call_events
ENGINE = Distributed('{{cluster}}', '{{local_db}}', 'call_events', cityHash64(conversation_id));

CREATE TABLE IF NOT EXISTS {{db}}.conversations ON CLUSTER '{{cluster}}' AS {{local_db}}.conversations
ENGINE = Distributed('{{cluster}}', '{{local_db}}', 'conversations', cityHash64(conversation_id));

CREATE TABLE IF NOT EXISTS {{db}}.dialogues ON CLUSTER '{{cluster}}' AS {{local_db}}.dialogues
ENGINE = Distributed('{{cluster}}', '{{local_db}}', 'dialogues', cityHash64(conversation_id));

CREATE TABLE IF NOT EXISTS {{db}}.erasures ON CLUSTER '{{cluster}}' AS {{local_db}}.erasures
ENGINE = Distributed('{{cluster}}', '{{local_db}}', 'erasures', cityHash64(conversation_id));
