import { describeWithService } from '@callfold/testing';
import { type AppProcess } from './harness/app-process';
import { joined, waitUntil } from './harness/chaos';
import { readDeadLetterRecords } from './harness/dead-letters';
import { e2eNames } from './harness/e2e-names';
import { knownStream } from './harness/known-stream';
import { opsUrlOf, scrape } from './harness/ops-endpoints';
import { Pipeline, STOPPED } from './harness/pipeline';
import { produceStream } from './harness/produce';

const DEAD_LETTERS = 'callfold_dead_letters_total';
const CONSUMED = 'callfold_events_consumed_total';

const countBy = (values: readonly string[]): Record<string, number> => values.reduce<Record<string, number>>((counts, v) => ({ ...counts, [v]: (counts[v] ?? 0) + 1 }), {});

// The real projector (apps/projector/src/main.ts through harness/projector.entry.ts, with its ops
// port) as a child process. The poison messages are the known stream's: garbage bytes, a schema id
// the registry never gave, Avro-valid events out of contract, a missing key and a key that is not
// the event's conversation, spread among the 19 fixture conversations' valid events.
describeWithService('kafka', 'e2e: dead letters in the metrics and on the topic', () =>
  describeWithService('schema-registry', 'projector as a process with its ops port', () => {
    let pipeline: Pipeline;
    let projector: AppProcess | undefined;
    let passed = false;

    beforeAll(() => {
      pipeline = new Pipeline(e2eNames('dead-letter-metrics'));
    });
    afterAll(async () => {
      if (projector?.running) await projector.stopGracefully(STOPPED.projector).catch(() => undefined);
      await pipeline?.close({ passed });
    });

    it('given poison messages among valid events, when the projector has consumed them all, then callfold_dead_letters_total by reason equals what was sent and each letter is on the dead-letter topic with that reason', async () => {
      const { names } = pipeline;
      const schemaId = await pipeline.prepare();
      const stream = knownStream({ schemaId, fixtures: true, poison: true });
      const sent = countBy(stream.poison.map((p) => p.poison?.expectedReason ?? 'none'));
      projector = pipeline.startProjector('a');
      const ops = await opsUrlOf(projector);
      await joined(projector);

      await produceStream(pipeline.client, names.callEvents, stream.messages, { chunk: 40 });
      await waitUntil('the projector to commit every message', async () => (await pipeline.lag(names.projectorGroup, names.callEvents)) === 0, 90_000);
      const samples = await scrape(ops);
      const records = await readDeadLetterRecords(pipeline.client, names.deadLetters);
      await projector.stopGracefully(STOPPED.projector);

      const metric = Object.fromEntries(
        samples.filter((s) => s.name === DEAD_LETTERS && s.labels['topic'] === names.callEvents && s.value > 0).map((s) => [s.labels['reason'], s.value]),
      );
      const consumed = samples.filter((s) => s.name === CONSUMED && s.labels['topic'] === names.callEvents).reduce((n, s) => n + s.value, 0);
      // The three kinds the issue names are among them, each counted.
      expect(Object.keys(sent)).toEqual(expect.arrayContaining(['UNDECODABLE', 'UNKNOWN_SCHEMA', 'INVALID_EVENT']));
      expect(metric).toEqual(sent);
      expect(samples.filter((s) => s.name === DEAD_LETTERS).every((s) => s.labels['service'] === 'projector')).toBe(true);
      expect(consumed).toBe(stream.messages.length);
      // On the topic: one letter per poison message, with the same reasons, in the body and the header.
      expect(countBy(records.map((r) => r.letter.reason))).toEqual(sent);
      expect(records.every((r) => r.reasonHeader === r.letter.reason)).toBe(true);
      expect(records.every((r) => r.letter.topic === names.callEvents)).toBe(true);
      // Each letter keeps the original bytes of the message it stands for.
      const poisonValues = new Set(stream.poison.map((p) => p.value.toString('base64')));
      expect(records.every((r) => r.letter.value !== null && poisonValues.has(Buffer.from(r.letter.value).toString('base64')))).toBe(true);

      console.log(`[e2e] dead-letter metrics: ${JSON.stringify({ messages: stream.messages.length, poison: stream.poison.length, byReason: metric })}`);
      passed = true;
    });
  }),
);
