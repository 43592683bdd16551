import { register as globalRegistry } from 'prom-client';
import { createMetrics, exportedSeriesNames, METRIC_CATALOG, METRIC_PREFIX } from './metrics';

describe('createMetrics', () => {
  it('given a service name, when created, then every catalog metric is registered on a private registry with its type, labels and the service label', async () => {
    const metrics = createMetrics({ service: 'writer', processMetrics: false });

    const registered = metrics.registry.getMetricsAsArray().map((m) => {
      const { name, type } = m as unknown as { name: string; type: string };
      return [name, type];
    });
    expect(Object.fromEntries(registered)).toEqual(Object.fromEntries(Object.values(METRIC_CATALOG).map((s) => [s.name, s.type])));
    expect(globalRegistry.getSingleMetric(METRIC_CATALOG.eventsConsumed.name)).toBeUndefined();

    metrics.eventsConsumed.inc({ topic: 'callfold.call-events.v1' }, 5);
    metrics.deadLetters.inc({ topic: 'callfold.call-events.v1', reason: 'UNDECODABLE' });
    metrics.consumerLag.set({ group: 'callfold-writer', topic: 'callfold.call-events.v1', partition: '3' }, 42);
    metrics.transactionAborts.inc();
    const text = await metrics.registry.metrics();

    expect(text).toContain('callfold_events_consumed_total{topic="callfold.call-events.v1",service="writer"} 5');
    expect(text).toContain('callfold_dead_letters_total{topic="callfold.call-events.v1",reason="UNDECODABLE",service="writer"} 1');
    expect(text).toContain('callfold_consumer_lag_messages{group="callfold-writer",topic="callfold.call-events.v1",partition="3",service="writer"} 42');
    expect(text).toContain('callfold_transaction_aborts_total{service="writer"} 1');
  });

  it('given two services in one process, when each counts, then their registries do not share series', async () => {
    const a = createMetrics({ service: 'projector', processMetrics: false });
    const b = createMetrics({ service: 'writer', processMetrics: false });

    a.batches.inc({ topic: 't' }, 3);

    expect((await a.batches.get()).values.map((v) => v.value)).toEqual([3]);
    expect((await b.batches.get()).values).toEqual([]);
  });

  it('given the naming rules, then every name has the prefix, counters end in _total, and units are in the names', () => {
    for (const spec of Object.values(METRIC_CATALOG)) {
      expect(spec.name.startsWith(METRIC_PREFIX)).toBe(true);
      expect(spec.name.endsWith('_total')).toBe(spec.type === 'counter');
      if (spec.type === 'histogram') expect(spec.name).toMatch(/_seconds$/);
      expect(spec.labels).not.toContain('conversationId');
    }
  });

  it('given process metrics on, when scraped, then the process and nodejs series carry the callfold_ prefix', async () => {
    const metrics = createMetrics({ service: 'simulator' });

    const names = exportedSeriesNames(metrics);

    expect(names.has('callfold_process_cpu_seconds_total')).toBe(true);
    expect(names.has('callfold_process_resident_memory_bytes')).toBe(true);
    expect(names.has('callfold_nodejs_eventloop_lag_seconds')).toBe(true);
    expect(names.has('callfold_batch_duration_seconds_bucket')).toBe(true);
    expect(names.has('callfold_batch_duration_seconds_count')).toBe(true);
    expect([...names].filter((n) => !n.startsWith(METRIC_PREFIX))).toEqual([]);
  });

  it('given a histogram observation, when scraped, then the bucket, sum and count series show it', async () => {
    const metrics = createMetrics({ service: 'writer', processMetrics: false });

    metrics.batchDuration.observe({ topic: 't' }, 0.2);
    const text = await metrics.registry.metrics();

    expect(text).toContain('callfold_batch_duration_seconds_bucket{le="0.1",service="writer",topic="t"} 0');
    expect(text).toContain('callfold_batch_duration_seconds_bucket{le="0.25",service="writer",topic="t"} 1');
    expect(text).toContain('callfold_batch_duration_seconds_sum{service="writer",topic="t"} 0.2');
    expect(text).toContain('callfold_batch_duration_seconds_count{service="writer",topic="t"} 1');
  });
});
