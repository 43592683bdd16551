/**
 * Kafka and schema-registry settings, read once from the environment (README "Configuration").
 * Secrets (SASL and registry passwords) live only in these objects: `describeKafkaSettings`
 * is the one form that may be logged.
 */
export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export interface SaslSettings {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  readonly password: string;
}

export interface TlsSettings {
  /** PEM file paths; read when the client is created, so a rotated file is picked up on restart. */
  readonly caPath?: string;
  readonly certPath?: string;
  readonly keyPath?: string;
  readonly rejectUnauthorized: boolean;
}

export interface RegistrySettings {
  /** Base URL of the Confluent-compatible API, e.g. `http://localhost:8080/apis/ccompat/v7`. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
}

export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly sasl?: SaslSettings;
  readonly tls?: TlsSettings;
  readonly registry: RegistrySettings;
}

export class KafkaConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaConfigError';
  }
}

export const DEFAULT_BROKERS = ['127.0.0.1:9092'];
/** The local stack's Apicurio registry, Confluent-compatible API (tools/stack). */
export const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:8081/apis/ccompat/v7';

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

function flag(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return undefined;
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  throw new KafkaConfigError(`${name} must be true or false, got "${env[name]}"`);
}

const text = (env: NodeJS.ProcessEnv, name: string): string | undefined => env[name]?.trim() || undefined;

function brokersFrom(env: NodeJS.ProcessEnv): string[] {
  const raw = text(env, 'CALLFOLD_KAFKA_BROKERS');
  if (!raw) return [...DEFAULT_BROKERS];
  const brokers = raw.split(',').map((b) => b.trim()).filter(Boolean);
  for (const broker of brokers) {
    if (!/^[^\s:/]+:\d{1,5}$/.test(broker)) throw new KafkaConfigError(`CALLFOLD_KAFKA_BROKERS: "${broker}" is not host:port`);
  }
  return brokers;
}

function saslFrom(env: NodeJS.ProcessEnv): SaslSettings | undefined {
  const mechanism = text(env, 'CALLFOLD_KAFKA_SASL_MECHANISM')?.toLowerCase();
  if (!mechanism) return undefined;
  if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    throw new KafkaConfigError(`CALLFOLD_KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')}, got "${mechanism}"`);
  }
  const username = text(env, 'CALLFOLD_KAFKA_SASL_USERNAME');
  const password = env['CALLFOLD_KAFKA_SASL_PASSWORD'];
  if (!username || !password) throw new KafkaConfigError('SASL needs CALLFOLD_KAFKA_SASL_USERNAME and CALLFOLD_KAFKA_SASL_PASSWORD');
  return { mechanism: mechanism as SaslMechanism, username, password };
}

function tlsFrom(env: NodeJS.ProcessEnv): TlsSettings | undefined {
  const caPath = text(env, 'CALLFOLD_KAFKA_TLS_CA');
  const certPath = text(env, 'CALLFOLD_KAFKA_TLS_CERT');
  const keyPath = text(env, 'CALLFOLD_KAFKA_TLS_KEY');
  const enabled = flag(env, 'CALLFOLD_KAFKA_TLS') ?? Boolean(caPath || certPath || keyPath);
  if (!enabled) return undefined;
  if (Boolean(certPath) !== Boolean(keyPath)) throw new KafkaConfigError('TLS client authentication needs both CALLFOLD_KAFKA_TLS_CERT and CALLFOLD_KAFKA_TLS_KEY');
  return { caPath, certPath, keyPath, rejectUnauthorized: flag(env, 'CALLFOLD_KAFKA_TLS_REJECT_UNAUTHORIZED') ?? true };
}

/** Credentials written into the URL (`http://user:pass@host`) move to basic auth, so the URL can be logged. */
function registryFrom(env: NodeJS.ProcessEnv): RegistrySettings {
  const raw = text(env, 'CALLFOLD_SCHEMA_REGISTRY_URL') ?? DEFAULT_REGISTRY_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new KafkaConfigError('CALLFOLD_SCHEMA_REGISTRY_URL is not a valid URL');
  }
  const username = text(env, 'CALLFOLD_SCHEMA_REGISTRY_USERNAME') ?? (url.username ? decodeURIComponent(url.username) : undefined);
  const password = env['CALLFOLD_SCHEMA_REGISTRY_PASSWORD'] || (url.password ? decodeURIComponent(url.password) : undefined);
  url.username = '';
  url.password = '';
  return { url: url.toString().replace(/\/+$/, ''), username, password };
}

export function kafkaSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSettings {
  return {
    brokers: brokersFrom(env),
    clientId: text(env, 'CALLFOLD_KAFKA_CLIENT_ID') ?? 'callfold',
    sasl: saslFrom(env),
    tls: tlsFrom(env),
    registry: registryFrom(env),
  };
}

/** The settings without secrets: safe for logs and startup banners. */
export function describeKafkaSettings(settings: KafkaSettings): Record<string, unknown> {
  return {
    brokers: settings.brokers.join(','),
    clientId: settings.clientId,
    auth: settings.sasl ? `sasl ${settings.sasl.mechanism} as ${settings.sasl.username}` : 'none',
    tls: settings.tls
      ? { ca: settings.tls.caPath ?? 'system', clientCert: settings.tls.certPath ?? 'none', rejectUnauthorized: settings.tls.rejectUnauthorized }
      : 'off',
    registry: settings.registry.url,
    registryAuth: settings.registry.username ? `basic as ${settings.registry.username}` : 'none',
  };
}
