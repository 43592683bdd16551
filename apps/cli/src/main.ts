import { join, resolve } from 'node:path';
import { Topics } from '@callfold/contracts';
import { createCallEventRegistry, createConfluentRegistryClient } from '@callfold/kafka';
import { CliError, ExitCode, messageOf, UsageError } from './cli/cli-error';
import { type CliIo, processIo } from './cli/cli-io';
import { describeFlags, type FlagSpecs, type ParsedFlags, parseFlags } from './cli/flags';
import { clickHouseTargetFromEnv, kafkaRuntime, kafkaSettingsOf, openBackend, thresholdsOf } from './cli/runtime';
import { DEMO_DEFAULTS, demoFlags, demoHelp, runDemo } from './commands/demo.command';
import { runLiveDemo } from './demo/live-demo';
import { DEFAULT_DLQ_LIMIT, dlqInspectFlags, dlqInspectHelp, runDlqInspect } from './commands/dlq-inspect.command';
import { migrateFlags, migrateHelp, runMigrate } from './commands/migrate.command';
import { queryFlags, queryHelp, runQuery } from './commands/query.command';
import { DEFAULT_REBUILD_CHUNK, fileSource, rebuildFlags, rebuildHelp, runRebuild, topicSource } from './commands/rebuild.command';
import { DEFAULT_REPLAY_BATCH, replayFlags, replayHelp, runReplay } from './commands/replay.command';
import { runSchemasRegister, schemasRegisterFlags, schemasRegisterHelp } from './commands/schemas-register.command';
import { createProgressReporter } from './io/progress';
import { LAG_EXIT, LAG_USAGE, parseLagArgs, runLagCommand } from '@callfold/ops';

const ROOT = join(__dirname, '../../..');

/** One routable command: its words, help, flags, and how it is wired to the real services. */
interface Command<S extends FlagSpecs> {
  readonly path: readonly string[];
  readonly summary: string;
  readonly help: string;
  readonly flags: S;
  /** Positional arguments: none unless given (e.g. the SQL of `query`). */
  readonly positionals?: { readonly name: string; readonly min: number };
  run(flags: ParsedFlags<S>, positionals: readonly string[], io: CliIo): Promise<void>;
}

type AnyCommand = Command<FlagSpecs>;
const command = <S extends FlagSpecs>(c: Command<S>): AnyCommand => c as unknown as AnyCommand;

