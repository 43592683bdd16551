/**
 * Settings of the local stack (`npm run stack:up`, or `docker compose up`, which publishes the same
 * ports): where it listens and which credentials it creates. Both tools/stack and the jest setup
 * read them here, so "is the local stack up?" and "start the local stack" agree on the ports.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { type EnvVarDoc } from './service-env';
import { port, text } from './env-parsing';

export const STACK_ENV_VARS: readonly EnvVarDoc[] = [
  { name: 'CALLFOLD_STACK_DIR', fallback: '.stack', meaning: 'Downloads, data, logs and pid files of the native stack.' },
  { name: 'CALLFOLD_STACK_KAFKA_PORT', fallback: '9092', meaning: 'Kafka client listener.' },
  { name: 'CALLFOLD_STACK_KAFKA_CONTROLLER_PORT', fallback: '9093', meaning: 'KRaft controller listener.' },
  { name: 'CALLFOLD_STACK_REGISTRY_PORT', fallback: '8081', meaning: 'Schema registry (Apicurio) HTTP port.' },
  { name: 'CALLFOLD_STACK_CLICKHOUSE_PORT', fallback: '8123', meaning: 'ClickHouse server HTTP port.' },
  { name: 'CALLFOLD_STACK_CLICKHOUSE_BIN', fallback: '(found on PATH or /usr/sbin)', meaning: 'clickhouse-server binary.' },
  { name: 'CALLFOLD_STACK_START_TIMEOUT_S', fallback: '180', meaning: 'How long stack:up waits for each service to become ready.' },
  { name: 'CALLFOLD_TEST_RUNTIME', fallback: 'auto', meaning: 'Test setup: auto (Docker if reachable, else native), docker or native.' },
  { name: 'CALLFOLD_ALLOW_SKIP', fallback: 'false', meaning: 'Let integration tests skip on CI when a service is missing.' },
];

/** The stack creates this ClickHouse user; compose uses the same, so tests need no per-runtime secrets. */
export const STACK_CLICKHOUSE_USER = 'callfold';
export const STACK_CLICKHOUSE_PASSWORD = 'callfold';

export interface StackEnv {
  readonly root: string;
  readonly dir: string;
  readonly kafkaPort: number;
  readonly kafkaControllerPort: number;
  readonly registryPort: number;
  readonly clickhousePort: number;
  readonly clickhouseBin?: string;
  readonly startTimeoutMs: number;
}

/** The workspace root: the nearest folder above `from` holding nx.json. */
export function workspaceRoot(from: string = __dirname): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${from}: not inside the callfold workspace`);
    dir = parent;
  }
  return dir;
}

export function stackEnv(options: { env?: NodeJS.ProcessEnv; root?: string } = {}): StackEnv {
  const env = options.env ?? process.env;
  const root = options.root ?? workspaceRoot();
  const dir = text(env, 'CALLFOLD_STACK_DIR') ?? '.stack';
  const timeout = Number(text(env, 'CALLFOLD_STACK_START_TIMEOUT_S') ?? '180');
  return {
    root,
    dir: isAbsolute(dir) ? dir : join(root, dir),
    kafkaPort: port(env, 'CALLFOLD_STACK_KAFKA_PORT', 9092),
    kafkaControllerPort: port(env, 'CALLFOLD_STACK_KAFKA_CONTROLLER_PORT', 9093),
    registryPort: port(env, 'CALLFOLD_STACK_REGISTRY_PORT', 8081),
    clickhousePort: port(env, 'CALLFOLD_STACK_CLICKHOUSE_PORT', 8123),
    clickhouseBin: text(env, 'CALLFOLD_STACK_CLICKHOUSE_BIN'),
    startTimeoutMs: (Number.isFinite(timeout) && timeout > 0 ? timeout : 180) * 1000,
  };
}

/** The CALLFOLD_* assignments that point callfold at the local stack. */
export function stackServiceVars(stack: StackEnv): Record<string, string> {
  return {
    CALLFOLD_KAFKA_BROKERS: `127.0.0.1:${stack.kafkaPort}`,
    CALLFOLD_SCHEMA_REGISTRY_URL: `http://127.0.0.1:${stack.registryPort}/apis/ccompat/v7`,
    CALLFOLD_CLICKHOUSE_URL: `http://127.0.0.1:${stack.clickhousePort}`,
    CALLFOLD_CLICKHOUSE_USER: STACK_CLICKHOUSE_USER,
    CALLFOLD_CLICKHOUSE_PASSWORD: STACK_CLICKHOUSE_PASSWORD,
  };
}
