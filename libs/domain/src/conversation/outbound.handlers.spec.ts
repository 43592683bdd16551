import { at, makeEvent } from './testing/event-builders';
import { project } from './testing/project';

describe('outbound events', () => {
  it('DialingStarted counts attempts, sets dialingAt (first), mode, campaign and phase DIALING', () => {
    const c = project(
      makeEvent('DialingStarted', at(100), { mode: 'PROGRESSIVE', campaignId: null, attempt: 2 }),
      makeEvent('DialingStarted', at(0), { mode: 'PROGRESSIVE', campaignId: 'camp-renewals', attempt: 1 }),
    );
    expect([c.dialAttempts, c.dialingAt, c.dialMode, c.campaignId, c.phase]).toEqual([2, at(0), 'PROGRESSIVE', 'camp-renewals', 'DIALING']);
  });

  it('CampaignWaiting sets the waiting phase per pacing mode, the mode and campaign', () => {
    for (const mode of ['PREDICTIVE', 'PROGRESSIVE', 'PREVIEW'] as const) {
      const c = project(makeEvent('CampaignWaiting', at(0), { mode, campaignId: 'camp-9' }));
      expect([c.phase, c.dialMode, c.campaignId]).toEqual([`${mode}_WAITING`, mode, 'camp-9']);
    }
  });

  it('PreviewUpdated keeps the latest preview state, assigns the call and moves to PREVIEW_*', () => {
    const pending = makeEvent('PreviewUpdated', at(0), { state: 'PENDING', agentId: 'a-1', campaignId: 'camp-1' });
    const ready = makeEvent('PreviewUpdated', at(15), { state: 'READY', agentId: 'a-1', campaignId: 'camp-1' });
    const c = project(ready, pending);
    expect([c.previewState, c.assignedAt, c.dialMode, c.campaignId, c.phase]).toEqual(['READY', at(0), 'PREVIEW', 'camp-1', 'PREVIEW_READY']);
    expect(project(pending).phase).toBe('PREVIEW_PENDING');
  });

  it('DialAttemptEnded keeps the result of the latest attempt and does not end the conversation', () => {
    const c = project(makeEvent('DialAttemptEnded', at(60), { result: 'NO_ANSWER' }), makeEvent('DialAttemptEnded', at(20), { result: 'BUSY' }));
    expect([c.dialResult, c.endedAt]).toEqual(['NO_ANSWER', null]);
  });

  it('VoicemailReceived sets voicemailReceivedAt (first) and the latest voicemail details', () => {
    const c = project(makeEvent('VoicemailReceived', at(40), { durationMs: 31_500, recordingUrl: 'https://rec.example.com/vm/1.wav' }));
    expect([c.voicemailReceivedAt, c.voicemailDurationMs, c.voicemailUrl]).toEqual([at(40), 31_500, 'https://rec.example.com/vm/1.wav']);
  });

  it('Failed sets failedAt (first) and the latest failure reason and detail', () => {
    const c = project(
      makeEvent('Failed', at(5), { reason: 'CONNECTION_ERROR', detail: 'sip 503' }),
      makeEvent('Failed', at(2), { reason: 'INVALID_NUMBER', detail: 'sip 404' }),
    );
    expect([c.failedAt, c.failureReason, c.failureDetail, c.endedAt]).toEqual([at(2), 'CONNECTION_ERROR', 'sip 503', null]);
  });
});
