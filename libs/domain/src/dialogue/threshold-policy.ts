import { Channel } from '@callfold/contracts';

/**
 * Which clock QuickDrop (short abandon) measures: from the queue entry ('queue', Genesys and
 * Twilio style) or from the dialogue's start on the platform ('system', IVR time included).
 */
export const QuickDropClock = ['queue', 'system'] as const;
export type QuickDropClock = (typeof QuickDropClock)[number];

/** Seed 004's configured `slaThreshold` and `quickDropThreshold`, in ms, and the QuickDrop clock. */
export interface Thresholds {
  readonly slaThresholdMs: number;
  readonly quickDropThresholdMs: number;
  readonly quickDropClock: QuickDropClock;
}

/** Thresholds for one queue, one channel, or one queue on one channel. */
export interface ThresholdRule {
  readonly queueId: string | null;
  readonly channel: Channel | null;
  readonly thresholds: Thresholds;
}

/** The configuration as written by an operator, before validation. */
export interface ThresholdPolicyConfig {
  readonly defaults: Thresholds;
  readonly rules?: readonly ThresholdRule[];
}

declare const validated: unique symbol;

/** A validated policy: only `thresholdPolicy` makes one, so every resolved threshold is sound. */
export interface ThresholdPolicy {
  readonly defaults: Thresholds;
  readonly rules: readonly ThresholdRule[];
  /** Rules by (queue, channel), so resolving stays O(1) however many queues are configured. */
  readonly byTarget: ReadonlyMap<string, Thresholds>;
  readonly [validated]: true;
}

export class InvalidThresholdPolicyError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid threshold policy: ${problems.join('; ')}`);
    this.name = 'InvalidThresholdPolicyError';
  }
}

/**
 * Validates a configuration (it may come from JSON, so every field is checked at run time) and
 * reports every problem at once. Thresholds are positive finite milliseconds; a rule names a queue,
 * a channel or both (the defaults cover the rest); no two rules target the same queue and channel.
 */
export function thresholdPolicy(config: ThresholdPolicyConfig): ThresholdPolicy {
  const rules = config.rules ?? [];
  const problems = [...thresholdProblems('defaults', config.defaults)];
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    const where = `rules[${index}] (queue ${JSON.stringify(rule.queueId)}, channel ${JSON.stringify(rule.channel)})`;
    problems.push(...ruleProblems(where, rule), ...thresholdProblems(where, rule.thresholds));
    const key = ruleKey(rule.queueId, rule.channel);
    if (seen.has(key)) problems.push(`${where}: another rule already targets this queue and channel`);
    seen.add(key);
  });
  if (problems.length > 0) throw new InvalidThresholdPolicyError(problems);
  const byTarget: ReadonlyMap<string, Thresholds> = new Map(rules.map((rule) => [ruleKey(rule.queueId, rule.channel), { ...rule.thresholds }]));
  return Object.freeze({ defaults: { ...config.defaults }, rules: Object.freeze([...rules]), byTarget }) as ThresholdPolicy;
}

/**
 * The thresholds that apply to a dialogue of `queueId` on `channel`. The most specific rule wins,
 * whole (no field-by-field mixing, so each dialogue's thresholds come from one place):
 * queue + channel > queue > channel > defaults.
 */
export function thresholdsFor(policy: ThresholdPolicy, queueId: string | null, channel: Channel | null): Thresholds {
  const find = (q: string | null, ch: Channel | null): Thresholds | undefined => policy.byTarget.get(ruleKey(q, ch));
  const queueAndChannel = queueId !== null && channel !== null ? find(queueId, channel) : undefined;
  const queueOnly = queueId !== null ? find(queueId, null) : undefined;
  const channelOnly = channel !== null ? find(null, channel) : undefined;
  return queueAndChannel ?? queueOnly ?? channelOnly ?? policy.defaults;
}

function ruleProblems(where: string, rule: ThresholdRule): string[] {
  const problems: string[] = [];
  if (rule.queueId === null && rule.channel === null) problems.push(`${where}: names neither a queue nor a channel (use defaults)`);
  if (rule.queueId !== null && (typeof rule.queueId !== 'string' || rule.queueId.length === 0)) {
    problems.push(`${where}: queueId must be a non-empty string or null`);
  }
  if (rule.channel !== null && !(Channel as readonly unknown[]).includes(rule.channel)) {
    problems.push(`${where}: channel must be one of ${Channel.join(', ')} or null`);
  }
  return problems;
}

function thresholdProblems(where: string, thresholds: Thresholds | undefined): string[] {
  if (typeof thresholds !== 'object' || thresholds === null) return [`${where}: thresholds are missing`];
  const problems: string[] = [];
  for (const field of ['slaThresholdMs', 'quickDropThresholdMs'] as const) {
    const value: unknown = thresholds[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      problems.push(`${where}: ${field} must be a positive number of milliseconds, got ${describe(value)}`);
    }
  }
  if (!(QuickDropClock as readonly unknown[]).includes(thresholds.quickDropClock)) {
    problems.push(`${where}: quickDropClock must be 'queue' or 'system', got ${describe(thresholds.quickDropClock)}`);
  }
  return problems;
}

function describe(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value);
}

function ruleKey(queueId: string | null, channel: Channel | null): string {
  return JSON.stringify([queueId, channel]);
}
