import { type Conversation } from '@callfold/contracts';
import { CcaiSessionStatus, ccaiSessionStatus, type CcaiSessionStatusName, ccaiSessionStatusName } from './ccai-session-status.vocabulary';
import { abandonedInQueue, answeredInbound, at, dialedOutbound, droppedInIvr, started } from './testing/conversation.fixtures';

const campaign = (overrides: Partial<Conversation>): Conversation =>
  dialedOutbound({ sessionType: 'VOICE_CAMPAIGN', campaignId: 'camp-1', dialMode: 'PREDICTIVE', endedAt: null, ...overrides });

/** Every CCAI session status with a conversation that reaches it: [given, name, code, conversation]. */
const cases: readonly (readonly [string, CcaiSessionStatusName, number, Conversation])[] = [
  ['a callback scheduled for later', 'scheduled', 0, started({ phase: 'SCHEDULED', scheduledFor: at(3600) })],
  ['a call waiting in queue', 'queued', 1, abandonedInQueue({ endedAt: null, phase: 'QUEUED' })],
  ['a call offered to a human agent', 'assigned', 2, abandonedInQueue({ endedAt: null, phase: 'ASSIGNED', assignedAt: at(25) })],
  ['a call whose agent leg is being set up', 'connecting', 3, answeredInbound({ endedAt: null, connectedAt: null, phase: 'CONNECTING' })],
  ['a call being transferred', 'switching', 4, answeredInbound({ endedAt: null, phase: 'SWITCHING' })],
  ['a call connected with a human agent', 'connected', 5, answeredInbound({ endedAt: null, phase: 'CONNECTED' })],
  ['a completed call', 'finished', 8, answeredInbound()],
  ['a call that failed and never recovered', 'failed', 9, droppedInIvr({ failedAt: at(5), failureReason: 'TECHNICAL' })],
  ['a call that failed, was retried and completed', 'recovered', 10, answeredInbound({ failedAt: at(30), failureReason: 'CONNECTION_ERROR' })],
  ['a call redirected after hours', 'deflected', 11, droppedInIvr({ deflectionReason: 'AFTER_HOURS', deflectionDetail: 'after_hours_message_only' })],
  ['a call choosing in the IVR menu', 'selecting', 12, droppedInIvr({ endedAt: null, phase: 'SELECTING' })],
  ['a call assigned to a virtual agent', 'va_assigned', 13, abandonedInQueue({ endedAt: null, phase: 'VA_ASSIGNED' })],
  ['a call connected to a virtual agent', 'va_connected', 14, started({ phase: 'VA_CONNECTED', connectedAt: at(1), answerType: 'VIRTUAL' })],
  ['a preview campaign call fetching the customer data', 'preview_pending', 15, campaign({ dialMode: 'PREVIEW', phase: 'PREVIEW_PENDING', previewState: 'PENDING' })],
  ['a preview campaign call with the data received', 'preview_ready', 16, campaign({ dialMode: 'PREVIEW', phase: 'PREVIEW_READY', previewState: 'READY' })],
  ['a campaign call the agent is taking', 'campaign_connecting', 17, campaign({ phase: 'CONNECTING' })],
  ['a campaign call connected', 'campaign_connected', 18, campaign({ phase: 'CONNECTED', connectedAt: at(20) })],
  ['a call an agent failed that went back to the queue', 'requeued', 19, answeredInbound({ endedAt: null, phase: 'REQUEUED', requeues: 1 })],
  ['an agent waiting for a predictive campaign call', 'predictive_waiting', 20, campaign({ phase: 'PREDICTIVE_WAITING' })],
  ['an agent waiting for a progressive campaign call', 'progressive_waiting', 21, campaign({ dialMode: 'PROGRESSIVE', phase: 'PROGRESSIVE_WAITING' })],
  ['an agent waiting for a preview campaign call', 'preview_waiting', 22, campaign({ dialMode: 'PREVIEW', phase: 'PREVIEW_WAITING' })],
  ['a campaign call dialing the customer', 'campaign_dialing', 23, campaign({ phase: 'DIALING' })],
  ['an outbound call that reached voicemail', 'voicemail', 80, dialedOutbound({ dialResult: 'VOICEMAIL' })],
  ['a call where the customer left a voicemail', 'voicemail_received', 81, abandonedInQueue({ voicemailReceivedAt: at(26) })],
];

describe('ccaiSessionStatus (seed 003 Status da sessão)', () => {
  it.each(cases)('given %s, when mapped, then %s (%i)', (_given, name, code, conversation) => {
    expect(ccaiSessionStatusName(conversation)).toBe(name);
    expect(ccaiSessionStatus(conversation)).toBe(code);
  });

  it('given the cases above, when collected, then every CCAI status code is reached', () => {
    expect(cases.map(([, , code]) => code).sort((a, b) => a - b)).toEqual(Object.values(CcaiSessionStatus).sort((a, b) => a - b));
  });

  it('given the code table, when read, then it is the seed list', () => {
    expect(CcaiSessionStatus).toEqual({
      scheduled: 0, queued: 1, assigned: 2, connecting: 3, switching: 4, connected: 5, finished: 8, failed: 9, recovered: 10,
      deflected: 11, selecting: 12, va_assigned: 13, va_connected: 14, preview_pending: 15, preview_ready: 16,
      campaign_connecting: 17, campaign_connected: 18, requeued: 19, predictive_waiting: 20, progressive_waiting: 21,
      preview_waiting: 22, campaign_dialing: 23, voicemail: 80, voicemail_received: 81,
    });
  });
});

describe('ccaiSessionStatus: phases without a CCAI status of their own', () => {
  it.each([
    ['a held call', 'connected', answeredInbound({ endedAt: null, phase: 'HELD' })],
    ['a call in the IVR before any choice', 'selecting', droppedInIvr({ endedAt: null, phase: 'IVR' })],
    ['a new inbound session', 'selecting', started({ phase: 'CREATED' })],
    ['a new scheduled session', 'scheduled', started({ phase: 'CREATED', scheduledFor: at(600) })],
    ['a new agent-dialed outbound session', 'connecting', dialedOutbound({ endedAt: null, phase: 'CREATED' })],
    ['a new preview campaign session', 'preview_pending', campaign({ dialMode: 'PREVIEW', phase: 'CREATED' })],
    ['a new predictive campaign session', 'campaign_dialing', campaign({ phase: 'CREATED' })],
    ['an agent-dialed call dialing', 'connecting', dialedOutbound({ endedAt: null, phase: 'DIALING' })],
    ['a campaign call on hold', 'campaign_connected', campaign({ phase: 'HELD', connectedAt: at(20) })],
    ['an agent in wrap-up after the call', 'finished', answeredInbound({ phase: 'WRAP_UP', wrapUpEndedAt: null })],
    ['a phase ENDED whose Ended event is not folded in yet', 'finished', answeredInbound({ phase: 'ENDED', endedAt: null })],
    ['an answered call transferred to voicemail where a message was left', 'voicemail_received', answeredInbound({ voicemailReceivedAt: at(150) })],
    ['an abandoned call', 'finished', abandonedInQueue()],
    ['a call that failed while being deflected', 'failed', droppedInIvr({ deflectionReason: 'AFTER_HOURS', failedAt: at(3) })],
  ] as const)('given %s, when mapped, then %s', (_given, expected, conversation) => {
    expect(ccaiSessionStatusName(conversation)).toBe(expected);
  });
});
