import { type CallEvent } from '@callfold/contracts';
import { type DeadLetterCause, type DecodedCallEvent, type InboundMessage } from '@callfold/kafka';
import { evolve, ImpossibleTransitionError, initialState } from '@callfold/domain';
import { BatchOverlay, type UpdatedConversation } from './batch-overlay';
import { advanceWatermark, cutoffOf, type GracePolicy, isExpired, memoryFloorOf, recordTimestampOf, routeEvent } from './grace';
import { type PartitionState } from './state-store';

export interface BatchItem {
  readonly message: InboundMessage;
  readonly decoded: DecodedCallEvent;
}

export interface DeadLetterItem {
  readonly message: InboundMessage;
  readonly cause: DeadLetterCause;
}

export interface BatchCounts {
  readonly messages: number;
  /** Events folded into a conversation that changed it. */
  readonly folded: number;
  /** Events already folded (same eventId): nothing changed. */
  readonly duplicates: number;
}

/** One batch of one partition, folded: what to write in its transaction, and the overlay to apply once committed. */
export interface BatchProjection {
  readonly overlay: BatchOverlay;
  /** New projections, one per conversation changed by the batch (its last state), in order of first change. */
  readonly updated: readonly UpdatedConversation[];
  /** Conversations whose grace period is over: a tombstone each, after their projection if they changed too. */
  readonly evicted: readonly string[];
  readonly deadLetters: readonly DeadLetterItem[];
  readonly counts: BatchCounts;
}

/** What a dead letter says about a decoded event; built on the dead-letter path only, not per event. */
function knownOf(schemaId: number, event: CallEvent): Pick<DeadLetterCause, 'schemaId' | 'eventId' | 'conversationId'> {
  return { schemaId, eventId: event.eventId, conversationId: event.conversationId };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Folds one partition's batch, in offset order, into an overlay of its state. Pure apart from
 * reading `base` (which it never changes): the same batch on the same state gives the same
 * outputs, which is what makes an aborted-and-redone transaction, or a redelivered batch, safe.
 *
 * Per message (routeEvent, grace.ts): rejected by the decoder -> dead letter with the decoder's
 * reason; conversation not in state but remembered as evicted -> LATE_EVENT dead letter, except
 * ErasureRequested, which starts an erased projection; conversation neither in state nor
 * remembered and older than the watermark minus the grace period -> LATE_EVENT dead letter;
 * otherwise folded with the reducer (a refusal -> IMPOSSIBLE_TRANSITION dead letter). Then every
 * closed conversation whose grace period is over at the batch's final watermark is evicted.
 */
export function projectBatch(base: PartitionState, items: readonly BatchItem[], policy: GracePolicy): BatchProjection {
  const overlay = new BatchOverlay(base);
  const deadLetters: DeadLetterItem[] = [];
  let folded = 0;
  let duplicates = 0;

  for (const { message, decoded } of items) {
    if (!decoded.ok) {
      const { reason, detail, schemaId, eventId, conversationId } = decoded;
      deadLetters.push({ message, cause: { reason, detail, schemaId, eventId, conversationId } });
      continue;
    }
    const { event, schemaId } = decoded;
    try {
      const state = overlay.get(event.conversationId);
      const floor = memoryFloorOf(overlay.watermark, policy);
      const route = routeEvent(event, state !== null, state === null ? overlay.evictedAt(event.conversationId, floor) : null, overlay.watermark, policy);
      if (route.action === 'late') {
        const detail =
          `event at ${new Date(event.occurredAt).toISOString()} is older than partition ${base.partition}'s watermark ` +
          `${new Date(overlay.watermark as number).toISOString()} minus the ${policy.graceMs} ms grace period (${new Date(route.cutoff).toISOString()}), ` +
          `and conversation ${event.conversationId} is not in the live state (closed and evicted, or never seen): not folded into the live projection; callfold rebuild includes it`;
        deadLetters.push({ message, cause: { reason: 'LATE_EVENT', detail, ...knownOf(schemaId, event) } });
        continue;
      }
      if (route.action === 'evicted') {
        const detail =
          `event at ${new Date(event.occurredAt).toISOString()} (${event.type}) belongs to conversation ${event.conversationId}, ` +
          `closed and evicted from partition ${base.partition} at watermark ${new Date(route.evictedAt).toISOString()} ` +
          `(its grace period of ${policy.graceMs} ms was over): not folded, since a projection started from it would lack every earlier fact; ` +
          `include it with \`npx callfold rebuild\` (folds call-events from offset 0)`;
        deadLetters.push({ message, cause: { reason: 'LATE_EVENT', detail, ...knownOf(schemaId, event) } });
        continue;
      }
      const next = evolve(state ?? initialState(), event);
      if (next === state) duplicates += 1;
      else {
        overlay.set(event.conversationId, next);
        folded += 1;
      }
      overlay.watermark = advanceWatermark(overlay.watermark, event.occurredAt, recordTimestampOf(message), policy);
    } catch (error) {
      // The reducer is pure: whatever it refuses now it refuses on every retry, so the event is
      // dead-lettered and the partition moves on.
      const impossible = error instanceof ImpossibleTransitionError;
      const detail = impossible ? `${error.code}: ${error.message}` : `the reducer failed: ${messageOf(error)}`;
      deadLetters.push({ message, cause: { reason: impossible ? 'IMPOSSIBLE_TRANSITION' : 'OTHER', detail, ...knownOf(schemaId, event) } });
    }
  }

  const cutoff = cutoffOf(overlay.watermark, policy);
  if (cutoff !== null) {
    // Candidates: closed entries of the queue below the cutoff (some stale) and whatever this
    // batch changed (its queue entry, if any, is written on commit). Each is checked on its
    // current state, so a stale entry never evicts a conversation that changed since.
    const candidates = new Set([...base.closing.below(cutoff), ...overlay.updatedIds()]);
    for (const conversationId of candidates) {
      const state = overlay.get(conversationId);
      if (state !== null && isExpired(state, cutoff)) overlay.evict(conversationId);
    }
  }
  overlay.cutoff = cutoff;
  overlay.memoryFloor = memoryFloorOf(overlay.watermark, policy);

  return { overlay, updated: overlay.seal(), evicted: overlay.evictedIds(), deadLetters, counts: { messages: items.length, folded, duplicates } };
}
