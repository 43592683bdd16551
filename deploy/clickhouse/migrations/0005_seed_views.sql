-- One view per seed product, in that product's vocabulary and column names. The vocabulary
-- values are computed by libs/domain/src/vocabularies when the writer stores a conversation, so
-- these views only rename and select: the rules live in one place.

-- 000 AI phone "Operator": conversation records.
CREATE VIEW IF NOT EXISTS {{db}}.v_operator_conversations {{on_cluster}} AS
SELECT
    conversation_id                AS id,
    operator_direction             AS direction,
    operator_status                AS status,
    toBool(operator_transferred) AS transferred,
    operator_sentiment             AS sentiment,
    created_at                     AS created_at,
    ended_at                       AS ended_at,
    summary                        AS summary
FROM {{db}}.conversations FINAL;

-- 001 Contacto: conversation view columns. Created date / time are UTC here; convert with
-- toTimeZone(`Created at`, 'Your/Zone') for the viewer's local time.
CREATE VIEW IF NOT EXISTS {{db}}.v_contacto_conversations {{on_cluster}} AS
SELECT
    conversation_id                AS `Conversation ID`,
    customer_name                  AS `Customer Name`,
    toDate(created_at)             AS `Created date`,
    formatDateTime(created_at, '%H:%i:%S') AS `Created time`,
    created_at                     AS `Created at`,
    contacto_agent                 AS `Agent Name`,
    contacto_team                  AS `Team`,
    contacto_direction             AS `Conversation Direction`,
    disposition_code               AS `Disposition`,
    contacto_state                 AS `Conversation state`,
    disposition_notes              AS `Wrap-up note`,
    contacto_channel               AS `Channel`,
    contact                        AS `Contact`,
    contacto_phone_number          AS `Contacto Phone number`,
    ticket_id                      AS `Ticket ID`,
    csat_score                     AS `CSAT`,
    contacto_hangup_source         AS `Hangup Source`
FROM {{db}}.conversations FINAL;

-- 002 AI-agent platform: conversations table.
CREATE VIEW IF NOT EXISTS {{db}}.v_ai_agent_conversations {{on_cluster}} AS
SELECT
    conversation_id                AS id,
    flow                           AS flow,
    ai_platform                    AS platform,
    contact                        AS contact,
    customer_id                    AS contact_id,
    ai_status                      AS status,
    ai_duration_ms / 1000          AS duration_sec,
    last_message_at                AS last_message,
    toDate(created_at)             AS date,
    created_at                     AS start_time,
    ended_at                       AS end_time,
    toBool(ai_flagged)             AS flagged,
    functions_json                 AS functions,
    tags                           AS tags,
    emotions                       AS emotions,
    summary                        AS summary,
    analysis                       AS analysis
FROM {{db}}.conversations FINAL;

-- 003 Google CCAI Platform: session metadata file, one row per session.
CREATE VIEW IF NOT EXISTS {{db}}.v_ccai_session_metadata {{on_cluster}} AS
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
    JSONExtractRaw(projection_json, 'participants') AS participants
FROM {{db}}.conversations FINAL;

-- 004 Anywhere365 Insights: the Dialogue entity, with its own column names.
CREATE VIEW IF NOT EXISTS {{db}}.v_anywhere365_dialogues {{on_cluster}} AS
SELECT
    conversation_id                AS id,
    start_date                     AS startDate,
    start_timestamp                AS startTimestamp,
    queue_enter_timestamp          AS queueEnterTimestamp,
    accept_timestamp               AS acceptTimestamp,
    end_timestamp                  AS endTimestamp,
    ivr_duration_ms / 1000         AS ivrDurationInSec,
    queue_duration_ms / 1000       AS queueDurationInSec,
    initial_talk_duration_ms / 1000 AS initialTalkDurationInSec,
    session_duration_ms / 1000     AS sessionDurationInSec,
    ivr_id                         AS ivrId,
    queue_id                       AS queueId,
    customer_id                    AS customerId,
    agent_id                       AS agentId,
    direction                      AS direction,
    outcome                        AS Outcome,
    multiIf(in_sla IS NULL, NULL, in_sla = 1, 'True', 'False')         AS InSLA,
    multiIf(quick_drop IS NULL, NULL, quick_drop = 1, 'True', 'False') AS QuickDrop,
    order_number                   AS orderNumber
FROM {{db}}.dialogues FINAL;
