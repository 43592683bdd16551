import { parseCallEventJson } from '@callfold/contracts';
import { generateNdjson } from '../generate-ndjson';
import { createSimulation } from '../simulation/create-simulation';
import { simulateScenario } from '../simulation/simulate-scenario';
import { ndjsonChunks, toNdjson } from './ndjson.writer';

describe('NDJSON writer', () => {
  const events = simulateScenario('inbound.answered-enriched', { seed: 1 }).emission;

  it('given events, when written, then one newline-terminated line per event that parses back to the same event', () => {
    const text = toNdjson(events);
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(events.length);
    lines.forEach((line, i) => {
      const parsed = parseCallEventJson(line);
      expect(parsed.ok && parsed.event).toEqual(events[i]);
    });
  });

  it('given the first event, when written, then the line is the contract JSON form with keys in schema order', () => {
    const first = toNdjson(events.slice(0, 1));
    expect(first.startsWith('{"eventId":"evt-00000001-0000000-1","conversationId":"conv-00000001-0000000","occurredAt":1773043200000,"sequence":1001,')).toBe(true);
    expect(first).toContain('"source":{"system":"pbx","vendor":"asterisk","node":"pbx-eu-west-1a"},"type":"SessionCreated","payload":{"direction":"INBOUND"');
  });

  it('given a small chunk size, when chunked, then the chunks concatenate to the whole document and end on line breaks', () => {
    const chunks = [...ndjsonChunks(events, 500)];
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(toNdjson(events));
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
  });

  it('given an invalid event, when written, then it throws instead of writing a line replay would reject', () => {
    const broken = { ...events[0]!, eventId: '' };
    expect(() => toNdjson([broken])).toThrow(/eventId/);
  });

  it('given options and an async sink, when generated, then every delivered message is written once, in order, awaiting the sink', async () => {
    const options = { seed: 5, conversations: 60, duplicateShare: 0.05 };
    const written: string[] = [];
    let inFlight = 0;
    const result = await generateNdjson(
      options,
      async (chunk) => {
        expect(inFlight).toBe(0);
        inFlight += 1;
        await new Promise((resolve) => setImmediate(resolve));
        written.push(chunk);
        inFlight -= 1;
      },
      4_096,
    );
    const text = written.join('');
    expect(text).toBe(toNdjson(createSimulation(options).events()));
    expect(result.lines).toBe(result.summary.emittedEvents);
    expect(result.characters).toBe(text.length);
    expect(text.split('\n')).toHaveLength(result.lines + 1);
  });
});
