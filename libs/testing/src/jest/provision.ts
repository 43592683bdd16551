/**
 * Finds or starts Kafka, the schema registry and a ClickHouse server for one test run, in this
 * order per service: the address in CALLFOLD_* (never started or stopped by us), a local stack
 * already listening on the stack ports (native or `docker compose up`, reused and left running),
 * then new containers when Docker is reachable, else the native stack (`npm run stack:up`).
 */
import { dockerReachable, startDockerService } from '../docker/docker-services';
import { serviceEnv } from '../env/service-env';
import { stackEnv, stackServiceVars } from '../env/stack-env';
import { type Logger } from '../log/logger';
import { probeClickHouse } from '../probes/clickhouse.probe';
import { probeKafka } from '../probes/kafka.probe';
import { type ProbeResult } from '../probes/probe.types';
import { probeRegistry } from '../probes/registry.probe';
import { SERVICE_NAMES, type ServiceName, type ServiceStatus, type ServiceStatuses } from '../services/service-availability';
import { runStackCommand } from './native-stack';

export interface Cleanup {
  readonly description: string;
  run(): Promise<void>;
}

export interface Provisioned {
  readonly statuses: ServiceStatuses;
  /** CALLFOLD_* variables the test workers need to reach what was found or started. */
  readonly vars: Record<string, string>;
  /** What this run started and must stop, in start order. */
  readonly cleanups: readonly Cleanup[];
}

export interface ProvisionOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly root: string;
  readonly log: Logger;
}

const ADDRESS_VAR: Record<ServiceName, string> = {
  kafka: 'CALLFOLD_KAFKA_BROKERS',
  'schema-registry': 'CALLFOLD_SCHEMA_REGISTRY_URL',
  clickhouse: 'CALLFOLD_CLICKHOUSE_URL',
};

const VARS_OF: Record<ServiceName, readonly string[]> = {
  kafka: ['CALLFOLD_KAFKA_BROKERS'],
  'schema-registry': ['CALLFOLD_SCHEMA_REGISTRY_URL'],
  clickhouse: ['CALLFOLD_CLICKHOUSE_URL', 'CALLFOLD_CLICKHOUSE_USER', 'CALLFOLD_CLICKHOUSE_PASSWORD'],
};

const pick = (vars: Record<string, string>, name: ServiceName): Record<string, string> =>
  Object.fromEntries(VARS_OF[name].filter((key) => vars[key] !== undefined).map((key) => [key, vars[key] as string]));

export async function probeService(name: ServiceName, env: NodeJS.ProcessEnv): Promise<ProbeResult> {
  const settings = serviceEnv({ env });
  if (name === 'kafka') return probeKafka({ kafka: settings.kafka });
  if (name === 'schema-registry') return probeRegistry({ registry: settings.schemaRegistry });
  if (settings.clickhouse.mode !== 'server') return { ok: false, reason: 'CALLFOLD_CLICKHOUSE_URL is unset (embedded chdb has no server to test)' };
  return probeClickHouse({ clickhouse: settings.clickhouse });
}

type Runtime = 'docker' | 'native';

/** What one way of starting services produced for the services it was asked for. */
interface Started {
  readonly statuses: Partial<Record<ServiceName, ServiceStatus>>;
  readonly vars: Record<string, string>;
  readonly cleanups: readonly Cleanup[];
}

async function chooseRuntime(env: NodeJS.ProcessEnv, log: Logger): Promise<Runtime | { unavailable: string }> {
  const wanted = (env['CALLFOLD_TEST_RUNTIME'] ?? 'auto').toLowerCase();
  if (wanted === 'native') return 'native';
  const docker = await dockerReachable();
  if (wanted === 'docker') return docker ? 'docker' : { unavailable: 'CALLFOLD_TEST_RUNTIME=docker but no Docker engine is reachable' };
  log.info(docker ? 'Docker is reachable: starting missing services with testcontainers' : 'no Docker engine reachable: starting missing services natively (npm run stack:up)');
  return docker ? 'docker' : 'native';
}

