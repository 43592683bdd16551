import { type Conversation } from '@callfold/contracts';
import { hash53 } from '../shared/hash53';

/**
 * Seed 004's `orderNumber`, "a readable reference that can be used to identify the Dialogue": the
 * source's own reference when it issued one, else the decimal digits of hash53(conversationId), a
 * 53-bit number (at most 16 digits, fits an integer column) that is the same on every replay and
 * collides with odds of about 1 in 9 * 10^15 per pair. Kept as a string because source references need
 * not be numeric.
 */
export function orderNumberOf(c: Conversation): string {
  return c.orderNumber !== null && c.orderNumber.trim() !== '' ? c.orderNumber : String(hash53(c.conversationId));
}
