/**
 * ClickHouse outage for a writer whose ClickHouse is the embedded engine (chdb), loaded with
 * `node -r` into the writer's process only. While the file named by CALLFOLD_E2E_CHDB_FAULT_FILE
 * exists, every query and insert of chdb's Session throws, as a server that refuses connections
 * would make the HTTP client throw. Nothing of callfold is replaced: libs/clickhouse's chdb backend
 * turns the error into a ClickHouseError and the writer and libs/kafka's batch consumer handle it
 * exactly as they would handle a real outage (pause, retry with backoff, heartbeat).
 *
 * Why here: an embedded engine cannot go down on its own, the only ClickHouse server this machine
 * can install (18.16) cannot run callfold's DDL, and the writer exposes no fault switch.
 */
import { existsSync } from 'node:fs';
import * as chdb from 'chdb';

const faultFile = process.env['CALLFOLD_E2E_CHDB_FAULT_FILE'];

type Method = (this: unknown, ...args: unknown[]) => unknown;

if (faultFile) {
  const proto = (chdb as unknown as { Session: { prototype: Record<string, Method> } }).Session.prototype;
  for (const name of ['query', 'queryBind', 'queryAsync', 'queryBindAsync', 'insert']) {
    const original = proto[name];
    if (typeof original !== 'function') continue;
    proto[name] = function faulty(this: unknown, ...args: unknown[]): unknown {
      if (existsSync(faultFile)) {
        const error = new Error(`Connection refused: ClickHouse unavailable (e2e fault injection, ${faultFile} exists)`);
        if (name.endsWith('Async')) return Promise.reject(error);
        throw error;
      }
      return original.apply(this, args);
    };
  }
}
