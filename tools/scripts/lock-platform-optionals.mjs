// Completes package-lock.json with the platform-specific optional packages that dependencies
// declare (@swc/core-darwin-arm64, @chdb/lib-darwin-x64, ...). npm only records the ones its
// registry serves at lock time, and `npm ci` (npm >= 11.6) rejects a lock that lacks any declared
// optional dependency (https://github.com/npm/cli/issues/8805), so a lock written on a machine
// whose registry serves only Linux binaries breaks `npm ci` everywhere else. Each added entry
// carries os / cpu / libc from the package name, so npm skips it on other platforms without a
// download, exactly as it does for entries it writes itself. Run after `npm install`:
//   node tools/scripts/lock-platform-optionals.mjs        (rewrites package-lock.json)
//   node tools/scripts/lock-platform-optionals.mjs --check (exit 1 when entries are missing)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const file = join(root, 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'openbsd', 'netbsd', 'android', 'sunos', 'aix', 'openharmony', 'wasi'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32', 'universal'];

export function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OS.find((o) => parts.includes(o));
  const cpu = CPU.find((c) => parts.includes(c) || parts.some((p) => p.startsWith(c) && c !== 'arm'));
  const libc = parts.includes('musl') ? 'musl' : parts.includes('gnu') || parts.some((p) => p.startsWith('gnueabi')) ? 'glibc' : undefined;
  return { os, cpu, libc };
}

const missing = [];
for (const [path, meta] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    if (resolvesTo(path, dep) !== undefined) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os) continue;
    const entry = { version, optional: true, os: [os] };
    if (cpu) entry.cpu = [cpu === 'universal' ? 'x64' : cpu];
    if (libc) entry.libc = [libc];
    // Place it where Node's resolution from the declaring package finds it first: beside the
    // package, or inside it when a different version already sits beside it.
    const beside = `${path.slice(0, path.lastIndexOf('node_modules/') + 'node_modules/'.length)}${dep}`;
    const key = packages[beside] && packages[beside].version !== version ? `${path}/node_modules/${dep}` : beside;
    if (!packages[key]) {
      packages[key] = entry;
      missing.push([key, entry]);
    }
  }
}

/** The lock entry Node would load for `dep` required from the package at `path`, if any. */
function resolvesTo(path, dep) {
  let dir = path;
  for (;;) {
    const hit = packages[`${dir === '' ? '' : `${dir}/`}node_modules/${dep}`];
    if (hit) return hit;
    if (dir === '') return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

if (process.argv.includes('--check')) {
  if (missing.length > 0) {
    console.error(`package-lock.json lacks ${missing.length} platform optional entries: run node tools/scripts/lock-platform-optionals.mjs`);
    process.exit(1);
  }
  console.log('package-lock.json records every platform optional dependency');
} else {
  lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`added ${missing.length} platform optional entries to package-lock.json`);
}
