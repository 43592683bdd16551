import { applyMigrations, type ClickHouseBackend, loadMigrations, type MigrationReport } from '@callfold/clickhouse';
import { type FlagSpecs } from '../cli/flags';

export const migrateFlags = {
  cluster: { type: 'string', value: 'NAME', description: 'run the DDL ON CLUSTER NAME with Replicated engines (default: CALLFOLD_CLICKHOUSE_CLUSTER)' },
} as const satisfies FlagSpecs;

export const migrateHelp = `callfold migrate [--cluster NAME]

Applies the numbered SQL files of deploy/clickhouse/migrations that the configured ClickHouse has
not seen yet, in order, and records each in <database>.callfold_migrations. Safe to repeat: a
second run applies nothing. A migration changed after it was applied is an error (fix forward).

Target: CALLFOLD_CLICKHOUSE_URL (a server), else the embedded engine at CALLFOLD_CHDB_PATH
(default ./.data/chdb); database CALLFOLD_CLICKHOUSE_DATABASE (default callfold).`;

export interface MigrateOptions {
  readonly backend: ClickHouseBackend;
  readonly migrationsDir: string;
  readonly database: string;
  readonly cluster?: string;
  /** Where the migrations go, for the first line. */
  readonly target: string;
  readonly print: (line: string) => void;
}

export async function runMigrate(options: MigrateOptions): Promise<MigrationReport> {
  const migrations = loadMigrations(options.migrationsDir);
  const where = `${options.target}, database ${options.database}${options.cluster ? `, ON CLUSTER '${options.cluster}'` : ''}`;
  options.print(`Migrating ${where}: ${migrations.length} migration(s) in ${options.migrationsDir}`);
  const report = await applyMigrations(options.backend, migrations, { database: options.database, cluster: options.cluster }, (line) => options.print(`  ${line}`));
  options.print(
    report.applied.length === 0
      ? `Nothing to apply: all ${report.alreadyApplied.length} migration(s) were already applied.`
      : `Applied ${report.applied.length} migration(s); ${report.alreadyApplied.length} were already applied.`,
  );
  return report;
}
