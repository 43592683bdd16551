import { createMetrics } from '../metrics';
import { opsSettingsFromEnv } from './ops-http';
import { checkReadiness, clickHouseCheck, decideLiveness, decideReadiness, kafkaCheck, ProgressTracker, restoreCheck, runCheck } from './health';

describe('decideLiveness', () => {
  const at = (silenceMs: number, pendingWork?: number) => decideLiveness({ lastProgressAt: 1_000_000, now: 1_000_000 + silenceMs, maxSilenceMs: 60_000, pendingWork });

  it.each([
    ['a tick 59 s ago with work pending', 59_000, 500, true, 'progressing'],
    ['a tick exactly at the limit', 60_000, 500, true, 'progressing'],
    ['no tick for 61 s and nothing pending', 61_000, 0, true, 'idle'],
    ['no tick for 10 min and the lag unknown (Kafka unreachable)', 600_000, undefined, true, 'pending-unknown'],
    ['no tick for 61 s while 500 messages wait', 61_000, 500, false, 'stuck'],
  ])('given %s, then live=%s (%s)', (_what, silence, pending, live, reason) => {
    const decision = at(silence, pending);
    expect([decision.live, decision.reason]).toEqual([live, reason]);
  });

  it('given a stuck loop, then the decision says how long and how much is waiting', () => {
    expect(at(61_000, 500)).toEqual({ live: false, reason: 'stuck', silenceSeconds: 61, pendingWork: 500 });
  });
});

describe('ProgressTracker', () => {
  it('given a clock, when created and ticked, then the last tick moves and the gauge follows in epoch seconds', async () => {
    let now = 1_700_000_000_000;
    const metrics = createMetrics({ service: 'writer', processMetrics: false });
    const progress = new ProgressTracker({ now: () => now, metrics });

    expect(progress.lastProgressAt()).toBe(1_700_000_000_000);
    now += 5_000;
    progress.tick();

    expect(progress.lastProgressAt()).toBe(1_700_000_005_000);
    expect((await metrics.lastProgress.get()).values[0]?.value).toBe(1_700_000_005);
  });
});

describe('readiness', () => {
  it('given restore done, Kafka answering and ClickHouse refusing, then not ready with ClickHouse named and its message kept', async () => {
    const decision = await checkReadiness([
      restoreCheck(() => true),
      kafkaCheck(async () => ({ brokers: 1 })),
      clickHouseCheck({ ping: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:8123')) }),
    ]);

    expect(decision.ready).toBe(false);
    expect(decision.failing).toEqual(['clickhouse']);
    expect(decision.results.find((r) => r.name === 'clickhouse')?.detail).toBe('connect ECONNREFUSED 127.0.0.1:8123');
  });

  it('given restore still running, then not ready because of state', async () => {
    const decision = await checkReadiness([restoreCheck(() => false), kafkaCheck(async () => undefined)]);

    expect(decision.failing).toEqual(['state']);
    expect(decision.results[0]?.detail).toBe('state restore has not completed');
  });

  it('given every check passing, then ready', async () => {
    expect((await checkReadiness([restoreCheck(() => true), kafkaCheck(async () => undefined), clickHouseCheck({ ping: async () => undefined })])).ready).toBe(true);
  });

  it('given no checks at all, then ready', () => {
    expect(decideReadiness([])).toEqual({ ready: true, results: [], failing: [] });
  });

  it('given a check that hangs, then it is down after its timeout', async () => {
    const result = await runCheck({ name: 'kafka', check: () => new Promise<void>(() => undefined), timeoutMs: 50 });

    expect(result).toMatchObject({ name: 'kafka', up: false, detail: 'no answer within 50 ms' });
  });

  it('given a check returning false or throwing synchronously, then down', async () => {
    expect((await runCheck({ name: 'a', check: () => false })).up).toBe(false);
    expect(
      (
        await runCheck({
          name: 'b',
          check: () => {
            throw new Error('boom');
          },
        })
      ).detail,
    ).toBe('boom');
  });
});

describe('opsSettingsFromEnv', () => {
  it('given nothing set, then the service default port, 0.0.0.0, 15 s lag refresh and 60 s silence', () => {
    expect(opsSettingsFromEnv({}, 'writer')).toEqual({ port: 9465, host: '0.0.0.0', lagIntervalMs: 15_000, maxSilenceMs: 60_000 });
  });

  it('given every variable, then they win', () => {
    expect(
      opsSettingsFromEnv({ CALLFOLD_OPS_PORT: '0', CALLFOLD_OPS_HOST: '127.0.0.1', CALLFOLD_LAG_INTERVAL_MS: '5000', CALLFOLD_LIVENESS_MAX_SILENCE_MS: '120000' }, 'projector'),
    ).toEqual({ port: 0, host: '127.0.0.1', lagIntervalMs: 5_000, maxSilenceMs: 120_000 });
  });

  it.each([
    [{ CALLFOLD_OPS_PORT: '70000' }, /CALLFOLD_OPS_PORT must be a port number/],
    [{ CALLFOLD_OPS_PORT: 'http' }, /CALLFOLD_OPS_PORT/],
    [{ CALLFOLD_LAG_INTERVAL_MS: '0' }, /CALLFOLD_LAG_INTERVAL_MS must be a positive number/],
  ])('given %j, then an error naming the variable', (env, message) => {
    expect(() => opsSettingsFromEnv(env, 'projector')).toThrow(message);
  });
});
