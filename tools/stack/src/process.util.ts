/**
 * Starting, finding and stopping the stack's processes. Each service runs detached in its own
 * process group (its pid is the group id), so stopping it signals the whole group and nothing it
 * forked survives. Processes are found by a marker on their command line as well as by pid file,
 * so a deleted pid file or a crashed CLI cannot leave an untracked broker behind.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type LaunchSpec } from './service.types';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `spec` detached with stdout and stderr appended to `logFile`; resolves with its pid. */
export function spawnDetached(spec: LaunchSpec, logFile: string): Promise<number> {
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'a');
  return new Promise((resolve, reject) => {
    const child = spawn(spec.file, [...spec.args], { cwd: spec.cwd, detached: true, stdio: ['ignore', fd, fd] });
    child.once('error', (error) => {
      closeSync(fd);
      reject(new Error(`could not start ${spec.file}: ${error.message}`));
    });
    child.once('spawn', () => {
      closeSync(fd);
      child.unref();
      resolve(child.pid as number);
    });
  });
}

function commandLines(): { pid: number; command: string }[] {
  if (existsSync('/proc/self/cmdline')) {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .flatMap((entry) => {
        try {
          return [{ pid: Number(entry), command: readFileSync(join('/proc', entry, 'cmdline'), 'utf8').split('\0').join(' ') }];
        } catch {
          return [];
        }
      });
  }
  // No procfs (macOS): ps prints the same information.
  const ps = spawnSync('ps', ['-axww', '-o', 'pid=,command='], { encoding: 'utf8' });
  return ps.stdout.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    return match ? [{ pid: Number(match[1]), command: match[2] ?? '' }] : [];
  });
}

/** Pids of live processes whose command line contains `marker`. */
export function findByMarker(marker: string): number[] {
  return commandLines()
    .filter(({ pid, command }) => pid !== process.pid && command.includes(marker))
    .map(({ pid }) => pid);
}

/** True while any process of the group led by `pgid` exists. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Not a group leader (started by hand?): signal the process itself.
    try {
      process.kill(pgid, signal);
    } catch {
      // Already gone.
    }
  }
}

async function waitGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid) && !pidAlive(pgid)) return true;
    await sleep(200);
  }
  return !groupAlive(pgid) && !pidAlive(pgid);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM the group (Kafka and ClickHouse shut down cleanly on it), SIGKILL after `graceMs`. */
export async function stopGroup(pgid: number, graceMs: number): Promise<'stopped' | 'killed'> {
  signalGroup(pgid, 'SIGTERM');
  if (await waitGone(pgid, graceMs)) return 'stopped';
  signalGroup(pgid, 'SIGKILL');
  if (await waitGone(pgid, 5_000)) return 'killed';
  throw new Error(`process group ${pgid} survived SIGKILL`);
}

export function writePidFile(file: string, pid: number): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${pid}\n`);
}

/** The pid in `file` if that process is still alive; a stale file is removed. */
export function readPidFile(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && pidAlive(pid)) return pid;
  rmSync(file, { force: true });
  return undefined;
}

export function removePidFile(file: string): void {
  rmSync(file, { force: true });
}
