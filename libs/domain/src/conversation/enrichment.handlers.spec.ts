import { at, makeEvent } from './testing/event-builders';
import { project } from './testing/project';

describe('post-call enrichment events', () => {
  it('CsatReceived keeps the latest survey result', () => {
    const c = project(
      makeEvent('CsatReceived', at(4000), { score: 4, scaleMax: 4, comment: 'Great help' }),
      makeEvent('CsatReceived', at(3000), { score: 1, scaleMax: 4, comment: null }),
    );
    expect([c.csatScore, c.csatScaleMax, c.csatComment]).toEqual([4, 4, 'Great help']);
  });

  it('SentimentAnalyzed keeps the latest level with its emotions sorted and distinct', () => {
    const c = project(makeEvent('SentimentAnalyzed', at(900), { overall: 'POSITIVE', emotions: ['gratitude', 'curiosity', 'gratitude', 'approval'] }));
    expect([c.sentiment, c.emotions]).toEqual(['POSITIVE', ['approval', 'curiosity', 'gratitude']]);
  });

  it('SummaryProduced keeps the latest summary and analysis', () => {
    const c = project(
      makeEvent('SummaryProduced', at(900), { summary: 'v1', analysis: null }),
      makeEvent('SummaryProduced', at(950), { summary: 'v2', analysis: 'Agent verified identity before changes.' }),
    );
    expect([c.summary, c.analysis]).toEqual(['v2', 'Agent verified identity before changes.']);
  });

  it('ReviewFlagged sets and clears the review flag, latest wins', () => {
    const flag = makeEvent('ReviewFlagged', at(1000), { flagged: true, reason: 'Policy breach', reviewer: 'review-bot' });
    const clear = makeEvent('ReviewFlagged', at(2000), { flagged: false, reason: null, reviewer: 'qa@example.com' });
    expect([project(flag).reviewFlagged, project(flag).reviewReason]).toEqual([true, 'Policy breach']);
    expect([project(clear, flag).reviewFlagged, project(clear, flag).reviewReason]).toEqual([false, null]);
  });

  it('FunctionExecuted records each call with its parameters, sorted by time', () => {
    const c = project(
      makeEvent('FunctionExecuted', at(30), { name: 'create_ticket', parametersJson: '{"priority":"high"}', outputJson: '{"ticketId":"T-9"}', succeeded: true }),
      makeEvent('FunctionExecuted', at(10), { name: 'lookup_account', parametersJson: '{"phone":"+351910000001"}', outputJson: null, succeeded: false }),
    );
    expect(c.functions).toEqual([
      { at: at(10), name: 'lookup_account', parametersJson: '{"phone":"+351910000001"}', outputJson: null, succeeded: false },
      { at: at(30), name: 'create_ticket', parametersJson: '{"priority":"high"}', outputJson: '{"ticketId":"T-9"}', succeeded: true },
    ]);
  });

  it('TagsAdded unions tags, sorted by key then value, distinct', () => {
    const c = project(
      makeEvent('TagsAdded', at(10), { tags: [{ key: 'language', value: 'pt' }, { key: 'call_reason', value: 'billing' }] }),
      makeEvent('TagsAdded', at(20), { tags: [{ key: 'language', value: 'en' }, { key: 'call_reason', value: 'billing' }] }),
    );
    expect(c.tags).toEqual([
      { key: 'call_reason', value: 'billing' },
      { key: 'language', value: 'en' },
      { key: 'language', value: 'pt' },
    ]);
  });

  it('TicketLinked keeps the latest ticket', () => {
    const c = project(makeEvent('TicketLinked', at(120), { ticketId: 'ZD-4411', ticketUrl: 'https://crm.example.com/t/ZD-4411' }));
    expect([c.ticketId, c.ticketUrl]).toEqual(['ZD-4411', 'https://crm.example.com/t/ZD-4411']);
  });

  it('RecordingUpdated sets permission and url independently; nulls state nothing', () => {
    const c = project(
      makeEvent('RecordingUpdated', at(3), { permission: 'GRANTED', url: null }),
      makeEvent('RecordingUpdated', at(300), { permission: null, url: 'https://rec.example.com/c/1.wav' }),
    );
    expect([c.recordingPermission, c.recordingUrl]).toEqual(['GRANTED', 'https://rec.example.com/c/1.wav']);
  });
});
