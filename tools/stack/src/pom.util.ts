import { readFileSync } from 'node:fs';

/** A <properties> value from one of the stack's poms, which are the one place versions are set. */
export function pomProperty(pomFile: string, name: string): string {
  const match = new RegExp(`<${name.replace(/\./g, '\\.')}>([^<]+)</`).exec(readFileSync(pomFile, 'utf8'));
  if (!match?.[1]) throw new Error(`${pomFile} has no <${name}> property`);
  return match[1].trim();
}
