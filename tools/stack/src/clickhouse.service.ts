/**
 * A real ClickHouse server for the HTTP-client tests: Debian's clickhouse-server package (18.16,
 * the only server build reachable here). Everything needing current SQL uses the embedded chdb
 * engine instead; docs/stack.md explains the split.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { probeClickHouse, STACK_CLICKHOUSE_PASSWORD, STACK_CLICKHOUSE_USER, type StackEnv } from '@callfold/testing';
import { serverConfigXml, usersXml } from './clickhouse.config';
import { type StackService } from './service.types';
import { type StackPaths } from './stack.paths';

export interface ClickHouseServiceOptions {
  readonly stack: StackEnv;
  readonly paths: StackPaths;
  readonly env?: NodeJS.ProcessEnv;
}

/** The configured binary, else clickhouse-server on PATH, else Debian's /usr/sbin (not on a user's PATH). */
export function findClickHouseServer(stack: StackEnv, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (stack.clickhouseBin) return existsSync(stack.clickhouseBin) ? stack.clickhouseBin : undefined;
  const candidates = [...(env['PATH'] ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'clickhouse-server')), '/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server'];
  return candidates.find((file) => existsSync(file));
}

export function createClickHouseService(options: ClickHouseServiceOptions): StackService {
  const { stack, paths } = options;
  const home = paths.home('clickhouse');
  const configFile = join(home, 'config.xml');
  const binary = findClickHouseServer(stack, options.env);
  const clickhouse = { mode: 'server', url: `http://127.0.0.1:${stack.clickhousePort}`, username: STACK_CLICKHOUSE_USER, password: STACK_CLICKHOUSE_PASSWORD, database: 'default' } as const;

  return {
    name: 'clickhouse',
    logFile: join(paths.logs, 'clickhouse.log'),
    ports: [{ port: stack.clickhousePort, variable: 'CALLFOLD_STACK_CLICKHOUSE_PORT' }],
    marker: `--config-file=${configFile}`,
    async unavailableBecause() {
      if (binary) return undefined;
      return stack.clickhouseBin
        ? `CALLFOLD_STACK_CLICKHOUSE_BIN=${stack.clickhouseBin} does not exist`
        : 'clickhouse-server is not installed: run `apt-get install -y clickhouse-server` (Debian/Ubuntu) or set CALLFOLD_STACK_CLICKHOUSE_BIN';
    },
    async prepare() {
      mkdirSync(join(home, 'data'), { recursive: true });
      writeFileSync(configFile, serverConfigXml({ httpPort: stack.clickhousePort, home }));
      writeFileSync(join(home, 'users.xml'), usersXml({ user: STACK_CLICKHOUSE_USER, password: STACK_CLICKHOUSE_PASSWORD }));
      return { warm: true };
    },
    launch() {
      return { file: binary ?? 'clickhouse-server', args: [`--config-file=${configFile}`], cwd: home };
    },
    probe: () => probeClickHouse({ clickhouse }),
  };
}
