import { type CallEvent, type Clock } from '@callfold/contracts';
import { assertNever } from '../shared/assert-never';
import { applyEnded, applyWrapUpEnded, applyWrapUpStarted } from './closing.handlers';
import { type Draft } from './draft';
import {
  applyCsatReceived,
  applyFunctionExecuted,
  applyRecordingUpdated,
  applyReviewFlagged,
  applySentimentAnalyzed,
  applySummaryProduced,
  applyTagsAdded,
  applyTicketLinked,
} from './enrichment.handlers';
import {
  applyHoldEnded,
  applyHoldStarted,
  applyMessageSent,
  applyParticipantJoined,
  applyParticipantLeft,
  applySupervisorActed,
  applyTransferred,
} from './live.handlers';
import {
  applyCampaignWaiting,
  applyDialAttemptEnded,
  applyDialingStarted,
  applyFailed,
  applyPreviewUpdated,
  applyVoicemailReceived,
} from './outbound.handlers';
import { unknownEvent } from './reject';
import {
  applyAssignmentFailed,
  applyConnected,
  applyConnecting,
  applyOfferDeclined,
  applyOfferedToAgent,
  applyQueued,
  applyQueueTimedOut,
  applyRequeued,
} from './routing.handlers';
import {
  applyDeflected,
  applyIvrEntered,
  applyMenuOptionSelected,
  applySessionCreated,
  applySessionScheduled,
} from './session.handlers';

/**
 * Folds one event's facts into the draft (everything but dedup, phase and erasure, which the
 * reducer handles around this call). ErasureRequested never reaches here.
 */
export function applyEvent(d: Draft, event: CallEvent, clock: Clock): void {
  switch (event.type) {
    case 'SessionCreated':
      return applySessionCreated(d, event.payload, clock);
    case 'SessionScheduled':
      return applySessionScheduled(d, event.payload, clock);
    case 'IvrEntered':
      return applyIvrEntered(d, event.payload, clock);
    case 'MenuOptionSelected':
      return applyMenuOptionSelected(d, event.payload, clock);
    case 'Deflected':
      return applyDeflected(d, event.payload, clock);
    case 'Queued':
      return applyQueued(d, event.payload, clock);
    case 'Requeued':
      return applyRequeued(d, event.payload, clock);
    case 'OfferedToAgent':
      return applyOfferedToAgent(d, event.payload, clock);
    case 'OfferDeclined':
      return applyOfferDeclined(d, event.payload);
    case 'AssignmentFailed':
      return applyAssignmentFailed(d, event.payload, clock);
    case 'QueueTimedOut':
      return applyQueueTimedOut(d, event.payload, clock);
    case 'Connecting':
      return applyConnecting(d, event.payload, clock);
    case 'Connected':
      return applyConnected(d, event.payload, clock);
    case 'HoldStarted':
      return applyHoldStarted(d, event.payload, clock);
    case 'HoldEnded':
      return applyHoldEnded(d, event.payload, clock);
    case 'Transferred':
      return applyTransferred(d, event.payload, clock);
    case 'ParticipantJoined':
      return applyParticipantJoined(d, event.payload, clock);
    case 'ParticipantLeft':
      return applyParticipantLeft(d, event.payload, clock);
    case 'SupervisorActed':
      return applySupervisorActed(d, event.payload, clock);
    case 'MessageSent':
      return applyMessageSent(d, event.payload, clock);
    case 'DialingStarted':
      return applyDialingStarted(d, event.payload, clock);
    case 'CampaignWaiting':
      return applyCampaignWaiting(d, event.payload, clock);
    case 'PreviewUpdated':
      return applyPreviewUpdated(d, event.payload, clock);
    case 'DialAttemptEnded':
      return applyDialAttemptEnded(d, event.payload, clock);
    case 'VoicemailReceived':
      return applyVoicemailReceived(d, event.payload, clock);
    case 'Failed':
      return applyFailed(d, event.payload, clock);
    case 'WrapUpStarted':
      return applyWrapUpStarted(d, event.payload, clock);
    case 'WrapUpEnded':
      return applyWrapUpEnded(d, event.payload, clock);
    case 'Ended':
      return applyEnded(d, event.payload, clock);
    case 'CsatReceived':
      return applyCsatReceived(d, event.payload, clock);
    case 'SentimentAnalyzed':
      return applySentimentAnalyzed(d, event.payload, clock);
    case 'SummaryProduced':
      return applySummaryProduced(d, event.payload, clock);
    case 'ReviewFlagged':
      return applyReviewFlagged(d, event.payload, clock);
    case 'FunctionExecuted':
      return applyFunctionExecuted(d, event.payload, clock);
    case 'TagsAdded':
      return applyTagsAdded(d, event.payload);
    case 'TicketLinked':
      return applyTicketLinked(d, event.payload, clock);
    case 'RecordingUpdated':
      return applyRecordingUpdated(d, event.payload, clock);
    case 'ErasureRequested':
      return;
    default:
      return assertNever(event, unknownEvent);
  }
}
