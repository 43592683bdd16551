import { type Sentiment } from '@callfold/contracts';
import { type ScenarioContext } from './scenario';

/** Which post-call facts to add. */
export interface EnrichmentKinds {
  readonly csat?: boolean;
  readonly sentiment?: boolean;
  readonly summary?: boolean;
  readonly review?: boolean;
  readonly ticket?: boolean;
  readonly recording?: boolean;
}

export const ALL_ENRICHMENT: EnrichmentKinds = { csat: true, sentiment: true, summary: true, review: true, ticket: true, recording: true };

const SENTIMENTS: readonly Sentiment[] = ['OVERLY_NEGATIVE', 'NEGATIVE', 'NEUTRAL', 'NEUTRAL', 'POSITIVE', 'POSITIVE', 'OVERLY_POSITIVE'];
const EMOTIONS = ['curiosity', 'gratitude', 'approval', 'confusion', 'frustration', 'relief', 'annoyance', 'admiration'];
const SUMMARIES = [
  'Customer asked about a charge on the last invoice; the agent explained the pro-rated fee.',
  'Customer reported no internet since the morning; a technician visit was booked.',
  'Customer wanted to cancel; the agent offered a discount and the customer stayed.',
  'Customer moved home and asked to transfer the contract to the new address.',
  'Customer asked for the outage status; the estimated restore time was given.',
];
const REVIEW_REASONS = ['Agent did not confirm identity', 'Customer expressed strong dissatisfaction', 'Possible mis-sold upgrade'];

/**
 * Post-call enrichment, delivered late like seed 003's metadata file ("updated 15 minutes after
 * the session ends"): analytics, CRM and recorder facts happen within a couple of minutes of the
 * end but arrive in one batch about `lateEnrichmentDelayMs` after it; the survey answer (CSAT)
 * itself happens minutes later and is delivered when it happens. Call after the Ended event.
 */
export function enrich(ctx: ScenarioContext, kinds: EnrichmentKinds): void {
  const { rng, b, lateEnrichmentDelayMs: delay } = ctx;
  const end = b.endedAt ?? b.now;
  const batchAt = end + Math.round(delay * (0.8 + 0.4 * rng.next()));
  let at = end + rng.int(5_000, 30_000);
  // Each fact keeps its offset from the end inside the batch, so delivery follows occurredAt.
  const deliver = (): number => batchAt + (at - end);
  const step = (): void => {
    at += rng.int(2_000, 20_000);
  };
  const id = b.conversationId;
  if (kinds.recording === true && !b.recordingDenied) {
    b.late('recorder', 'RecordingUpdated', { permission: 'GRANTED', url: `https://recordings.example.com/calls/${id}.wav` }, at, deliver());
    step();
  }
  if (kinds.ticket === true) {
    const ticketId = `TCK-${String(rng.int(10_000, 999_999))}`;
    b.late('crm', 'TicketLinked', { ticketId, ticketUrl: `https://crm.example.com/cases/${ticketId}` }, at, deliver());
    step();
  }
  if (kinds.sentiment === true) {
    const emotions = EMOTIONS.filter(() => rng.chance(0.25));
    b.late('analytics', 'SentimentAnalyzed', { overall: rng.pick(SENTIMENTS), emotions }, at, deliver());
    step();
  }
  if (kinds.summary === true) {
    const analysis = rng.chance(0.5) ? 'Agent followed the script; resolution confirmed with the customer.' : null;
    b.late('analytics', 'SummaryProduced', { summary: rng.pick(SUMMARIES), analysis }, at, deliver());
    step();
  }
  if (kinds.review === true) {
    b.late('analytics', 'ReviewFlagged', { flagged: true, reason: rng.pick(REVIEW_REASONS), reviewer: 'review-agent' }, at, deliver());
  }
  if (kinds.csat === true) {
    const answeredAt = end + Math.round(delay * (0.2 + 0.8 * rng.next())) + rng.int(60_000, 300_000);
    const score = rng.int(1, 4);
    b.late('survey', 'CsatReceived', { score, scaleMax: 4, comment: score <= 2 && rng.chance(0.5) ? 'Took too long to get through.' : null }, answeredAt, answeredAt);
  }
}

/** A realistic, partial enrichment: each fact with its own likelihood. */
export function someEnrichment(ctx: ScenarioContext): void {
  const { rng } = ctx;
  enrich(ctx, {
    csat: rng.chance(0.3),
    sentiment: rng.chance(0.5),
    summary: rng.chance(0.4),
    review: rng.chance(0.05),
    ticket: rng.chance(0.3),
    recording: rng.chance(0.5),
  });
}
