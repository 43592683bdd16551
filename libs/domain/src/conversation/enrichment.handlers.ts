import {
  type Clock,
  type CsatReceived,
  type FunctionExecuted,
  type RecordingUpdated,
  type ReviewFlagged,
  type SentimentAnalyzed,
  type SummaryProduced,
  type Tag,
  type TagsAdded,
  type TicketLinked,
} from '@callfold/contracts';
import { type Draft } from './draft';
import { compareStrings, insertAt, insertTimed, sortedDistinctStrings } from './merge';
import { claim, LAST } from './registers';

const same = <T>(value: T) => value;
const csatOf = (p: CsatReceived) => [p.score, p.scaleMax, p.comment];
const heldCsat = (c: Draft) => [c.csatScore, c.csatScaleMax, c.csatComment];
const sentimentOf = (p: SentimentAnalyzed) => [p.overall, sortedDistinctStrings(p.emotions)];
const heldSentiment = (c: Draft) => [c.sentiment, c.emotions];
const summaryOf = (p: SummaryProduced) => [p.summary, p.analysis];
const heldSummary = (c: Draft) => [c.summary, c.analysis];
const reviewOf = (p: ReviewFlagged) => [p.flagged, p.reason];
const heldReview = (c: Draft) => [c.reviewFlagged, c.reviewReason];
const ticketOf = (p: TicketLinked) => [p.ticketId, p.ticketUrl];
const heldTicket = (c: Draft) => [c.ticketId, c.ticketUrl];
const heldPermission = (c: Draft) => c.recordingPermission;
const heldRecordingUrl = (c: Draft) => c.recordingUrl;

// Post-call results are last-writer-wins: a re-run survey or analysis replaces the earlier one.

export function applyCsatReceived(d: Draft, p: CsatReceived, clock: Clock): void {
  if (!claim(d, 'csat', clock, LAST, p, csatOf, heldCsat)) return;
  d.csatScore = p.score;
  d.csatScaleMax = p.scaleMax;
  d.csatComment = p.comment;
}

export function applySentimentAnalyzed(d: Draft, p: SentimentAnalyzed, clock: Clock): void {
  if (!claim(d, 'sentiment', clock, LAST, p, sentimentOf, heldSentiment)) return;
  d.sentiment = p.overall;
  d.emotions = sortedDistinctStrings(p.emotions);
}

export function applySummaryProduced(d: Draft, p: SummaryProduced, clock: Clock): void {
  if (!claim(d, 'summary', clock, LAST, p, summaryOf, heldSummary)) return;
  d.summary = p.summary;
  d.analysis = p.analysis;
}

export function applyReviewFlagged(d: Draft, p: ReviewFlagged, clock: Clock): void {
  if (!claim(d, 'review', clock, LAST, p, reviewOf, heldReview)) return;
  d.reviewFlagged = p.flagged;
  d.reviewReason = p.reason;
}

export function applyFunctionExecuted(d: Draft, p: FunctionExecuted, clock: Clock): void {
  d.functions = insertTimed(d.functions, {
    at: clock.at,
    name: p.name,
    parametersJson: p.parametersJson,
    outputJson: p.outputJson,
    succeeded: p.succeeded,
  });
}

export function applyTagsAdded(d: Draft, p: TagsAdded): void {
  let tags = d.tags;
  for (const tag of p.tags) tags = insertDistinctTag(tags, tag);
  d.tags = tags;
}

export function applyTicketLinked(d: Draft, p: TicketLinked, clock: Clock): void {
  if (!claim(d, 'ticket', clock, LAST, p, ticketOf, heldTicket)) return;
  d.ticketId = p.ticketId;
  d.ticketUrl = p.ticketUrl;
}

export function applyRecordingUpdated(d: Draft, p: RecordingUpdated, clock: Clock): void {
  // Permission and location arrive separately; a null field states nothing about that register.
  if (p.permission !== null && claim(d, 'recordingPermission', clock, LAST, p.permission, same, heldPermission)) {
    d.recordingPermission = p.permission;
  }
  if (p.url !== null && claim(d, 'recordingUrl', clock, LAST, p.url, same, heldRecordingUrl)) d.recordingUrl = p.url;
}

function compareTags(a: Tag, b: Tag): number {
  return compareStrings(a.key, b.key) || compareStrings(a.value, b.value);
}

/** Tags form a set sorted by key then value; a new copy is made only when the tag is new. */
function insertDistinctTag(tags: readonly Tag[], tag: Tag): readonly Tag[] {
  let i = tags.length;
  while (i > 0) {
    const order = compareTags(tags[i - 1] as Tag, tag);
    if (order === 0) return tags;
    if (order < 0) break;
    i--;
  }
  return insertAt(tags, i, { key: tag.key, value: tag.value });
}
