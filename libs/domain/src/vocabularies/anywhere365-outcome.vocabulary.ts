import { type Conversation } from '@callfold/contracts';

/**
 * Seed 004 (Anywhere365 Insights, Dialogue entity), field `Outcome`:
 * - `Accepted`: "the Dialogue was queued and accepted by an Agent";
 * - `Abandoned`: "the Dialogue was queued but never accepted by an Agent";
 * - `IvrDrop`: "the Dialogue was disconnected before it was queued (e.g. no choice was made in the IVR)".
 */
export const Anywhere365Outcome = ['Accepted', 'Abandoned', 'IvrDrop'] as const;
export type Anywhere365Outcome = (typeof Anywhere365Outcome)[number];

/**
 * Purely structural, the same for every direction and channel, so the three values partition all
 * finished dialogues:
 * - Accepted as soon as the initial agent (human OR virtual) connects, queued or not: a call put
 *   straight through to an agent, an outbound call the customer answered and an AI agent answering
 *   are accepted. Final from that moment, even while the conversation is still live.
 * - Abandoned: ended, entered a queue, no agent ever connected (whatever ended it: the customer,
 *   a queue timeout, a failure; the detailed outcome says which).
 * - IvrDrop: ended before reaching any queue or agent, including outbound calls nobody answered and
 *   AI calls that failed before the AI agent connected.
 * - null while live and not yet accepted: the outcome is not decided.
 */
export function anywhere365Outcome(c: Conversation): Anywhere365Outcome | null {
  if (c.connectedAt !== null) return 'Accepted';
  if (c.endedAt === null) return null;
  return c.queuedAt !== null ? 'Abandoned' : 'IvrDrop';
}
