import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli/cli-error';

/**
 * The projector or the writer, started as `npm run projector` / `npm run writer` start them
 * (`node -r ./tools/stack/swc-register.cjs apps/<app>/src/main.ts`), with their JSON log lines
 * going to a file. The demo reads a few of those lines: when the consumer joined its group, and
 * where the ops endpoints listen.
 */
export class DemoService {
  readonly logFile: string;
  private readonly child: ChildProcess;
  private readonly log: WriteStream;
  private readonly lines: { msg: string; fields: Record<string, unknown> }[] = [];
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(
    readonly name: 'projector' | 'writer',
    root: string,
    env: NodeJS.ProcessEnv,
    logDir: string,
  ) {
    this.logFile = join(logDir, `${name}.log`);
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    this.child = spawn(process.execPath, ['-r', join(root, 'tools/stack/swc-register.cjs'), join(root, `apps/${name}/src/main.ts`)], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        this.log.write(chunk);
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) {
          if (!line.startsWith('{')) continue;
          try {
            const { msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
            if (typeof msg === 'string') this.lines.push({ msg, fields });
          } catch {
            // not one of our JSON lines
          }
        }
      });
    }
    this.exit = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        this.log.end();
        resolve(this.exited);
      }),
    );
  }

  get running(): boolean {
    return this.exited === undefined;
  }

  field(msg: string, name: string): unknown {
    return this.lines.find((l) => l.msg === msg)?.fields[name];
  }

  /** Resolves once the service logged `msg`; throws if it exits first or `timeoutMs` passes. */
  async waitFor(msg: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lines.some((l) => l.msg === msg)) {
      if (!this.running) throw new CliError(`the ${this.name} exited (code ${this.exited?.code}, signal ${this.exited?.signal}) while starting; its log: ${this.logFile}`);
      if (Date.now() > deadline) throw new CliError(`the ${this.name} did not get ready within ${timeoutMs / 1000} s; its log: ${this.logFile}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM: the service finishes its batch, commits, leaves its group; SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    if ((await Promise.race([this.exit, timer])) === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exit;
    }
  }
}
