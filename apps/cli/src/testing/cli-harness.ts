/** Test support: run `callfold` in-process with a given environment and capture what it prints. */
import { type CliIo } from '../cli/cli-io';
import { main } from '../main';

export interface CliRun {
  readonly code: number;
  /** stdout, one entry per printed line (a multi-line print is split). */
  readonly out: readonly string[];
  /** stderr lines, progress output included. */
  readonly err: readonly string[];
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    env,
    cwd,
    print: (line) => out.push(...line.split('\n')),
    warn: (line) => err.push(...line.split('\n')),
    stderr: { isTTY: false, write: (text) => err.push(...text.replace(/\n$/, '').split('\n')) },
  };
  const code = await main(argv, io);
  return { code, out, err, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** The rows of `callfold query ... --format json`. */
export function jsonRows(run: CliRun): Record<string, unknown>[] {
  if (run.code !== 0) throw new Error(`query failed (${run.code}): ${run.stderr}`);
  return run.out.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}
