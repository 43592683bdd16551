import { readFileSync } from 'node:fs';
import { thresholdPolicy, type ThresholdPolicy, type ThresholdPolicyConfig } from '@callfold/domain';

/** Seed 004 leaves the thresholds to configuration; these are the common industry defaults (80/20 SLA, 5 s short abandon). */
export const DEFAULT_THRESHOLDS: ThresholdPolicyConfig = {
  defaults: { slaThresholdMs: 20_000, quickDropThresholdMs: 5_000, quickDropClock: 'queue' },
};

/**
 * The InSLA / QuickDrop policy: `CALLFOLD_THRESHOLDS` (inline JSON) or `CALLFOLD_THRESHOLDS_FILE`
 * (a JSON file), shaped `{ "defaults": {...}, "rules": [{ "queueId", "channel", "thresholds" }] }`,
 * else DEFAULT_THRESHOLDS. An invalid policy throws with every problem listed.
 */
export function thresholdsFromEnv(env: NodeJS.ProcessEnv = process.env): ThresholdPolicy {
  const inline = env['CALLFOLD_THRESHOLDS'];
  const file = env['CALLFOLD_THRESHOLDS_FILE'];
  const text = inline || (file ? readFileSync(file, 'utf8') : undefined);
  return thresholdPolicy(text ? (JSON.parse(text) as ThresholdPolicyConfig) : DEFAULT_THRESHOLDS);
}
