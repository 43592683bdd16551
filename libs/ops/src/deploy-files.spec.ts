/**
 * The monitoring and deployment files under deploy/ checked against the code: every metric a
 * dashboard panel or an alert uses exists in metrics.ts, every data source a panel names is
 * provisioned, every runbook link lands on a heading of docs/operations.md, the compose services
 * mount files that exist. Where the real tools are installed (promtool from Debian's
 * `prometheus` package; helm, built with `go install`; Go for tools/kube-validate) they run too,
 * otherwise those tests print why they were skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { DEFAULT_OPS_PORTS } from './health/ops-http';
import { createMetrics, exportedSeriesNames } from './metrics';

jest.setTimeout(600_000);

const root = join(__dirname, '../../..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const yamlFile = <T>(path: string): T => parse(read(path)) as T;

const KNOWN_SERIES = new Set([...exportedSeriesNames(createMetrics({ service: 'test' })), 'up']);
const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/** The metric names a PromQL expression reads: identifiers outside strings, label matchers, ranges and grouping clauses, not called as functions. */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const after = stripped.slice((match.index ?? 0) + match[0].length).trimStart();
    if (after.startsWith('(') || PROMQL_WORDS.has(match[0].toLowerCase())) continue;
    names.add(match[0]);
  }
  return [...names];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(markdown: string): Set<string> {
  return new Set(
    markdown
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => line.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')),
  );
}

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: { datasource: { type: string; uid: string }; expr?: string; rawSql?: string; refId: string }[];
}
interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const dashboard = JSON.parse(read('deploy/grafana/dashboards/callfold.json')) as { uid: string; panels: Panel[]; templating: { list: { name: string }[] } };
const datasources = yamlFile<{ datasources: { uid: string; type: string }[] }>('deploy/grafana/provisioning/datasources/callfold.yml');
const alerts = yamlFile<{ groups: { name: string; rules: Rule[] }[] }>('deploy/prometheus/alerts.yml');
const rules = alerts.groups.flatMap((g) => g.rules);
const operations = anchorsOf(read('docs/operations.md'));

describe('the Grafana dashboard', () => {
  const targets = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, ...t })));

  it('given its Prometheus panels, then every metric they query exists in metrics.ts', () => {
    const prom = targets.filter((t) => t.expr !== undefined);
    const unknown = prom.flatMap((t) => metricNamesIn(t.expr!).filter((n) => !KNOWN_SERIES.has(n)).map((n) => `${t.panel}: ${n}`));

    expect(prom.length).toBeGreaterThan(15);
    expect(unknown).toEqual([]);
  });

  it('given the panels the operations guide promises, then each is there', () => {
    const titles = dashboard.panels.map((p) => p.title);
    for (const wanted of ['Consumer lag per partition', 'Throughput (events/s)', 'Batch latency p50 / p99', 'Dead letters by reason (per minute)', 'Conversations in state', 'State restore duration', 'Insert errors (per minute)', 'SLA % per queue (15-minute intervals)']) {
      expect(titles).toContain(wanted);
    }
  });

  it('given every target, then its data source is a provisioned one of the same type', () => {
    const provisioned = new Map(datasources.datasources.map((d) => [d.uid, d.type]));
    for (const t of targets) expect([t.panel, provisioned.get(t.datasource.uid)]).toEqual([t.panel, t.datasource.type]);
  });

  it('given the ClickHouse panels, then they read the 15-minute queue view of the database variable, within the time filter', () => {
    const sql = targets.filter((t) => t.rawSql !== undefined);

    expect(sql.length).toBeGreaterThanOrEqual(2);
    for (const t of sql) {
      expect(t.rawSql).toContain('FROM ${database}.queue_intervals_15m');
      expect(t.rawSql).toContain('$__timeFilter(interval_start)');
    }
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(expect.arrayContaining(['database', 'group']));
  });

  it('given the layout, then panel ids are unique and every panel fits the 24-column grid', () => {
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const p of dashboard.panels) expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
  });
});

describe('the alert rules', () => {
  it('given every rule, then its metrics exist in metrics.ts, and it has a severity, a summary and a runbook heading that exists', () => {
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining(['CallfoldConsumerLagGrowing', 'CallfoldDeadLetterRate', 'CallfoldNoProgress', 'CallfoldConsumeLoopSilent', 'CallfoldClickHouseInsertErrors', 'CallfoldTransactionAborts']),
    );
    for (const rule of rules) {
      expect([rule.alert, metricNamesIn(rule.expr).filter((n) => !KNOWN_SERIES.has(n))]).toEqual([rule.alert, []]);
      expect([rule.alert, rule.labels?.['severity']]).toEqual([rule.alert, expect.stringMatching(/^(warning|critical)$/)]);
      expect(rule.annotations?.['summary']).toBeTruthy();
      const anchor = rule.annotations?.['runbook']?.replace('docs/operations.md#', '');
      expect([rule.alert, anchor !== undefined && operations.has(anchor)]).toEqual([rule.alert, true]);
    }
  });

  it('given the metric-name extractor, then functions, labels, ranges and grouping are not mistaken for metrics', () => {
    expect(metricNamesIn('histogram_quantile(0.99, sum by (le, table) (rate(callfold_x_bucket{table="a b"}[5m]))) > on (service) group_left up')).toEqual(['callfold_x_bucket', 'up']);
    expect(metricNamesIn('time() - max by (service, instance) (callfold_last_progress_timestamp_seconds) > 300')).toEqual(['callfold_last_progress_timestamp_seconds']);
  });
});

