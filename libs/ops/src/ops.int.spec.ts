/**
 * On the real Kafka: a topic with N messages and a group committed at M. `runLagCommand`, the
 * lag monitor and an OpsModule app on a random port all see lag N - M; once DeleteRecords moved
 * the log start past the commit, lag counts from there.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createKafkaClient, type InboundMessage, type KafkaClient, kafkaSettingsFromEnv } from '@callfold/kafka';
import { describeWithService, kafkaClientConfig, serviceEnv } from '@callfold/testing';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaCheck, ProgressTracker, restoreCheck } from './health/health';
import { startOpsHttp } from './health/ops-http';
import { OpsModule } from './health/ops.module';
import { type LagRow } from './lag';
import { LAG_EXIT, runLagCommand } from './lag.command';
import { createLagMonitor } from './lag.monitor';
import { createMetrics } from './metrics';

const N = 10;
const M = 4;
/** Where DeleteRecords moves a partition's log start, past the commit at M (as retention would). */
const D = 7;
const unique = (prefix: string) => `it.ops.${prefix}.${randomUUID().slice(0, 8)}`;

async function waitFor(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Produces N messages to partition 0 and commits offset M for `groupId` through a real group member. */
async function topicWithCommittedGroup(client: KafkaClient, topic: string, groupId: string): Promise<InboundMessage[]> {
  const admin = client.admin();
  await admin.connect();
  try {
    await admin.createTopics([{ topic, partitions: 2 }]);
  } finally {
    await admin.disconnect();
  }
  const producer = client.producer();
  await producer.connect();
  try {
    await producer.send(topic, Array.from({ length: N }, (_, i) => ({ key: `conv-${i}`, value: Buffer.from(`event ${i}`), partition: 0 })));
  } finally {
    await producer.disconnect();
  }
  const seen: InboundMessage[] = [];
  let committed = false;
  const engine = client.consumer({ groupId, topics: [topic], fromBeginning: true, maxWaitTimeMs: 200 });
  try {
    await engine.start(
      async (batch, control) => {
        if (batch.partition !== 0 || committed) return;
        seen.push(...batch.messages);
        if (seen.length >= M) {
          await control.commit(String(M));
          committed = true;
        }
      },
      { onGroupJoin: () => undefined, onRebalancing: () => undefined, onCrash: () => undefined },
    );
    await waitFor(`the commit of offset ${M}`, () => committed);
  } finally {
    await engine.stop();
  }
  return seen;
}

describeWithService('kafka', 'lag and ops endpoints on the real Kafka', () => {
  const client = createKafkaClient(kafkaSettingsFromEnv());
  const topic = unique('events');
  const groupId = unique('group');
  let messages: InboundMessage[] = [];

  beforeAll(async () => {
    messages = await topicWithCommittedGroup(client, topic, groupId);
  });

  describe('runLagCommand', () => {
    it(`given ${N} messages and offset ${M} committed, when the threshold is below the lag, then it prints lag ${N - M} for partition 0, 0 for the empty partition, and exits 1`, async () => {
      const out: string[] = [];
      const err: string[] = [];

      const code = await runLagCommand({ groups: [{ groupId, topics: [topic] }], threshold: N - M - 1, kafka: client, print: (l) => out.push(l), printError: (l) => err.push(l) });

      expect(code).toBe(LAG_EXIT.overThreshold);
      const lines = out[0]!.split('\n');
      expect(lines[1]).toMatch(new RegExp(`^${groupId.replace(/\./g, '\\.')}\\s+${topic.replace(/\./g, '\\.')}\\s+0\\s+${M}\\s+${N}\\s+${N - M}$`));
      expect(lines[2]).toMatch(/\s1\s+-\s+0\s+0$/);
      expect(out).toContain(`total lag: ${groupId} ${N - M}`);
      expect(err).toEqual([`LAG: 1 partition(s) above ${N - M - 1} messages: ${groupId} ${topic}[0]=${N - M}`]);
    });

    it('given the threshold equal to the lag, then it exits 0', async () => {
      const out: string[] = [];

      const code = await runLagCommand({ groups: [{ groupId, topics: [topic] }], threshold: N - M, kafka: client, print: (l) => out.push(l) });

      expect(code).toBe(LAG_EXIT.ok);
      expect(out[out.length - 1]).toBe(`OK: no partition lags by more than ${N - M} messages`);
    });

    it('given --age and --json, then the lagging partition carries the timestamp of the message at the committed offset', async () => {
      const out: string[] = [];

      const code = await runLagCommand({ groups: [{ groupId, topics: [topic] }], age: true, json: true, kafka: client, print: (l) => out.push(l) });

      expect(code).toBe(LAG_EXIT.ok);
      const rows = out.map((l) => JSON.parse(l) as LagRow);
      const atCommit = messages.find((m) => m.offset === String(M))!;
      expect(rows[0]).toMatchObject({ partition: 0, committed: String(M), end: String(N), lag: String(N - M), oldestUnprocessedAt: new Date(Number(atCommit.timestamp)).toISOString() });
      expect(rows[0]!.ageSeconds).toBeGreaterThanOrEqual(0);
      expect(rows[1]).toEqual({ group: groupId, topic, partition: 1, committed: '-1', end: '0', logStart: '0', lag: '0' });
    });

    it(`given DeleteRecords moved partition 0's log start to ${D} past the commit at ${M}, when lag is read, then it counts ${N - D} from the log start for that group and for one that never committed, the age is the record's at ${D}, and a line says so`, async () => {
      const retainedTopic = unique('retained');
      const retainedGroup = unique('retained-group');
      const retained = await topicWithCommittedGroup(client, retainedTopic, retainedGroup);
      const kafka = new Kafka(kafkaClientConfig({ kafka: serviceEnv().kafka, clientSuffix: 'delete-records', logLevel: logLevel.NOTHING }));
      const admin = kafka.admin();
      await admin.connect();
      try {
        // kafkajs' deleteTopicRecords looks the leader up in metadata it never loads itself.
        await admin.fetchTopicMetadata({ topics: [retainedTopic] });
        await admin.deleteTopicRecords({ topic: retainedTopic, partitions: [{ partition: 0, offset: String(D) }] });
      } finally {
        await admin.disconnect();
      }
      const never = unique('never-committed');
      const json: string[] = [];
      const table: string[] = [];

      const code = await runLagCommand({ groups: [{ groupId: retainedGroup, topics: [retainedTopic] }, { groupId: never, topics: [retainedTopic] }], age: true, json: true, kafka: client, print: (l) => json.push(l) });
      await runLagCommand({ groups: [{ groupId: retainedGroup, topics: [retainedTopic] }], kafka: client, print: (l) => table.push(l) });

      expect(code).toBe(LAG_EXIT.ok);
      const rows = json.map((l) => JSON.parse(l) as LagRow).filter((r) => r.partition === 0);
      const atLogStart = new Date(Number(retained.find((m) => m.offset === String(D))!.timestamp)).toISOString();
      expect(rows.map(({ group, committed, logStart, end, lag, oldestUnprocessedAt }) => ({ group, committed, logStart, end, lag, oldestUnprocessedAt }))).toEqual(
        [
          { group: never, committed: '-1', logStart: String(D), end: String(N), lag: String(N - D), oldestUnprocessedAt: atLogStart },
          { group: retainedGroup, committed: String(M), logStart: String(D), end: String(N), lag: String(N - D), oldestUnprocessedAt: atLogStart },
        ].sort((a, b) => (a.group < b.group ? -1 : 1)),
      );
      expect(table).toContain(`total lag: ${retainedGroup} ${N - D}`);
      expect(table.at(-1)).toBe(`lag counted from the log start where retention deleted messages past the group's commit (the group resumes there): ${retainedGroup} ${retainedTopic}[0] from ${D}`);
    });

    it('given the default group discovery (a group named without topics), then it finds nothing on callfold topics it never read', async () => {
      const out: string[] = [];

      const code = await runLagCommand({ groups: [{ groupId }], kafka: client, print: (l) => out.push(l) });

      expect(code).toBe(LAG_EXIT.ok);
      expect(out[0]).toBe(`no committed offsets for ${groupId}`);
    });
  });

  describe('the lag monitor and the ops HTTP endpoints', () => {
    let app: INestApplication | undefined;
    const metrics = createMetrics({ service: 'it-ops' });
    const monitor = createLagMonitor({ admin: client.admin(), groups: [{ groupId, topics: [topic] }], metrics, intervalMs: 60_000 });
    let restored = false;
    let now = Date.now();
    const progress = new ProgressTracker({ now: () => now, metrics });
    let base = '';
    const afterAllHooks: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      const probeAdmin = client.admin();
      await probeAdmin.connect();
      @Module({
        imports: [
          OpsModule.forRoot({
            metrics,
            checks: [restoreCheck(() => restored), kafkaCheck(() => probeAdmin.endOffsets(topic))],
            liveness: { progress, maxSilenceMs: 60_000, pendingWork: () => monitor.pending(groupId, [{ topic, partition: 0 }]), now: () => now },
          }),
        ],
      })
      class OpsTestModule {}
      app = await NestFactory.create(OpsTestModule, { logger: false });
      const http = await startOpsHttp(app, 0, '127.0.0.1');
      base = http.url;
      await monitor.refresh();
      afterAllHooks.push(() => probeAdmin.disconnect());
    });

    afterAll(async () => {
      await monitor.stop();
      await app?.close();
      for (const hook of afterAllHooks) await hook();
    });

    it(`given a refresh, then the lag gauge is ${N - M} for partition 0 and GET /metrics serves that series as Prometheus text`, async () => {
      expect((await metrics.consumerLag.get()).values.find((v) => v.labels.partition === '0')?.value).toBe(N - M);

      const response = await fetch(`${base}/metrics`);
      const text = await response.text();

      expect(response.status).toBe(200);
      // Express reorders the parameters (charset first); Prometheus reads either order.
      expect(response.headers.get('content-type')?.split(/;\s*/).sort()).toEqual(['charset=utf-8', 'text/plain', 'version=0.0.4']);
      expect(text).toContain(`callfold_consumer_lag_messages{group="${groupId}",topic="${topic}",partition="0",service="it-ops"} ${N - M}`);
      expect(text).toContain('callfold_process_cpu_seconds_total');
    });

    it('given state not yet restored, then /health/ready answers 503 naming the failing check; once restored and Kafka reachable, 200', async () => {
      restored = false;
      const down = await fetch(`${base}/health/ready`);
      const downBody = (await down.json()) as { status: string; error: Record<string, { status: string; message?: string }>; info: Record<string, unknown> };

      expect(down.status).toBe(503);
      expect(downBody.status).toBe('error');
      expect(downBody.error['state']).toMatchObject({ status: 'down', message: 'state restore has not completed' });
      expect(downBody.info['kafka']).toMatchObject({ status: 'up' });

      restored = true;
      const up = await fetch(`${base}/health/ready`);

      expect(up.status).toBe(200);
      expect(((await up.json()) as { status: string }).status).toBe('ok');
    });

    it('given a consume loop silent past the limit while its partition has lag, then /health/live answers 503; after a tick, 200', async () => {
      now = progress.lastProgressAt() + 120_000;
      const stuck = await fetch(`${base}/health/live`);
      const body = (await stuck.json()) as { error: Record<string, Record<string, unknown>> };

      expect(stuck.status).toBe(503);
      expect(body.error['consumeLoop']).toMatchObject({ status: 'down', reason: 'stuck', pendingWork: N - M, silenceSeconds: 120 });

      progress.tick();
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
    });
  });
});
