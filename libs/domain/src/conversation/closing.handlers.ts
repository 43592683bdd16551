import { type Clock, type Ended, type WrapUpEnded, type WrapUpStarted } from '@callfold/contracts';
import { type Draft } from './draft';
import { earliest, latest } from './merge';
import { claim, contest, LAST, setClock } from './registers';

const dispositionOf = (p: WrapUpEnded) => [p.dispositionCode, p.notes];
const heldDisposition = (c: Draft) => [c.dispositionCode, c.dispositionNotes];
const endOf = (p: Ended) => [p.hangupSource, p.reason];
const heldEnd = (c: Draft) => [c.hangupSource, c.endReason];

export function applyWrapUpStarted(d: Draft, _p: WrapUpStarted, clock: Clock): void {
  d.wrapUpStartedAt = earliest(d.wrapUpStartedAt, clock.at);
  // The latest start is kept (as the 'wrapUp' clock) to tell whether a wrap-up is still open:
  // it is while that start is later than every WrapUpEnded (see settlePhase).
  if (contest(d.clocks, 'wrapUp', clock, LAST) > 0) setClock(d, 'wrapUp', clock);
}

export function applyWrapUpEnded(d: Draft, p: WrapUpEnded, clock: Clock): void {
  d.wrapUpEndedAt = latest(d.wrapUpEndedAt, clock.at);
  // A wrap-up closed without a code or notes states no disposition, so it does not erase one.
  if (p.dispositionCode === null && p.notes === null) return;
  if (claim(d, 'disposition', clock, LAST, p, dispositionOf, heldDisposition)) {
    d.dispositionCode = p.dispositionCode;
    d.dispositionNotes = p.notes;
  }
}

export function applyEnded(d: Draft, p: Ended, clock: Clock): void {
  // With several legs the conversation ends at the last disconnect, described by that one.
  d.endedAt = latest(d.endedAt, clock.at);
  if (claim(d, 'end', clock, LAST, p, endOf, heldEnd)) {
    d.hangupSource = p.hangupSource;
    d.endReason = p.reason;
  }
}
