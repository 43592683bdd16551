import { join } from 'node:path';
import { type ClickHouseBackend } from './clickhouse.port';
import { createChdbBackend } from './chdb.backend';
import { createHttpBackend } from './http.backend';

export interface ClickHouseConfig {
  /** A server URL selects the HTTP backend; without one callfold uses the embedded engine. */
  readonly url?: string;
  readonly username?: string;
  readonly password?: string;
  readonly database?: string;
  /** Data directory of the embedded engine. */
  readonly chdbPath?: string;
}

/** Reads the ClickHouse settings from the environment (see README "Configuration"). */
export function clickHouseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ClickHouseConfig {
  return {
    url: env['CALLFOLD_CLICKHOUSE_URL'] || undefined,
    username: env['CALLFOLD_CLICKHOUSE_USER'] || undefined,
    password: env['CALLFOLD_CLICKHOUSE_PASSWORD'] || undefined,
    database: env['CALLFOLD_CLICKHOUSE_DATABASE'] || undefined,
    chdbPath: env['CALLFOLD_CHDB_PATH'] || undefined,
  };
}

export function createClickHouseBackend(config: ClickHouseConfig): ClickHouseBackend {
  if (config.url) {
    return createHttpBackend({ url: config.url, username: config.username, password: config.password, database: config.database });
  }
  return createChdbBackend({ path: config.chdbPath ?? join(process.cwd(), '.data', 'chdb') });
}
