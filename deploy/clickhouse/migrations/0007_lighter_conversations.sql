-- The conversations row without the whole projection (docs/benchmarks.md, "Where the time goes" 1a).
-- The writer used to store `projection_json` (JSON of the whole projection, about 2.8 KB of a
-- 5 KB row) on every row; the projection is on the compacted conversations topic already, and the
-- only reader was v_ccai_session_metadata, for the participants. From this migration on the writer
-- stores the participants alone in `participants_json` and no longer writes `projection_json`.

-- Codec ZSTD(3), as functions_json: the JSON repeats the same keys and roles on every row, so it
-- compresses well, and it is read rarely. No index: nothing filters on it. The table's ORDER BY
-- (conversation_id) and its lack of a partition key (0002) are unchanged.
ALTER TABLE {{db}}.conversations {{on_cluster}}
    ADD COLUMN IF NOT EXISTS participants_json String CODEC(ZSTD(3)) AFTER functions_json;

-- `projection_json` stays, deliberately: rows written before this migration keep their
-- participants only there, and a DROP COLUMN would lose them; filling participants_json for those
-- rows would need a mutation (MATERIALIZE COLUMN / UPDATE), which the Distributed tables of the
-- sharded layout (deploy/clickhouse/README.md) reject, so this file could not serve both targets.
-- New rows leave it at its default '' (a String column's empty value costs next to nothing with
-- ZSTD(6)). Once every conversation was rewritten (or is past retention), a later migration may
-- drop it; the view below no longer needs it then.
-- Same output as 0005: old rows from projection_json, new rows from participants_json, which
-- holds exactly the text JSONExtractRaw(projection_json, 'participants') gave.
CREATE OR REPLACE VIEW {{db}}.v_ccai_session_metadata {{on_cluster}} AS
SELECT
    conversation_id                AS session_id,
    ccai_session_type              AS session_type,
    ccai_session_type_pt           AS session_type_pt,
    ccai_status                    AS status,
    ccai_status_name               AS status_name,
    created_at                     AS created,
    queued_at                      AS queued,
    assigned_at                    AS assigned,
    connected_at                   AS connected,
    ended_at                       AS finished,
    scheduled_for                  AS scheduled,
    updated_at                     AS updated,
    ccai_handle_duration_sec       AS handle_duration_sec,
    ccai_hold_duration_sec         AS hold_duration_sec,
    ccai_answer_type               AS answer_type,
    ticket_id                      AS crm_ticket_id,
    ticket_url                     AS crm_ticket_url,
    ccai_recording_permission      AS recording_permission,
    recording_url                  AS recording_url,
    ccai_support_phone_number      AS support_phone_number,
    ccai_outbound_phone_number     AS outbound_phone_number,
    menu_path                      AS menu_path,
    menu_path_id                   AS menu_path_id,
    priority                       AS queue_priority,
    csat_score                     AS csat,
    csat_comment                   AS csat_comment,
    agent_id                       AS agent,
    toBool(ccai_transferred)       AS transferred,
    ccai_deflection                AS deflection,
    disposition_code               AS disposition_code,
    disposition_notes              AS disposition_notes,
    if(projection_json != '', JSONExtractRaw(projection_json, 'participants'), participants_json) AS participants
FROM {{db}}.conversations FINAL;
