/**
 * up / down / status over the stack's services. `up` is idempotent (a running service is left
 * alone), waits until each service answers a real client, and on failure stops what it spawned
 * and names the service and its log file. Services start in parallel; their downloads run one at
 * a time so two Maven processes never write the same local repository at once.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, type Logger, type NativeServiceReport, type NativeStackReport, type ProbeResult } from '@callfold/testing';
import { logExcerpt, START_BANNER } from './log-tail.util';
import { portTaken } from './ports.util';
import { findByMarker, groupAlive, readPidFile, removePidFile, spawnDetached, stopGroup, writePidFile } from './process.util';
import { type StackService } from './service.types';
import { type StackPaths } from './stack.paths';

export interface StackRunnerOptions {
  readonly services: readonly StackService[];
  readonly paths: StackPaths;
  readonly startTimeoutMs: number;
  /** How long a service gets to exit on SIGTERM before SIGKILL. */
  readonly stopGraceMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function createStackRunner(options: StackRunnerOptions) {
  const { paths } = options;
  const pidFile = (service: StackService) => join(paths.run, `${service.name}.pid`);
  const logger = (service: StackService): Logger => createLogger({ namespace: `stack:${service.name}` });
  let prepareQueue: Promise<unknown> = Promise.resolve();

  /** Pids of the service's process groups: from its pid file and from a command-line scan. */
  function pidsOf(service: StackService): number[] {
    const fromFile = readPidFile(pidFile(service));
    return [...new Set([...(fromFile ? [fromFile] : []), ...findByMarker(service.marker)])];
  }

  async function waitReady(service: StackService, pid: number): Promise<ProbeResult> {
    const deadline = Date.now() + options.startTimeoutMs;
    let last: ProbeResult = { ok: false, reason: 'not probed yet' };
    while (Date.now() < deadline) {
      if (!groupAlive(pid)) return { ok: false, reason: `its process exited during start-up (last probe: ${last.ok ? 'ok' : last.reason})` };
      last = await service.probe();
      if (last.ok) return last;
      await sleep(500);
    }
    return { ok: false, reason: `not ready after ${seconds(options.startTimeoutMs)} (last probe: ${last.ok ? 'ok' : last.reason})` };
  }

  function report(service: StackService, state: NativeServiceReport['state'], detail: string, extra: Partial<NativeServiceReport> = {}): NativeServiceReport {
    return { name: service.name, state, detail, logFile: service.logFile, startedNow: false, pids: pidsOf(service), elapsedMs: 0, ...extra };
  }

  async function fail(service: StackService, pid: number, why: string, started: number): Promise<NativeServiceReport> {
    const log = logger(service);
    log.error(`${service.name} failed to start: ${why}`);
    log.error(`log file: ${service.logFile}`);
    const tail = logExcerpt(service.logFile);
    if (tail) log.error(`from the log:\n${tail}`);
    await stopGroup(pid, options.stopGraceMs ?? 30_000).catch(() => undefined);
    removePidFile(pidFile(service));
    return report(service, 'failed', `${service.name} failed to start: ${why}; see ${service.logFile}`, { elapsedMs: Date.now() - started, pids: [] });
  }

  async function upOne(service: StackService): Promise<NativeServiceReport & { warm: boolean }> {
    const log = logger(service);
    const started = Date.now();
    const running = pidsOf(service);
    if (running.length > 0) {
      const ready = await waitReady(service, running[0] as number);
      if (ready.ok) log.info(`already running (pid ${running.join(', ')}): ${ready.detail}`);
      else log.error(`running (pid ${running.join(', ')}) but not ready: ${ready.reason}; see ${service.logFile}`);
      return { ...report(service, ready.ok ? 'running' : 'failed', ready.ok ? ready.detail : ready.reason), warm: true };
    }
    const missing = await service.unavailableBecause();
    if (missing) {
      log.error(missing);
      return { ...report(service, 'unavailable', missing), warm: true };
    }
    for (const { port, variable } of service.ports) {
      if (await portTaken(port)) {
        const why = `port ${port} is taken by another process (a docker compose stack? another checkout's stack?); stop it or choose another port with ${variable}`;
        log.error(why);
        return { ...report(service, 'failed', why), warm: true };
      }
    }
    const prepared = (prepareQueue = prepareQueue.catch(() => undefined).then(() => {
      log.info('preparing');
      return service.prepare();
    })) as Promise<{ warm: boolean }>;
    let warm: boolean;
    try {
      warm = (await prepared).warm;
    } catch (error) {
      const why = `preparing ${service.name} failed: ${(error as Error).message}`;
      log.error(why);
      return { ...report(service, 'failed', why, { elapsedMs: Date.now() - started }), warm: false };
    }
    const launchedAt = Date.now();
    mkdirSync(paths.logs, { recursive: true });
    appendFileSync(service.logFile, `\n${START_BANNER} ${service.name} at ${new Date().toISOString()} ===\n`);
    const pid = await spawnDetached(service.launch(), service.logFile);
    writePidFile(pidFile(service), pid);
    log.info(`started pid ${pid}, waiting until ready (log: ${service.logFile})`);
    let ready = await waitReady(service, pid);
    if (ready.ok && service.afterReady) ready = await service.afterReady();
    if (!ready.ok) return { ...(await fail(service, pid, ready.reason, started)), warm };
    log.info(`ready in ${seconds(Date.now() - launchedAt)} after launch (${seconds(Date.now() - started)} in all): ${ready.detail}`);
    return { ...report(service, 'running', ready.detail, { startedNow: true, elapsedMs: Date.now() - started }), warm };
  }

  async function downOne(service: StackService): Promise<NativeServiceReport> {
    const log = logger(service);
    const started = Date.now();
    const pids = pidsOf(service);
    for (const pid of pids) {
      const how = await stopGroup(pid, options.stopGraceMs ?? 30_000);
      log.info(`${how === 'stopped' ? 'stopped' : 'killed after the grace period'}: pid ${pid}`);
    }
    removePidFile(pidFile(service));
    if (pids.length === 0) log.info('not running');
    return report(service, 'stopped', pids.length ? `stopped pid ${pids.join(', ')}` : 'was not running', { elapsedMs: Date.now() - started, pids: [] });
  }

  async function statusOne(service: StackService): Promise<NativeServiceReport> {
    const pids = pidsOf(service);
    if (pids.length === 0) {
      const missing = await service.unavailableBecause();
      return report(service, missing ? 'unavailable' : 'stopped', missing ?? 'not running');
    }
    const probe = await service.probe();
    return report(service, probe.ok ? 'running' : 'starting', probe.ok ? probe.detail : `process up, not answering yet: ${probe.reason}`);
  }

  return {
    async up(services: readonly StackService[]): Promise<NativeStackReport> {
      const started = Date.now();
      const results = await Promise.all(services.map(upOne));
      const warm = results.every((r) => r.warm);
      const summary = createLogger({ namespace: 'stack' });
      const ok = results.every((r) => r.state === 'running');
      summary.info(`${ok ? 'up' : 'NOT fully up'} in ${seconds(Date.now() - started)} (${warm ? 'warm cache' : 'cold: downloaded or formatted first'})`);
      return { command: 'up', services: results.map(({ warm: _warm, ...rest }) => rest), elapsedMs: Date.now() - started, warm };
    },
    async down(services: readonly StackService[]): Promise<NativeStackReport> {
      const started = Date.now();
      const results = await Promise.all(services.map(downOne));
      return { command: 'down', services: results, elapsedMs: Date.now() - started, warm: true };
    },
    async status(services: readonly StackService[]): Promise<NativeStackReport> {
      const started = Date.now();
      const results = await Promise.all(services.map(statusOne));
      return { command: 'status', services: results, elapsedMs: Date.now() - started, warm: true };
    },
  };
}
