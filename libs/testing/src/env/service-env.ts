/**
 * Where callfold finds Kafka, the schema registry and ClickHouse, read from CALLFOLD_* variables.
 * This table is the one list of those variables (docs/stack.md mirrors it, and a unit test keeps
 * the two in step). libs/kafka and libs/clickhouse read the same names for the running pipeline.
 */
import { join } from 'node:path';
import { ServiceEnvError, flag, hostPortList, text, url } from './env-parsing';

export interface EnvVarDoc {
  readonly name: string;
  readonly fallback: string;
  readonly meaning: string;
}

export const SERVICE_ENV_VARS: readonly EnvVarDoc[] = [
  { name: 'CALLFOLD_KAFKA_BROKERS', fallback: '127.0.0.1:9092', meaning: 'Comma-separated bootstrap brokers (host:port).' },
  { name: 'CALLFOLD_KAFKA_CLIENT_ID', fallback: 'callfold', meaning: 'Kafka client id prefix.' },
  { name: 'CALLFOLD_KAFKA_SASL_MECHANISM', fallback: '(none)', meaning: 'plain, scram-sha-256 or scram-sha-512; unset means no SASL.' },
  { name: 'CALLFOLD_KAFKA_SASL_USERNAME', fallback: '(none)', meaning: 'SASL user; required with a mechanism.' },
  { name: 'CALLFOLD_KAFKA_SASL_PASSWORD', fallback: '(none)', meaning: 'SASL password; required with a mechanism.' },
  { name: 'CALLFOLD_KAFKA_TLS', fallback: 'false (true if a TLS file is set)', meaning: 'Connect to the brokers over TLS.' },
  { name: 'CALLFOLD_KAFKA_TLS_CA', fallback: '(system CAs)', meaning: 'PEM file of the CA that signed the brokers.' },
  { name: 'CALLFOLD_KAFKA_TLS_CERT', fallback: '(none)', meaning: 'PEM client certificate for mutual TLS (with _KEY).' },
  { name: 'CALLFOLD_KAFKA_TLS_KEY', fallback: '(none)', meaning: 'PEM client key for mutual TLS (with _CERT).' },
  { name: 'CALLFOLD_KAFKA_TLS_REJECT_UNAUTHORIZED', fallback: 'true', meaning: 'Set false only for self-signed test brokers.' },
  { name: 'CALLFOLD_SCHEMA_REGISTRY_URL', fallback: 'http://127.0.0.1:8081/apis/ccompat/v7', meaning: 'Base URL of the Confluent-compatible registry API.' },
  { name: 'CALLFOLD_SCHEMA_REGISTRY_USERNAME', fallback: '(none)', meaning: 'Registry basic-auth user (or put user:pass@ in the URL).' },
  { name: 'CALLFOLD_SCHEMA_REGISTRY_PASSWORD', fallback: '(none)', meaning: 'Registry basic-auth password.' },
  { name: 'CALLFOLD_CLICKHOUSE_URL', fallback: '(unset: embedded chdb)', meaning: 'ClickHouse HTTP(S) URL; unset runs the embedded engine.' },
  { name: 'CALLFOLD_CLICKHOUSE_USER', fallback: 'default', meaning: 'ClickHouse user.' },
  { name: 'CALLFOLD_CLICKHOUSE_PASSWORD', fallback: '(empty)', meaning: 'ClickHouse password.' },
  { name: 'CALLFOLD_CLICKHOUSE_DATABASE', fallback: 'default', meaning: 'Database the test clients connect to; the services and the CLI default to `callfold` (docs/writer.md).' },
  { name: 'CALLFOLD_CLICKHOUSE_TLS_CA', fallback: '(system CAs)', meaning: 'PEM CA file for an https:// ClickHouse URL.' },
  { name: 'CALLFOLD_CHDB_PATH', fallback: '.data/chdb', meaning: 'Data directory of the embedded engine (relative to the working directory).' },
];

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export interface TlsEnv {
  readonly caPath?: string;
  readonly certPath?: string;
  readonly keyPath?: string;
  readonly rejectUnauthorized: boolean;
}

export interface KafkaEnv {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly sasl?: { readonly mechanism: SaslMechanism; readonly username: string; readonly password: string };
  readonly tls?: TlsEnv;
}

export interface RegistryEnv {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
}

export interface ClickHouseServerEnv {
  readonly mode: 'server';
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly database: string;
  readonly caPath?: string;
}

