import { type ProbeResult, type ServiceName } from '@callfold/testing';

/** How to start a service's process; it runs detached, in its own process group. */
export interface LaunchSpec {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

/** One service of the native stack, as stack.runner.ts drives it. */
export interface StackService {
  readonly name: ServiceName;
  readonly logFile: string;
  /** Ports it binds; stack:up refuses to start when another process holds one. */
  readonly ports: readonly { readonly port: number; readonly variable: string }[];
  /** A string found only on this service's command line (it includes the absolute stack folder). */
  readonly marker: string;
  /** Why it cannot run on this machine (a missing JDK, Maven or binary), with the fix; else undefined. */
  unavailableBecause(): Promise<string | undefined>;
  /** Downloads, config files, storage formatting. Idempotent; `warm` is false when it had work to do. */
  prepare(): Promise<{ readonly warm: boolean }>;
  launch(): LaunchSpec;
  /** One quick readiness check. */
  probe(): Promise<ProbeResult>;
  /** Runs once after the first good probe of a fresh start (e.g. Kafka's coordinator warm-up). */
  afterReady?(): Promise<ProbeResult>;
}
