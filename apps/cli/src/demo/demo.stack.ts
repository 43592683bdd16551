import { spawn } from 'node:child_process';
import { type NativeStackReport, probeKafka, probeRegistry, serviceEnv, stackEnv, stackServiceVars } from '@callfold/testing';
import { CliError } from '../cli/cli-error';

/**
 * Finds Kafka and the schema registry for the demo: the ones the CALLFOLD_* variables name (used
 * as they are, never started or stopped), else the local native stack on its ports (reused if
 * running, started through `npm run stack:up` if not, exactly as the test setup does).
 */
export interface DemoStack {
  /** CALLFOLD_KAFKA_BROKERS / CALLFOLD_SCHEMA_REGISTRY_URL for the demo and the services it starts. */
  readonly vars: Record<string, string>;
  /** Services this demo started (so only these may be stopped at the end). */
  readonly started: readonly ('kafka' | 'schema-registry')[];
  /** One line per service: where it is and whether it was configured, found or started. */
  readonly lines: readonly string[];
}

type StackService = 'kafka' | 'schema-registry';

function runStack(root: string, command: 'up' | 'down', services: readonly StackService[], onLine: (line: string) => void): Promise<NativeStackReport> {
  const args = ['run', '-s', `stack:${command}`, '--', ...services, '--json'];
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line);
    });
    child.once('error', (error) => reject(new CliError(`could not run npm ${args.join(' ')}: ${error.message}`)));
    child.once('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as NativeStackReport);
      } catch {
        reject(new CliError(`npm ${args.join(' ')} exited with ${code} and no report: ${stdout.slice(-500) || '(no output)'}`));
      }
    });
  });
}

export async function ensureDemoStack(options: { root: string; env: NodeJS.ProcessEnv; warn: (line: string) => void }): Promise<DemoStack> {
  const { env, root } = options;
  const local = stackServiceVars(stackEnv({ env, root }));
  const vars: Record<string, string> = {};
  const lines: string[] = [];
  const missing: StackService[] = [];

  const kafkaVar = env['CALLFOLD_KAFKA_BROKERS'];
  const kafkaEnv = { ...env, CALLFOLD_KAFKA_BROKERS: kafkaVar || local['CALLFOLD_KAFKA_BROKERS'] };
  const kafka = await probeKafka({ kafka: serviceEnv({ env: kafkaEnv }).kafka, warm: true });
  if (kafkaVar && !kafka.ok) throw new CliError(`CALLFOLD_KAFKA_BROKERS is set, but ${kafka.reason}`);
  if (kafka.ok) lines.push(`kafka            ${kafkaVar ? 'configured' : 'running'}: ${kafka.detail}`);
  else missing.push('kafka');
  vars['CALLFOLD_KAFKA_BROKERS'] = kafkaEnv.CALLFOLD_KAFKA_BROKERS as string;

  const registryVar = env['CALLFOLD_SCHEMA_REGISTRY_URL'];
  const registryEnv = { ...env, CALLFOLD_SCHEMA_REGISTRY_URL: registryVar || local['CALLFOLD_SCHEMA_REGISTRY_URL'] };
  const registry = await probeRegistry({ registry: serviceEnv({ env: registryEnv }).schemaRegistry });
  if (registryVar && !registry.ok) throw new CliError(`CALLFOLD_SCHEMA_REGISTRY_URL is set, but ${registry.reason}`);
  if (registry.ok) lines.push(`schema registry  ${registryVar ? 'configured' : 'running'}: ${registry.detail}`);
  else missing.push('schema-registry');
  vars['CALLFOLD_SCHEMA_REGISTRY_URL'] = registryEnv.CALLFOLD_SCHEMA_REGISTRY_URL as string;

  const started: StackService[] = [];
  if (missing.length > 0) {
    options.warn(`No ${missing.join(' or ')} configured or running: starting the local stack (npm run stack:up -- ${missing.join(' ')}; the first run downloads ~150 MB, docs/stack.md)...`);
    const report = await runStack(root, 'up', missing, (line) => options.warn(`  ${line}`));
    for (const name of missing) {
      const service = report.services.find((s) => s.name === name);
      if (service?.startedNow) started.push(name);
      if (service?.state !== 'running') {
        throw new CliError(`the local ${name} did not start: ${service?.detail ?? 'missing from the stack report'}${service ? ` (log: ${service.logFile})` : ''}; see docs/stack.md "Run without Docker"`);
      }
      lines.push(`${name.padEnd(16)} started: ${service.detail}`);
    }
    if (missing.includes('kafka')) {
      const warm = await probeKafka({ kafka: serviceEnv({ env: kafkaEnv }).kafka, warm: true });
      if (!warm.ok) throw new CliError(`the local Kafka started but does not answer: ${warm.reason}`);
    }
  }
  return { vars, started, lines };
}

/** Stops exactly the services `ensureDemoStack` started. */
export async function stopDemoStack(root: string, started: readonly StackService[], warn: (line: string) => void): Promise<void> {
  if (started.length === 0) return;
  await runStack(root, 'down', started, (line) => warn(`  ${line}`));
}
