import { InvalidThresholdPolicyError, type Thresholds, thresholdPolicy, type ThresholdPolicyConfig, thresholdsFor } from './threshold-policy';

const defaults: Thresholds = { slaThresholdMs: 20_000, quickDropThresholdMs: 5_000, quickDropClock: 'queue' };
const billingVoice: Thresholds = { slaThresholdMs: 10_000, quickDropThresholdMs: 3_000, quickDropClock: 'queue' };
const billing: Thresholds = { slaThresholdMs: 15_000, quickDropThresholdMs: 4_000, quickDropClock: 'system' };
const chat: Thresholds = { slaThresholdMs: 60_000, quickDropThresholdMs: 10_000, quickDropClock: 'queue' };

const policy = thresholdPolicy({
  defaults,
  rules: [
    { queueId: 'q-billing', channel: 'VOICE', thresholds: billingVoice },
    { queueId: 'q-billing', channel: null, thresholds: billing },
    { queueId: null, channel: 'CHAT', thresholds: chat },
  ],
});

function problemsOf(config: ThresholdPolicyConfig): readonly string[] {
  try {
    thresholdPolicy(config);
  } catch (error) {
    if (error instanceof InvalidThresholdPolicyError) return error.problems;
    throw error;
  }
  return [];
}

describe('thresholdsFor', () => {
  it('given a rule for the queue on this channel, when resolved, then queue + channel wins', () => {
    expect(thresholdsFor(policy, 'q-billing', 'VOICE')).toEqual(billingVoice);
  });

  it('given only a queue rule matches, when resolved, then queue beats channel', () => {
    expect(thresholdsFor(policy, 'q-billing', 'CHAT')).toEqual(billing);
  });

  it('given only a channel rule matches, when resolved, then the channel rule', () => {
    expect(thresholdsFor(policy, 'q-sales', 'CHAT')).toEqual(chat);
  });

  it('given a dialogue that was never queued on a configured channel, when resolved, then the channel rule', () => {
    expect(thresholdsFor(policy, null, 'CHAT')).toEqual(chat);
  });

  it('given nothing matches, when resolved, then the defaults', () => {
    expect(thresholdsFor(policy, 'q-sales', 'VOICE')).toEqual(defaults);
    expect(thresholdsFor(policy, null, null)).toEqual(defaults);
  });

  it('given a policy with no rules, when resolved, then the defaults', () => {
    expect(thresholdsFor(thresholdPolicy({ defaults }), 'q-billing', 'VOICE')).toEqual(defaults);
  });
});

describe('thresholdPolicy validation', () => {
  it('given a negative SLA threshold, when validated, then a clear error names the field and value', () => {
    expect(() => thresholdPolicy({ defaults: { ...defaults, slaThresholdMs: -5 } })).toThrow(
      'Invalid threshold policy: defaults: slaThresholdMs must be a positive number of milliseconds, got -5',
    );
  });

  it('given zero, NaN and Infinity thresholds, when validated, then each is reported', () => {
    const problems = problemsOf({
      defaults: { ...defaults, quickDropThresholdMs: 0 },
      rules: [
        { queueId: 'q1', channel: null, thresholds: { ...defaults, slaThresholdMs: Number.NaN } },
        { queueId: 'q2', channel: null, thresholds: { ...defaults, slaThresholdMs: Number.POSITIVE_INFINITY } },
      ],
    });
    expect(problems).toEqual([
      'defaults: quickDropThresholdMs must be a positive number of milliseconds, got 0',
      'rules[0] (queue "q1", channel null): slaThresholdMs must be a positive number of milliseconds, got NaN',
      'rules[1] (queue "q2", channel null): slaThresholdMs must be a positive number of milliseconds, got Infinity',
    ]);
  });

  it('given a configuration read from JSON with wrong types, when validated, then every problem is reported', () => {
    const fromJson = JSON.parse(
      '{"defaults":{"slaThresholdMs":"20s","quickDropThresholdMs":5000,"quickDropClock":"wall"},"rules":[{"queueId":"","channel":"FAX","thresholds":{"slaThresholdMs":1,"quickDropThresholdMs":1,"quickDropClock":"queue"}}]}',
    ) as ThresholdPolicyConfig;
    expect(problemsOf(fromJson)).toEqual([
      'defaults: slaThresholdMs must be a positive number of milliseconds, got "20s"',
      "defaults: quickDropClock must be 'queue' or 'system', got \"wall\"",
      'rules[0] (queue "", channel "FAX"): queueId must be a non-empty string or null',
      'rules[0] (queue "", channel "FAX"): channel must be one of VOICE, CHAT, SMS, WHATSAPP, WEB or null',
    ]);
  });

  it('given a rule naming neither queue nor channel, when validated, then it is rejected', () => {
    expect(problemsOf({ defaults, rules: [{ queueId: null, channel: null, thresholds: chat }] })).toEqual([
      'rules[0] (queue null, channel null): names neither a queue nor a channel (use defaults)',
    ]);
  });

  it('given two rules for the same queue and channel, when validated, then the duplicate is rejected', () => {
    expect(
      problemsOf({
        defaults,
        rules: [
          { queueId: 'q1', channel: 'VOICE', thresholds: chat },
          { queueId: 'q1', channel: 'VOICE', thresholds: billing },
        ],
      }),
    ).toEqual(['rules[1] (queue "q1", channel "VOICE"): another rule already targets this queue and channel']);
  });

  it('given missing defaults, when validated, then it says so', () => {
    expect(problemsOf({} as ThresholdPolicyConfig)).toEqual(['defaults: thresholds are missing']);
  });

  it('given a valid policy, when the caller later mutates its rules array, then the policy is unaffected', () => {
    const rules = [{ queueId: 'q1', channel: null, thresholds: billing }];
    const frozen = thresholdPolicy({ defaults, rules });
    rules.pop();
    expect(thresholdsFor(frozen, 'q1', null)).toEqual(billing);
  });
});
