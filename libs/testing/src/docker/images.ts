import { type ServiceName } from '../services/service-availability';

/**
 * Container images for the Docker paths (testcontainers here, docker-compose.yml for people).
 * The same products and versions as the native stack: Kafka from tools/stack/kafka/pom.xml,
 * Apicurio from tools/stack/registry/pom.xml. A unit test keeps all three in step.
 */
export const IMAGES: Readonly<Record<ServiceName, string>> = {
  kafka: 'apache/kafka:4.3.1',
  'schema-registry': 'apicurio/apicurio-registry:3.0.9',
  clickhouse: 'clickhouse/clickhouse-server:26.3.21.7',
};
