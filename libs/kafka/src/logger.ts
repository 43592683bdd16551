/**
 * A tiny structured logger, namespaced like kafkajs' own (`logger.namespace('Consumer')`), so
 * every line says which layer wrote it. The console implementation writes one JSON object per
 * line (stdout for debug/info, stderr for warn/error), ready for any log shipper.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  readonly namespace: string;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger for a sub-component: `kafka` -> `kafka.consumer`. */
  child(namespace: string): Logger;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Field names whose values are never written, whatever the caller passes. */
const SECRET_FIELD = /pass(word)?|secret|token|credential|authorization|sasl|private.?key/i;
const REDACTED = '[redacted]';

/** Replaces secret-looking fields and turns errors into plain objects, a few levels deep. */
export function redact(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    out[name] = SECRET_FIELD.test(name) ? REDACTED : redact(field, depth + 1);
  }
  return out;
}

export interface ConsoleLoggerOptions {
  readonly namespace?: string;
  readonly level?: LogLevel;
  /** Where lines go; defaults to stdout (debug, info) and stderr (warn, error). */
  readonly write?: (line: string, level: LogLevel) => void;
  readonly now?: () => Date;
}

function defaultWrite(line: string, level: LogLevel): void {
  (RANK[level] >= RANK.warn ? process.stderr : process.stdout).write(`${line}\n`);
}

/** JSON-lines logger: `{"time":…,"level":"info","ns":"kafka.consumer","msg":…,…fields}`. */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const write = options.write ?? defaultWrite;
  const now = options.now ?? (() => new Date());
  const make = (namespace: string): Logger => {
    const log = (level: LogLevel, message: string, fields?: LogFields): void => {
      if (RANK[level] < threshold) return;
      const safe = fields ? (redact(fields) as Record<string, unknown>) : {};
      write(JSON.stringify({ time: now().toISOString(), level, ns: namespace, msg: message, ...safe }), level);
    };
    return {
      namespace,
      debug: (message, fields) => log('debug', message, fields),
      info: (message, fields) => log('info', message, fields),
      warn: (message, fields) => log('warn', message, fields),
      error: (message, fields) => log('error', message, fields),
      child: (sub) => make(namespace ? `${namespace}.${sub}` : sub),
    };
  };
  return make(options.namespace ?? 'callfold');
}

/** Discards everything; the default where a caller passes no logger. */
export function createSilentLogger(namespace = 'callfold'): Logger {
  const silent: Logger = {
    namespace,
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    child: (sub) => createSilentLogger(`${namespace}.${sub}`),
  };
  return silent;
}

/** Reads CALLFOLD_LOG_LEVEL; anything unknown falls back to info. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const level = env['CALLFOLD_LOG_LEVEL']?.toLowerCase();
  return level === 'debug' || level === 'info' || level === 'warn' || level === 'error' ? level : 'info';
}
