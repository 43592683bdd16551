import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './e2e-names';

/** One JSON log line of a callfold service (libs/kafka's console logger), with when the test saw it. */
export interface LogLine {
  readonly seenAt: number;
  readonly level: string;
  readonly ns: string;
  readonly msg: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface AppProcessOptions {
  /** Short label for messages and the log file name, e.g. `projector-a`. */
  readonly name: string;
  /** Script run through the swc require hook, relative to the repository root. */
  readonly script: string;
  readonly env: NodeJS.ProcessEnv;
  /** Folder of the log file (stdout and stderr, interleaved, as written). */
  readonly logDir: string;
  /** Extra `-r` modules, loaded after the swc hook (e.g. a fault-injection preload). */
  readonly preload?: readonly string[];
}

function parse(line: string, seenAt: number): LogLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const { level, ns, msg, time: _time, ...fields } = JSON.parse(line) as Record<string, unknown>;
    if (typeof msg !== 'string') return undefined;
    return { seenAt, level: String(level), ns: String(ns), msg, fields };
  } catch {
    return undefined;
  }
}

/**
 * A callfold service as a real child process, started the way its npm script starts it
 * (`node -r ./tools/stack/swc-register.cjs <main.ts>`), so SIGKILL is a real crash: no shutdown
 * hook runs, the open transaction and the group membership are left to Kafka to clean up.
 */
export class AppProcess {
  readonly name: string;
  readonly logFile: string;
  readonly startedAt = Date.now();
  readonly lines: LogLine[] = [];
  private readonly child: ChildProcess;
  private readonly log: WriteStream;
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private tail: string[] = [];
  /** Set by kill() and stop(): the exit was the test's doing, not a crash. */
  private ended = false;

  constructor(options: AppProcessOptions) {
    this.name = options.name;
    this.logFile = join(options.logDir, `${options.name}-${this.startedAt}.log`);
    this.log = createWriteStream(this.logFile);
    const preload = (options.preload ?? []).flatMap((p) => ['-r', p]);
    this.child = spawn(process.execPath, ['--enable-source-maps', '-r', './tools/stack/swc-register.cjs', ...preload, options.script], {
      cwd: REPO_ROOT,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let buffered = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        this.log.write(chunk);
        buffered += chunk;
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        const now = Date.now();
        for (const line of parts) {
          this.tail.push(line);
          if (this.tail.length > 40) this.tail = this.tail.slice(-40);
          const parsed = parse(line, now);
          if (parsed) this.lines.push(parsed);
        }
      });
    }
    this.exit = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        resolve(this.exited);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exited === undefined;
  }

  /** Exited without the test asking: a crash. */
  get crashed(): boolean {
    return !this.running && !this.ended;
  }

  /** `running` or how it ended, for failure messages. */
  describe(): string {
    return this.exited ? `exited, code ${this.exited.code}, signal ${this.exited.signal}` : 'running';
  }

  /** The last lines the process wrote, for failure messages. */
  recentOutput(): string {
    return this.tail.slice(-15).join('\n');
  }

  /** Log lines whose message is `msg` (and, optionally, whose namespace contains `ns`). */
  logs(msg: string, ns?: string): LogLine[] {
    return this.lines.filter((l) => l.msg === msg && (ns === undefined || l.ns.includes(ns)));
  }

  /** Waits for a log line; fails early, with the process's last output, if it exits first. */
  async waitForLog(what: string, match: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (!this.running) throw new Error(`${this.name} ${this.describe()} before ${what}; log ${this.logFile}:\n${this.recentOutput()}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${this.name}: ${what}; log ${this.logFile}:\n${this.recentOutput()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGKILL: the process dies at once, mid-batch or not. */
  async kill(): Promise<void> {
    this.ended = true;
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exit;
    this.log.end();
  }

  /**
   * SIGTERM and wait for the exit; SIGKILL (and throw) if it takes longer than `timeoutMs`.
   * Resolves with how the process ended. A Nest application's shutdown hook closes the app, then
   * re-raises the signal on itself, so a graceful stop ends with signal SIGTERM, not code 0.
   */
  async stop(timeoutMs = 45_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.ended = true;
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
      if ((await Promise.race([this.exit, timer])) === 'timeout') {
        this.child.kill('SIGKILL');
        await this.exit;
        this.log.end();
        throw new Error(`${this.name} did not stop within ${timeoutMs} ms of SIGTERM (killed); log ${this.logFile}:\n${this.recentOutput()}`);
      }
    }
    this.log.end();
    return this.exited as { code: number | null; signal: NodeJS.Signals | null };
  }

  /**
   * SIGTERM, then check the stop was graceful: the process logged `stopped` (the service's
   * own "stopped" line, written once its consumer left the group) and ended by the signal or
   * with code 0. Throws with the log tail otherwise.
   */
  async stopGracefully(stopped: { readonly msg: string; readonly ns: string }): Promise<void> {
    const exit = await this.stop();
    const clean = exit.code === 0 || (exit.code === null && exit.signal === 'SIGTERM');
    const logged = this.lines.some((l) => l.msg === stopped.msg && l.ns === stopped.ns);
    if (!clean || !logged) {
      throw new Error(`${this.name} did not stop gracefully (${this.describe()}, "${stopped.msg}" logged by ${stopped.ns}: ${logged}); log ${this.logFile}:\n${this.recentOutput()}`);
    }
  }
}
