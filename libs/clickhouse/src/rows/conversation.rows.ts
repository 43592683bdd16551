import { type Conversation } from '@callfold/contracts';
import {
  ccaiSessionStatusName,
  detailedOutcome,
  holdSummary,
  orderNumberOf,
  toAiAgentConversation,
  toCcaiSessionMetadata,
  toContactoConversation,
  toOperatorConversation,
} from '@callfold/domain';
import { toFlag, toNullableDateTime64, toNullableFlag } from './clickhouse-time';

/**
 * A `conversations` row (0002_conversations.sql, 0007_lighter_conversations.sql): the projection's
 * facts plus every seed product's vocabulary, computed here by the domain functions so the SQL
 * views only rename. The key order is the column order of the compact insert (analytics.sink.ts).
 */
export function conversationRow(c: Conversation) {
  const operator = toOperatorConversation(c);
  const contacto = toContactoConversation(c);
  const ai = toAiAgentConversation(c);
  const ccai = toCcaiSessionMetadata(c);
  const holds = holdSummary(c, null);
  return {
    conversation_id: c.conversationId,
    version: c.version,
    phase: c.phase,
    ended: toFlag(c.endedAt !== null),
    direction: c.direction,
    channel: c.channel,
    session_type: c.sessionType,
    flow: c.flow,
    customer_id: c.customerId,
    customer_name: c.customerName,
    contact: c.contact,
    company_number: c.companyNumber,
    order_number: orderNumberOf(c),
    created_at: toNullableDateTime64(c.createdAt),
    scheduled_for: toNullableDateTime64(c.scheduledFor),
    ivr_entered_at: toNullableDateTime64(c.ivrEnteredAt),
    queued_at: toNullableDateTime64(c.queuedAt),
    assigned_at: toNullableDateTime64(c.assignedAt),
    connected_at: toNullableDateTime64(c.connectedAt),
    ended_at: toNullableDateTime64(c.endedAt),
    wrap_up_ended_at: toNullableDateTime64(c.wrapUpEndedAt),
    last_message_at: toNullableDateTime64(c.lastMessageAt),
    updated_at: toNullableDateTime64(c.updatedAt),
    ivr_id: c.ivrId,
    menu_path: c.menuPath,
    menu_path_id: c.menuPathId,
    queue_id: c.queueId,
    last_queue_id: c.lastQueueId,
    priority: c.priority,
    agent_id: c.agentId,
    last_agent_id: c.lastAgentId,
    team_id: c.teamId,
    answer_type: c.answerType,
    agents: c.agents,
    teams: c.teams,
    transfer_count: c.transfers.length,
    hold_count: holds.count,
    hold_total_ms: holds.totalMs,
    message_count: c.messageCount,
    disposition_code: c.dispositionCode,
    disposition_notes: c.dispositionNotes,
    hangup_source: c.hangupSource,
    end_reason: c.endReason,
    deflection_reason: c.deflectionReason,
    deflection_detail: c.deflectionDetail,
    csat_score: c.csatScore,
    csat_scale_max: c.csatScaleMax,
    csat_comment: c.csatComment,
    sentiment: c.sentiment,
    emotions: c.emotions,
    summary: c.summary,
    analysis: c.analysis,
    review_flagged: toNullableFlag(c.reviewFlagged),
    ticket_id: c.ticketId,
    ticket_url: c.ticketUrl,
    recording_permission: c.recordingPermission,
    recording_url: c.recordingUrl,
    tags: c.tags.map((t) => ({ key: t.key, value: t.value })),
    functions_json: JSON.stringify(c.functions),
    // Only the participants (seed 003's session metadata shows them): the whole projection is on
    // the compacted conversations topic, so the row no longer carries it (migration 0007).
    participants_json: JSON.stringify(c.participants),
    detailed_outcome: detailedOutcome(c),
    operator_status: operator.status,
    operator_direction: operator.direction,
    operator_sentiment: operator.sentiment,
    operator_transferred: toFlag(operator.transferred),
    contacto_state: contacto.conversationState,
    contacto_direction: contacto.direction,
    contacto_channel: contacto.channel,
    contacto_agent: contacto.agent,
    contacto_team: contacto.team,
    contacto_phone_number: contacto.contactoPhoneNumber,
    contacto_hangup_source: contacto.hangupSource,
    ai_status: ai.status,
    ai_platform: ai.platform,
    ai_flagged: toFlag(ai.flagged),
    ai_duration_ms: ai.durationMs,
    ccai_status: ccai.status,
    ccai_status_name: ccaiSessionStatusName(c),
    ccai_session_type: ccai.sessionType?.en ?? null,
    ccai_session_type_pt: ccai.sessionType?.pt ?? null,
    ccai_handle_duration_sec: ccai.handleDurationSec,
    ccai_hold_duration_sec: ccai.holdDurationSec,
    ccai_answer_type: ccai.answerType,
    ccai_recording_permission: ccai.recordingPermission,
    ccai_support_phone_number: ccai.supportPhoneNumber,
    ccai_outbound_phone_number: ccai.outboundPhoneNumber,
    ccai_transferred: toFlag(ccai.transferred),
    ccai_deflection: ccai.deflection,
  };
}

export type ConversationTableRow = ReturnType<typeof conversationRow>;
