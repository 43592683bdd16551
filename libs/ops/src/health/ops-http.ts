/**
 * Starting the ops HTTP listener of a Nest application created with `NestFactory.create`
 * (express). The consume loop keeps running beside it in the same process.
 */
import { type AddressInfo } from 'node:net';
import { type INestApplication } from '@nestjs/common';

/** Default ops ports per service, distinct so all three can run on one host. */
export const DEFAULT_OPS_PORTS = { projector: 9464, writer: 9465, simulator: 9466 } as const;

export class OpsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpsConfigError';
  }
}

/** CALLFOLD_OPS_PORT (0 = any free port), else `fallback`. */
export function opsPortFromEnv(env: NodeJS.ProcessEnv, fallback: number): number {
  const raw = env['CALLFOLD_OPS_PORT']?.trim();
  if (!raw) return fallback;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65_535) throw new OpsConfigError(`CALLFOLD_OPS_PORT must be a port number (0-65535), got "${raw}"`);
  return Number(raw);
}

/** CALLFOLD_OPS_HOST, default 0.0.0.0: probes and Prometheus reach the pod or container from outside. */
export function opsHostFromEnv(env: NodeJS.ProcessEnv): string {
  return env['CALLFOLD_OPS_HOST']?.trim() || '0.0.0.0';
}

function positiveMs(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new OpsConfigError(`${name} must be a positive number of milliseconds, got "${raw}"`);
  return Number(raw);
}

export interface OpsSettings {
  /** CALLFOLD_OPS_PORT; default per service (DEFAULT_OPS_PORTS). */
  readonly port: number;
  /** CALLFOLD_OPS_HOST; default 0.0.0.0. */
  readonly host: string;
  /** CALLFOLD_LAG_INTERVAL_MS: lag monitor refresh period; default 15000. */
  readonly lagIntervalMs: number;
  /** CALLFOLD_LIVENESS_MAX_SILENCE_MS: consume-loop silence tolerated while work is pending; default 60000. */
  readonly maxSilenceMs: number;
}

/** Every ops variable of a service, validated; throws OpsConfigError naming the variable. */
export function opsSettingsFromEnv(env: NodeJS.ProcessEnv, service: keyof typeof DEFAULT_OPS_PORTS): OpsSettings {
  return {
    port: opsPortFromEnv(env, DEFAULT_OPS_PORTS[service]),
    host: opsHostFromEnv(env),
    lagIntervalMs: positiveMs(env, 'CALLFOLD_LAG_INTERVAL_MS', 15_000),
    maxSilenceMs: positiveMs(env, 'CALLFOLD_LIVENESS_MAX_SILENCE_MS', 60_000),
  };
}

export interface OpsHttp {
  readonly port: number;
  /** Base URL on the loopback interface, e.g. http://127.0.0.1:9464 (for tests and logs). */
  readonly url: string;
}

/**
 * Enables the shutdown hooks (SIGTERM closes the listener and runs onModuleDestroy, where the
 * service stops its consumer) and listens on `port` (0 picks a free one).
 */
export async function startOpsHttp(app: INestApplication, port: number, host = '0.0.0.0'): Promise<OpsHttp> {
  app.enableShutdownHooks();
  await app.listen(port, host);
  const address = (app.getHttpServer() as { address(): AddressInfo | string | null }).address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { port: bound, url: `http://127.0.0.1:${bound}` };
}
