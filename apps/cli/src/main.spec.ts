import { runCli } from './testing/cli-harness';

// Routing, help and usage errors: nothing here reaches a service.
describe('callfold main', () => {
  const env = {};

  it('given no command, when run, then the usage lists every command and exits 0', async () => {
    const run = await runCli([], env);

    expect(run.code).toBe(0);
    expect(run.out.filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s{2,}/)[0])).toEqual(['demo', 'migrate', 'schemas register', 'replay', 'rebuild', 'query', 'dlq inspect', 'lag']);
  });

  it.each([
    [['replay', '--help']],
    [['help', 'replay']],
    [['replay', '--input', 'x', '-h']],
  ])('given %j, when run, then the command help with its flags is printed and nothing runs', async (...argv) => {
    const run = await runCli(argv[0], env);

    expect(run.code).toBe(0);
    expect(run.out[0]).toBe('callfold replay --input FILE.ndjson [--topic T] [--rate N] [--batch-size N] [--strict]');
    expect(run.out).toContain('Flags:');
    expect(run.out.some((l) => l.trimStart().startsWith('--rate N'))).toBe(true);
  });

  it.each([
    [['frobnicate'], "callfold: unknown command 'frobnicate'"],
    [['schemas', 'drop'], "callfold: unknown command 'schemas drop'"],
    [['replay'], 'callfold replay: replay needs --input FILE (see --help)'],
    [['replay', '--input', 'a', '--rate', 'fast'], 'callfold replay: --rate must be a number >= 0.001, got "fast"'],
    [['query'], 'callfold query: missing SQL (see --help)'],
    [['migrate', 'now'], "callfold migrate: unexpected argument 'now' (see --help)"],
    [['dlq', 'inspect', '--reason', 'LOST'], 'callfold dlq inspect: --reason must be one of'],
    [['rebuild', '--topic', 't', '--from-file', 'f'], 'callfold rebuild: rebuild reads either --topic or --from-file, not both'],
  ])('given %j, when run, then it exits 2 with "%s"', async (argv, message) => {
    const run = await runCli(argv, env);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('given a malformed CALLFOLD_* setting, when a command needs it, then it exits 2 naming the variable', async () => {
    const run = await runCli(['replay', '--input', 'x.ndjson'], { CALLFOLD_KAFKA_BROKERS: 'no-port' });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('callfold replay: CALLFOLD_KAFKA_BROKERS: "no-port" is not host:port');
  });

  it('given an invalid threshold policy, when rebuild starts, then it exits 2 with every problem before reading anything', async () => {
    const run = await runCli(['rebuild', '--from-file', 'missing.ndjson'], { CALLFOLD_THRESHOLDS: '{"defaults":{"slaThresholdMs":-1,"quickDropThresholdMs":5000,"quickDropClock":"queue"}}' });

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^callfold rebuild: CALLFOLD_THRESHOLDS: Invalid threshold policy: defaults: slaThresholdMs must be a positive number/);
  });

  it('given a missing input file, when replayed, then it exits 1 saying so', async () => {
    const run = await runCli(['replay', '--input', '/nonexistent/events.ndjson'], env);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^callfold replay: cannot read --input \/nonexistent\/events\.ndjson: ENOENT/);
  });
});
