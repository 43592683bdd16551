/** Small readers for CALLFOLD_* variables; each error names the variable so a typo is obvious. */
export class ServiceEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceEnvError';
  }
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/** A trimmed value, or undefined when unset or blank. */
export const text = (env: NodeJS.ProcessEnv, name: string): string | undefined => env[name]?.trim() || undefined;

export function flag(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  throw new ServiceEnvError(`${name} must be true or false, got "${env[name]}"`);
}

export function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) throw new ServiceEnvError(`${name} must be a TCP port (1-65535), got "${raw}"`);
  return value;
}

export function url(env: NodeJS.ProcessEnv, name: string): URL | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ServiceEnvError(`${name} is not a valid URL: "${raw}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ServiceEnvError(`${name} must be an http(s) URL, got "${raw}"`);
  return parsed;
}

export function hostPortList(env: NodeJS.ProcessEnv, name: string): string[] | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
  for (const item of items) {
    if (!/^[^\s:/]+:\d{1,5}$/.test(item)) throw new ServiceEnvError(`${name}: "${item}" is not host:port`);
  }
  return items;
}
