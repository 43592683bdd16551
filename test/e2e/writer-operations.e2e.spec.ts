import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithService } from '@callfold/testing';
import { joined, waitUntil } from './harness/chaos';
import { runCli } from './harness/cli';
import { e2eNames } from './harness/e2e-names';
import { knownStream } from './harness/known-stream';
import { type MetricSample, opsUrlOf, probe, scrape, sumOf } from './harness/ops-endpoints';
import { type AppProcess } from './harness/app-process';
import { type Offsets, Pipeline, STOPPED } from './harness/pipeline';
import { produceStream } from './harness/produce';

const LAG = 'callfold_consumer_lag_messages';
const FAILURES = 'callfold_batch_failures_total';

interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

const inPartitionOrder = (offsets: readonly Offsets[]): Offsets[] => [...offsets].sort((a, b) => a.partition - b.partition);
const byPartition = (a: PartitionLag, b: PartitionLag) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1);

/** The lag gauge's series of one group, as the writer exports them. */
function lagSeries(samples: readonly MetricSample[], group: string): PartitionLag[] {
  return samples
    .filter((s) => s.name === LAG && s.labels['group'] === group)
    .map((s) => ({ topic: s.labels['topic'] ?? '', partition: Number(s.labels['partition']), lag: s.value }))
    .sort(byPartition);
}

/** The rows of `callfold lag`'s table for one group (GROUP TOPIC PARTITION COMMITTED END LAG). */
function tableRows(stdout: string, group: string): PartitionLag[] {
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => cells[0] === group && cells.length === 6)
    .map((cells) => ({ topic: cells[1] ?? '', partition: Number(cells[2]), lag: Number(cells[5]) }))
    .sort(byPartition);
}

