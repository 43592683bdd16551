import { type Conversation } from '@callfold/contracts';
import { firstHandOffFrom } from '../vocabularies/hand-off.facts';
import { elapsedMs, type Timeline } from '../vocabularies/timeline.facts';

/** Seed 004's four durations, in ms (integers); null while the later end is unknown. */
export interface DialogueDurations {
  readonly ivrDurationMs: number | null;
  readonly queueDurationMs: number | null;
  readonly initialTalkDurationMs: number | null;
  readonly sessionDurationMs: number | null;
}

/**
 * - ivr: start -> the routing point (queue entry, else acceptance, else disconnect): the seed's
 *   "StartTimestamp to QueueEnterTimestamp", extended to dialogues that reached an agent without a
 *   queue or ended before one (an IvrDrop's whole life was in the IVR).
 * - queue: queue entry -> acceptance, or -> disconnect for an abandoned dialogue (its time in the
 *   queue); null when the dialogue was not queued.
 * - initialTalk: acceptance -> the end of the interaction with the initial agent (the first
 *   hand-off after acceptance, else the disconnect). "Connected" includes time on hold.
 * - session: start -> disconnect.
 */
export function dialogueDurations(c: Conversation, t: Timeline): DialogueDurations {
  return {
    ivrDurationMs: elapsedMs(t.start, t.queueEnter ?? t.accept ?? t.end),
    queueDurationMs: t.queueEnter === null ? null : elapsedMs(t.queueEnter, t.accept ?? t.end),
    initialTalkDurationMs: t.accept === null ? null : elapsedMs(t.accept, earliest(firstHandOffFrom(c, t.accept), t.end)),
    sessionDurationMs: elapsedMs(t.start, t.end),
  };
}

/** Seconds as seed 004's `...InSec` doubles. */
export function inSeconds(ms: number | null): number | null {
  return ms === null ? null : ms / 1000;
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}
