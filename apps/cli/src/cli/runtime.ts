import { isAbsolute, join } from 'node:path';
import { type ClickHouseBackend, type ClickHouseConfig, clickHouseConfigFromEnv, createClickHouseBackend, thresholdsFromEnv } from '@callfold/clickhouse';
import { InvalidThresholdPolicyError, type ThresholdPolicy } from '@callfold/domain';
import {
  createConfluentRegistryClient,
  createConsoleLogger,
  createSilentLogger,
  createKafkaClient,
  type KafkaClient,
  KafkaConfigError,
  type KafkaSettings,
  kafkaSettingsFromEnv,
  type Logger,
  type LogLevel,
  type RegistryClient,
} from '@callfold/kafka';
import { messageOf, UsageError } from './cli-error';
import { type CliIo } from './cli-io';

/**
 * The real dependencies of the commands, built from CALLFOLD_* settings (docs/cli.md
 * "Configuration"). A bad setting is a UsageError (exit code 2) naming the variable.
 */
export const DEFAULT_DATABASE = 'callfold';
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ClickHouseTarget {
  readonly config: ClickHouseConfig;
  readonly database: string;
  readonly cluster?: string;
  /** Where the rows go, for messages: `chdb:/path` or `http://host:port`, never credentials. */
  readonly description: string;
}

export function clickHouseTargetFromEnv(env: NodeJS.ProcessEnv, cwd: string, overrides: { cluster?: string } = {}): ClickHouseTarget {
  const config = clickHouseConfigFromEnv(env);
  const database = config.database ?? DEFAULT_DATABASE;
  if (!IDENTIFIER.test(database)) throw new UsageError(`CALLFOLD_CLICKHOUSE_DATABASE must be a plain identifier (letters, digits, _), got "${database}"`);
  const cluster = overrides.cluster ?? (env['CALLFOLD_CLICKHOUSE_CLUSTER']?.trim() || undefined);
  if (cluster !== undefined && !/^[A-Za-z0-9_.-]+$/.test(cluster)) throw new UsageError(`cluster name must be letters, digits, '.', '_' or '-', got "${cluster}"`);
  const chdbPath = config.chdbPath ? (isAbsolute(config.chdbPath) ? config.chdbPath : join(cwd, config.chdbPath)) : join(cwd, '.data', 'chdb');
  let description = `chdb:${chdbPath}`;
  if (config.url) {
    try {
      const url = new URL(config.url);
      description = `${url.protocol}//${url.host}`;
    } catch {
      throw new UsageError('CALLFOLD_CLICKHOUSE_URL is not a valid URL');
    }
  }
  return { config: { ...config, database, chdbPath }, database, cluster, description };
}

/**
 * Opens the configured backend. `selectDatabase` makes unqualified table names resolve to the
 * configured database (the HTTP session's database, `USE` on the embedded engine); leave it off
 * for statements that may create that database.
 */
export async function openBackend(target: ClickHouseTarget, options: { selectDatabase?: boolean } = {}): Promise<ClickHouseBackend> {
  const select = options.selectDatabase ?? false;
  const backend = createClickHouseBackend({ ...target.config, database: select ? target.database : undefined });
  if (select && backend.kind === 'chdb') {
    try {
      await backend.command(`USE ${target.database}`);
    } catch {
      // The database does not exist yet (no `migrate`): unqualified names fail with ClickHouse's own message.
    }
  }
  return backend;
}

export function thresholdsOf(env: NodeJS.ProcessEnv): ThresholdPolicy {
  try {
    return thresholdsFromEnv(env);
  } catch (error) {
    if (error instanceof InvalidThresholdPolicyError || error instanceof SyntaxError) {
      throw new UsageError(`CALLFOLD_THRESHOLDS${env['CALLFOLD_THRESHOLDS'] ? '' : '_FILE'}: ${messageOf(error)}`);
    }
    throw error;
  }
}

export function kafkaSettingsOf(env: NodeJS.ProcessEnv): KafkaSettings {
  try {
    return kafkaSettingsFromEnv(env);
  } catch (error) {
    if (error instanceof KafkaConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Logs go to stderr only, at CALLFOLD_LOG_LEVEL (default warn: a CLI keeps stdout for its result).
 * kafkajs' own logs (every retry of a metadata request, say) are shown only when a level is set
 * explicitly: by default the command's error message says what failed, once.
 */
export function cliLogger(io: CliIo, namespace: string): Logger {
  const raw = io.env['CALLFOLD_LOG_LEVEL']?.toLowerCase();
  const explicit = raw === 'debug' || raw === 'info' || raw === 'warn' || raw === 'error';
  const level: LogLevel = explicit ? raw : 'warn';
  const logger = createConsoleLogger({ namespace, level, write: (line) => io.warn(line) });
  if (explicit) return logger;
  return { ...logger, child: (sub) => (sub === 'kafkajs' ? createSilentLogger(`${namespace}.kafkajs`) : logger.child(sub)) };
}

export interface KafkaRuntime {
  readonly settings: KafkaSettings;
  readonly logger: Logger;
  readonly client: KafkaClient;
  readonly registry: RegistryClient;
}

export function kafkaRuntime(io: CliIo, command: string): KafkaRuntime {
  const settings = kafkaSettingsOf(io.env);
  const logger = cliLogger(io, `callfold.cli.${command}`);
  return {
    settings,
    logger,
    client: createKafkaClient({ ...settings, clientId: `${settings.clientId}-cli` }, { logger }),
    registry: createConfluentRegistryClient(settings.registry, { clientId: `${settings.clientId}-cli` }),
  };
}
