import { createClickHouseClient } from '../clients/clickhouse.client';
import { type ClickHouseServerEnv } from '../env/service-env';
import { errorText, type ProbeResult } from './probe.types';

/** An authenticated query, not just /ping: /ping answers even when the credentials are wrong. */
export async function probeClickHouse(options: { clickhouse: ClickHouseServerEnv }): Promise<ProbeResult> {
  const client = createClickHouseClient({ clickhouse: options.clickhouse, requestTimeoutMs: 3000, quiet: true });
  try {
    const result = await client.query({ query: 'SELECT version() AS version', format: 'JSONEachRow' });
    const [row] = await result.json<{ version: string }>();
    return { ok: true, detail: `clickhouse ${row?.version ?? '?'} at ${options.clickhouse.url}` };
  } catch (error) {
    return { ok: false, reason: `clickhouse at ${options.clickhouse.url}: ${errorText(error)}` };
  } finally {
    await client.close();
  }
}
