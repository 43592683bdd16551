/**
 * A tiny command-line flag parser: `--name value`, `--name=value`, boolean `--name`, `--` to end
 * the flags, `-h` / `--help` everywhere. Everything else is an error with a message meant for the
 * person at the terminal (unknown flag, missing or malformed value, a flag given twice).
 */
export type FlagType = 'string' | 'number' | 'integer' | 'boolean';

export interface FlagSpec {
  readonly type: FlagType;
  /** Placeholder shown in help, e.g. `FILE`. */
  readonly value?: string;
  readonly description: string;
  /** Lowest accepted value of a number or integer flag. */
  readonly min?: number;
  /** Accepted values of a string flag. */
  readonly choices?: readonly string[];
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type ValueOf<T extends FlagType> = T extends 'boolean' ? boolean : T extends 'number' | 'integer' ? number : string;

export type ParsedFlags<S extends FlagSpecs> = { -readonly [K in keyof S]?: ValueOf<S[K]['type']> };

export type ParseResult<S extends FlagSpecs> =
  | { readonly ok: true; readonly help: boolean; readonly flags: ParsedFlags<S>; readonly positionals: readonly string[] }
  | { readonly ok: false; readonly error: string };

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

function convert(name: string, spec: FlagSpec, raw: string): { ok: true; value: string | number | boolean } | { ok: false; error: string } {
  switch (spec.type) {
    case 'boolean': {
      const lower = raw.toLowerCase();
      if (TRUE.has(lower)) return { ok: true, value: true };
      if (FALSE.has(lower)) return { ok: true, value: false };
      return { ok: false, error: `--${name} is a switch: use --${name} alone (or --${name}=true|false), got "${raw}"` };
    }
    case 'number':
    case 'integer': {
      const pattern = spec.type === 'integer' ? /^-?\d+$/ : /^-?(\d+(\.\d*)?|\.\d+)$/;
      const value = Number(raw);
      const kind = spec.type === 'integer' ? 'an integer' : 'a number';
      const bound = spec.min === undefined ? '' : ` >= ${spec.min}`;
      if (!pattern.test(raw.trim()) || !Number.isFinite(value) || (spec.min !== undefined && value < spec.min)) {
        return { ok: false, error: `--${name} must be ${kind}${bound}, got "${raw}"` };
      }
      return { ok: true, value };
    }
    case 'string':
      if (spec.choices && !spec.choices.includes(raw)) return { ok: false, error: `--${name} must be one of ${spec.choices.join(', ')}, got "${raw}"` };
      return { ok: true, value: raw };
  }
}

export function parseFlags<S extends FlagSpecs>(argv: readonly string[], specs: S): ParseResult<S> {
  const flags: Record<string, string | number | boolean> = {};
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) return { ok: false, error: `unknown option ${arg} (flags are spelled --name; see --help)` };
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = Object.prototype.hasOwnProperty.call(specs, name) ? specs[name] : undefined;
    if (!spec) return { ok: false, error: `unknown flag --${name} (see --help)` };
    if (name in flags) return { ok: false, error: `--${name} given twice` };
    let raw: string;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else if (spec.type === 'boolean') raw = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) return { ok: false, error: `--${name} needs a value${spec.value ? ` (${spec.value})` : ''}` };
      raw = next;
      i += 1;
    }
    const converted = convert(name, spec, raw);
    if (!converted.ok) return converted;
    flags[name] = converted.value;
  }
  return { ok: true, help, flags: flags as ParsedFlags<S>, positionals };
}

/** The `Flags:` section of a command's help, one aligned line per flag. */
export function describeFlags(specs: FlagSpecs): string {
  const entries = Object.entries(specs).map(([name, spec]) => [`--${name}${spec.type === 'boolean' ? '' : ` ${spec.value ?? spec.type.toUpperCase()}`}`, spec.description] as const);
  entries.push(['--help', 'show this help']);
  const width = Math.max(...entries.map(([left]) => left.length));
  return entries.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join('\n');
}
