import {
  type CampaignWaiting,
  type Clock,
  type DialAttemptEnded,
  type DialingStarted,
  type DialMode,
  type Failed,
  type PreviewUpdated,
  type VoicemailReceived,
} from '@callfold/contracts';
import { type Draft } from './draft';
import { earliest } from './merge';
import { claim, LAST } from './registers';

const same = <T>(value: T) => value;
const heldDialMode = (c: Draft) => c.dialMode;
const heldCampaign = (c: Draft) => c.campaignId;
const heldDialResult = (c: Draft) => c.dialResult;
const heldPreview = (c: Draft) => c.previewState;
const voicemailOf = (p: VoicemailReceived) => [p.durationMs, p.recordingUrl];
const heldVoicemail = (c: Draft) => [c.voicemailDurationMs, c.voicemailUrl];
const failureOf = (p: Failed) => [p.reason, p.detail];
const heldFailure = (c: Draft) => [c.failureReason, c.failureDetail];

export function applyDialingStarted(d: Draft, p: DialingStarted, clock: Clock): void {
  d.dialingAt = earliest(d.dialingAt, clock.at);
  // Each distinct DialingStarted is one attempt; `attempt` is the dialer's own numbering and is not
  // trusted to be dense (sources that always send the default 1 would undercount a max()).
  d.dialAttempts += 1;
  offerDialMode(d, clock, p.mode);
  if (p.campaignId !== null) offerCampaign(d, clock, p.campaignId);
}

export function applyCampaignWaiting(d: Draft, p: CampaignWaiting, clock: Clock): void {
  offerDialMode(d, clock, p.mode);
  offerCampaign(d, clock, p.campaignId);
}

export function applyPreviewUpdated(d: Draft, p: PreviewUpdated, clock: Clock): void {
  // The record reaching an agent is the assignment of a preview call: handle time starts here (seed 003).
  d.assignedAt = earliest(d.assignedAt, clock.at);
  if (claim(d, 'preview', clock, LAST, p.state, same, heldPreview)) d.previewState = p.state;
  offerDialMode(d, clock, 'PREVIEW');
  if (p.campaignId !== null) offerCampaign(d, clock, p.campaignId);
}

export function applyDialAttemptEnded(d: Draft, p: DialAttemptEnded, clock: Clock): void {
  if (claim(d, 'dialResult', clock, LAST, p.result, same, heldDialResult)) d.dialResult = p.result;
}

export function applyVoicemailReceived(d: Draft, p: VoicemailReceived, clock: Clock): void {
  d.voicemailReceivedAt = earliest(d.voicemailReceivedAt, clock.at);
  if (claim(d, 'voicemail', clock, LAST, p, voicemailOf, heldVoicemail)) {
    d.voicemailDurationMs = p.durationMs;
    d.voicemailUrl = p.recordingUrl;
  }
}

export function applyFailed(d: Draft, p: Failed, clock: Clock): void {
  d.failedAt = earliest(d.failedAt, clock.at);
  if (claim(d, 'failure', clock, LAST, p, failureOf, heldFailure)) {
    d.failureReason = p.reason;
    d.failureDetail = p.detail;
  }
}

/** The latest stated dialing mode (CampaignWaitMode symbols are DialMode symbols). */
function offerDialMode(d: Draft, clock: Clock, mode: DialMode): void {
  if (claim(d, 'dialMode', clock, LAST, mode, same, heldDialMode)) d.dialMode = mode;
}

/** The latest campaign stated; events without one (e.g. a manual redial) do not clear it. */
function offerCampaign(d: Draft, clock: Clock, campaignId: string): void {
  if (claim(d, 'campaign', clock, LAST, campaignId, same, heldCampaign)) d.campaignId = campaignId;
}
