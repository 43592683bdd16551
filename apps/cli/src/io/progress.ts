import { type ErrorStream } from '../cli/cli-io';

/**
 * Progress of a long command on stderr: a bar redrawn in place when stderr is a terminal, a plain
 * line every few seconds otherwise (CI logs, files), so stdout keeps only the result.
 */
export interface ProgressSnapshot {
  /** Items done: events produced, messages read. */
  readonly count: number;
  /** Items refused: rejected lines, bad messages. */
  readonly rejected: number;
  /** Input consumed so far and in total, when the input has a known size. */
  readonly doneBytes: number;
  readonly totalBytes: number | null;
  readonly elapsedMs: number;
}

/** 1234567 -> "1,234,567" (en-US grouping, independent of the machine's locale). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Seconds as m:ss (h:mm:ss past an hour). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Average events per second since the start (0 before any time passed). */
export function eventsPerSecond(count: number, elapsedMs: number): number {
  return elapsedMs <= 0 ? 0 : (count * 1000) / elapsedMs;
}

function fraction(s: ProgressSnapshot): number | null {
  if (s.totalBytes === null || s.totalBytes <= 0) return null;
  return Math.min(1, Math.max(0, s.doneBytes / s.totalBytes));
}

/** What the counts are called: `produced` / `rejected` for replay, `read` / `bad` for rebuild. */
export interface ProgressWords {
  readonly count: string;
  readonly rejected: string;
  /** Unit of the rate, e.g. `events/s`. */
  readonly rate: string;
}

export const REPLAY_WORDS: ProgressWords = { count: 'produced', rejected: 'rejected', rate: 'events/s' };

/** The in-place form: `[#########.........]  45%  1,200 produced  3 rejected  850 events/s  ETA 0:02`. */
export function formatProgressBar(s: ProgressSnapshot, width = 80, words: ProgressWords = REPLAY_WORDS): string {
  const f = fraction(s);
  const rate = eventsPerSecond(s.count, s.elapsedMs);
  const eta = f !== null && f > 0 && f < 1 ? `  ETA ${formatDuration((s.elapsedMs * (1 - f)) / f)}` : '';
  const text = `${f === null ? '' : `${String(Math.floor(f * 100)).padStart(3)}%  `}${formatCount(s.count)} ${words.count}  ${formatCount(s.rejected)} ${words.rejected}  ${formatCount(rate)} ${words.rate}${eta}`;
  const barWidth = Math.max(10, Math.min(40, width - text.length - 4));
  if (f === null) return text;
  const filled = Math.round(f * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]  ${text}`;
}

/** The line form, for logs: `replay: 1,200 produced, 3 rejected, 850 events/s, 45% of 2.0 MiB, 0:01 elapsed`. */
export function formatProgressLine(label: string, s: ProgressSnapshot, words: ProgressWords = REPLAY_WORDS): string {
  const f = fraction(s);
  const of = f === null || s.totalBytes === null ? '' : `, ${Math.floor(f * 100)}% of ${formatBytes(s.totalBytes)}`;
  return `${label}: ${formatCount(s.count)} ${words.count}, ${formatCount(s.rejected)} ${words.rejected}, ${formatCount(eventsPerSecond(s.count, s.elapsedMs))} ${words.rate}${of}, ${formatDuration(s.elapsedMs)} elapsed`;
}

export interface ProgressReporter {
  /** Offer a new snapshot; drawn only when the bar or line is due. */
  update(snapshot: ProgressSnapshot): void;
  /** Clears the bar (TTY); the caller prints the summary. */
  done(): void;
}

export interface ProgressReporterOptions {
  readonly stream: ErrorStream;
  readonly label: string;
  /** Seconds between plain lines when the stream is not a terminal. */
  readonly intervalSeconds: number;
  readonly words?: ProgressWords;
  readonly now?: () => number;
}

const REDRAW_MS = 100;

export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const { stream } = options;
  let last = now();
  let drawn = false;
  return {
    update(snapshot) {
      const t = now();
      if (stream.isTTY) {
        if (t - last < REDRAW_MS && drawn) return;
        const columns = stream.columns || 80;
        // Never wider than the terminal: a wrapped line cannot be redrawn in place.
        stream.write(`\r${formatProgressBar(snapshot, columns, options.words).slice(0, Math.max(20, columns - 1))}\x1b[K`);
        drawn = true;
        last = t;
        return;
      }
      if (t - last < options.intervalSeconds * 1000) return;
      stream.write(`${formatProgressLine(options.label, snapshot, options.words)}\n`);
      last = t;
    },
    done() {
      if (stream.isTTY && drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

export function silentProgress(): ProgressReporter {
  return { update: () => undefined, done: () => undefined };
}
