import { DEFAULT_BATCHING, DEFAULT_MIGRATIONS_DIR, describeWriterConfig, writerConfigFromEnv, WriterConfigError } from './writer.config';

describe('writer config', () => {
  it('given no variables, when read, then the defaults: group callfold-writer, both topics, database callfold, embedded engine, 20k rows / 1 s', () => {
    const config = writerConfigFromEnv({});

    expect(config).toMatchObject({
      groupId: 'callfold-writer',
      topics: { callEvents: 'callfold.call-events.v1', conversations: 'callfold.conversations.v1' },
      database: 'callfold',
      cluster: undefined,
      migrateOnStart: false,
      migrationsDir: DEFAULT_MIGRATIONS_DIR,
      batching: DEFAULT_BATCHING,
      retry: { initialMs: 200, maxMs: 30_000 },
      clickhouse: { url: undefined, database: undefined },
      logLevel: 'info',
    });
    expect(DEFAULT_BATCHING).toMatchObject({ maxRows: 20_000, maxWaitMs: 1_000 });
  });

  it('given the writer variables, when read, then each one is applied', () => {
    const config = writerConfigFromEnv({
      CALLFOLD_WRITER_GROUP_ID: 'writer-blue',
      CALLFOLD_WRITER_CALL_EVENTS_TOPIC: 'blue.call-events.v1',
      CALLFOLD_WRITER_CONVERSATIONS_TOPIC: 'blue.conversations.v1',
      CALLFOLD_CLICKHOUSE_DATABASE: 'analytics',
      CALLFOLD_CLICKHOUSE_CLUSTER: 'main',
      CALLFOLD_MIGRATE_ON_START: 'true',
      CALLFOLD_MIGRATIONS_DIR: '/srv/migrations',
      CALLFOLD_WRITER_MAX_ROWS: '50000',
      CALLFOLD_WRITER_MAX_WAIT_MS: '250',
      CALLFOLD_WRITER_MIN_BYTES: '65536',
      CALLFOLD_WRITER_MAX_BYTES_PER_PARTITION: '1048576',
      CALLFOLD_WRITER_MAX_BYTES: '4194304',
      CALLFOLD_WRITER_CONCURRENCY: '4',
      CALLFOLD_WRITER_RETRY_INITIAL_MS: '50',
      CALLFOLD_WRITER_RETRY_MAX_MS: '5000',
      CALLFOLD_CLICKHOUSE_URL: 'https://user:secret@ch.example.com:8443',
    });

    expect(config).toMatchObject({
      groupId: 'writer-blue',
      topics: { callEvents: 'blue.call-events.v1', conversations: 'blue.conversations.v1' },
      database: 'analytics',
      cluster: 'main',
      migrateOnStart: true,
      migrationsDir: '/srv/migrations',
      batching: { maxRows: 50_000, maxWaitMs: 250, minBytes: 65_536, maxBytesPerPartition: 1_048_576, maxBytes: 4_194_304, concurrency: 4 },
      retry: { initialMs: 50, maxMs: 5_000 },
    });
    expect(describeWriterConfig(config)).toMatchObject({ clickhouse: 'https://ch.example.com:8443', database: 'analytics' });
    expect(JSON.stringify(describeWriterConfig(config))).not.toContain('secret');
  });

  it('given the connection variables, when read, then the connection keeps the server default database: the writer database may not exist before migrating', () => {
    const config = writerConfigFromEnv({ CALLFOLD_CLICKHOUSE_URL: 'http://127.0.0.1:8123', CALLFOLD_CLICKHOUSE_DATABASE: 'analytics' });

    expect(config.clickhouse).toMatchObject({ url: 'http://127.0.0.1:8123', database: undefined });
    expect(config.database).toBe('analytics');
  });

  it.each([
    ['CALLFOLD_WRITER_MAX_ROWS', '0', /CALLFOLD_WRITER_MAX_ROWS must be a positive integer, got "0"/],
    ['CALLFOLD_WRITER_MAX_WAIT_MS', '1s', /CALLFOLD_WRITER_MAX_WAIT_MS must be a positive integer/],
    ['CALLFOLD_MIGRATE_ON_START', 'maybe', /CALLFOLD_MIGRATE_ON_START must be true or false/],
    ['CALLFOLD_CLICKHOUSE_DATABASE', 'x; DROP TABLE y', /CALLFOLD_CLICKHOUSE_DATABASE must be a plain identifier/],
    ['CALLFOLD_WRITER_MAX_BYTES', '10', /CALLFOLD_WRITER_MAX_BYTES \(10\) must be at least/],
    ['CALLFOLD_WRITER_CALL_EVENTS_TOPIC', 'callfold.conversations.v1', /topics must differ/],
  ])('given %s=%s, when read, then it is rejected naming the variable', (name, value, message) => {
    expect(() => writerConfigFromEnv({ [name]: value })).toThrow(WriterConfigError);
    expect(() => writerConfigFromEnv({ [name]: value })).toThrow(message);
  });
});
