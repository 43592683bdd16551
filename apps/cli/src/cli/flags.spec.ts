import { describeFlags, type FlagSpecs, parseFlags } from './flags';

const specs = {
  input: { type: 'string', value: 'FILE', description: 'the input' },
  rate: { type: 'number', min: 0.001, description: 'events per second' },
  limit: { type: 'integer', min: 0, description: 'how many' },
  strict: { type: 'boolean', description: 'fail on any rejection' },
  format: { type: 'string', choices: ['table', 'json'], description: 'output form' },
} as const satisfies FlagSpecs;

describe('parseFlags', () => {
  it('given values after the flag and after =, when parsed, then each flag has its typed value and the rest are positionals', () => {
    const result = parseFlags(['SELECT 1', '--input', 'a.ndjson', '--rate=2.5', '--limit', '10', '--strict', '--format=json'], specs);

    expect(result).toEqual({ ok: true, help: false, flags: { input: 'a.ndjson', rate: 2.5, limit: 10, strict: true, format: 'json' }, positionals: ['SELECT 1'] });
  });

  it('given no flags, when parsed, then nothing is set and help is off', () => {
    expect(parseFlags([], specs)).toEqual({ ok: true, help: false, flags: {}, positionals: [] });
  });

  it('given --help or -h among other flags, when parsed, then help is on', () => {
    expect(parseFlags(['--input', 'x', '-h'], specs)).toMatchObject({ ok: true, help: true });
    expect(parseFlags(['--help'], specs)).toMatchObject({ ok: true, help: true });
  });

  it('given --, when parsed, then everything after it is positional even when it looks like a flag', () => {
    expect(parseFlags(['--strict', '--', '--input', '-x'], specs)).toEqual({ ok: true, help: false, flags: { strict: true }, positionals: ['--input', '-x'] });
  });

  it('given a boolean with an explicit value, when parsed, then true and false spellings are read', () => {
    expect(parseFlags(['--strict=false'], specs)).toMatchObject({ flags: { strict: false } });
    expect(parseFlags(['--strict=yes'], specs)).toMatchObject({ flags: { strict: true } });
    expect(parseFlags(['--strict=maybe'], specs)).toEqual({ ok: false, error: '--strict is a switch: use --strict alone (or --strict=true|false), got "maybe"' });
  });

  it.each([
    [['--nope'], 'unknown flag --nope (see --help)'],
    [['-x'], 'unknown option -x (flags are spelled --name; see --help)'],
    [['--input'], '--input needs a value (FILE)'],
    [['--input', '--strict'], '--input needs a value (FILE)'],
    [['--rate', 'fast'], '--rate must be a number >= 0.001, got "fast"'],
    [['--rate', '0'], '--rate must be a number >= 0.001, got "0"'],
    [['--limit', '2.5'], '--limit must be an integer >= 0, got "2.5"'],
    [['--limit', '-1'], '--limit must be an integer >= 0, got "-1"'],
    [['--format', 'csv'], '--format must be one of table, json, got "csv"'],
    [['--input', 'a', '--input=b'], '--input given twice'],
  ])('given %j, when parsed, then the error reads "%s"', (argv, error) => {
    expect(parseFlags(argv, specs)).toEqual({ ok: false, error });
  });

  it('given a negative number as a positional, when parsed, then it stays a positional', () => {
    expect(parseFlags(['-5'], specs)).toEqual({ ok: true, help: false, flags: {}, positionals: ['-5'] });
  });

  it('given a flag named like an Object prototype member, when parsed, then it is unknown', () => {
    expect(parseFlags(['--toString'], specs)).toEqual({ ok: false, error: 'unknown flag --toString (see --help)' });
  });
});

describe('describeFlags', () => {
  it('given flag specs, when described, then each flag is one aligned line with its placeholder, and --help closes the list', () => {
    expect(describeFlags({ input: specs.input, strict: specs.strict, limit: specs.limit })).toBe(
      ['  --input FILE     the input', '  --strict         fail on any rejection', '  --limit INTEGER  how many', '  --help           show this help'].join('\n'),
    );
  });
});
