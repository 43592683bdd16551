import { type CallEvent, type EventType, type PayloadOf } from '@callfold/contracts';
import { SOURCE_INDEX, SOURCES, SourceName } from './event-sources';

/** Sequences start here so a source's numbers look like a running counter, not a fresh one. */
const FIRST_SEQUENCE = 1001;

/**
 * Writes one conversation's events on a simulated clock. `now` only moves forward (scenarios
 * call `wait`), so live events come out in occurredAt order; `late` records an event whose
 * delivery (emitAt) is later than its occurrence, for post-call enrichment.
 *
 * Events are built as plain literals in schema key order with every field present, so they
 * are already in the contract's JSON form.
 */
export class ConversationBuilder {
  readonly events: CallEvent[] = [];
  /** Delivery time of each event, parallel to `events`. */
  readonly emitAt: number[] = [];
  now: number;
  /** occurredAt of the conversation's Ended, once written. */
  endedAt: number | null = null;
  /** The customer refused recording in the IVR: the late recording URL must not contradict it. */
  recordingDenied = false;
  private readonly sequences: number[] = SourceName.map(() => FIRST_SEQUENCE);

  constructor(
    readonly conversationId: string,
    private readonly eventIdBase: string,
    readonly startedAt: number,
  ) {
    this.now = startedAt;
  }

  /** Moves the clock forward by `ms` (rounded to whole milliseconds, never backwards). */
  wait(ms: number): this {
    this.now += Math.max(0, Math.round(ms));
    return this;
  }

  /** An event that happens now and is delivered now. */
  emit<K extends EventType>(source: SourceName, type: K, payload: PayloadOf[K]): this {
    if (type === 'Ended') this.endedAt = this.now;
    this.push(source, type, payload, this.now, this.now);
    return this;
  }

  /** An event at `occurredAt`, delivered at `emitAt` (never before it occurred). The clock does not move. */
  late<K extends EventType>(source: SourceName, type: K, payload: PayloadOf[K], occurredAt: number, emitAt: number): this {
    this.push(source, type, payload, Math.round(occurredAt), Math.round(Math.max(occurredAt, emitAt)));
    return this;
  }

  private push<K extends EventType>(source: SourceName, type: K, payload: PayloadOf[K], occurredAt: number, emitAt: number): void {
    const profile = SOURCES[source];
    let sequence: number | null = null;
    if (profile.sequenced) {
      const index = SOURCE_INDEX[source];
      sequence = this.sequences[index] as number;
      this.sequences[index] = sequence + 1;
    }
    // The generic K cannot be narrowed to one union member here; the literal matches CallEventOf<K>.
    const event = {
      eventId: this.eventIdBase + String(this.events.length + 1),
      conversationId: this.conversationId,
      occurredAt,
      sequence,
      source: profile.source,
      type,
      payload,
    } as unknown as CallEvent;
    this.events.push(event);
    this.emitAt.push(emitAt);
  }
}