const COMMANDS: readonly AnyCommand[] = [
  command({
    path: ['demo'],
    summary: 'run the whole pipeline on a simulated contact center and print what it wrote (--offline: fold the bundled samples, no services)',
    help: demoHelp,
    flags: demoFlags,
    async run(flags, _args, io) {
      if (flags.offline) await runDemo({ fixturesDir: join(ROOT, 'test/fixtures'), print: io.print });
      else await runLiveDemo({ root: ROOT, io, seconds: flags.seconds ?? DEMO_DEFAULTS.seconds, seed: flags.seed ?? Date.now() % 2 ** 31, rate: flags.rate ?? DEMO_DEFAULTS.rate, speed: flags.speed ?? DEMO_DEFAULTS.speed, stopStack: flags['stop-stack'] ?? false });
    },
  }),
  command({
    path: ['migrate'],
    summary: 'apply the ClickHouse migrations (deploy/clickhouse/migrations)',
    help: migrateHelp,
    flags: migrateFlags,
    async run(flags, _args, io) {
      const target = clickHouseTargetFromEnv(io.env, io.cwd, { cluster: flags.cluster });
      const backend = await openBackend(target);
      try {
        await runMigrate({ backend, migrationsDir: join(ROOT, 'deploy/clickhouse/migrations'), database: target.database, cluster: target.cluster, target: target.description, print: io.print });
      } finally {
        await backend.close();
      }
    },
  }),
  command({
    path: ['schemas', 'register'],
    summary: 'register the CallEvent, Conversation and DeadLetter schemas in the registry',
    help: schemasRegisterHelp,
    flags: schemasRegisterFlags,
    async run(_flags, _args, io) {
      const settings = kafkaSettingsOf(io.env);
      await runSchemasRegister({ registry: createConfluentRegistryClient(settings.registry, { clientId: `${settings.clientId}-cli` }), target: settings.registry.url, print: io.print });
    },
  }),
  command({
    path: ['replay'],
    summary: 'backfill events from an NDJSON file into the call-events topic',
    help: replayHelp,
    flags: replayFlags,
    async run(flags, _args, io) {
      if (!flags.input) throw new UsageError('replay needs --input FILE (see --help)');
      const kafka = kafkaRuntime(io, 'replay');
      const topic = flags.topic ?? Topics.callEvents;
      await runReplay({
        input: resolve(io.cwd, flags.input),
        topic,
        subject: `${topic}-value`,
        rate: flags.rate,
        batchSize: flags['batch-size'] ?? DEFAULT_REPLAY_BATCH,
        strict: flags.strict ?? false,
        producer: kafka.client.producer({ idempotent: true }),
        admin: kafka.client.admin(),
        registry: kafka.registry,
        progress: createProgressReporter({ stream: io.stderr, label: 'replay', intervalSeconds: flags['progress-interval'] ?? 5 }),
        print: io.print,
        warn: io.warn,
      });
    },
  }),
  command({
    path: ['rebuild'],
    summary: 're-derive every ClickHouse row from the call-events topic with the current thresholds',
    help: rebuildHelp,
    flags: rebuildFlags,
    async run(flags, _args, io) {
      if (flags.topic && flags['from-file']) throw new UsageError('rebuild reads either --topic or --from-file, not both');
      const target = clickHouseTargetFromEnv(io.env, io.cwd);
      const thresholds = thresholdsOf(io.env);
      let source;
      if (flags['from-file']) {
        source = await fileSource(resolve(io.cwd, flags['from-file']));
      } else {
        const kafka = kafkaRuntime(io, 'rebuild');
        const registry = createCallEventRegistry(kafka.registry, { logger: kafka.logger });
        source = topicSource(kafka.client, flags.topic ?? Topics.callEvents, (id) => registry.readerFor(id));
      }
      const backend = await openBackend(target);
      try {
        await runRebuild({
          source,
          backend,
          database: target.database,
          cluster: target.cluster,
          thresholds,
          chunkSize: flags['chunk-size'] ?? DEFAULT_REBUILD_CHUNK,
          target: target.description,
          progress: createProgressReporter({ stream: io.stderr, label: 'rebuild', intervalSeconds: flags['progress-interval'] ?? 5, words: { count: 'read', rejected: 'bad', rate: 'messages/s' } }),
          print: io.print,
          warn: io.warn,
        });
      } finally {
        await backend.close();
      }
    },
  }),
  command({
    path: ['query'],
    summary: 'run a SQL query against the configured ClickHouse',
    help: queryHelp,
    flags: queryFlags,
    positionals: { name: 'SQL', min: 1 },
    async run(flags, args, io) {
      const target = clickHouseTargetFromEnv(io.env, io.cwd);
      const backend = await openBackend(target, { selectDatabase: true });
      try {
        await runQuery({ backend, sql: args.join(' '), format: flags.format === 'json' ? 'json' : 'table', database: target.database, print: io.print });
      } finally {
        await backend.close();
      }
    },
  }),
  command({
    path: ['dlq', 'inspect'],
    summary: 'show the dead letters and a count per reason',
    help: dlqInspectHelp,
    flags: dlqInspectFlags,
    async run(flags, _args, io) {
      const kafka = kafkaRuntime(io, 'dlq');
      await runDlqInspect({
        client: kafka.client,
        registry: kafka.registry,
        topic: flags.topic ?? Topics.deadLetters,
        limit: flags.limit ?? DEFAULT_DLQ_LIMIT,
        reason: flags.reason as Parameters<typeof runDlqInspect>[0]['reason'],
        print: io.print,
        warn: io.warn,
      });
    },
  }),
];

