import { readFileSync } from 'node:fs';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { type ClickHouseServerEnv } from '../env/service-env';

export interface ClickHouseClientOptions {
  readonly clickhouse: ClickHouseServerEnv;
  readonly requestTimeoutMs?: number;
  /** Tests assert on thrown errors; the client would also log each one at ERROR. */
  readonly quiet?: boolean;
}

/** The official HTTP client for a ClickHouse server. */
export function createClickHouseClient(options: ClickHouseClientOptions): ClickHouseClient {
  const { clickhouse } = options;
  return createClient({
    url: clickhouse.url,
    username: clickhouse.username,
    password: clickhouse.password,
    database: clickhouse.database,
    request_timeout: options.requestTimeoutMs ?? 30_000,
    ...(clickhouse.caPath ? { tls: { ca_cert: readFileSync(clickhouse.caPath) } } : {}),
    ...(options.quiet ? { log: { level: ClickHouseLogLevel.OFF } } : {}),
  });
}
