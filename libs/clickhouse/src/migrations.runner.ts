import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ClickHouseBackend } from './clickhouse.port';

/** One numbered SQL file under deploy/clickhouse/migrations, e.g. `0003_dialogues.sql`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationTarget {
  readonly database: string;
  /** Set for a ClickHouse cluster: DDL runs `ON CLUSTER` and tables use Replicated engines. */
  readonly cluster?: string;
}

const FILE = /^(\d{4})_([a-z0-9_-]+)\.sql$/;

export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: FILE.exec(file) }))
    .filter((f): f is { file: string; match: RegExpExecArray } => f.match !== null)
    .map(({ file, match }) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return { version: Number(match[1]), name: match[2] ?? file, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && migrations[i - 1]?.version === m.version) throw new Error(`two migrations share version ${m.version}`);
  });
  return migrations;
}

/**
 * Fills the placeholders a migration may use, so one file serves a single server and a cluster:
 * `{{db}}` the database, `{{on_cluster}}` empty or `ON CLUSTER '<name>'`, `{{replicated}}`
 * empty or `Replicated` (prefix of a MergeTree-family engine; replicated engines take their
 * ZooKeeper path and replica name from the server's default_replica_path / default_replica_name).
 */
export function renderMigration(sql: string, target: MigrationTarget): string {
  return sql
    .replaceAll('{{db}}', target.database)
    .replaceAll('{{on_cluster}}', target.cluster ? `ON CLUSTER '${target.cluster}'` : '')
    .replaceAll('{{replicated}}', target.cluster ? 'Replicated' : '');
}

/** Splits a migration into statements at semicolons that end a line; `--` comments stay attached. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of sql.split('\n')) {
    current.push(line);
    const code = line.replace(/--.*$/, '').trimEnd();
    if (code.endsWith(';')) {
      const text = current.join('\n').trim().replace(/;\s*(--.*)?$/, '');
      if (stripComments(text)) statements.push(text);
      current = [];
    }
  }
  const rest = current.join('\n').trim();
  if (stripComments(rest)) statements.push(rest);
  return statements;
}

function stripComments(text: string): string {
  return text.replace(/--.*$/gm, '').trim();
}

export interface MigrationReport {
  readonly applied: readonly Migration[];
  readonly alreadyApplied: readonly Migration[];
}

/**
 * Applies pending migrations in order and records each in `<db>.callfold_migrations`. A changed
 * file that was already applied is an error: migrations are append-only, fix forward.
 */
export async function applyMigrations(
  backend: ClickHouseBackend,
  migrations: readonly Migration[],
  target: MigrationTarget,
  log: (line: string) => void = () => undefined,
): Promise<MigrationReport> {
  const onCluster = renderMigration('{{on_cluster}}', target);
  await backend.command(`CREATE DATABASE IF NOT EXISTS ${target.database} ${onCluster}`);
  await backend.command(
    `CREATE TABLE IF NOT EXISTS ${target.database}.callfold_migrations ${onCluster}
     (version UInt32, name String, checksum String, applied_at DateTime64(3) DEFAULT now64(3))
     ENGINE = ${renderMigration('{{replicated}}', target)}MergeTree ORDER BY version`,
  );
  const rows = await backend.query<{ version: number; checksum: string }>(
    `SELECT version, checksum FROM ${target.database}.callfold_migrations ORDER BY version`,
  );
  const done = new Map(rows.map((r) => [Number(r.version), r.checksum]));
  const applied: Migration[] = [];
  const alreadyApplied: Migration[] = [];
  for (const migration of migrations) {
    const checksum = done.get(migration.version);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new Error(`migration ${migration.version}_${migration.name} changed after it was applied (checksum differs): add a new migration instead`);
      }
      alreadyApplied.push(migration);
      continue;
    }
    for (const statement of splitStatements(renderMigration(migration.sql, target))) {
      await backend.command(statement);
    }
    await backend.insert(`${target.database}.callfold_migrations`, [{ version: migration.version, name: migration.name, checksum: migration.checksum }]);
    log(`applied ${String(migration.version).padStart(4, '0')}_${migration.name}`);
    applied.push(migration);
  }
  return { applied, alreadyApplied };
}