async function startWithDocker(missing: readonly ServiceName[], env: NodeJS.ProcessEnv): Promise<Started> {
  const statuses: Partial<Record<ServiceName, ServiceStatus>> = {};
  const vars: Record<string, string> = {};
  const cleanups: Cleanup[] = [];
  for (const name of missing) {
    try {
      const started = await startDockerService(name);
      cleanups.push({ description: `${name} container`, run: started.stop });
      Object.assign(vars, started.vars);
      const result = await probeService(name, { ...env, ...started.vars });
      statuses[name] = result.ok ? { available: true, source: 'docker', detail: result.detail } : { available: false, source: 'docker', detail: result.reason };
    } catch (error) {
      statuses[name] = { available: false, source: 'docker', detail: `container did not start: ${(error as Error).message}` };
    }
  }
  return { statuses, vars, cleanups };
}

async function startNatively(missing: readonly ServiceName[], options: ProvisionOptions): Promise<Started> {
  const statuses: Partial<Record<ServiceName, ServiceStatus>> = {};
  const local = stackServiceVars(stackEnv({ env: options.env, root: options.root }));
  const vars: Record<string, string> = {};
  const cleanups: Cleanup[] = [];
  try {
    const report = await runStackCommand({ root: options.root, command: 'up', services: missing });
    const startedNow = report.services.filter((s) => s.startedNow).map((s) => s.name);
    if (startedNow.length > 0) {
      cleanups.push({ description: `native ${startedNow.join(', ')}`, run: async () => void (await runStackCommand({ root: options.root, command: 'down', services: startedNow })) });
    }
    for (const name of missing) {
      const service = report.services.find((s) => s.name === name);
      if (service?.state !== 'running') {
        const detail = !service ? 'missing from the stack report' : service.state === 'failed' ? `${service.detail} (log: ${service.logFile})` : service.detail;
        statuses[name] = { available: false, source: 'native', detail };
        continue;
      }
      Object.assign(vars, pick(local, name));
      statuses[name] = { available: true, source: 'native', detail: service.detail };
    }
  } catch (error) {
    for (const name of missing) statuses[name] = { available: false, source: 'native', detail: (error as Error).message };
  }
  return { statuses, vars, cleanups };
}

export async function provisionServices(options: ProvisionOptions): Promise<Provisioned> {
  const { env, log } = options;
  const statuses: Partial<Record<ServiceName, ServiceStatus>> = {};
  const vars: Record<string, string> = {};
  const local = stackServiceVars(stackEnv({ env, root: options.root }));
  const missing: ServiceName[] = [];

  for (const name of SERVICE_NAMES) {
    const addressVar = ADDRESS_VAR[name];
    if (env[addressVar]) {
      const result = await probeService(name, env);
      statuses[name] = result.ok ? { available: true, source: 'env', detail: result.detail } : { available: false, source: 'env', detail: `${addressVar} is set, but ${result.reason}` };
      continue;
    }
    const localVars = pick(local, name);
    const result = await probeService(name, { ...env, ...localVars });
    if (result.ok) {
      statuses[name] = { available: true, source: 'running', detail: result.detail };
      Object.assign(vars, localVars);
    } else {
      missing.push(name);
    }
  }

  const cleanups: Cleanup[] = [];
  if (missing.length > 0) {
    const runtime = await chooseRuntime(env, log);
    if (typeof runtime === 'object') {
      for (const name of missing) statuses[name] = { available: false, source: 'none', detail: runtime.unavailable };
    } else {
      const started = runtime === 'docker' ? await startWithDocker(missing, env) : await startNatively(missing, options);
      Object.assign(statuses, started.statuses);
      Object.assign(vars, started.vars);
      cleanups.push(...started.cleanups);
    }
  }
  return { statuses: statuses as ServiceStatuses, vars, cleanups };
}
