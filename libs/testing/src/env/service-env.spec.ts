import { serviceEnv, ServiceEnvError, stackEnv, stackServiceVars } from '../index';

describe('serviceEnv', () => {
  it('given no CALLFOLD_* variables, when read, then it points at the local stack and the embedded engine', () => {
    const env = serviceEnv({ env: {}, cwd: '/srv/callfold' });

    expect(env.kafka).toEqual({ brokers: ['127.0.0.1:9092'], clientId: 'callfold', sasl: undefined, tls: undefined });
    expect(env.schemaRegistry).toEqual({ url: 'http://127.0.0.1:8081/apis/ccompat/v7', username: undefined, password: undefined });
    expect(env.clickhouse).toEqual({ mode: 'embedded', chdbPath: '/srv/callfold/.data/chdb' });
  });

  it('given an existing cluster with SASL and TLS, when read, then every setting is carried over', () => {
    const env = serviceEnv({
      env: {
        CALLFOLD_KAFKA_BROKERS: 'b1.example:9094, b2.example:9094',
        CALLFOLD_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        CALLFOLD_KAFKA_SASL_USERNAME: 'ingest',
        CALLFOLD_KAFKA_SASL_PASSWORD: 's3cret',
        CALLFOLD_KAFKA_TLS_CA: '/etc/ssl/kafka-ca.pem',
      },
    });

    expect(env.kafka).toEqual({
      brokers: ['b1.example:9094', 'b2.example:9094'],
      clientId: 'callfold',
      sasl: { mechanism: 'scram-sha-512', username: 'ingest', password: 's3cret' },
      tls: { caPath: '/etc/ssl/kafka-ca.pem', certPath: undefined, keyPath: undefined, rejectUnauthorized: true },
    });
  });

  it('given registry credentials inside the URL, when read, then they move to basic auth and leave the URL loggable', () => {
    const env = serviceEnv({ env: { CALLFOLD_SCHEMA_REGISTRY_URL: 'https://svc:p%40ss@registry.example/apis/ccompat/v7/' } });

    expect(env.schemaRegistry).toEqual({ url: 'https://registry.example/apis/ccompat/v7', username: 'svc', password: 'p@ss' });
  });

  it('given a ClickHouse URL, when read, then the server settings apply with the defaults filled in', () => {
    const env = serviceEnv({ env: { CALLFOLD_CLICKHOUSE_URL: 'https://ch.example:8443', CALLFOLD_CLICKHOUSE_PASSWORD: 'pw' } });

    expect(env.clickhouse).toEqual({ mode: 'server', url: 'https://ch.example:8443', username: 'default', password: 'pw', database: 'default', caPath: undefined });
  });

  it.each([
    [{ CALLFOLD_KAFKA_BROKERS: 'kafka' }, /CALLFOLD_KAFKA_BROKERS: "kafka" is not host:port/],
    [{ CALLFOLD_KAFKA_SASL_MECHANISM: 'gssapi' }, /CALLFOLD_KAFKA_SASL_MECHANISM must be one of/],
    [{ CALLFOLD_KAFKA_SASL_MECHANISM: 'plain', CALLFOLD_KAFKA_SASL_USERNAME: 'u' }, /needs CALLFOLD_KAFKA_SASL_USERNAME and CALLFOLD_KAFKA_SASL_PASSWORD/],
    [{ CALLFOLD_KAFKA_TLS_CERT: '/c.pem' }, /needs both CALLFOLD_KAFKA_TLS_CERT and CALLFOLD_KAFKA_TLS_KEY/],
    [{ CALLFOLD_KAFKA_TLS: 'maybe' }, /CALLFOLD_KAFKA_TLS must be true or false/],
    [{ CALLFOLD_CLICKHOUSE_URL: 'tcp://ch:9000' }, /CALLFOLD_CLICKHOUSE_URL must be an http\(s\) URL/],
  ])('given the invalid setting %j, when read, then the error names the variable', (env, message) => {
    expect(() => serviceEnv({ env })).toThrow(ServiceEnvError);
    expect(() => serviceEnv({ env })).toThrow(message);
  });
});

describe('stackEnv', () => {
  it('given port overrides, when the stack variables are derived, then callfold is pointed at those ports', () => {
    const stack = stackEnv({ root: '/repo', env: { CALLFOLD_STACK_KAFKA_PORT: '29092', CALLFOLD_STACK_REGISTRY_PORT: '28081', CALLFOLD_STACK_CLICKHOUSE_PORT: '28123' } });

    expect(stack.dir).toBe('/repo/.stack');
    expect(stackServiceVars(stack)).toEqual({
      CALLFOLD_KAFKA_BROKERS: '127.0.0.1:29092',
      CALLFOLD_SCHEMA_REGISTRY_URL: 'http://127.0.0.1:28081/apis/ccompat/v7',
      CALLFOLD_CLICKHOUSE_URL: 'http://127.0.0.1:28123',
      CALLFOLD_CLICKHOUSE_USER: 'callfold',
      CALLFOLD_CLICKHOUSE_PASSWORD: 'callfold',
    });
  });

  it('given a port that is not a number, when read, then the error names the variable', () => {
    expect(() => stackEnv({ root: '/repo', env: { CALLFOLD_STACK_KAFKA_PORT: 'ninety' } })).toThrow(/CALLFOLD_STACK_KAFKA_PORT must be a TCP port/);
  });
});
