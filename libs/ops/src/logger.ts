/**
 * Structured JSON logs through pino, behind libs/kafka's `Logger` interface (so the batch
 * consumer, the dead-letter publisher and kafkajs itself, via `createKafkaClient(settings, { logger })`,
 * all write the same lines):
 *
 *   {"level":"warn","time":"2026-05-01T10:00:00.000Z","pid":1,"hostname":"writer-0","ns":"writer.batch-consumer",
 *    "conversationId":"c-1","partition":3,"offset":"1200","msg":"message dead-lettered"}
 *
 * Secrets never reach a line: fields named like a secret (password, sasl, token, authorization,
 * secret, credential, api key, private key, cookie) are replaced at any depth, and every string
 * (the message included) loses URL basic-auth passwords (`https://user:[redacted]@host`),
 * `Bearer …` / `Basic …` credentials and `password=…` pairs.
 */
import { hostname } from 'node:os';
import { type LoggerService } from '@nestjs/common';
import { type LogFields, type Logger, type LogLevel, logLevelFromEnv } from '@callfold/kafka';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';

export const REDACTED = '[redacted]';

/** Field names whose values are never written. */
export const SECRET_KEY = /pass(word|wd|phrase)?|secret|token|credential|authori[sz]ation|sasl|api[-_]?key|private[-_]?key|cookie/i;

const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]*):([^\s@/]+)@/gi;
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
const PASSWORD_PAIR = /\b(password|passwd|pwd|token|secret)=([^\s&;,]+)/gi;

/** A string without credentials: URL passwords, Bearer/Basic credentials and password= pairs removed. */
export function scrubText(text: string): string {
  return text.replace(URL_PASSWORD, `$1$2:${REDACTED}@`).replace(AUTH_SCHEME, `$1 ${REDACTED}`).replace(PASSWORD_PAIR, `$1=${REDACTED}`);
}

/** Deep copy safe to log: secret fields replaced, strings scrubbed, errors, buffers and bigints made plain. */
export function scrubFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[too deep]';
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; type?: unknown };
    return {
      name: e.name,
      message: scrubText(e.message),
      ...(e.code !== undefined ? { code: scrubFields(e.code, depth + 1) } : {}),
      ...(e.type !== undefined ? { type: scrubFields(e.type, depth + 1) } : {}),
      ...(e.stack ? { stack: scrubText(e.stack) } : {}),
      ...(e.cause !== undefined ? { cause: scrubFields(e.cause, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((item) => scrubFields(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? REDACTED : scrubFields(field, depth + 1);
  return out;
}

/** libs/kafka's Logger, plus fields bound to every line. */
export interface OpsLogger extends Logger {
  child(namespace: string): OpsLogger;
  /** A logger whose lines all carry these fields, e.g. `logger.with({ conversationId, partition, offset })`. */
  with(fields: LogFields): OpsLogger;
}

export interface CreateLoggerOptions {
  /** Default: CALLFOLD_LOG_LEVEL, else info. */
  readonly level?: LogLevel;
  /** Where lines go; default stdout (one JSON object per line, for any log shipper). */
  readonly destination?: DestinationStream;
  /** Fields on every line, e.g. `{ service: 'writer' }`. */
  readonly base?: LogFields;
}

/** A pino-backed JSON logger for `namespace` (e.g. `projector`; children become `projector.consumer`). */
export function createLogger(namespace: string, options: CreateLoggerOptions = {}): OpsLogger {
  const root: PinoLogger = pino(
    {
      level: options.level ?? logLevelFromEnv(),
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      base: { pid: process.pid, hostname: hostname(), ...(options.base ? (scrubFields(options.base) as object) : {}) },
      formatters: { level: (label) => ({ level: label }) },
      // Second line of defence for the well-known paths (the scrub above already replaced them).
      redact: { paths: ['password', 'sasl', 'token', 'authorization', '*.password', '*.sasl', '*.token', '*.authorization'], censor: REDACTED },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );

  const make = (ns: string, bound: Record<string, unknown>): OpsLogger => {
    const target = root.child({ ns, ...bound });
    const log = (level: LogLevel, message: string, fields?: LogFields): void => {
      if (!target.isLevelEnabled(level)) return;
      target[level]((fields ? scrubFields(fields) : {}) as object, scrubText(message));
    };
    return {
      namespace: ns,
      debug: (message, fields) => log('debug', message, fields),
      info: (message, fields) => log('info', message, fields),
      warn: (message, fields) => log('warn', message, fields),
      error: (message, fields) => log('error', message, fields),
      child: (sub) => make(ns ? `${ns}.${sub}` : sub, bound),
      with: (fields) => make(ns, { ...bound, ...(scrubFields(fields) as Record<string, unknown>) }),
    };
  };
  return make(namespace, {});
}

/** Nest's LoggerService on top of a Logger, for `NestFactory.create(Module, { logger: nestLogger(logger) })`. */
export function nestLogger(logger: Logger): LoggerService {
  const split = (params: unknown[]): { context?: string; rest: unknown[] } => {
    const last = params[params.length - 1];
    return typeof last === 'string' ? { context: last, rest: params.slice(0, -1) } : { rest: params };
  };
  const fields = (context: string | undefined, rest: unknown[], extra?: Record<string, unknown>): LogFields => ({
    ...(context ? { context } : {}),
    ...(rest.length > 0 ? { params: rest } : {}),
    ...extra,
  });
  const text = (message: unknown): string => (typeof message === 'string' ? message : JSON.stringify(scrubFields(message)));
  return {
    log: (message: unknown, ...params: unknown[]) => {
      const { context, rest } = split(params);
      logger.info(text(message), fields(context, rest));
    },
    warn: (message: unknown, ...params: unknown[]) => {
      const { context, rest } = split(params);
      logger.warn(text(message), fields(context, rest));
    },
    error: (message: unknown, ...params: unknown[]) => {
      const { context, rest } = split(params);
      logger.error(text(message), fields(context, rest));
    },
    debug: (message: unknown, ...params: unknown[]) => {
      const { context, rest } = split(params);
      logger.debug(text(message), fields(context, rest));
    },
    verbose: (message: unknown, ...params: unknown[]) => {
      const { context, rest } = split(params);
      logger.debug(text(message), fields(context, rest));
    },
    fatal: (message: unknown, ...params: unknown[]) => {
      const { context, rest } = split(params);
      logger.error(text(message), fields(context, rest, { fatal: true }));
    },
  };
}
