import { type AppProcess } from './app-process';

/** One sample of the Prometheus text format: `name{label="value",...} value`. */
export interface MetricSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses Prometheus text exposition (comments skipped, label values unescaped). */
export function parseMetrics(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, name, raw] of (match[2] ?? '').matchAll(LABEL)) labels[name as string] = (raw as string).replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of the samples of `name` whose labels include `labels`. */
export function sumOf(samples: readonly MetricSample[], name: string, labels: Readonly<Record<string, string>> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
}

/** The base URL the service logged once its ops port listened (CALLFOLD_OPS_PORT=0 picks a free one). */
export async function opsUrlOf(app: AppProcess, timeoutMs = 90_000): Promise<string> {
  const line = await app.waitForLog('its ops endpoints', (l) => l.msg === 'ops endpoints listening', timeoutMs);
  const url = line.fields['url'];
  if (typeof url !== 'string') throw new Error(`${app.name} logged no ops url: ${JSON.stringify(line.fields)}`);
  return url;
}

/** GET `/metrics`, parsed. */
export async function scrape(baseUrl: string): Promise<MetricSample[]> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (response.status !== 200) throw new Error(`GET ${baseUrl}/metrics answered ${response.status}`);
  return parseMetrics(await response.text());
}

/** GET a health path; terminus answers JSON with 200 or 503. */
export async function probe(baseUrl: string, path: '/health/live' | '/health/ready'): Promise<HttpAnswer> {
  const response = await fetch(`${baseUrl}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
