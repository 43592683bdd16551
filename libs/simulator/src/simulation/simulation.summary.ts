import { type EventType } from '@callfold/contracts';
import { type Anywhere365Outcome, type DetailedOutcome } from '@callfold/domain';
import { SCENARIOS } from '../scenarios/catalogue';
import { ScenarioFamily } from '../scenarios/scenario';
import { type SimulatedConversation } from './conversation.plan';

/**
 * Facts about a run that end-to-end tests assert on, known without running the pipeline. The
 * outcome counts come from each scenario's expectation (SIMULATOR_THRESHOLDS), which the
 * simulator's own tests check against foldEvents + toDialogueRow.
 */
export interface SimulationSummary {
  readonly conversations: number;
  /** Events with distinct eventIds: what the projections' versions add up to. */
  readonly distinctEvents: number;
  /** Redeliveries: extra messages repeating an eventId already delivered. */
  readonly duplicates: number;
  /** Messages in the stream: distinctEvents + duplicates. */
  readonly emittedEvents: number;
  /** Conversations whose live events were delivered out of order on purpose. */
  readonly outOfOrderConversations: number;
  readonly erasedConversations: number;
  /** Conversations that have a dialogue row (all but the erased). */
  readonly dialogueRows: number;
  readonly byScenario: Readonly<Record<string, number>>;
  readonly byFamily: Readonly<Record<ScenarioFamily, number>>;
  /** Expected detailed outcome of the conversations with a row. */
  readonly byDetailedOutcome: Readonly<Partial<Record<DetailedOutcome, number>>>;
  /** Expected seed-004 outcome of the conversations with a row. */
  readonly byOutcome: Readonly<Partial<Record<Anywhere365Outcome, number>>>;
  /** Distinct events per type. */
  readonly byEventType: Readonly<Partial<Record<EventType, number>>>;
  readonly firstOccurredAt: number | null;
  readonly lastOccurredAt: number | null;
  /** Delivery time of the stream's last message. */
  readonly lastEmitAt: number | null;
}

const bump = <K extends string>(counts: Partial<Record<K, number>>, key: K): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** Accumulates a summary one conversation at a time (constant memory besides the counters). */
export class SummaryAccumulator {
  private conversations = 0;
  private distinctEvents = 0;
  private duplicates = 0;
  private outOfOrder = 0;
  private erased = 0;
  private readonly byScenario: Record<string, number> = Object.fromEntries(SCENARIOS.map((s) => [s.name, 0]));
  private readonly byFamily = Object.fromEntries(ScenarioFamily.map((f) => [f, 0])) as Record<ScenarioFamily, number>;
  private readonly byDetailedOutcome: Partial<Record<DetailedOutcome, number>> = {};
  private readonly byOutcome: Partial<Record<Anywhere365Outcome, number>> = {};
  private readonly byEventType: Partial<Record<EventType, number>> = {};
  private firstOccurredAt: number | null = null;
  private lastOccurredAt: number | null = null;
  private lastEmitAt: number | null = null;

  add(c: SimulatedConversation): void {
    const { scenario, expected } = { scenario: c.scenario, expected: c.scenario.expected };
    this.conversations += 1;
    this.distinctEvents += c.events.length;
    this.duplicates += c.duplicates;
    if (c.outOfOrder) this.outOfOrder += 1;
    this.byScenario[scenario.name] = (this.byScenario[scenario.name] ?? 0) + 1;
    this.byFamily[scenario.family] += 1;
    if (expected.erased) this.erased += 1;
    if (expected.detailedOutcome !== null) bump(this.byDetailedOutcome, expected.detailedOutcome);
    if (expected.outcome !== null) bump(this.byOutcome, expected.outcome);
    for (const event of c.events) {
      bump(this.byEventType, event.type);
      if (this.firstOccurredAt === null || event.occurredAt < this.firstOccurredAt) this.firstOccurredAt = event.occurredAt;
      if (this.lastOccurredAt === null || event.occurredAt > this.lastOccurredAt) this.lastOccurredAt = event.occurredAt;
    }
    const last = c.emitAt[c.emitAt.length - 1];
    if (last !== undefined && (this.lastEmitAt === null || last > this.lastEmitAt)) this.lastEmitAt = last;
  }

  result(): SimulationSummary {
    return {
      conversations: this.conversations,
      distinctEvents: this.distinctEvents,
      duplicates: this.duplicates,
      emittedEvents: this.distinctEvents + this.duplicates,
      outOfOrderConversations: this.outOfOrder,
      erasedConversations: this.erased,
      dialogueRows: this.conversations - this.erased,
      byScenario: { ...this.byScenario },
      byFamily: { ...this.byFamily },
      byDetailedOutcome: { ...this.byDetailedOutcome },
      byOutcome: { ...this.byOutcome },
      byEventType: { ...this.byEventType },
      firstOccurredAt: this.firstOccurredAt,
      lastOccurredAt: this.lastOccurredAt,
      lastEmitAt: this.lastEmitAt,
    };
  }
}
