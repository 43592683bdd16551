import { decodeCallEvent, encodeCallEvent, EventType, toCallEventJson, validateCallEvent } from '@callfold/contracts';
import { SCENARIOS } from '../scenarios/catalogue';
import { createSimulation } from './create-simulation';
import { simulateScenario } from './simulate-scenario';

describe('generated events against the contract', () => {
  it('given a mixed run with disorder, when every event is validated, then none has an issue', () => {
    const problems: string[] = [];
    let count = 0;
    for (const event of createSimulation({ seed: 8, conversations: 2_000, duplicateShare: 0.02, outOfOrderShare: 0.1 }).events()) {
      count += 1;
      const result = validateCallEvent(event);
      if (!result.ok) problems.push(`${event.type} ${event.eventId}: ${JSON.stringify(result.errors)}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(count).toBeGreaterThan(20_000);
  });

  it('given every scenario, when its events are validated, then they are valid and already in the JSON form (every field, schema order)', () => {
    for (const scenario of SCENARIOS) {
      for (let ordinal = 0; ordinal < 10; ordinal++) {
        for (const event of simulateScenario(scenario.name, { seed: 99, ordinal }).events) {
          expect(validateCallEvent(event).ok).toBe(true);
          expect(toCallEventJson(event)).toBe(JSON.stringify(event));
        }
      }
    }
  });

  it('given every event type the catalogue emits, when Avro-encoded and decoded, then it round-trips', () => {
    const byType = new Map<string, unknown>();
    for (const scenario of SCENARIOS) {
      for (const event of simulateScenario(scenario.name, { seed: 12 }).events) {
        if (byType.has(event.type)) continue;
        byType.set(event.type, event);
        expect(decodeCallEvent(encodeCallEvent(event))).toEqual(event);
      }
    }
    expect([...byType.keys()].sort()).toEqual([...EventType].sort());
  });
});
