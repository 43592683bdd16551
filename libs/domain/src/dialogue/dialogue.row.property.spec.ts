import { type Conversation } from '@callfold/contracts';
import fc from 'fast-check';
import { conversationArbitrary } from '../vocabularies/testing/conversation.arbitrary';
import { type DialogueRow, toDialogueRow } from './dialogue.row';
import { QuickDropClock, type ThresholdPolicy, thresholdPolicy, thresholdsFor } from './threshold-policy';

const thresholds = fc.record({
  slaThresholdMs: fc.integer({ min: 1, max: 120_000 }),
  quickDropThresholdMs: fc.integer({ min: 1, max: 30_000 }),
  quickDropClock: fc.constantFrom(...QuickDropClock),
});
const policies: fc.Arbitrary<ThresholdPolicy> = fc
  .record({ defaults: thresholds, queueRule: fc.option(thresholds, { nil: null }), channelRule: fc.option(thresholds, { nil: null }) })
  .map(({ defaults, queueRule, channelRule }) =>
    thresholdPolicy({
      defaults,
      rules: [
        ...(queueRule === null ? [] : [{ queueId: 'q-1', channel: null, thresholds: queueRule }]),
        ...(channelRule === null ? [] : [{ queueId: null, channel: 'VOICE' as const, thresholds: channelRule }]),
      ],
    }),
  );

const RUNS = { numRuns: 400 };

/** Every row a plausible projection can give, paired with its input. */
function forEveryRow(check: (row: DialogueRow, conversation: Conversation, policy: ThresholdPolicy) => void): void {
  fc.assert(
    fc.property(conversationArbitrary(), policies, (conversation, policy) => {
      const row = toDialogueRow(conversation, policy);
      if (row !== null) check(row, conversation, policy);
    }),
    RUNS,
  );
}

const DURATION_COLUMNS = [
  'ivrDurationMs',
  'queueDurationMs',
  'initialTalkDurationMs',
  'sessionDurationMs',
  'ivrDurationInSec',
  'queueDurationInSec',
  'initialTalkDurationInSec',
  'sessionDurationInSec',
  'waitMs',
  'holdTotalMs',
  'wrapUpMs',
  'handleMs',
] as const;

describe('toDialogueRow properties over arbitrary projections', () => {
  it('given an Accepted row, then InSLA is decided and QuickDrop is null', () => {
    forEveryRow((row) => {
      if (row.outcome === 'Accepted') expect([row.inSla === null, row.quickDrop]).toEqual([false, null]);
    });
  });

  it('given an Abandoned row, then QuickDrop is decided and InSLA is null', () => {
    forEveryRow((row) => {
      if (row.outcome === 'Abandoned') expect([row.quickDrop === null, row.inSla]).toEqual([false, null]);
    });
  });

  it('given an IvrDrop or undecided row, then both InSLA and QuickDrop are null', () => {
    forEveryRow((row) => {
      if (row.outcome === 'IvrDrop' || row.outcome === null) expect([row.inSla, row.quickDrop]).toEqual([null, null]);
    });
  });

  it('given any row, then no duration is negative and the seconds are the milliseconds / 1000', () => {
    forEveryRow((row) => {
      for (const column of DURATION_COLUMNS) {
        const value = row[column];
        if (value !== null) expect({ column, negative: value < 0 }).toEqual({ column, negative: false });
      }
      expect(row.sessionDurationInSec).toBe(row.sessionDurationMs === null ? null : row.sessionDurationMs / 1000);
      expect(row.queueDurationInSec).toBe(row.queueDurationMs === null ? null : row.queueDurationMs / 1000);
    });
  });

  it('given any row, then its timestamps are in lifecycle order and IVR + queue time fit in the session', () => {
    forEveryRow((row) => {
      const chain = [row.startTimestamp, row.queueEnterTimestamp, row.acceptTimestamp, row.endTimestamp].filter((t): t is number => t !== null);
      expect(chain).toEqual([...chain].sort((a, b) => a - b));
      if (row.sessionDurationMs !== null && row.ivrDurationMs !== null) {
        expect(row.ivrDurationMs + (row.queueDurationMs ?? 0)).toBeLessThanOrEqual(row.sessionDurationMs);
      }
    });
  });

  it('given any projection, when mapped twice or from a deep copy, then deep-equal rows and the input untouched', () => {
    fc.assert(
      fc.property(conversationArbitrary(), policies, (conversation, policy) => {
        const copy = structuredClone(conversation);
        const first = toDialogueRow(conversation, policy);
        expect(toDialogueRow(conversation, policy)).toEqual(first);
        expect(toDialogueRow(copy, policy)).toEqual(first);
        expect(conversation).toEqual(copy);
      }),
      RUNS,
    );
  });

  it('given any projection, then a row exists exactly when it is not erased and has a start', () => {
    fc.assert(
      fc.property(conversationArbitrary(), policies, (conversation, policy) => {
        const expected = !conversation.erased && conversation.createdAt !== null;
        expect(toDialogueRow(conversation, policy) !== null).toBe(expected);
      }),
      RUNS,
    );
  });

  it('given any row, then the outcome columns agree with each other and with the thresholds applied', () => {
    forEveryRow((row, conversation, policy) => {
      expect(row.outcome === 'Accepted').toBe(conversation.connectedAt !== null);
      expect(row.detailedOutcome === 'InProgress').toBe(row.endTimestamp === null);
      expect(row.abandoned).toBe(row.outcome === 'Abandoned');
      expect(row.answeredWithinThreshold).toBe(row.inSla === true);
      expect(row.shortAbandoned).toBe(row.quickDrop === true);
      if (row.shortAbandoned) expect(row.hangupSource).toBe('CUSTOMER');
      if (row.flowOut) expect(row.abandoned).toBe(true);
      if (row.abandonedWithinThreshold) expect([row.abandoned, row.flowOut]).toEqual([true, false]);
      if (row.abandonPhase !== null) expect(['Abandoned', 'IvrDrop']).toContain(row.detailedOutcome);
      const applied = thresholdsFor(policy, row.queueId, row.channel);
      expect([row.slaThresholdMs, row.quickDropThresholdMs, row.quickDropClock]).toEqual([applied.slaThresholdMs, applied.quickDropThresholdMs, applied.quickDropClock]);
    });
  });
});