/** `lag` is routed before the others (its own grammar) but listed with them. */
const LISTED: readonly { path: readonly string[]; summary: string }[] = [
  ...COMMANDS,
  { path: ['lag'], summary: 'consumer lag per group, topic and partition; exits 1 above --threshold (a probe)' },
];

function usage(): string {
  const width = Math.max(...LISTED.map((c) => c.path.join(' ').length));
  return [
    'callfold <command> [flags]',
    '',
    'Commands:',
    ...LISTED.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    "`callfold <command> --help` describes a command's flags; docs/cli.md has examples and exit codes.",
    'Services are configured by CALLFOLD_* variables (docs/stack.md).',
  ].join('\n');
}

function helpOf(c: AnyCommand): string {
  const flags = describeFlags(c.flags);
  return `${c.help}\n\nFlags:\n${flags}`;
}

/** The command named by the first words of argv, and the rest. */
function route(argv: readonly string[]): { command: AnyCommand; rest: readonly string[] } | { group: string } | undefined {
  const found = COMMANDS.find((c) => c.path.every((word, i) => argv[i] === word));
  if (found) return { command: found, rest: argv.slice(found.path.length) };
  const group = COMMANDS.find((c) => c.path.length > 1 && c.path[0] === argv[0]);
  return group ? { group: argv[0] as string } : undefined;
}

/** Entry point of `npx callfold`: routes to a command, parses its flags, maps failures to exit codes. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    const target = first === 'help' && argv.length > 1 ? route(argv.slice(1)) : undefined;
    io.print(target && 'command' in target ? helpOf(target.command) : usage());
    return ExitCode.ok;
  }
  // `lag` keeps its own argument grammar (repeatable --group ID=TOPICS) and exit codes (a probe).
  if (first === 'lag') return lagCommand(argv.slice(1), io);
  const routed = route(argv);
  if (!routed) {
    io.warn(`callfold: unknown command '${first}'\n\n${usage()}`);
    return ExitCode.usage;
  }
  if ('group' in routed) {
    const sub = argv[1];
    const members = COMMANDS.filter((c) => c.path[0] === routed.group).map((c) => `  ${c.path.join(' ')}  ${c.summary}`);
    const asked = sub === '--help' || sub === '-h';
    (asked ? io.print : io.warn)(`${sub === undefined || asked ? '' : `callfold: unknown command '${routed.group} ${sub}'\n\n`}callfold ${routed.group} <command>\n\n${members.join('\n')}`);
    return asked ? ExitCode.ok : ExitCode.usage;
  }

  const { command: cmd, rest } = routed;
  const name = cmd.path.join(' ');
  const parsed = parseFlags(rest, cmd.flags);
  if (!parsed.ok) {
    io.warn(`callfold ${name}: ${parsed.error}`);
    return ExitCode.usage;
  }
  if (parsed.help) {
    io.print(helpOf(cmd));
    return ExitCode.ok;
  }
  const wanted = cmd.positionals;
  if (!wanted && parsed.positionals.length > 0) {
    io.warn(`callfold ${name}: unexpected argument '${parsed.positionals[0]}' (see --help)`);
    return ExitCode.usage;
  }
  if (wanted && parsed.positionals.length < wanted.min) {
    io.warn(`callfold ${name}: missing ${wanted.name} (see --help)`);
    return ExitCode.usage;
  }
  try {
    await cmd.run(parsed.flags, parsed.positionals, io);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CliError) {
      io.warn(`callfold ${name}: ${error.message}`);
      return error.exitCode;
    }
    io.warn(`callfold ${name}: failed: ${messageOf(error)}`);
    if (io.env['CALLFOLD_DEBUG'] && error instanceof Error && error.stack) io.warn(error.stack);
    return ExitCode.failed;
  }
}

async function lagCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.print(LAG_USAGE);
    return ExitCode.ok;
  }
  const parsed = parseLagArgs(args, io.env);
  if (!parsed.ok) {
    io.warn(`callfold lag: ${parsed.error}\n\n${LAG_USAGE}`);
    return LAG_EXIT.error;
  }
  return runLagCommand({ ...parsed.options, env: io.env, print: io.print, printError: io.warn });
}
