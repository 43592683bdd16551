import { type CallEvent, type Clock, Phase, type SupervisorActionKind } from '@callfold/contracts';
import { assertNever } from '../shared/assert-never';
import { type Draft } from './draft';
import { unknownEvent } from './reject';
import { contest, LAST, setClock } from './registers';

/** Lifecycle rank: the Phase enum is declared in lifecycle order; it breaks exact (at, seq) ties. */
const RANK = Object.fromEntries(Phase.map((phase, index) => [phase, index])) as Record<Phase, number>;

/**
 * The live phase an event announces, or null when it does not move the phase. Ended, WrapUp*
 * and ErasureRequested are absent on purpose: ENDED / WRAP_UP are derived from the milestones
 * (see settlePhase), because a late mid-call event must not revive an ended conversation.
 */
export function phaseOf(event: CallEvent): Phase | null {
  switch (event.type) {
    case 'SessionScheduled':
      return 'SCHEDULED';
    case 'DialingStarted':
      return 'DIALING';
    case 'CampaignWaiting':
      return `${event.payload.mode}_WAITING`;
    case 'PreviewUpdated':
      return `PREVIEW_${event.payload.state}`;
    case 'IvrEntered':
      return 'IVR';
    case 'MenuOptionSelected':
      return 'SELECTING';
    case 'Queued':
    case 'OfferDeclined':
      return 'QUEUED';
    case 'Requeued':
      return 'REQUEUED';
    case 'OfferedToAgent':
      return event.payload.answerType === 'VIRTUAL' ? 'VA_ASSIGNED' : 'ASSIGNED';
    case 'Connecting':
      return 'CONNECTING';
    case 'Connected':
      return event.payload.answerType === 'VIRTUAL' ? 'VA_CONNECTED' : 'CONNECTED';
    case 'HoldStarted':
      return 'HELD';
    case 'HoldEnded':
      return 'CONNECTED';
    case 'Transferred':
      return 'SWITCHING';
    case 'SupervisorActed':
      return supervisorPhase(event.payload.action);
    case 'SessionCreated':
    case 'Deflected':
    case 'AssignmentFailed':
    case 'QueueTimedOut':
    case 'ParticipantJoined':
    case 'ParticipantLeft':
    case 'MessageSent':
    case 'DialAttemptEnded':
    case 'VoicemailReceived':
    case 'Failed':
    case 'WrapUpStarted':
    case 'WrapUpEnded':
    case 'Ended':
    case 'CsatReceived':
    case 'SentimentAnalyzed':
    case 'SummaryProduced':
    case 'ReviewFlagged':
    case 'FunctionExecuted':
    case 'TagsAdded':
    case 'TicketLinked':
    case 'RecordingUpdated':
    case 'ErasureRequested':
      return null;
    default:
      return assertNever(event, unknownEvent);
  }
}

function supervisorPhase(action: SupervisorActionKind): Phase | null {
  switch (action) {
    case 'TAKE_OVER':
      return 'CONNECTED';
    case 'HAND_BACK':
      return 'VA_CONNECTED';
    case 'ENQUEUE_HUMAN':
      return 'QUEUED';
    case 'LISTEN_STARTED':
    case 'LISTEN_STOPPED':
    case 'COACHING_NOTE':
    case 'END':
      return null;
    default:
      return assertNever(action, unknownEvent);
  }
}

/** Last-writer-wins over phase-bearing events; exact ties go to the later lifecycle phase. */
export function offerPhase(d: Draft, clock: Clock, phase: Phase): void {
  const outcome = contest(d.clocks, 'phase', clock, LAST);
  if (outcome < 0) return;
  if (outcome === 0) {
    if (RANK[phase] > RANK[d.phase]) d.phase = phase;
    return;
  }
  setClock(d, 'phase', clock);
  d.phase = phase;
}

/**
 * Once disconnected the live phase no longer matters: ENDED, or WRAP_UP while the latest
 * WrapUpStarted is later than every WrapUpEnded. endedAt never returns to null, so this is stable.
 */
export function settlePhase(d: Draft): void {
  if (d.endedAt === null) return;
  const lastWrapUpStart = d.clocks['wrapUp'];
  const wrapping = lastWrapUpStart !== undefined && (d.wrapUpEndedAt === null || lastWrapUpStart.at > d.wrapUpEndedAt);
  d.phase = wrapping ? 'WRAP_UP' : 'ENDED';
}
