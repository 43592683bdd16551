import { type CallEvent, formatIssues, parseCallEventJson } from '@callfold/contracts';

/**
 * The pure part of `replay`: one line of a backfill file -> an event, nothing (a blank line), or a
 * rejection with its line number and every reason; and the tally that makes sure each line is
 * counted exactly once.
 */
export type LineResult =
  | { readonly kind: 'blank' }
  | { readonly kind: 'event'; readonly line: number; readonly event: CallEvent }
  | { readonly kind: 'rejected'; readonly rejection: LineRejection };

export interface LineRejection {
  readonly line: number;
  readonly reason: string;
}

export function classifyLine(text: string, line: number): LineResult {
  if (text.trim() === '') return { kind: 'blank' };
  const parsed = parseCallEventJson(text);
  if (parsed.ok) return { kind: 'event', line, event: parsed.event };
  return { kind: 'rejected', rejection: { line, reason: formatIssues(parsed.errors) } };
}

export function formatRejection(file: string, rejection: LineRejection): string {
  return `rejected ${file}:${rejection.line}: ${rejection.reason}`;
}

export interface ReplayTally {
  /** Lines read, blank ones included. */
  readonly lines: number;
  readonly blank: number;
  /** Valid events read (produced, or waiting in the current batch). */
  readonly accepted: number;
  readonly rejected: number;
  /** Events the broker acknowledged. */
  readonly produced: number;
}

export const emptyTally: ReplayTally = { lines: 0, blank: 0, accepted: 0, rejected: 0, produced: 0 };

export function tallyLine(tally: ReplayTally, result: LineResult): ReplayTally {
  const lines = tally.lines + 1;
  switch (result.kind) {
    case 'blank':
      return { ...tally, lines, blank: tally.blank + 1 };
    case 'event':
      return { ...tally, lines, accepted: tally.accepted + 1 };
    case 'rejected':
      return { ...tally, lines, rejected: tally.rejected + 1 };
  }
}

export function tallyProduced(tally: ReplayTally, count: number): ReplayTally {
  return { ...tally, produced: tally.produced + count };
}

/** Every line is exactly one of blank, accepted or rejected; every accepted event was produced. */
export function tallyIsComplete(tally: ReplayTally): boolean {
  return tally.lines === tally.blank + tally.accepted + tally.rejected && tally.produced === tally.accepted;
}

/**
 * Events per batch: the configured size, or under a rate limit about a tenth of a second's worth
 * (at least 1), so a slow rate sends small steady batches instead of one burst per second.
 */
export function batchSizeFor(batchSize: number, rate: number | undefined): number {
  if (rate === undefined) return batchSize;
  return Math.max(1, Math.min(batchSize, Math.ceil(rate / 10)));
}

/** How long to wait after `produced` events so the average stays at or under `rate` per second. */
export function pacingDelayMs(produced: number, elapsedMs: number, rate: number | undefined): number {
  if (rate === undefined) return 0;
  return Math.max(0, (produced * 1000) / rate - elapsedMs);
}