// The real writer (apps/writer/src/main.ts, Nest shell and ops port) as a child process, its
// ClickHouse embedded. "Paused" = every ClickHouse call fails (harness/chdb-fault.preload.ts, as
// in the outage spec): the writer holds its batches uncommitted and retries, so its group's
// committed offsets stand still while the test produces; removing the fault resumes it. The
// projector starts only once the paused lag was read, so the writer's lag is exactly the events.
describeWithService('kafka', 'e2e: operating the writer (lag metric and command, readiness)', () =>
  describeWithService('schema-registry', 'writer as a process with its ops port, ClickHouse embedded', () => {
    let pipeline: Pipeline;
    let faultFile: string;
    let writer: AppProcess;
    let ops: string;
    let schemaId: number;
    let passed = 0;
    const cliEnv = (): NodeJS.ProcessEnv => ({ ...process.env, CALLFOLD_LOG_LEVEL: 'warn' });
    /** The writer's group and its per-test topics, as `--group ID=TOPIC,TOPIC` takes them. */
    const groupArg = () => `${pipeline.names.writerGroup}=${pipeline.names.callEvents},${pipeline.names.conversations}`;
    const writerLag = async () => sumOf(await scrape(ops), LAG, { group: pipeline.names.writerGroup });

    beforeAll(async () => {
      const names = e2eNames('writer-operations');
      faultFile = join(names.dir, 'clickhouse-down');
      pipeline = new Pipeline(names, {
        writerEnv: {
          CALLFOLD_E2E_CHDB_FAULT_FILE: faultFile,
          // Lag refreshed every 300 ms and retries capped at 1 s: the test waits on values, not on timers.
          CALLFOLD_LAG_INTERVAL_MS: '300',
          CALLFOLD_WRITER_RETRY_INITIAL_MS: '200',
          CALLFOLD_WRITER_RETRY_MAX_MS: '1000',
          // One record batch per partition per fetch: a transaction's commit marker (a record batch
          // of its own) always arrives alone, as it does under load when a fetch fills up just before it.
          CALLFOLD_WRITER_MAX_BYTES_PER_PARTITION: '1',
        },
        writerPreload: ['./test/e2e/harness/chdb-fault.preload.ts'],
      });
      schemaId = await pipeline.prepare();
      writer = pipeline.startWriter();
      ops = await opsUrlOf(writer);
      await joined(writer);
      await waitUntil('the writer to be ready', async () => (await probe(ops, '/health/ready')).status === 200, 60_000);
    });
    afterAll(async () => {
      rmSync(faultFile, { force: true });
      if (writer?.running) await writer.stopGracefully(STOPPED.writer).catch(() => undefined);
      await pipeline?.close({ passed: passed === 2 });
    });

    it('given the writer paused by a failing ClickHouse, when N events are produced, then its lag gauge and `callfold lag` report N for its group, the command exits 1 below N; once resumed both report 0, on the transactional conversations topic too', async () => {
      const { names } = pipeline;
      const group = names.writerGroup;
      const messages = knownStream({ schemaId, fixtures: true, poison: false }).messages;
      const n = messages.length;
      expect(await writerLag()).toBe(0);

      writeFileSync(faultFile, 'down\n');
      await produceStream(pipeline.client, names.callEvents, messages);
      await waitUntil(`the writer's lag gauge to reach ${n}`, async () => (await writerLag()) === n, 30_000);
      await waitUntil('the writer to fail a batch', async () => sumOf(await scrape(ops), FAILURES) > 0, 30_000);
      const paused = await scrape(ops);
      const committedWhilePaused = await pipeline.committed(group, names.callEvents);
      const gauge = lagSeries(paused, group);
      const worst = Math.max(...gauge.map((g) => g.lag));
      const probeRun = await runCli(['lag', '--group', groupArg(), '--threshold', String(worst - 1)], cliEnv());
      const withinRun = await runCli(['lag', '--group', groupArg(), '--threshold', String(worst)], cliEnv());

      rmSync(faultFile);
      await waitUntil('the writer to commit every event', async () => (await pipeline.lag(group, names.callEvents)) === 0, 60_000);
      // The projector folds the events into the conversations topic, in Kafka transactions, while
      // the writer reads it live: partitions end with a commit marker, which the writer must commit past.
      const projector = pipeline.startProjector('a');
      await pipeline.waitCaughtUp(90_000);
      await waitUntil("the writer's lag gauge to return to 0", async () => (await writerLag()) === 0, 30_000);
      const resumed = lagSeries(await scrape(ops), group);
      const conversationEnds = inPartitionOrder(await pipeline.ends(names.conversations));
      const conversationCommits = inPartitionOrder(await pipeline.committed(group, names.conversations));
      await projector.stopGracefully(STOPPED.projector);
      const afterRun = await runCli(['lag', '--group', groupArg(), '--threshold', '0'], cliEnv());

      // Paused: the gauge holds N over the call-events partitions, the (empty) conversations topic 0.
      expect(sumOf(paused, LAG, { group, topic: names.callEvents })).toBe(n);
      expect(sumOf(paused, LAG, { group, topic: names.conversations })).toBe(0);
      expect(committedWhilePaused).toEqual([0, 1, 2, 3].map((partition) => ({ partition, offset: '-1' })));
      // The command, run as `npx callfold lag`, prints the same rows and N in total, and is a probe:
      // exit 1 when a partition is above the threshold (named on stderr), 0 at or below it.
      expect(probeRun.code).toBe(1);
      expect(probeRun.stdout).toContain(`total lag: ${group} ${n}`);
      expect(tableRows(probeRun.stdout, group)).toEqual(gauge);
      expect(probeRun.stderr).toContain(`above ${worst - 1} messages`);
      expect({ code: withinRun.code, stderr: withinRun.stderr }).toEqual({ code: 0, stderr: '' });
      // Resumed: 0 everywhere, in the gauge and in the command, the transactional topic included
      // (committed = log end, marker and all).
      expect(conversationEnds.every((e) => Number(e.offset) > 0)).toBe(true);
      expect(conversationCommits).toEqual(conversationEnds);
      expect(resumed.every((r) => r.lag === 0)).toBe(true);
      expect(resumed.length).toBe(gauge.length);
      expect(afterRun.code).toBe(0);
      expect(afterRun.stdout).toContain(`total lag: ${group} 0`);
      console.log(`[e2e] writer lag: ${JSON.stringify({ produced: n, gauge: n, command: n, worstPartition: worst, failedAttempts: sumOf(paused, FAILURES) })}`);
      passed += 1;
    });

    it('given ClickHouse failing while events wait, when probed, then /health/ready answers 503 naming clickhouse and /health/live stays 200; after recovery ready is 200 again', async () => {
      const { names } = pipeline;
      const before = await probe(ops, '/health/ready');

      writeFileSync(faultFile, 'down\n');
      const failuresBefore = sumOf(await scrape(ops), FAILURES);
      await produceStream(pipeline.client, names.callEvents, knownStream({ schemaId, fixtures: true, poison: false }).messages.slice(0, 20));
      // Two failed attempts more: the consume loop is retrying, not idle.
      await waitUntil('the writer to retry', async () => sumOf(await scrape(ops), FAILURES) >= failuresBefore + 2, 30_000);
      const down = await probe(ops, '/health/ready');
      const live = await probe(ops, '/health/live');

      rmSync(faultFile);
      await waitUntil('readiness to recover', async () => (await probe(ops, '/health/ready')).status === 200, 30_000);
      const after = await probe(ops, '/health/ready');
      await waitUntil('the writer to commit the held events', async () => (await pipeline.lag(names.writerGroup, names.callEvents)) === 0, 60_000);
      const liveAfter = await probe(ops, '/health/live');

      expect(before.status).toBe(200);
      expect(down.status).toBe(503);
      expect(down.body['status']).toBe('error');
      expect(Object.keys(down.body['error'] as object)).toEqual(['clickhouse']);
      expect(String((down.body['error'] as Record<string, { message?: string }>)['clickhouse']?.message)).toContain('ClickHouse unavailable');
      expect(Object.keys(down.body['info'] as object).sort()).toEqual(['kafka', 'state']);
      expect(live.status).toBe(200);
      expect((live.body['details'] as Record<string, { status?: string; reason?: string }>)['consumeLoop']).toMatchObject({ status: 'up', reason: 'progressing' });
      expect(after.status).toBe(200);
      expect(after.body['status']).toBe('ok');
      expect(liveAfter.status).toBe(200);

      await writer.stopGracefully(STOPPED.writer);
      expect(writer.logs('consumer crashed')).toEqual([]);
      passed += 1;
    });
  }),
);
