import { hostname } from 'node:os';
import { DEFAULT_GRACE_MS, describeProjectorConfig, ProjectorConfigError, projectorConfigFromEnv, tombstoneRetentionMsOf } from './projector.config';

describe('projector config from the environment', () => {
  it('given no projector settings, then the defaults: host-name instance, group callfold-projector, 1 h grace, contract topics', () => {
    const config = projectorConfigFromEnv({});

    expect(config).toMatchObject({
      instanceId: hostname().replace(/[^a-zA-Z0-9._-]/g, '-'),
      groupId: 'callfold-projector',
      graceMs: DEFAULT_GRACE_MS,
      maxFutureSkewMs: 300_000,
      evictedMemoryMs: 604_800_000,
      transactionTimeoutMs: 30_000,
      defaultPartitions: 6,
      maxSendBytes: 524_288,
      topics: { callEvents: 'callfold.call-events.v1', conversations: 'callfold.conversations.v1', deadLetters: 'callfold.dead-letters.v1' },
    });
    expect(config.transactionalId).toBe(`callfold-projector.${config.instanceId}`);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
  });

  it('given CALLFOLD_PROJECTOR_* settings, then they are used, and the instance id is made safe for a transactional id', () => {
    const config = projectorConfigFromEnv({
      CALLFOLD_PROJECTOR_INSTANCE_ID: 'projector 0/eu',
      CALLFOLD_PROJECTOR_GRACE_MS: '7200000',
      CALLFOLD_PROJECTOR_MAX_FUTURE_SKEW_MS: '0',
      CALLFOLD_PROJECTOR_TRANSACTION_TIMEOUT_MS: '15000',
      CALLFOLD_PROJECTOR_DEFAULT_PARTITIONS: '12',
      CALLFOLD_KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
    });

    expect(config).toMatchObject({ instanceId: 'projector-0-eu', transactionalId: 'callfold-projector.projector-0-eu', graceMs: 7_200_000, maxFutureSkewMs: 0, transactionTimeoutMs: 15_000, defaultPartitions: 12 });
    expect(config.kafka.brokers).toEqual(['kafka-1:9092', 'kafka-2:9092']);
  });

  it.each([
    ['CALLFOLD_PROJECTOR_GRACE_MS', '1h'],
    ['CALLFOLD_PROJECTOR_GRACE_MS', '-1'],
    ['CALLFOLD_PROJECTOR_DEFAULT_PARTITIONS', '0'],
    ['CALLFOLD_PROJECTOR_TRANSACTION_TIMEOUT_MS', '10'],
    ['CALLFOLD_PROJECTOR_EVICTED_MEMORY_MS', '3599999'],
  ])('given %s=%s, then the configuration is refused', (name, value) => {
    expect(() => projectorConfigFromEnv({ [name]: value })).toThrow(ProjectorConfigError);
  });

  it('given an evicted-memory horizon, then it is used, and the conversations topic keeps tombstones for it plus a day', () => {
    const config = projectorConfigFromEnv({ CALLFOLD_PROJECTOR_EVICTED_MEMORY_MS: '172800000' });

    expect(config.evictedMemoryMs).toBe(172_800_000);
    expect(tombstoneRetentionMsOf(config)).toBe(172_800_000 + 86_400_000);
    expect(tombstoneRetentionMsOf(projectorConfigFromEnv({}))).toBe(691_200_000);
  });

  it('given a grace period longer than the default horizon and no horizon set, then the horizon is the grace period', () => {
    expect(projectorConfigFromEnv({ CALLFOLD_PROJECTOR_GRACE_MS: '864000000' }).evictedMemoryMs).toBe(864_000_000);
  });

  it('given a horizon shorter than the grace period, then the configuration is refused', () => {
    expect(() => projectorConfigFromEnv({ CALLFOLD_PROJECTOR_GRACE_MS: '7200000', CALLFOLD_PROJECTOR_EVICTED_MEMORY_MS: '3600000' })).toThrow(
      'CALLFOLD_PROJECTOR_EVICTED_MEMORY_MS (3600000) must be at least CALLFOLD_PROJECTOR_GRACE_MS (7200000)',
    );
  });

  it('given SASL credentials, then the logged description holds no Kafka settings at all', () => {
    const config = projectorConfigFromEnv({ CALLFOLD_KAFKA_SASL_MECHANISM: 'plain', CALLFOLD_KAFKA_SASL_USERNAME: 'u', CALLFOLD_KAFKA_SASL_PASSWORD: 'secret' });
    expect(JSON.stringify(describeProjectorConfig(config))).not.toContain('secret');
  });
});
