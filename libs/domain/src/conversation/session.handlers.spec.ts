import { at, makeEvent } from './testing/event-builders';
import { project } from './testing/project';

describe('session events', () => {
  it('SessionCreated sets who and what the conversation is, createdAt and leaves phase CREATED', () => {
    // given a new inbound call
    const created = makeEvent('SessionCreated', at(0), {
      direction: 'INBOUND',
      channel: 'VOICE',
      sessionType: 'VOICE_INBOUND_PSTN',
      flow: 'Utilities Inbound',
      customerId: 'cust-77',
      customerName: 'Ana Costa',
      contact: '+351910000001',
      companyNumber: '+351210000000',
      orderNumber: 'ORD-1001',
    });
    // when folded
    const c = project(created);
    // then every session attribute is copied
    expect(c).toMatchObject({
      direction: 'INBOUND',
      channel: 'VOICE',
      sessionType: 'VOICE_INBOUND_PSTN',
      flow: 'Utilities Inbound',
      customerId: 'cust-77',
      customerName: 'Ana Costa',
      contact: '+351910000001',
      companyNumber: '+351210000000',
      orderNumber: 'ORD-1001',
      createdAt: at(0),
      phase: 'CREATED',
    });
    expect(c.clocks['session']).toEqual({ at: at(0), seq: -1 });
  });

  it('SessionCreated twice: attributes from the latest, createdAt from the earliest', () => {
    // given two creations, the later one with a name (e.g. a CRM re-emit)
    const early = makeEvent('SessionCreated', at(0), { customerName: null });
    const late = makeEvent('SessionCreated', at(4), { customerName: 'Ana Costa' });
    // when folded in either order / then the same result
    for (const c of [project(early, late), project(late, early)]) {
      expect(c.customerName).toBe('Ana Costa');
      expect(c.createdAt).toBe(at(0));
    }
  });

  it('SessionCreated tie on (at, seq): the canonical greater value wins regardless of order', () => {
    const a = makeEvent('SessionCreated', at(0), { flow: 'A flow' }, { sequence: 3 });
    const b = makeEvent('SessionCreated', at(0), { flow: 'B flow' }, { sequence: 3 });
    expect(project(a, b).flow).toBe('B flow');
    expect(project(b, a).flow).toBe('B flow');
  });

  it('SessionCreated: a higher sequence wins a timestamp tie', () => {
    const a = makeEvent('SessionCreated', at(0), { flow: 'Z flow' }, { sequence: 1 });
    const b = makeEvent('SessionCreated', at(0), { flow: 'A flow' }, { sequence: 2 });
    expect(project(b, a).flow).toBe('A flow');
  });

  it('SessionScheduled sets scheduledFor from the latest plan, scheduledAt from the first, phase SCHEDULED', () => {
    // given a callback scheduled then rescheduled, delivered newest first
    const first = makeEvent('SessionScheduled', at(0), { scheduledFor: at(3600) });
    const reschedule = makeEvent('SessionScheduled', at(60), { scheduledFor: at(7200) });
    // when folded
    const c = project(reschedule, first);
    // then
    expect(c.scheduledFor).toBe(at(7200));
    expect(c.scheduledAt).toBe(at(0));
    expect(c.phase).toBe('SCHEDULED');
  });

  it('IvrEntered sets ivrEnteredAt (first), ivrId (first IVR met) and phase IVR', () => {
    const c = project(makeEvent('IvrEntered', at(9), { ivrId: 'ivr-b' }), makeEvent('IvrEntered', at(2), { ivrId: 'ivr-a' }));
    expect(c.ivrEnteredAt).toBe(at(2));
    expect(c.ivrId).toBe('ivr-a');
    expect(c.phase).toBe('IVR');
  });

  it('MenuOptionSelected keeps the latest menu path and moves to SELECTING', () => {
    // given two selections in the same IVR, delivered out of order
    const top = makeEvent('MenuOptionSelected', at(5), { ivrId: 'ivr-main', option: '2', menuPath: 'Main > Billing', menuPathId: '2420/4563' });
    const deep = makeEvent('MenuOptionSelected', at(9), { ivrId: 'ivr-main', option: '1', menuPath: 'Main > Billing > Payments', menuPathId: '2420/4563/6205' });
    // when folded
    const c = project(deep, top, makeEvent('IvrEntered', at(1), { ivrId: 'ivr-main' }));
    // then the deepest (latest) path is kept and the IVR is known
    expect([c.menuPath, c.menuPathId]).toEqual(['Main > Billing > Payments', '2420/4563/6205']);
    expect(c.ivrId).toBe('ivr-main');
    expect(c.phase).toBe('SELECTING');
  });

  it('MenuOptionSelected with an ivrId names the IVR when IvrEntered is missing', () => {
    const c = project(makeEvent('MenuOptionSelected', at(5), { ivrId: 'ivr-x' }));
    expect(c.ivrId).toBe('ivr-x');
  });

  it('Deflected records reason, channel offered, detail, deflectedAt and names the queue', () => {
    // given an after-hours deflection that offered chat
    const c = project(makeEvent('Deflected', at(8), { reason: 'AFTER_HOURS', channelOffered: 'CHAT', detail: 'after_hours_message_only', queueId: 'q-support' }));
    // then
    expect(c).toMatchObject({
      deflectionReason: 'AFTER_HOURS',
      deflectionChannel: 'CHAT',
      deflectionDetail: 'after_hours_message_only',
      deflectedAt: at(8),
      queueId: 'q-support',
      queuedAt: null,
      queueEntries: 0,
    });
  });
});
