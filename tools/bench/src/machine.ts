import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

/** What the figures were measured on; printed once and copied into the final JSON line. */
export interface MachineInfo {
  readonly nproc: number;
  readonly memoryGiB: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly kafka: string;
  readonly git: string;
  readonly date: string;
}

export const ROOT = join(__dirname, '../../..');

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function stackDir(): string {
  return join(ROOT, process.env['CALLFOLD_STACK_DIR'] ?? '.stack');
}

/** The broker's version as the native stack's log states it ("Kafka version: 4.3.1"); "unknown" for a broker elsewhere. */
function kafkaVersion(): string {
  const log = join(stackDir(), 'logs/kafka.log');
  if (!existsSync(log)) return 'unknown (not the native stack)';
  const match = /Kafka version: (\S+)/.exec(readFileSync(log, 'utf8'));
  return match ? `Apache Kafka ${match[1]} (native stack, KRaft single node)` : 'unknown';
}

function gitState(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

export function machineInfo(): MachineInfo {
  return {
    nproc: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    cpuModel: cpuModel(),
    node: process.version,
    kafka: kafkaVersion(),
    git: gitState(),
    date: new Date().toISOString(),
  };
}

/** Kafka broker pid of the native stack, to account its CPU; undefined elsewhere. */
export function kafkaPid(): number | undefined {
  const file = join(stackDir(), 'run/kafka.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isSafeInteger(pid) && existsSync(`/proc/${pid}/stat`) ? pid : undefined;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
function machineJiffies(): { busy: number; total: number } | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const total = cpu.reduce((a, b) => a + b, 0);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** Load average and CPU accounting over one phase. */
export interface PhaseLoad {
  /** 1-minute load average: at the start, at the end, and the highest sampled (every 2 s). */
  readonly load1: { start: number; end: number; max: number };
  /** Cores used on average by this Node process, by the service processes, by the Kafka broker, and by the whole machine. */
  readonly cores: { bench: number; services: number; kafka: number | null; machine: number | null };
  readonly seconds: number;
  /** CPU seconds (user + system, all threads) this process used over the phase. */
  readonly benchCpuSeconds: number;
  /** CPU seconds the service processes used over the phase (since they were added, or spawned during it). */
  readonly servicesCpuSeconds: number;
  /** The same per service process, by its label. */
  readonly servicesCpuSecondsBy: Record<string, number>;
}

export class LoadWatch {
  private readonly started = performance.now();
  private readonly cpu0 = process.cpuUsage();
  private readonly kafka0: number | undefined;
  private readonly machine0 = machineJiffies();
  private readonly load0 = loadavg()[0] as number;
  private max = this.load0;
  private readonly timer: NodeJS.Timeout;
  /** Service processes to account: pid -> label and CPU seconds when added. */
  private readonly services = new Map<number, { label: string; from: number }>();

  constructor(private readonly kafka: number | undefined = kafkaPid()) {
    this.kafka0 = kafka === undefined ? undefined : processCpuSeconds(kafka);
    this.timer = setInterval(() => (this.max = Math.max(this.max, loadavg()[0] as number)), 2_000);
    this.timer.unref();
  }

  /**
   * Counts these processes' CPU from now on; a process spawned since the watch started counts
   * from its start (start-up included). They must still run when `stop()` reads them.
   */
  addProcesses(processes: readonly { label: string; pid: number }[], spawnedDuringPhase = true): void {
    for (const { label, pid } of processes) this.services.set(pid, { label, from: spawnedDuringPhase ? 0 : (processCpuSeconds(pid) ?? 0) });
  }

  stop(): PhaseLoad {
    clearInterval(this.timer);
    let servicesCpu = 0;
    const servicesCpuSecondsBy: Record<string, number> = {};
    for (const [pid, { label, from }] of this.services) {
      const used = Math.max(0, (processCpuSeconds(pid) ?? from) - from);
      servicesCpu += used;
      servicesCpuSecondsBy[label] = Math.round(used * 100) / 100;
    }
    const seconds = (performance.now() - this.started) / 1000;
    const cpu = process.cpuUsage(this.cpu0);
    const kafka1 = this.kafka === undefined ? undefined : processCpuSeconds(this.kafka);
    const machine1 = machineJiffies();
    const end = loadavg()[0] as number;
    const round2 = (n: number) => Math.round(n * 100) / 100;
    const machineCores =
      this.machine0 && machine1 && machine1.total > this.machine0.total
        ? ((machine1.busy - this.machine0.busy) / (machine1.total - this.machine0.total)) * availableParallelism()
        : null;
    return {
      load1: { start: round2(this.load0), end: round2(end), max: round2(Math.max(this.max, end)) },
      cores: {
        bench: round2((cpu.user + cpu.system) / 1e6 / seconds),
        services: round2(servicesCpu / seconds),
        kafka: this.kafka0 !== undefined && kafka1 !== undefined ? round2((kafka1 - this.kafka0) / seconds) : null,
        machine: machineCores === null ? null : round2(machineCores),
      },
      seconds: round2(seconds),
      benchCpuSeconds: round2((cpu.user + cpu.system) / 1e6),
      servicesCpuSeconds: round2(servicesCpu),
      servicesCpuSecondsBy,
    };
  }
}

export function describeLoad(load: PhaseLoad): string {
  const { load1, cores } = load;
  const kafka = cores.kafka === null ? '' : `, kafka ${cores.kafka}`;
  const machine = cores.machine === null ? '' : `, whole machine ${cores.machine} of ${availableParallelism()}`;
  const by = Object.entries(load.servicesCpuSecondsBy).map(([label, cpu]) => `${label} ${Math.round((cpu / load.seconds) * 100) / 100}`);
  const services = by.length > 0 ? `, services ${cores.services} (${by.join(', ')})` : '';
  return `load avg(1m) ${load1.start} -> ${load1.end} (max ${load1.max}); cores used: bench ${cores.bench}${services}${kafka}${machine}`;
}