export type ClickHouseEnv = ClickHouseServerEnv | { readonly mode: 'embedded'; readonly chdbPath: string };

export interface ServiceEnv {
  readonly kafka: KafkaEnv;
  readonly schemaRegistry: RegistryEnv;
  readonly clickhouse: ClickHouseEnv;
}

export interface ServiceEnvOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Base for a relative CALLFOLD_CHDB_PATH. */
  readonly cwd?: string;
}

export const DEFAULT_BROKERS = ['127.0.0.1:9092'];
export const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:8081/apis/ccompat/v7';

function kafkaFrom(env: NodeJS.ProcessEnv): KafkaEnv {
  const brokers = hostPortList(env, 'CALLFOLD_KAFKA_BROKERS') ?? DEFAULT_BROKERS;
  const mechanism = text(env, 'CALLFOLD_KAFKA_SASL_MECHANISM')?.toLowerCase();
  let sasl: KafkaEnv['sasl'];
  if (mechanism) {
    if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
      throw new ServiceEnvError(`CALLFOLD_KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')}, got "${mechanism}"`);
    }
    const username = text(env, 'CALLFOLD_KAFKA_SASL_USERNAME');
    const password = env['CALLFOLD_KAFKA_SASL_PASSWORD'];
    if (!username || !password) throw new ServiceEnvError('SASL needs CALLFOLD_KAFKA_SASL_USERNAME and CALLFOLD_KAFKA_SASL_PASSWORD');
    sasl = { mechanism: mechanism as SaslMechanism, username, password };
  }
  const caPath = text(env, 'CALLFOLD_KAFKA_TLS_CA');
  const certPath = text(env, 'CALLFOLD_KAFKA_TLS_CERT');
  const keyPath = text(env, 'CALLFOLD_KAFKA_TLS_KEY');
  const tlsOn = flag(env, 'CALLFOLD_KAFKA_TLS') ?? Boolean(caPath || certPath || keyPath);
  if (tlsOn && Boolean(certPath) !== Boolean(keyPath)) {
    throw new ServiceEnvError('mutual TLS needs both CALLFOLD_KAFKA_TLS_CERT and CALLFOLD_KAFKA_TLS_KEY');
  }
  const tls = tlsOn ? { caPath, certPath, keyPath, rejectUnauthorized: flag(env, 'CALLFOLD_KAFKA_TLS_REJECT_UNAUTHORIZED') ?? true } : undefined;
  return { brokers, clientId: text(env, 'CALLFOLD_KAFKA_CLIENT_ID') ?? 'callfold', sasl, tls };
}

/** Credentials written into the URL move to basic auth, so the URL itself can be logged. */
function registryFrom(env: NodeJS.ProcessEnv): RegistryEnv {
  const parsed = url(env, 'CALLFOLD_SCHEMA_REGISTRY_URL') ?? new URL(DEFAULT_REGISTRY_URL);
  const username = text(env, 'CALLFOLD_SCHEMA_REGISTRY_USERNAME') ?? (parsed.username ? decodeURIComponent(parsed.username) : undefined);
  const password = env['CALLFOLD_SCHEMA_REGISTRY_PASSWORD'] || (parsed.password ? decodeURIComponent(parsed.password) : undefined);
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString().replace(/\/+$/, ''), username, password };
}

function clickhouseFrom(env: NodeJS.ProcessEnv, cwd: string): ClickHouseEnv {
  const server = url(env, 'CALLFOLD_CLICKHOUSE_URL');
  if (!server) return { mode: 'embedded', chdbPath: join(cwd, text(env, 'CALLFOLD_CHDB_PATH') ?? join('.data', 'chdb')) };
  return {
    mode: 'server',
    url: server.toString().replace(/\/+$/, ''),
    username: text(env, 'CALLFOLD_CLICKHOUSE_USER') ?? 'default',
    password: env['CALLFOLD_CLICKHOUSE_PASSWORD'] ?? '',
    database: text(env, 'CALLFOLD_CLICKHOUSE_DATABASE') ?? 'default',
    caPath: text(env, 'CALLFOLD_CLICKHOUSE_TLS_CA'),
  };
}

/** Typed connection settings; throws ServiceEnvError naming the variable that is wrong. */
export function serviceEnv(options: ServiceEnvOptions = {}): ServiceEnv {
  const env = options.env ?? process.env;
  return {
    kafka: kafkaFrom(env),
    schemaRegistry: registryFrom(env),
    clickhouse: clickhouseFrom(env, options.cwd ?? process.cwd()),
  };
}
