import { type CallEvent } from '@callfold/contracts';
import { SCENARIOS } from '../scenarios/catalogue';
import { createSimulation } from './create-simulation';
import { DEFAULT_START_AT, InvalidSimulationOptionsError } from './simulation.options';

const take = (events: Iterable<CallEvent>, n: number): CallEvent[] => {
  const out: CallEvent[] = [];
  for (const event of events) {
    out.push(event);
    if (out.length === n) break;
  }
  return out;
};

describe('createSimulation', () => {
  it('given the same seed, when generated twice, then the streams are identical', () => {
    const options = { seed: 1234, conversations: 400, duplicateShare: 0.02, outOfOrderShare: 0.1 };
    const one = JSON.stringify([...createSimulation(options).events()]);
    const other = JSON.stringify([...createSimulation(options).events()]);
    expect(one).toBe(other);
    expect(one.length).toBeGreaterThan(100_000);
  });

  it('given one simulation, when its stream is restarted, then it starts over identically', () => {
    const simulation = createSimulation({ seed: 9, conversations: 50 });
    expect(JSON.stringify([...simulation])).toBe(JSON.stringify([...simulation.events()]));
  });

  it('given different seeds, when generated, then the streams and their ids differ', () => {
    const a = take(createSimulation({ seed: 1, conversations: 100 }).events(), 200);
    const b = take(createSimulation({ seed: 2, conversations: 100 }).events(), 200);
    expect(a.map((e) => e.type)).not.toEqual(b.map((e) => e.type));
    const idsOfA = new Set(a.map((e) => e.eventId));
    expect(b.some((e) => idsOfA.has(e.eventId))).toBe(false);
    expect(a[0]?.conversationId).toBe('conv-00000001-0000000');
    expect(b[0]?.conversationId).toBe('conv-00000002-0000000');
  });

  it('given a run, when delivered, then delivery times never go back and the first event is at startAt', () => {
    const emissions = [...createSimulation({ seed: 3, conversations: 300, duplicateShare: 0.05, outOfOrderShare: 0.3 }).emissions()];
    expect(emissions[0]?.emitAt).toBe(DEFAULT_START_AT);
    expect(emissions[0]?.event.type).toBe('SessionCreated');
    for (let i = 1; i < emissions.length; i++) expect(emissions[i]!.emitAt).toBeGreaterThanOrEqual(emissions[i - 1]!.emitAt);
  });

  it('given concurrent calls, when delivered, then conversations are interleaved as a switch would emit them', () => {
    const open = new Set<string>();
    let switches = 0;
    let previous = '';
    let mostOpenAtOnce = 0;
    const remaining = new Map<string, number>();
    const simulation = createSimulation({ seed: 4, conversations: 300, ratePerSecond: 1 });
    for (const c of simulation.conversations()) remaining.set(c.conversationId, c.emission.length);
    for (const event of simulation.events()) {
      if (event.conversationId !== previous) switches += 1;
      previous = event.conversationId;
      open.add(event.conversationId);
      const left = (remaining.get(event.conversationId) ?? 0) - 1;
      remaining.set(event.conversationId, left);
      mostOpenAtOnce = Math.max(mostOpenAtOnce, open.size);
      if (left === 0) open.delete(event.conversationId);
    }
    expect(switches).toBeGreaterThan(10 * 300);
    expect(mostOpenAtOnce).toBeGreaterThan(50);
  });

  it('given a rate and a duration, when generated, then every conversation starts inside the window at about that rate', () => {
    const simulation = createSimulation({ seed: 5, ratePerSecond: 2, durationMs: 600_000, startAt: 1_800_000_000_000 });
    const starts = [...simulation.conversations()].map((c) => c.startedAt);
    expect(Math.min(...starts)).toBe(1_800_000_000_000);
    expect(Math.max(...starts)).toBeLessThan(1_800_000_600_000);
    expect(starts.length).toBeGreaterThan(1_000);
    expect(starts.length).toBeLessThan(1_400);
  });

  it('given prefixes, when generated, then every id carries them', () => {
    const events = [...createSimulation({ seed: 6, conversations: 20, eventIdPrefix: 'e2e-', conversationIdPrefix: 'call-' }).events()];
    expect(events.every((e) => e.eventId.startsWith('e2e-00000006-') && e.conversationId.startsWith('call-00000006-'))).toBe(true);
  });

  it('given a mix with one family, when generated, then only that family occurs', () => {
    const mix = Object.fromEntries(SCENARIOS.map((s) => [s.family, 0]));
    const summary = createSimulation({ seed: 7, conversations: 200, mix: { ...mix, outbound: 1 } }).expectedSummary;
    expect(summary.byFamily.outbound).toBe(200);
    expect(summary.byFamily.inbound).toBe(0);
    expect(summary.byScenario['outbound.answered']).toBeGreaterThan(50);
  });

  it('given bad options, when creating, then every problem is reported at once', () => {
    const create = () => createSimulation({ seed: 1.5, duplicateShare: 2, queues: 1, agents: ['a', 'a'], mix: { inbound: -1 } });
    expect(create).toThrow(InvalidSimulationOptionsError);
    try {
      create();
    } catch (error) {
      expect((error as InvalidSimulationOptionsError).problems).toEqual([
        'seed must be an integer >= -2147483648, got 1.5',
        'duplicateShare must be between 0 and 1, got 2',
        'queues must be an integer >= 2, got 1',
        'agents ids must be distinct',
        'give conversations or durationMs (or both): the run must end',
        'mix.inbound must be a finite weight >= 0, got -1',
      ]);
    }
  });
});
