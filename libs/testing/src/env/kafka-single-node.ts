/**
 * Broker settings that make one Kafka node behave: the native stack writes them into
 * server.properties, the Docker paths pass them as KAFKA_* variables (docker-compose.yml repeats
 * them; a unit test checks it does). Defaults assume three brokers and would leave the internal
 * topics unable to reach their replication factor.
 */
export const SINGLE_NODE_BROKER_SETTINGS: Readonly<Record<string, string>> = {
  'offsets.topic.replication.factor': '1',
  'transaction.state.log.replication.factor': '1',
  'transaction.state.log.min.isr': '1',
  'share.coordinator.state.topic.replication.factor': '1',
  'share.coordinator.state.topic.min.isr': '1',
  'default.replication.factor': '1',
  'min.insync.replicas': '1',
  // Fewer internal partitions than the default 50: the first consumer group or transaction on a
  // fresh broker waits until they are all created and loaded.
  'offsets.topic.num.partitions': '5',
  'transaction.state.log.num.partitions': '5',
  // The default 3 s delay batches joins of a large group; with one test consumer it only waits.
  'group.initial.rebalance.delay.ms': '0',
};

/** `offsets.topic.replication.factor` -> `KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR`, as the apache/kafka image reads them. */
export function brokerSettingsAsImageEnv(settings: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [`KAFKA_${key.toUpperCase().replace(/[.-]/g, '_')}`, value]));
}