describe('the Prometheus and Grafana provisioning', () => {
  it('given prometheus.yml, then it loads alerts.yml and scrapes each service on its default ops port', () => {
    const config = yamlFile<{ rule_files: string[]; scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[] }>('deploy/prometheus/prometheus.yml');

    for (const file of config.rule_files) expect(existsSync(join(root, 'deploy/prometheus', file))).toBe(true);
    const targets = Object.fromEntries(config.scrape_configs.map((s) => [s.job_name, s.static_configs.flatMap((c) => c.targets)]));
    expect(targets).toMatchObject({
      'callfold-projector': [`projector:${DEFAULT_OPS_PORTS.projector}`],
      'callfold-writer': [`writer:${DEFAULT_OPS_PORTS.writer}`],
      'callfold-simulator': [`simulator:${DEFAULT_OPS_PORTS.simulator}`],
    });
  });

  it('given the dashboard provider, then it reads the folder compose mounts the dashboards into', () => {
    const provider = yamlFile<{ providers: { options: { path: string } }[] }>('deploy/grafana/provisioning/dashboards/callfold.yml').providers[0]!;
    const compose = yamlFile<{ services: Record<string, { volumes?: string[] }> }>('docker-compose.yml');

    expect(compose.services['grafana']?.volumes).toContain(`./deploy/grafana/dashboards:${provider.options.path}:ro`);
  });
});

describe('docker-compose.yml monitoring profile', () => {
  const compose = yamlFile<{ services: Record<string, { image: string; profiles?: string[]; healthcheck?: { test: string[] }; volumes?: string[] }>; volumes: Record<string, unknown> }>('docker-compose.yml');

  it('given prometheus and grafana, then they sit behind the monitoring profile with pinned images, health checks and existing mounts', () => {
    for (const name of ['prometheus', 'grafana']) {
      const service = compose.services[name]!;
      expect([name, service.profiles]).toEqual([name, ['monitoring']]);
      expect(service.image).toMatch(/^[\w./-]+:v?\d+\.\d+\.\d+$/);
      expect(service.healthcheck?.test.length).toBeGreaterThan(0);
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        if (source!.startsWith('./')) expect([volume, existsSync(join(root, source!))]).toEqual([volume, true]);
        else expect(Object.keys(compose.volumes)).toContain(source);
      }
    }
  });

  it('given the backing services, then a plain `docker compose up` still starts only them (no profile)', () => {
    const unprofiled = Object.entries(compose.services).filter(([, s]) => !s.profiles).map(([name]) => name);
    expect(unprofiled).toEqual(expect.arrayContaining(['kafka', 'schema-registry', 'clickhouse']));
    expect(unprofiled).not.toContain('prometheus');
    expect(unprofiled).not.toContain('grafana');
  });
});

// ------------------------------------------------------------------------------------------
// Real tools, when installed (.ci/run installs them).
// ------------------------------------------------------------------------------------------

/** A tool on PATH, or in Go's bin folder (where `go install` puts helm). */
function findTool(name: string): string | undefined {
  const gopath = process.env['GOPATH'] || join(homedir(), 'go');
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), join(gopath, 'bin'), '/usr/local/go/bin'];
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
}

