import { type ServiceName } from './service-availability';

/**
 * What `npm run stack:<up|down|status> -- --json` prints on stdout: the contract between
 * tools/stack (which writes it) and the jest setup (which reads it).
 */
export type NativeServiceState = 'running' | 'starting' | 'stopped' | 'failed' | 'unavailable';

export interface NativeServiceReport {
  readonly name: ServiceName;
  readonly state: NativeServiceState;
  /** A version and address when running; otherwise what went wrong and what to do. */
  readonly detail: string;
  readonly logFile: string;
  /** True when this command started the process (so whoever asked should also stop it). */
  readonly startedNow: boolean;
  readonly pids: readonly number[];
  readonly elapsedMs: number;
}

export interface NativeStackReport {
  readonly command: 'up' | 'down' | 'status';
  readonly services: readonly NativeServiceReport[];
  readonly elapsedMs: number;
  /** False when something had to be downloaded or formatted first. */
  readonly warm: boolean;
}
