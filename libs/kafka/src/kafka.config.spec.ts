import { describeKafkaSettings, KafkaConfigError, kafkaSettingsFromEnv } from './kafka.config';

describe('kafka settings from the environment', () => {
  it('given nothing configured, when read, then local defaults without auth or TLS', () => {
    expect(kafkaSettingsFromEnv({})).toEqual({
      brokers: ['127.0.0.1:9092'],
      clientId: 'callfold',
      sasl: undefined,
      tls: undefined,
      registry: { url: 'http://127.0.0.1:8081/apis/ccompat/v7', username: undefined, password: undefined },
    });
  });

  it('given brokers, SASL, TLS and registry credentials, when read, then all are typed', () => {
    const settings = kafkaSettingsFromEnv({
      CALLFOLD_KAFKA_BROKERS: 'k1:9093, k2:9093',
      CALLFOLD_KAFKA_CLIENT_ID: 'projector',
      CALLFOLD_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      CALLFOLD_KAFKA_SASL_USERNAME: 'svc',
      CALLFOLD_KAFKA_SASL_PASSWORD: 's3cret',
      CALLFOLD_KAFKA_TLS_CA: '/etc/ca.pem',
      CALLFOLD_KAFKA_TLS_REJECT_UNAUTHORIZED: 'false',
      CALLFOLD_SCHEMA_REGISTRY_URL: 'https://reg:8443/apis/ccompat/v7/',
      CALLFOLD_SCHEMA_REGISTRY_USERNAME: 'reader',
      CALLFOLD_SCHEMA_REGISTRY_PASSWORD: 'hunter2',
    });

    expect(settings).toEqual({
      brokers: ['k1:9093', 'k2:9093'],
      clientId: 'projector',
      sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 's3cret' },
      tls: { caPath: '/etc/ca.pem', certPath: undefined, keyPath: undefined, rejectUnauthorized: false },
      registry: { url: 'https://reg:8443/apis/ccompat/v7', username: 'reader', password: 'hunter2' },
    });
  });

  it('given credentials inside the registry URL, when read, then they move to basic auth and leave the URL', () => {
    const { registry } = kafkaSettingsFromEnv({ CALLFOLD_SCHEMA_REGISTRY_URL: 'http://bob:p%40ss@reg:8080/apis/ccompat/v7' });

    expect(registry).toEqual({ url: 'http://reg:8080/apis/ccompat/v7', username: 'bob', password: 'p@ss' });
  });

  it('given settings with secrets, when described, then no password appears', () => {
    const settings = kafkaSettingsFromEnv({
      CALLFOLD_KAFKA_SASL_MECHANISM: 'plain',
      CALLFOLD_KAFKA_SASL_USERNAME: 'svc',
      CALLFOLD_KAFKA_SASL_PASSWORD: 's3cret',
      CALLFOLD_KAFKA_TLS: 'true',
      CALLFOLD_SCHEMA_REGISTRY_URL: 'http://bob:hunter2@reg:8080',
    });

    const described = describeKafkaSettings(settings);

    expect(described).toEqual({
      brokers: '127.0.0.1:9092',
      clientId: 'callfold',
      auth: 'sasl plain as svc',
      tls: { ca: 'system', clientCert: 'none', rejectUnauthorized: true },
      registry: 'http://reg:8080',
      registryAuth: 'basic as bob',
    });
    expect(JSON.stringify(described)).not.toMatch(/s3cret|hunter2/);
  });

  it.each([
    [{ CALLFOLD_KAFKA_SASL_MECHANISM: 'gssapi' }, /must be one of plain, scram-sha-256, scram-sha-512/],
    [{ CALLFOLD_KAFKA_SASL_MECHANISM: 'plain', CALLFOLD_KAFKA_SASL_USERNAME: 'u' }, /needs CALLFOLD_KAFKA_SASL_USERNAME and CALLFOLD_KAFKA_SASL_PASSWORD/],
    [{ CALLFOLD_KAFKA_BROKERS: 'http://k1:9092' }, /is not host:port/],
    [{ CALLFOLD_KAFKA_TLS: 'maybe' }, /must be true or false/],
    [{ CALLFOLD_KAFKA_TLS_CERT: '/c.pem' }, /needs both CALLFOLD_KAFKA_TLS_CERT and CALLFOLD_KAFKA_TLS_KEY/],
    [{ CALLFOLD_SCHEMA_REGISTRY_URL: 'not a url' }, /not a valid URL/],
  ])('given invalid settings %j, when read, then a KafkaConfigError explains it', (env, message) => {
    expect(() => kafkaSettingsFromEnv(env)).toThrow(KafkaConfigError);
    expect(() => kafkaSettingsFromEnv(env)).toThrow(message);
  });
});
