import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { type RegistryEnv } from '../env/service-env';

/** A Confluent-API schema registry client for `registry` (Apicurio's ccompat API or Confluent's). */
export function createRegistryClient(options: { registry: RegistryEnv; retries?: number }): SchemaRegistry {
  const { registry } = options;
  return new SchemaRegistry({
    host: registry.url,
    ...(registry.username ? { auth: { username: registry.username, password: registry.password ?? '' } } : {}),
    ...(options.retries !== undefined ? { retry: { retries: options.retries } } : {}),
  });
}

/** The Authorization header value for plain fetch() calls to the registry, if it needs one. */
export function registryAuthHeader(registry: RegistryEnv): Record<string, string> {
  if (!registry.username) return {};
  const token = Buffer.from(`${registry.username}:${registry.password ?? ''}`).toString('base64');
  return { authorization: `Basic ${token}` };
}