function run(command: string, args: readonly string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(command, args, { cwd: options.cwd ?? root, input: options.input, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, out: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

const promtool = findTool('promtool');
const helm = findTool('helm');
const go = findTool('go');

function describeWithTool(tool: string | undefined, name: string, install: string, title: string, body: () => void): void {
  if (tool) {
    describe(title, body);
    return;
  }
  console.warn(`[ops] skipping "${title}": ${name} is not installed (${install})`);
  describe.skip(title, body);
}

describeWithTool(promtool, 'promtool', "apt-get install prometheus; .ci/run does it", 'promtool', () => {
  it('given alerts.yml, then `promtool check rules` accepts it', () => {
    const result = run(promtool!, ['check', 'rules', 'deploy/prometheus/alerts.yml']);
    expect([result.status, result.out]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });

  it('given prometheus.yml, then `promtool check config` accepts it', () => {
    const result = run(promtool!, ['check', 'config', 'deploy/prometheus/prometheus.yml']);
    expect([result.status, result.out]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });

  it('given alerts.test.yml, then every alert fires (and stays silent) as its unit tests expect', () => {
    const result = run(promtool!, ['test', 'rules', 'alerts.test.yml'], { cwd: join(root, 'deploy/prometheus') });
    expect([result.status, result.out]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });
});

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

describeWithTool(helm, 'helm', 'go install helm.sh/helm/v3/cmd/helm@v3.22.0; .ci/run does it', 'the Helm chart', () => {
  const chart = join(root, 'deploy/helm/callfold');
  const template = (...set: string[]) => run(helm!, ['template', 'callfold', chart, '--kube-version', '1.30.0', ...set.flatMap((s) => ['--set', s])]);
  const values = yamlFile<{ kafka: { partitions: number } }>('deploy/helm/callfold/values.yaml');

  it('given the chart, then `helm lint --strict` passes', () => {
    const result = run(helm!, ['lint', '--strict', chart, '--kube-version', '1.30.0']);
    expect([result.status, result.out]).toEqual([0, expect.stringContaining('0 chart(s) failed')]);
  });

  it('given the default values, then it renders both Deployments wired to the health endpoints, their Services and one KEDA ScaledObject per consumer group, capped at the partition count', () => {
    const result = template();
    expect(result.status).toBe(0);
    const docs = parseAllDocuments(result.out).map((d) => d.toJSON() as Manifest).filter(Boolean);
    const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
    const env = byKind('ConfigMap')[0]!.data!;

    expect(byKind('Deployment').map((d) => d.metadata.name)).toEqual(['callfold-projector', 'callfold-writer']);
    for (const deployment of byKind('Deployment')) {
      const container = (deployment.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!;
      expect(container['livenessProbe']).toMatchObject({ httpGet: { path: '/health/live', port: 'ops' } });
      expect(container['readinessProbe']).toMatchObject({ httpGet: { path: '/health/ready', port: 'ops' } });
      expect(container['resources']).toMatchObject({ requests: expect.any(Object), limits: expect.any(Object) });
    }
    expect(byKind('Service').map((s) => s.metadata.name)).toEqual(['callfold-projector', 'callfold-writer']);
    const scaled = byKind('ScaledObject').map((s) => s.spec as { scaleTargetRef: { name: string }; maxReplicaCount: number; triggers: { type: string; metadata: Record<string, string> }[] });
    expect(scaled.map((s) => [s.scaleTargetRef.name, s.triggers[0]!.type, s.triggers[0]!.metadata['consumerGroup']])).toEqual([
      ['callfold-projector', 'kafka', env['CALLFOLD_PROJECTOR_GROUP_ID']],
      ['callfold-writer', 'kafka', env['CALLFOLD_WRITER_GROUP_ID']],
    ]);
    for (const s of scaled) {
      expect(s.maxReplicaCount).toBeLessThanOrEqual(values.kafka.partitions);
      expect(Number(s.triggers[0]!.metadata['lagThreshold'])).toBeGreaterThan(0);
    }
  });

  it('given maxReplicaCount above the partition count, then rendering fails and says why', () => {
    const result = template(`kafka.partitions=6`);
    expect(result.status).not.toBe(0);
    expect(result.out).toContain('exceeds kafka.partitions (6)');
  });

  it('given SASL, a Secret and the ServiceMonitor on, then passwords come only from the Secret and KEDA gets a TriggerAuthentication', () => {
    const result = template('kafka.sasl.mechanism=scram-sha-512', 'kafka.sasl.username=callfold', 'secret.existingSecret=callfold-secrets', 'serviceMonitor.enabled=true');
    expect(result.status).toBe(0);
    const docs = parseAllDocuments(result.out).map((d) => d.toJSON() as Manifest).filter(Boolean);

    expect(docs.map((d) => d.kind)).toEqual(expect.arrayContaining(['ServiceMonitor', 'TriggerAuthentication']));
    expect(docs.filter((d) => d.kind === 'Secret')).toEqual([]);
    expect(result.out).not.toMatch(/PASSWORD: /);
    const deployment = docs.find((d) => d.kind === 'Deployment')!;
    expect(JSON.stringify(deployment)).toContain('"secretRef":{"name":"callfold-secrets"}');
  });

  describeWithTool(go, 'go', 'Go toolchain', 'schema check (tools/kube-validate, k8s.io/api types)', () => {
    it('given the rendered manifests, then every core object decodes strictly into its Kubernetes API type', () => {
      const binary = join(mkdtempSync(join(tmpdir(), 'kube-validate-')), 'kube-validate');
      const build = run(go!, ['build', '-o', binary, '.'], { cwd: join(root, 'tools/kube-validate') });
      expect([build.status, build.out]).toEqual([0, '']);
      const rendered = template('kafka.sasl.mechanism=plain', 'kafka.sasl.username=u', 'secret.create=true', 'secret.values.CALLFOLD_KAFKA_SASL_PASSWORD=x', 'serviceMonitor.enabled=true', 'kafka.tls.enabled=true', 'kafka.tls.caSecret=ca');

      const result = run(binary, [], { input: rendered.out });

      expect([result.status, result.out]).toEqual([0, expect.stringMatching(/^8 valid, 0 invalid, 5 skipped$/m)]);
    });
  });
});
