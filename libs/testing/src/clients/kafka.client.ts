import { readFileSync } from 'node:fs';
import { type KafkaConfig, type SASLOptions, logLevel as KafkaLogLevel } from 'kafkajs';
import { type KafkaEnv } from '../env/service-env';

export interface KafkaClientOptions {
  readonly kafka: KafkaEnv;
  /** Appended to the configured client id, so broker logs tell the test clients apart. */
  readonly clientSuffix?: string;
  readonly logLevel?: KafkaLogLevel;
  readonly connectionTimeoutMs?: number;
  readonly retries?: number;
}

/** kafkajs settings for the brokers in `kafka`, including SASL and TLS when configured. */
export function kafkaClientConfig(options: KafkaClientOptions): KafkaConfig {
  const { kafka } = options;
  const tls = kafka.tls;
  return {
    clientId: options.clientSuffix ? `${kafka.clientId}-${options.clientSuffix}` : kafka.clientId,
    brokers: [...kafka.brokers],
    logLevel: options.logLevel ?? KafkaLogLevel.WARN,
    ...(options.connectionTimeoutMs ? { connectionTimeout: options.connectionTimeoutMs } : {}),
    ...(options.retries !== undefined ? { retry: { retries: options.retries } } : {}),
    ...(tls
      ? {
          ssl: {
            rejectUnauthorized: tls.rejectUnauthorized,
            ...(tls.caPath ? { ca: [readFileSync(tls.caPath, 'utf8')] } : {}),
            ...(tls.certPath ? { cert: readFileSync(tls.certPath, 'utf8') } : {}),
            ...(tls.keyPath ? { key: readFileSync(tls.keyPath, 'utf8') } : {}),
          },
        }
      : {}),
    // kafkajs types SASL as a union keyed by mechanism; our three names map one to one.
    ...(kafka.sasl ? { sasl: { mechanism: kafka.sasl.mechanism, username: kafka.sasl.username, password: kafka.sasl.password } as SASLOptions } : {}),
  };
}
