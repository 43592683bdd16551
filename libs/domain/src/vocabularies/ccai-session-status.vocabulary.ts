import { type Conversation } from '@callfold/contracts';
import { assertNever } from '../shared/assert-never';
import { detailedOutcome } from './detailed-outcome.vocabulary';
import { recoveredFromFailure } from './failure.facts';

/**
 * Seed 003: Google Contact Center AI Platform session metadata file, field `Status da sessão`
 * (session status): the numeric codes and their names.
 */
export const CcaiSessionStatus = {
  scheduled: 0,
  queued: 1,
  assigned: 2,
  connecting: 3,
  switching: 4,
  connected: 5,
  finished: 8,
  failed: 9,
  recovered: 10,
  deflected: 11,
  selecting: 12,
  va_assigned: 13,
  va_connected: 14,
  preview_pending: 15,
  preview_ready: 16,
  campaign_connecting: 17,
  campaign_connected: 18,
  requeued: 19,
  predictive_waiting: 20,
  progressive_waiting: 21,
  preview_waiting: 22,
  campaign_dialing: 23,
  voicemail: 80,
  voicemail_received: 81,
} as const;
export type CcaiSessionStatusName = keyof typeof CcaiSessionStatus;
export type CcaiSessionStatusCode = (typeof CcaiSessionStatus)[CcaiSessionStatusName];

/** The numeric session status code. */
export function ccaiSessionStatus(c: Conversation): CcaiSessionStatusCode {
  return CcaiSessionStatus[ccaiSessionStatusName(c)];
}

/**
 * The session status. While live it is the phase, campaign calls using the campaign_* variants
 * (CCAI has no hold status: a held call is still connected; it has no "created" status either: a
 * new session is scheduled, the start of an outbound dial, or an inbound one still being routed).
 * Once disconnected (or in wrap-up) it is the ending, see finalStatus.
 */
export function ccaiSessionStatusName(c: Conversation): CcaiSessionStatusName {
  if (c.endedAt !== null) return finalStatus(c);
  const campaign = isCampaign(c);
  switch (c.phase) {
    case 'CREATED':
      return createdStatus(c, campaign);
    case 'SCHEDULED':
      return 'scheduled';
    case 'DIALING':
      return campaign ? 'campaign_dialing' : 'connecting';
    case 'PREDICTIVE_WAITING':
      return 'predictive_waiting';
    case 'PROGRESSIVE_WAITING':
      return 'progressive_waiting';
    case 'PREVIEW_WAITING':
      return 'preview_waiting';
    case 'PREVIEW_PENDING':
      return 'preview_pending';
    case 'PREVIEW_READY':
      return 'preview_ready';
    case 'IVR':
    case 'SELECTING':
      return 'selecting';
    case 'QUEUED':
      return 'queued';
    case 'REQUEUED':
      return 'requeued';
    case 'ASSIGNED':
      return 'assigned';
    case 'VA_ASSIGNED':
      return 'va_assigned';
    case 'CONNECTING':
      return campaign ? 'campaign_connecting' : 'connecting';
    case 'CONNECTED':
    case 'HELD':
      return campaign ? 'campaign_connected' : 'connected';
    case 'VA_CONNECTED':
      return 'va_connected';
    case 'SWITCHING':
      return 'switching';
    case 'WRAP_UP':
    case 'ENDED':
      return finalStatus(c);
    default:
      return assertNever(c.phase);
  }
}

function createdStatus(c: Conversation, campaign: boolean): CcaiSessionStatusName {
  if (c.scheduledFor !== null) return 'scheduled';
  if (campaign) return c.dialMode === 'PREVIEW' ? 'preview_pending' : 'campaign_dialing';
  return c.direction === 'OUTBOUND' ? 'connecting' : 'selecting';
}

/**
 * Endings: a recorded voicemail is voicemail_received (81) even after an agent talked (transferred
 * to voicemail); an outbound call that reached a voicemail machine is voicemail (80); deflected
 * (11) and failed (9, a failure nothing recovered from) follow the detailed outcome; a failure
 * followed by an agent connection is recovered (10); anything else is finished (8).
 */
function finalStatus(c: Conversation): CcaiSessionStatusName {
  if (c.voicemailReceivedAt !== null) return 'voicemail_received';
  const outcome = detailedOutcome(c);
  switch (outcome) {
    case 'Voicemail':
      return 'voicemail';
    case 'Deflected':
      return 'deflected';
    case 'Failed':
      return 'failed';
    case 'VoicemailReceived':
    case 'Completed':
    case 'Transferred':
    case 'Busy':
    case 'NoAnswer':
    case 'QueueTimeout':
    case 'AssignmentFailed':
    case 'Abandoned':
    case 'IvrDrop':
    case 'InProgress':
      return recoveredFromFailure(c) ? 'recovered' : 'finished';
    default:
      return assertNever(outcome);
  }
}

/** A campaign call: the voice campaign session type (external dialer) or a campaign id. */
export function isCampaign(c: Conversation): boolean {
  return c.sessionType === 'VOICE_CAMPAIGN' || c.campaignId !== null;
}
