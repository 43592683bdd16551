import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { thresholdsFromEnv } from '@callfold/clickhouse';
import { describeWithService } from '@callfold/testing';
import { expectDeadLettersMatch, expectTablesMatch } from './harness/assertions';
import { joined, waitUntil } from './harness/chaos';
import { readTables } from './harness/clickhouse-tables';
import { readDeadLetters } from './harness/dead-letters';
import { e2eNames } from './harness/e2e-names';
import { expectationOf } from './harness/expectation';
import { knownStream } from './harness/known-stream';
import { type Offsets, Pipeline, STOPPED } from './harness/pipeline';
import { produceStream } from './harness/produce';
import { report } from './harness/report';

const SEED = 0x0e2e0004;
const SIMULATION = { seed: SEED, conversations: 300, duplicateShare: 0.03, outOfOrderShare: 0.1 };
const OUTAGE_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const total = (offsets: readonly Offsets[]) => offsets.reduce((n, o) => n + Math.max(0, Number(o.offset)), 0);

// The writer's ClickHouse is the embedded engine, which cannot go down by itself; the outage is
// injected at its library boundary by harness/chdb-fault.preload.ts (see there for why).
describeWithService('kafka', 'e2e: ClickHouse unavailable for 30 s while the stream flows', () =>
  describeWithService('schema-registry', 'projector and writer as processes, ClickHouse embedded', () => {
    let pipeline: Pipeline;
    let faultFile: string;
    let passed = false;

    beforeAll(() => {
      const names = e2eNames('clickhouse-outage');
      faultFile = join(names.dir, 'clickhouse-down');
      pipeline = new Pipeline(names, { writerEnv: { CALLFOLD_E2E_CHDB_FAULT_FILE: faultFile }, writerPreload: ['./test/e2e/harness/chdb-fault.preload.ts'] });
    });
    afterAll(async () => {
      rmSync(faultFile, { force: true });
      await pipeline?.close({ passed });
    });

    it('given every ClickHouse call of the writer fails for 30 s mid-stream, when ClickHouse is back, then the tables equal the expectation and the writer kept its group membership throughout (one generation, no rebalance)', async () => {
      const started = Date.now();
      const { names } = pipeline;
      const schemaId = await pipeline.prepare();
      const stream = knownStream({ schemaId, fixtures: true, simulation: SIMULATION, poison: true });
      const expected = expectationOf(stream, thresholdsFromEnv({}));
      const outageAt = Math.floor(stream.messages.length / 4);

      const projector = pipeline.startProjector('a');
      const writer = pipeline.startWriter();
      await joined(writer);
      let sent = 0;
      const outage = { from: 0, to: 0, writerCommittedEarly: 0, writerCommittedLate: 0 };
      const breakClickHouse = async () => {
        await waitUntil(`${outageAt} messages produced`, () => sent >= outageAt, 120_000);
        await waitUntil('the writer to have written something', async () => (await pipeline.lag(names.writerGroup, names.callEvents)) < sent, 60_000);
        writeFileSync(faultFile, 'down\n');
        outage.from = Date.now();
        // A batch already past its insert when the fault began may still commit; after that, nothing may.
        await sleep(5_000);
        outage.writerCommittedEarly = total(await pipeline.committed(names.writerGroup, names.callEvents)) + total(await pipeline.committed(names.writerGroup, names.conversations));
        await sleep(OUTAGE_MS - 7_000);
        outage.writerCommittedLate = total(await pipeline.committed(names.writerGroup, names.callEvents)) + total(await pipeline.committed(names.writerGroup, names.conversations));
        await sleep(Math.max(0, outage.from + OUTAGE_MS - Date.now()));
        rmSync(faultFile);
        outage.to = Date.now();
      };
      await Promise.all([produceStream(pipeline.client, names.callEvents, stream.messages, { chunk: 50, pauseMs: 500, afterChunk: (n) => void (sent = n) }), breakClickHouse()]);

      await pipeline.waitCaughtUp(180_000);
      const caughtUpAt = Date.now();
      await writer.stopGracefully(STOPPED.writer);
      await projector.stopGracefully(STOPPED.projector);

      // The outage was real: the writer's commits stood still, and it failed and retried.
      expect(outage.writerCommittedLate).toBe(outage.writerCommittedEarly);
      const retries = writer.logs('batch failed, retrying').filter((l) => l.seenAt >= outage.from && l.seenAt <= outage.to + 1_000);
      expect(retries.length).toBeGreaterThan(0);
      expect(retries.every((l) => String((l.fields['error'] as { message?: string } | undefined)?.message).includes('ClickHouse unavailable'))).toBe(true);
      // ... and it never left its group: one generation, no rebalance, no crash.
      expect(writer.logs('joined group').map((l) => l.fields['generation'])).toEqual([1]);
      expect(writer.logs('group rebalancing')).toEqual([]);
      expect(writer.logs('consumer crashed')).toEqual([]);
      const stats = writer.logs('stopped').find((l) => l.ns === 'writer')?.fields ?? {};
      expect(Number(stats['failedAttempts'])).toBeGreaterThan(0);

      const tables = await readTables(names.chdbPath, names.database);
      expectTablesMatch(tables, expected);
      const letters = await readDeadLetters(pipeline.client, names.deadLetters);
      expectDeadLettersMatch(letters, expected, names.callEvents);

      report('clickhouse outage', started, expected, tables, {
        outageSeconds: Math.round((outage.to - outage.from) / 100) / 10,
        writerRetriesDuringOutage: retries.length,
        writerFailedAttempts: stats['failedAttempts'],
        writerGenerations: 1,
        caughtUpSecondsAfterOutage: Math.round((caughtUpAt - outage.to) / 100) / 10,
      });
      passed = true;
    });
  }),
);
