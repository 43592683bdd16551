/**
 * `npm run stack:up | stack:down | stack:status [-- <service>... --json]`: the native stack
 * (Kafka, Apicurio Registry, ClickHouse server) without Docker. Progress goes to stderr; with
 * --json, stdout carries one NativeStackReport line for scripts (the jest setup reads it).
 */
import { createLogger, SERVICE_NAMES, stackEnv, stackServiceVars, type NativeStackReport, type ServiceName } from '@callfold/testing';
import { createClickHouseService } from './clickhouse.service';
import { createKafkaService } from './kafka.service';
import { createRegistryService } from './registry.service';
import { type StackService } from './service.types';
import { stackPaths } from './stack.paths';
import { createStackRunner } from './stack.runner';

const COMMANDS = ['up', 'down', 'status'] as const;
type Command = (typeof COMMANDS)[number];

interface CliArgs {
  readonly command: Command;
  readonly names: readonly ServiceName[];
  readonly json: boolean;
}

function parseArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!(COMMANDS as readonly string[]).includes(command ?? '')) {
    throw new Error(`usage: stack.cli.ts <${COMMANDS.join('|')}> [${SERVICE_NAMES.join('|')}]... [--json]`);
  }
  const names = rest.filter((arg) => arg !== '--json');
  for (const name of names) {
    if (!(SERVICE_NAMES as readonly string[]).includes(name)) throw new Error(`unknown service "${name}"; the stack has ${SERVICE_NAMES.join(', ')}`);
  }
  return { command: command as Command, names: (names.length ? names : SERVICE_NAMES) as ServiceName[], json: rest.includes('--json') };
}

function printStatus(report: NativeStackReport, vars: Record<string, string>): void {
  const log = createLogger({ namespace: 'stack' });
  for (const service of report.services) {
    log.info(`${service.name.padEnd(16)} ${service.state.padEnd(11)} ${service.pids.length ? `pid ${service.pids.join(',')}  ` : ''}${service.detail}`);
    log.info(`${''.padEnd(16)} log: ${service.logFile}`);
  }
  if (report.services.some((s) => s.state === 'running')) {
    log.info('point callfold at this stack with:');
    for (const [key, value] of Object.entries(vars)) log.info(`  export ${key}=${value}`);
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const stack = stackEnv();
  const paths = stackPaths({ dir: stack.dir });
  const all: Record<ServiceName, StackService> = {
    kafka: createKafkaService({ stack, paths }),
    'schema-registry': createRegistryService({ stack, paths }),
    clickhouse: createClickHouseService({ stack, paths }),
  };
  const services = args.names.map((name) => all[name]);
  const runner = createStackRunner({ services, paths, startTimeoutMs: stack.startTimeoutMs });
  const report = await runner[args.command](services);
  if (args.command === 'status') printStatus(report, stackServiceVars(stack));
  if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  if (args.command === 'up') return report.services.every((s) => s.state === 'running') ? 0 : 1;
  if (args.command === 'down') return report.services.every((s) => s.state === 'stopped') ? 0 : 1;
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    createLogger({ namespace: 'stack' }).error(error.message);
    process.exitCode = 2;
  },
);
