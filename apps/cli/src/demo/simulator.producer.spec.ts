import { decodeCallEvent } from '@callfold/contracts';
import { type OutboundRecord, unframe } from '@callfold/kafka';
import { createSimulation } from '@callfold/simulator';
import { poisonRecords, produceSimulation } from './simulator.producer';

const SCHEMA_ID = 7;

/** A producer that records what it was sent, and a clock that only moves when the code sleeps. */
function fakes() {
  let t = 1_000_000;
  const sent: { at: number; records: readonly OutboundRecord[] }[] = [];
  return {
    sent,
    now: () => t,
    sleep: async (ms: number) => void (t += ms),
    producer: { send: async (_topic: string, records: readonly OutboundRecord[]) => void sent.push({ at: t, records }) },
  };
}

describe('the demo simulator producer', () => {
  const simulation = { seed: 11, startAt: Date.UTC(2026, 10, 22, 10), durationMs: 300_000, ratePerSecond: 1, duplicateShare: 0.02, outOfOrderShare: 0.05 };

  it('given a 10 s run at 30x, when it produces, then it sends the stream in delivery order, each event once it is due, framed under the schema id and keyed by its conversation', async () => {
    const f = fakes();

    const run = await produceSimulation({ producer: f.producer, topic: 't', schemaId: SCHEMA_ID, simulation, speed: 30, runMs: 10_000, poisonEveryMs: 0, now: f.now, sleep: f.sleep });

    const started = 1_000_000;
    const due = [...createSimulation(simulation).emissions()].filter((e) => (e.emitAt - simulation.startAt) / 30 < 10_000);
    const events = f.sent.flatMap((s) =>
      s.records.map((r) => {
        const framed = unframe(r.value as Buffer);
        if (!framed.ok) throw new Error(framed.detail);
        return { at: s.at, key: r.key, schemaId: framed.schemaId, event: decodeCallEvent(framed.body) };
      }),
    );
    // Paced: nothing before its time; everything due before the end (the last few ms excepted) sent.
    expect(events.length).toBeGreaterThanOrEqual(due.length - 2);
    expect(events.length).toBeLessThanOrEqual(due.length);
    events.forEach((e, i) => {
      const emission = due[i];
      expect(e.event.eventId).toBe(emission?.event.eventId);
      expect(e.at).toBeGreaterThanOrEqual(started + ((emission?.emitAt ?? 0) - simulation.startAt) / 30);
      expect(e.key).toBe(e.event.conversationId);
      expect(e.schemaId).toBe(SCHEMA_ID);
    });
    expect(run.events).toBe(events.length);
    expect(run.redeliveries).toBe(due.slice(0, events.length).filter((e) => e.redelivery).length);
    expect(run.conversations).toBe(new Set(events.map((e) => e.event.conversationId)).size);
    expect(run.poison).toBe(0);
    expect(run.conversationIdPrefix).toBe('conv-0000000b-');
  });

  it('given one poison message every 2 s of a 10 s run, when it produces, then five are sent, one of each reason', async () => {
    const f = fakes();

    const run = await produceSimulation({ producer: f.producer, topic: 't', schemaId: SCHEMA_ID, simulation, speed: 30, runMs: 10_000, poisonEveryMs: 2_000, now: f.now, sleep: f.sleep });

    expect(run.poison).toBe(5);
    expect(Object.values(run.poisonByReason).reduce((a, b) => a + b, 0)).toBe(5);
    expect(run.poisonByReason).toEqual({ INVALID_EVENT: 1, KEY_MISMATCH: 1, MISSING_KEY: 1, UNDECODABLE: 1, UNKNOWN_SCHEMA: 1 });
  });

  it('given the catalogue of poison messages, then it covers garbage bytes, an unknown schema id, invalid events and bad keys', () => {
    const reasons = new Set(poisonRecords(3, SCHEMA_ID).map((p) => p.reason));

    expect([...reasons].sort()).toEqual(['INVALID_EVENT', 'KEY_MISMATCH', 'MISSING_KEY', 'UNDECODABLE', 'UNKNOWN_SCHEMA']);
  });

  it('given an aborted signal, when it produces, then it stops at once', async () => {
    const f = fakes();
    const abort = new AbortController();
    abort.abort();

    const run = await produceSimulation({ producer: f.producer, topic: 't', schemaId: SCHEMA_ID, simulation, speed: 30, runMs: 10_000, poisonEveryMs: 2_000, now: f.now, sleep: f.sleep, signal: abort.signal });

    expect(run.events + run.poison).toBe(0);
    expect(f.sent).toEqual([]);
  });
});
