import { type DeadLetter } from '@callfold/contracts';
import { formatTable } from '../io/table.format';

/**
 * The pure part of `dlq inspect`: which dead letters to show, and how they read in a terminal.
 */
export interface InspectedLetter {
  /** Where the dead letter itself sits on the dead-letter topic. */
  readonly partition: number;
  readonly offset: string;
  readonly letter: DeadLetter;
}

/** A record of the dead-letter topic that is not a decodable DeadLetter. */
export interface UnreadableRecord {
  readonly partition: number;
  readonly offset: string;
  readonly detail: string;
}

export const HEX_PREVIEW_BYTES = 16;
export const DETAIL_WIDTH = 60;

export function hexPreview(value: Buffer | null, bytes = HEX_PREVIEW_BYTES): string {
  if (value === null) return '-';
  const hex = value.subarray(0, bytes).toString('hex').replace(/(..)(?!$)/g, '$1 ');
  return value.length > bytes ? `${hex} ...` : hex;
}

/** One line, at most `width` characters: newlines flattened, the cut marked with `...`. */
export function truncate(text: string, width = DETAIL_WIDTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, Math.max(0, width - 3))}...`;
}

export function isoTime(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export const DLQ_COLUMNS = ['dead-lettered (UTC)', 'reason', 'source (topic/partition/offset)', 'conversationId', 'detail', 'size', `first ${HEX_PREVIEW_BYTES} bytes (hex)`];

export function renderDeadLetters(letters: readonly InspectedLetter[], detailWidth = DETAIL_WIDTH): string {
  return formatTable(
    DLQ_COLUMNS,
    letters.map(({ letter }) => [
      isoTime(letter.deadLetteredAt),
      letter.reason,
      `${letter.topic}/${letter.partition}/${letter.offset}`,
      letter.conversationId,
      truncate(letter.detail, detailWidth),
      letter.value === null ? null : `${letter.value.length} B`,
      hexPreview(letter.value),
    ]),
  );
}

/** Count per reason, most frequent first (ties by name), plus the total. */
export function reasonSummary(counts: ReadonlyMap<string, number>): string {
  const rows = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const total = rows.reduce((n, [, count]) => n + count, 0);
  return formatTable(['reason', 'count'], [...rows, ['total', total]]);
}

export const UNREADABLE = '(not a DeadLetter)';

/**
 * Collects what `dlq inspect` prints while the topic streams by, in bounded memory: the count
 * per reason of every record, and the `limit` most recent letters of the selected reason (all
 * reasons when none is given), returned oldest first.
 */
export class DeadLetterCollector {
  private readonly counts = new Map<string, number>();
  private readonly kept: InspectedLetter[] = [];
  private matchedCount = 0;
  readonly unreadable: UnreadableRecord[] = [];

  constructor(private readonly options: { readonly reason?: string; readonly limit: number }) {}

  add(item: InspectedLetter): void {
    this.count(item.letter.reason);
    if (this.options.reason !== undefined && item.letter.reason !== this.options.reason) return;
    this.matchedCount += 1;
    if (this.options.limit <= 0) return;
    const at = this.kept.findIndex((k) => compareLetters(item, k) < 0);
    this.kept.splice(at < 0 ? this.kept.length : at, 0, item);
    if (this.kept.length > this.options.limit) this.kept.shift();
  }

  addUnreadable(record: UnreadableRecord): void {
    this.count(UNREADABLE);
    if (this.unreadable.length < this.options.limit) this.unreadable.push(record);
  }

  /** The letters to show, oldest first. */
  shown(): readonly InspectedLetter[] {
    return this.kept;
  }

  /** Letters of the selected reason (or all letters), shown or not. */
  matched(): number {
    return this.matchedCount;
  }

  perReason(): ReadonlyMap<string, number> {
    return this.counts;
  }

  private count(reason: string): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }
}

/** Time of dead-lettering, then position on the dead-letter topic. */
function compareLetters(a: InspectedLetter, b: InspectedLetter): number {
  return a.letter.deadLetteredAt - b.letter.deadLetteredAt || a.partition - b.partition || compareOffsets(a.offset, b.offset);
}

function compareOffsets(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
